/* Tests of the event engine: ordering, ties, scheduling from handlers, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "subnetsim/engine.h"
#include "subnetsim/rng.h"

typedef struct trace {
    ss_engine *engine;
    ss_event seen[4096];
    size_t n;
    int reschedule; /* handler schedules one follow-up per event while > 0 */
} trace;

static ss_status record(void *ctx, const ss_event *ev, ss_error *err)
{
    trace *t = ctx;
    t->seen[t->n++] = *ev;
    if (t->reschedule > 0) {
        t->reschedule--;
        ss_event next = *ev;
        next.time_ms += 5;
        return ss_engine_schedule(t->engine, &next, err);
    }
    return SS_OK;
}

static ss_status fail_handler(void *ctx, const ss_event *ev, ss_error *err)
{
    (void)ctx;
    return ss_error_set(err, SS_EINVAL, "stop at %lld", (long long)ev->time_ms);
}

static ss_event ev_at(int64_t t, int32_t prio, uint32_t tag)
{
    ss_event e = {0};
    e.time_ms = t;
    e.priority = prio;
    e.type = 1;
    e.a = tag;
    return e;
}

static void test_time_priority_sequence_order(void **state)
{
    (void)state;
    trace *t = calloc(1, sizeof *t);
    assert_int_equal(ss_engine_create(&t->engine, NULL), SS_OK);
    ss_engine_on(t->engine, 1, record, t);
    /* Scheduled out of order; ties at t=10 broken by priority, then by scheduling order. */
    ss_event list[] = {ev_at(20, 0, 0), ev_at(10, 1, 1), ev_at(10, 0, 2), ev_at(10, 1, 3),
                       ev_at(5, 9, 4), ev_at(10, 0, 5)};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(ss_engine_schedule(t->engine, &list[i], NULL), SS_OK);
    assert_int_equal(ss_engine_run(t->engine, 1000, NULL), SS_OK);
    uint32_t expect[] = {4, 2, 5, 1, 3, 0};
    assert_int_equal(t->n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(t->seen[i].a, expect[i]);
    assert_int_equal(ss_engine_now(t->engine), 20);
    ss_engine_destroy(t->engine);
    free(t);
}

static void test_run_until_and_follow_ups(void **state)
{
    (void)state;
    trace *t = calloc(1, sizeof *t);
    assert_int_equal(ss_engine_create(&t->engine, NULL), SS_OK);
    ss_engine_on(t->engine, 1, record, t);
    t->reschedule = 10;
    ss_event e = ev_at(0, 0, 7);
    assert_int_equal(ss_engine_schedule(t->engine, &e, NULL), SS_OK);
    assert_int_equal(ss_engine_run(t->engine, 22, NULL), SS_OK);
    /* Events at 0,5,10,15,20 ran; the one at 25 waits. */
    assert_int_equal(t->n, 5);
    assert_int_equal(ss_engine_pending(t->engine), 1);
    assert_int_equal(ss_engine_run(t->engine, 1000, NULL), SS_OK);
    assert_int_equal(t->n, 11);
    assert_int_equal(ss_engine_handled(t->engine), 11);
    ss_engine_destroy(t->engine);
    free(t);
}

static void test_past_and_unknown_events_rejected(void **state)
{
    (void)state;
    trace *t = calloc(1, sizeof *t);
    ss_error err;
    assert_int_equal(ss_engine_create(&t->engine, NULL), SS_OK);
    ss_engine_on(t->engine, 1, record, t);
    ss_event e = ev_at(100, 0, 0);
    assert_int_equal(ss_engine_schedule(t->engine, &e, NULL), SS_OK);
    assert_int_equal(ss_engine_run(t->engine, 1000, NULL), SS_OK);
    e.time_ms = 50;
    assert_int_equal(ss_engine_schedule(t->engine, &e, &err), SS_EINTERNAL);
    e.time_ms = 200;
    e.type = 3;
    assert_int_equal(ss_engine_schedule(t->engine, &e, &err), SS_EINTERNAL);
    ss_engine_destroy(t->engine);
    free(t);
}

static void test_handler_error_stops_run(void **state)
{
    (void)state;
    ss_engine *eng;
    ss_error err;
    assert_int_equal(ss_engine_create(&eng, NULL), SS_OK);
    ss_engine_on(eng, 2, fail_handler, NULL);
    ss_event e = ev_at(3, 0, 0);
    e.type = 2;
    assert_int_equal(ss_engine_schedule(eng, &e, NULL), SS_OK);
    e.time_ms = 4;
    assert_int_equal(ss_engine_schedule(eng, &e, NULL), SS_OK);
    assert_int_equal(ss_engine_run(eng, 100, &err), SS_EINVAL);
    assert_string_equal(err.msg, "stop at 3");
    assert_int_equal(ss_engine_pending(eng), 1);
    ss_engine_destroy(eng);
}

static int cmp_event(const void *x, const void *y)
{
    const ss_event *a = x, *b = y;
    if (a->time_ms != b->time_ms)
        return a->time_ms < b->time_ms ? -1 : 1;
    if (a->priority != b->priority)
        return a->priority < b->priority ? -1 : 1;
    return a->a < b->a ? -1 : a->a > b->a;
}

/* Thousands of random events come out exactly in (time, priority, schedule order). */
static void test_random_against_sort(void **state)
{
    (void)state;
    trace *t = calloc(1, sizeof *t);
    assert_int_equal(ss_engine_create(&t->engine, NULL), SS_OK);
    ss_engine_on(t->engine, 1, record, t);
    ss_pcg32 r;
    ss_pcg32_seed(&r, 12, 34);
    ss_event *list = malloc(4000 * sizeof *list);
    for (uint32_t i = 0; i < 4000; i++) {
        list[i] = ev_at((int64_t)ss_pcg32_bounded(&r, 50), (int32_t)ss_pcg32_bounded(&r, 3), i);
        assert_int_equal(ss_engine_schedule(t->engine, &list[i], NULL), SS_OK);
    }
    qsort(list, 4000, sizeof *list, cmp_event);
    assert_int_equal(ss_engine_run(t->engine, INT64_MAX, NULL), SS_OK);
    assert_int_equal(t->n, 4000);
    for (size_t i = 0; i < 4000; i++)
        assert_int_equal(t->seen[i].a, list[i].a);
    free(list);
    ss_engine_destroy(t->engine);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_priority_sequence_order),
        cmocka_unit_test(test_run_until_and_follow_ups),
        cmocka_unit_test(test_past_and_unknown_events_rejected),
        cmocka_unit_test(test_handler_error_stops_run),
        cmocka_unit_test(test_random_against_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
