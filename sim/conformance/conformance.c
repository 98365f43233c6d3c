/*
** The conformance runner: reads each vector file, hands it to the replayer of
** its schema, and writes the checks as text or as one JSON document of the
** form {"files":[{"file","schema","checks":[...],"passed","failed","skipped"}],
** "passed","failed","skipped"}.
*/
#include "conformance/conformance.h"
#include "subnetsim/conformance.h"
#include "subnetsim/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ss_conf_file {
    const ss_conformance_options *opt;
    cJSON *checks; /* array of check objects */
    long passed, failed, skipped;
};

static void add_check(ss_conf_file *f, const char *where, const char *quantity,
                      cJSON *expected, cJSON *got, double tol, int pass, const char *why)
{
    cJSON *c = cJSON_CreateObject();
    if (!c) {
        cJSON_Delete(expected);
        cJSON_Delete(got);
        f->failed++; /* a check we could not even record must not look like a pass */
        return;
    }
    cJSON_AddStringToObject(c, "where", where);
    cJSON_AddStringToObject(c, "quantity", quantity);
    cJSON_AddItemToObject(c, "expected", expected ? expected : cJSON_CreateNull());
    cJSON_AddItemToObject(c, "got", got ? got : cJSON_CreateNull());
    if (tol >= 0)
        cJSON_AddNumberToObject(c, "tol", tol);
    else
        cJSON_AddNullToObject(c, "tol");
    if (pass < 0) {
        cJSON_AddNullToObject(c, "pass");
        cJSON_AddTrueToObject(c, "skipped");
        if (why)
            cJSON_AddStringToObject(c, "why", why);
        f->skipped++;
    } else {
        cJSON_AddBoolToObject(c, "pass", pass);
        if (pass)
            f->passed++;
        else
            f->failed++;
    }
    cJSON_AddItemToArray(f->checks, c);
}

void ss_conf_add(ss_conf_file *f, const char *where, const char *quantity,
                 cJSON *expected, cJSON *got, double tol, bool pass)
{
    add_check(f, where, quantity, expected, got, tol, pass ? 1 : 0, NULL);
}

void ss_conf_skip(ss_conf_file *f, const char *where, const char *quantity,
                  cJSON *expected, cJSON *got, const char *why)
{
    add_check(f, where, quantity, expected, got, -1, -1, why);
}

bool ss_conf_number(ss_conf_file *f, const char *where, const char *quantity,
                    double expected, double got, double tol)
{
    bool pass = tol < 0 ? expected == got : fabs(got - expected) <= tol;
    ss_conf_add(f, where, quantity, cJSON_CreateNumber(expected), cJSON_CreateNumber(got),
                tol, pass);
    return pass;
}

bool ss_conf_float_mode(const ss_conf_file *f)
{
    return f->opt->float_mode;
}

/* Which replayer reads a document, by its schema tag. */
static ss_conf_replayer replayer_for(const cJSON *doc, const char **schema)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (cJSON_IsString(s)) {
        *schema = s->valuestring;
        if (strcmp(s->valuestring, "yuma-vector/1") == 0)
            return ss__conf_replay_yuma;
        if (strcmp(s->valuestring, "yuma-sim-peer-vector/1") == 0)
            return ss__conf_replay_peer;
        return NULL;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "schema_version");
    const cJSON *topic = cJSON_GetObjectItemCaseSensitive(doc, "topic");
    if (cJSON_IsNumber(v) && v->valuedouble == 1 && cJSON_IsString(topic)) {
        *schema = "emission/1";
        return ss__conf_replay_emission;
    }
    *schema = "unknown";
    return NULL;
}

