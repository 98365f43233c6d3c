/*
** The text task: a miner's answer quality scatters around its true quality;
** its latency is lognormal around its median. The score is the judged
** quality, reduced linearly by up to latency_weight between the latency target
** and the timeout; a timed-out answer scores 0.
*/
#include "tasks/task.h"

#include <math.h>

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

void ss_task_answer(const ss_task_config *t, ss_miner *m, ss_answer *a)
{
    a->quality = clamp01(ss_rng_normal(&m->rng_answer, m->quality, m->answer_noise));
    a->latency_ms = ss_rng_lognormal(&m->rng_latency, log(m->latency_median_ms),
                                     m->latency_sigma);
    a->timed_out = a->latency_ms >= (double)t->timeout_ms;
    if (a->timed_out)
        a->latency_ms = (double)t->timeout_ms;
}

double ss_task_score(const ss_task_config *t, const ss_answer *a, double observed_quality)
{
    if (a->timed_out)
        return 0;
    double penalty = 0;
    if (a->latency_ms > t->latency_target_ms)
        penalty = t->latency_weight * (a->latency_ms - t->latency_target_ms) /
                  ((double)t->timeout_ms - t->latency_target_ms);
    return clamp01(observed_quality) * (1 - penalty);
}
