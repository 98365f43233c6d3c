/*
** The chain's epoch in float mode, IEEE double (num_float.h), compiled a second time
** for processors with AVX2: vec_impl.h's vectors become 32 bytes wide. Every
** operation is the portable build's, element by element, and reductions keep
** their grouping, so both builds give the same bits; ss_yuma_create picks
** this one when the processor has AVX2 (yuma.c). Nothing here off x86-64.
*/
#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx2")
#define SS_VEC_BYTES 32
#define EPOCH_SIMD _avx2

#include "consensus/num_float.h"

#include "consensus/epoch_impl.h"
#else
typedef int ss__epoch_float_avx2_unused; /* an empty file is not valid C */
#endif
