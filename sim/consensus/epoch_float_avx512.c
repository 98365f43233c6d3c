/*
** The chain's epoch in float mode (num_float.h), compiled a third time for
** processors with AVX-512 (F, VL, BW, DQ). The vectors stay 32 bytes wide,
** as in the AVX2 build: what this build adds is 32 vector registers and
** mask registers (the exact walk of median_block_impl.h adds under a mask and
** marks rows from its compares' masks, and its selection counts the
** candidates of eight columns at once in 64-byte registers).
** The cores this was tuned on split 64-byte vectors in two, so wider ones
** pay only where they bring other instructions along (Yuma 3's walk in
** dense_impl.h). Every operation is the portable build's, element by
** element, so all three builds give the same bits; ss_yuma_create picks
** this one when the processor has these extensions (yuma.c).
*/
#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx2,avx512f,avx512vl,avx512bw,avx512dq")
#define SS_VEC_BYTES 32
#define SS_VEC_AVX512 1
#define EPOCH_SIMD _avx512

#include "consensus/num_float.h"

#include "consensus/epoch_impl.h"
#else
typedef int ss__epoch_float_avx512_unused; /* an empty file is not valid C */
#endif
