/*
** The progress bar. It reads the wall clock, which is fine here: it only
** decides whether to draw, never what the simulation does.
*/
#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void ss_progress_init(ss_progress *p, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->shown = 0;
    p->started = now_seconds();
}

void ss_progress_update(void *ctx, uint64_t block, uint64_t blocks)
{
    ss_progress *p = ctx;
    if (!p->enabled || blocks == 0)
        return;
    double elapsed = now_seconds() - p->started;
    if (elapsed < 1.0)
        return;
    const int width = 40;
    double frac = (double)block / (double)blocks;
    int filled = (int)(frac * width);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : ' ';
    bar[width] = '\0';
    double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
    fprintf(stderr, "\r[%s] %3.0f%%  block %llu/%llu  %.0fs left ", bar, frac * 100,
            (unsigned long long)block, (unsigned long long)blocks, eta);
    fflush(stderr);
    p->shown = 1;
}

void ss_progress_done(ss_progress *p)
{
    if (p->shown) {
        fprintf(stderr, "\r%80s\r", "");
        fflush(stderr);
        p->shown = 0;
    }
}