static void print_text_file(FILE *out, const char *path, const ss_conf_file *f,
                            const ss_conformance_options *opt)
{
    fprintf(out, "%s %s: %ld passed, %ld failed, %ld skipped\n",
            f->failed ? "FAIL" : "ok  ", path, f->passed, f->failed, f->skipped);
    const cJSON *c;
    cJSON_ArrayForEach(c, f->checks) {
        const cJSON *pass = cJSON_GetObjectItemCaseSensitive(c, "pass");
        int failed = cJSON_IsFalse(pass);
        if (!failed && !opt->verbose)
            continue;
        char *e = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "expected"));
        char *g = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "got"));
        const cJSON *tol = cJSON_GetObjectItemCaseSensitive(c, "tol");
        const char *mark = cJSON_IsNull(pass) ? "skip" : failed ? "FAIL" : "pass";
        fprintf(out, "  %s %s %s: expected %.200s got %.200s",
                mark, cJSON_GetObjectItemCaseSensitive(c, "where")->valuestring,
                cJSON_GetObjectItemCaseSensitive(c, "quantity")->valuestring,
                e ? e : "?", g ? g : "?");
        if (cJSON_IsNumber(tol))
            fprintf(out, " (tol %g)", tol->valuedouble);
        fputc('\n', out);
        free(e);
        free(g);
    }
}

ss_status ss_conformance_run(const char *const *files, int nfiles,
                             const ss_conformance_options *opt, FILE *out,
                             ss_conformance_totals *totals, ss_error *err)
{
    ss_conformance_totals t = {0};
    if (opt->json)
        fputs("{\"files\":[", out);
    for (int i = 0; i < nfiles; i++) {
        ss_conf_file f = {opt, cJSON_CreateArray(), 0, 0, 0};
        const char *schema = "unknown";
        ss_error ferr;
        ss_error_clear(&ferr);
        char *text = NULL;
        ss_status st = f.checks ? ss_read_file(files[i], &text, NULL, &ferr)
                                : ss_error_set(&ferr, SS_ENOMEM, "out of memory");
        cJSON *doc = NULL;
        if (st == SS_OK) {
            doc = cJSON_Parse(text);
            if (!doc)
                st = ss_error_set(&ferr, SS_EINVAL, "%s: not valid JSON", files[i]);
        }
        if (st == SS_OK) {
            ss_conf_replayer replay = replayer_for(doc, &schema);
            if (!replay)
                st = ss_error_set(&ferr, SS_EINVAL, "%s: unknown vector schema", files[i]);
            else
                st = replay(doc, &f, &ferr);
        }
        t.files++;
        t.passed += f.passed;
        t.failed += f.failed;
        t.skipped += f.skipped;
        if (st != SS_OK)
            t.unreadable++;
        if (opt->json) {
            cJSON *fo = cJSON_CreateObject();
            cJSON_AddStringToObject(fo, "file", files[i]);
            cJSON_AddStringToObject(fo, "schema", schema);
            if (st != SS_OK)
                cJSON_AddStringToObject(fo, "error", ferr.msg);
            cJSON_AddItemToObject(fo, "checks", f.checks);
            f.checks = NULL;
            cJSON_AddNumberToObject(fo, "passed", (double)f.passed);
            cJSON_AddNumberToObject(fo, "failed", (double)f.failed);
            cJSON_AddNumberToObject(fo, "skipped", (double)f.skipped);
            char *s = cJSON_PrintUnformatted(fo);
            cJSON_Delete(fo);
            if (!s) {
                free(text);
                cJSON_Delete(doc);
                return ss_error_set(err, SS_ENOMEM, "out of memory printing the report");
            }
            fprintf(out, "%s%s", i ? "," : "", s);
            free(s);
        } else {
            if (st != SS_OK)
                fprintf(out, "ERR  %s\n", ferr.msg);
            else
                print_text_file(out, files[i], &f, opt);
        }
        cJSON_Delete(f.checks);
        cJSON_Delete(doc);
        free(text);
    }
    if (opt->json)
        fprintf(out, "],\"passed\":%ld,\"failed\":%ld,\"skipped\":%ld,\"unreadable\":%ld}\n",
                t.passed, t.failed, t.skipped, t.unreadable);
    else
        fprintf(out, "conformance: %ld files, %ld passed, %ld failed, %ld skipped, %ld unreadable\n",
                t.files, t.passed, t.failed, t.skipped, t.unreadable);
    if (totals)
        *totals = t;
    if (ferror(out))
        return ss_error_set(err, SS_EIO, "error writing the conformance report");
    return SS_OK;
}
