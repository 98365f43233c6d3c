/* The chain's epoch in float mode: epoch_impl.h over IEEE double (num_float.h, spec §7). */
#include "consensus/num_float.h"

#include "consensus/epoch_impl.h"
