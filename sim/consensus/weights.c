/*
** What the chain does to submitted weights before the epoch sees them
** (spec/yuma.md §3): the max-upscale to u16 that set_weights stores, and the
** MaxWeightsLimit check.
*/
#include "consensus/fixed.h"
#include "consensus/yuma_internal.h"

/* round(): nearest, ties away from zero, on I32F32 bits. */
static int64_t fx_round(int64_t r)
{
    const int64_t half = (int64_t)1 << 31;
    if (r >= 0)
        return ((r + half) >> 32) * SS_FX_ONE;
    return -(((-r + half) >> 32) * SS_FX_ONE);
}

void ss__fx_vec_max_upscale_to_u16(const int64_t *in, uint32_t len, uint16_t *out)
{
    if (len == 0)
        return;
    int64_t mx = in[0];
    for (uint32_t k = 1; k < len; k++)
        if (in[k] > mx)
            mx = in[k];
    const int64_t u16max = SS_FX_U16MAX, threshold = (int64_t)32768 << 32;
    if (mx == 0) {
        for (uint32_t k = 0; k < len; k++)
            out[k] = ss_fx_to_u16(ss_fx_mul(in[k], u16max));
        return;
    }
    if (mx > threshold) {
        int64_t scale = ss_fx_sdiv(u16max, mx);
        for (uint32_t k = 0; k < len; k++)
            out[k] = ss_fx_to_u16(fx_round(ss_fx_mul(in[k], scale)));
        return;
    }
    for (uint32_t k = 0; k < len; k++)
        out[k] = ss_fx_to_u16(fx_round(ss_fx_sdiv(ss_fx_mul(in[k], u16max), mx)));
}

void ss_weights_max_upscale(const uint16_t *in, uint32_t len, uint16_t *out)
{
    /* Same rule on integer inputs; done per entry so in and out may alias. */
    uint16_t mx = 0;
    for (uint32_t k = 0; k < len; k++)
        if (in[k] > mx)
            mx = in[k];
    const int64_t u16max = SS_FX_U16MAX, fmx = (int64_t)mx << 32;
    for (uint32_t k = 0; k < len; k++) {
        int64_t e = (int64_t)in[k] << 32;
        if (mx == 0)
            out[k] = 0;
        else if (fmx > ((int64_t)32768 << 32))
            out[k] = ss_fx_to_u16(fx_round(ss_fx_mul(e, ss_fx_sdiv(u16max, fmx))));
        else
            out[k] = ss_fx_to_u16(fx_round(ss_fx_sdiv(ss_fx_mul(e, u16max), fmx)));
    }
}

bool ss_weights_check_max_limited(const uint16_t *w, uint32_t len, uint16_t max_limit)
{
    if (len == 0)
        return true;
    int64_t limit = ss_fx_sdiv((int64_t)max_limit << 32, SS_FX_U16MAX);
    int64_t sum = 0, mx = 0;
    for (uint32_t k = 0; k < len; k++)
        sum += (int64_t)w[k] << 32;
    for (uint32_t k = 0; k < len; k++) {
        int64_t v = sum ? ss_fx_sdiv((int64_t)w[k] << 32, sum) : (int64_t)w[k] << 32;
        if (k == 0 || v > mx)
            mx = v;
    }
    return mx <= limit;
}
