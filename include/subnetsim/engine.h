/*
** The discrete-event engine: a binary-heap event queue ordered by
** (time, priority, sequence) and a dispatch table of typed handlers.
**
** Time is in milliseconds. Events at the same time run in priority order
** (lower first) and, at equal priority, in the order they were scheduled: the
** engine stamps every event with a sequence number, so ties never depend on
** heap layout and every run replays identically.
*/
#ifndef SUBNETSIM_ENGINE_H
#define SUBNETSIM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SS_ENGINE_MAX_TYPES 32

/*
** An event. The payload fields (subnet, a, b, x, y) mean what the handler of
** its type says; the engine only reads time_ms, priority and seq.
*/
typedef struct ss_event {
    int64_t time_ms;
    int32_t priority;
    uint32_t type;
    uint64_t seq;  /* assigned by ss_engine_schedule */
    uint32_t subnet;
    uint32_t a, b;
    uint32_t c;
    double x, y;
} ss_event;

typedef struct ss_engine ss_engine;

/*
** A handler. It may schedule further events. A status other than SS_OK stops
** ss_engine_run, which returns it.
*/
typedef ss_status (*ss_event_handler)(void *ctx, const ss_event *ev, ss_error *err);

ss_status ss_engine_create(ss_engine **out, ss_error *err);
void ss_engine_destroy(ss_engine *e);

/* Installs the handler for events of type (< SS_ENGINE_MAX_TYPES). */
void ss_engine_on(ss_engine *e, uint32_t type, ss_event_handler h, void *ctx);

/*
** Queues a copy of *ev (its seq is overwritten). Events may not be scheduled
** in the past: time_ms must be >= the time of the event being handled.
*/
ss_status ss_engine_schedule(ss_engine *e, const ss_event *ev, ss_error *err);

/*
** Runs events in order while the earliest has time_ms <= until_ms. Returns
** SS_OK when the queue is empty or the next event is later than until_ms.
*/
ss_status ss_engine_run(ss_engine *e, int64_t until_ms, ss_error *err);

/* Time of the event being (or last) handled. */
int64_t ss_engine_now(const ss_engine *e);

/* Number of queued events, and the total handled so far. */
size_t ss_engine_pending(const ss_engine *e);
uint64_t ss_engine_handled(const ss_engine *e);

#ifdef __cplusplus
}
#endif
#endif
