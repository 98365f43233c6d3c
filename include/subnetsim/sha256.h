/* SHA-256 (FIPS 180-4), used to fingerprint scenario files so a report's hash matches `sha256sum`. */
#ifndef SUBNETSIM_SHA256_H
#define SUBNETSIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ss_sha256 {
    uint32_t h[8];
    uint64_t total;
    unsigned char block[64];
    size_t used;
} ss_sha256;

void ss_sha256_init(ss_sha256 *s);
void ss_sha256_update(ss_sha256 *s, const void *data, size_t len);
void ss_sha256_final(ss_sha256 *s, unsigned char digest[32]);

/* Hex digest of data (hex must hold 65 bytes). */
void ss_sha256_hex(const void *data, size_t len, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
