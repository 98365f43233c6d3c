/* The chain's epoch in chain mode: epoch_impl.h over bit-exact I32F32 (num_chain.h). */
#include "consensus/num_chain.h"

#include "consensus/epoch_impl.h"
