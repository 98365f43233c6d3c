/*
** Outcomes of chain operations (stake, unstake, register, ...) as the chain
** would report them: SS_TX_OK, or the reason the chain refuses the call. A
** refusal is an ordinary result of the model, not an error of the program, so
** these are separate from ss_status.
*/
#ifndef SUBNETSIM_TX_H
#define SUBNETSIM_TX_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ss_tx {
    SS_TX_OK = 0,
    SS_TX_ZERO_AMOUNT,           /* nothing to do */
    SS_TX_NO_SUBNET,             /* netuid does not exist (or is root where a pool is needed) */
    SS_TX_SUBTOKEN_DISABLED,     /* the owner has not called start_call */
    SS_TX_BELOW_MIN_STAKE,       /* less than DefaultMinStake plus the fee */
    SS_TX_INSUFFICIENT_LIQUIDITY,/* output-side reserve below MinimumReserve */
    SS_TX_INPUT_TOO_LARGE,       /* net input above max_input_ratio x input reserve */
    SS_TX_PRICE_LIMIT,           /* limit not beyond the price, or would cross it */
    SS_TX_REGISTRATION_CLOSED,   /* NetworkRegistrationAllowed is false */
    SS_TX_RATE_LIMITED,          /* subnet registration inside NetworkRateLimit */
    SS_TX_SUBNET_LIMIT,          /* SubnetLimit reached: dissolve one first */
    SS_TX_BELOW_CLAIM_THRESHOLD, /* root claim below RootClaimableThreshold */
    SS_TX_INSUFFICIENT_CLAIMABLE,/* more claimed than the subnet holds for root */
    SS_TX_INSUFFICIENT_STAKE,    /* more alpha sold than is outstanding on the subnet */
    SS_TX_TOO_EARLY,             /* start_call before StartCallDelay has passed */
    SS_TX_EPOCH_IMMINENT         /* trigger refused: one pending, or the epoch is due soon */
} ss_tx;

/* Short name of an outcome, e.g. "below minimum stake". */
const char *ss_tx_name(ss_tx t);

#ifdef __cplusplus
}
#endif
#endif
