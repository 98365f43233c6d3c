/*
** The reference tool's Yuma variants (spec/peer-yuma.md) on its own V x S
** view: V validators (rows) with raw stakes, S servers (columns), raw
** weights. One call is one epoch of the package's functions YumaRust
** (yuma1), Yuma (yuma2), Yuma2b, Yuma2c and Yuma3 (yuma3, and with liquid
** alpha). The arithmetic is IEEE single precision in the package's order of
** operations, so results agree with the package to the last bit or two.
** Used by ss_yuma_epoch for the reference variants and by the peer-vector
** replayer.
*/
#ifndef SS_CONSENSUS_REFERENCE_H
#define SS_CONSENSUS_REFERENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/consensus.h"

typedef struct ss_ref_in {
    uint32_t V, S;
    const float *W;      /* [V*S] raw weights, row-major */
    const float *stake;  /* [V] raw stakes */
    const float *B_old;  /* [V*S] previous bond state, NULL at the first epoch */
    const float *C_old;  /* [S] previous consensus, NULL at the first epoch */
    const float *W_prev; /* [V*S] previous normalized weights (yuma2b), NULL: current */
} ss_ref_in;

/*
** Outputs, arrays owned by the caller and sized V*S / V / S. Names follow
** the package's output keys. state is the bond state carried to the next
** epoch: validator_ema_bond for yuma1/2/2b, validator_bonds for 2c/3.
*/
typedef struct ss_ref_out {
    float *weight, *stake, *prerank, *consensus, *clipped, *rank, *incentive;
    float *trust, *vtrust, *weight_for_bond, *bond, *state, *reward, *reward_norm;
    float *alpha;          /* [V*S] per-cell alpha when alpha_is_matrix */
    bool alpha_is_matrix;
    double alpha_scalar;   /* otherwise: 1 (yuma1) or 1 - bond_moving_avg */
    bool alpha_is_int;     /* yuma1 returns the integer 1 */
} ss_ref_out;

/* Scratch floats ss__ref_core needs for V x S. */
size_t ss__ref_scratch_floats(uint32_t V, uint32_t S);

/* One epoch of the variant p->variant (a reference variant). */
void ss__ref_core(const ss_yuma_params *p, const ss_ref_in *in, ss_ref_out *out,
                  float *scratch);

#endif
