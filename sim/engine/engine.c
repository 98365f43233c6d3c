/*
** The event queue (a binary min-heap of events stored by value) and the loop
** that pops and dispatches them.
*/
#include "subnetsim/engine.h"

#include <stdlib.h>
#include <string.h>

struct ss_engine {
    ss_event *heap;
    size_t len, cap;
    uint64_t next_seq;
    uint64_t handled;
    int64_t now_ms;
    ss_event_handler handlers[SS_ENGINE_MAX_TYPES];
    void *contexts[SS_ENGINE_MAX_TYPES];
};

/* Strict ordering: time, then priority, then scheduling order. */
static int before(const ss_event *x, const ss_event *y)
{
    if (x->time_ms != y->time_ms)
        return x->time_ms < y->time_ms;
    if (x->priority != y->priority)
        return x->priority < y->priority;
    return x->seq < y->seq;
}

ss_status ss_engine_create(ss_engine **out, ss_error *err)
{
    ss_engine *e = calloc(1, sizeof *e);
    if (!e)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the event engine");
    e->cap = 1024;
    e->heap = malloc(e->cap * sizeof *e->heap);
    if (!e->heap) {
        free(e);
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the event engine");
    }
    *out = e;
    return SS_OK;
}

void ss_engine_destroy(ss_engine *e)
{
    if (!e)
        return;
    free(e->heap);
    free(e);
}

void ss_engine_on(ss_engine *e, uint32_t type, ss_event_handler h, void *ctx)
{
    if (type < SS_ENGINE_MAX_TYPES) {
        e->handlers[type] = h;
        e->contexts[type] = ctx;
    }
}

ss_status ss_engine_schedule(ss_engine *e, const ss_event *ev, ss_error *err)
{
    if (ev->type >= SS_ENGINE_MAX_TYPES || !e->handlers[ev->type])
        return ss_error_set(err, SS_EINTERNAL, "event of unknown type %u", ev->type);
    if (ev->time_ms < e->now_ms)
        return ss_error_set(err, SS_EINTERNAL, "event of type %u scheduled in the past "
                            "(%lld ms < now %lld ms)", ev->type,
                            (long long)ev->time_ms, (long long)e->now_ms);
    if (e->len == e->cap) {
        ss_event *grown = realloc(e->heap, 2 * e->cap * sizeof *grown);
        if (!grown)
            return ss_error_set(err, SS_ENOMEM, "out of memory growing the event queue");
        e->heap = grown;
        e->cap *= 2;
    }
    ss_event item = *ev;
    item.seq = e->next_seq++;
    size_t i = e->len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&item, &e->heap[parent]))
            break;
        e->heap[i] = e->heap[parent];
        i = parent;
    }
    e->heap[i] = item;
    return SS_OK;
}

/* Removes the root into *top and restores the heap. */
static void pop(ss_engine *e, ss_event *top)
{
    *top = e->heap[0];
    ss_event last = e->heap[--e->len];
    size_t i = 0, n = e->len;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && before(&e->heap[child + 1], &e->heap[child]))
            child++;
        if (!before(&e->heap[child], &last))
            break;
        e->heap[i] = e->heap[child];
        i = child;
    }
    if (n > 0)
        e->heap[i] = last;
}

ss_status ss_engine_run(ss_engine *e, int64_t until_ms, ss_error *err)
{
    while (e->len > 0 && e->heap[0].time_ms <= until_ms) {
        ss_event ev;
        pop(e, &ev);
        e->now_ms = ev.time_ms;
        e->handled++;
        ss_status st = e->handlers[ev.type](e->contexts[ev.type], &ev, err);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

int64_t ss_engine_now(const ss_engine *e)
{
    return e->now_ms;
}

size_t ss_engine_pending(const ss_engine *e)
{
    return e->len;
}

uint64_t ss_engine_handled(const ss_engine *e)
{
    return e->handled;
}
