/* Names of the chain's refusals (subnetsim/tx.h). */
#include "subnetsim/tx.h"

const char *ss_tx_name(ss_tx t)
{
    switch (t) {
    case SS_TX_OK: return "ok";
    case SS_TX_ZERO_AMOUNT: return "zero amount";
    case SS_TX_NO_SUBNET: return "no such subnet";
    case SS_TX_SUBTOKEN_DISABLED: return "subtoken disabled";
    case SS_TX_BELOW_MIN_STAKE: return "below minimum stake";
    case SS_TX_INSUFFICIENT_LIQUIDITY: return "insufficient liquidity";
    case SS_TX_INPUT_TOO_LARGE: return "swap input too large";
    case SS_TX_PRICE_LIMIT: return "price limit exceeded";
    case SS_TX_REGISTRATION_CLOSED: return "registration closed";
    case SS_TX_RATE_LIMITED: return "rate limited";
    case SS_TX_SUBNET_LIMIT: return "subnet limit reached";
    case SS_TX_BELOW_CLAIM_THRESHOLD: return "below root claim threshold";
    case SS_TX_INSUFFICIENT_CLAIMABLE: return "insufficient claimable root dividends";
    case SS_TX_INSUFFICIENT_STAKE: return "insufficient stake";
    case SS_TX_TOO_EARLY: return "too early";
    case SS_TX_EPOCH_IMMINENT: return "epoch already pending or imminent";
    }
    return "unknown outcome";
}
