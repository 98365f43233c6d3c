/*
** Scenario files: reading, JSON syntax errors with line and column, the
** top-level keys, and freeing. Sections are parsed in the files beside this one.
*/
#include "scenario/sections.h"
#include "subnetsim/scenario.h"
#include "subnetsim/sha256.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const ss__keys_top[] = {"name", "description", "seed", "blocks", "days",
                                    "consensus", "network", "metrics", "log", "subnets",
                                    NULL};
const char *const ss__keys_metrics[] = {"baseline", NULL};
const char *const ss__keys_log[] = {"level", "sample_every_epochs", NULL};
static const char *const log_levels[] = {"summary", "standard", "full", NULL};

void ss_scenario_free(ss_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_subnets; i++)
        ss__scenario_subnet_free(&sc->subnets[i]);
    free(sc->subnets);
    ss__scenario_network_free(&sc->network);
    free(sc->file);
    free(sc->text);
    free(sc->name);
    free(sc->description);
    free(sc);
}

bool ss_miner_group_registers_later(const ss_miner_group *g)
{
    return g->adversary.kind == SS_ADV_IMMUNITY_CYCLER || g->adversary.kind == SS_ADV_UID_SNIPER;
}

uint32_t ss_subnet_config_agents(const ss_subnet_config *c)
{
    uint32_t n = 0;
    for (size_t i = 0; i < c->n_validator_groups; i++)
        n += c->validators[i].count;
    for (size_t i = 0; i < c->n_miner_groups; i++)
        n += c->miners[i].count;
    return n;
}

void ss_scenario_hash(const ss_scenario *sc, char *buf)
{
    ss_sha256_hex(sc->text, strlen(sc->text), buf);
}

/* Line and column (1-based) of offset in text. */
static void locate(const char *text, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Arrivals without a count come at their rate for the whole run, and one more. */
static void resolve_group_arrivals(ss_subnet_config *c, uint64_t blocks)
{
    for (size_t g = 0; g < c->n_miner_groups; g++) {
        ss_arrivals *a = &c->miners[g].arrivals;
        if (a->count == SS_ARRIVALS_AUTO) {
            double n = ceil(a->per_day * (double)blocks / SS_BLOCKS_PER_DAY) + 1;
            a->count = n > 10000000 ? 10000000 : (uint32_t)n;
        }
    }
}

static void resolve_arrivals(ss_scenario *sc)
{
    for (size_t i = 0; i < sc->n_subnets; i++)
        resolve_group_arrivals(&sc->subnets[i], sc->blocks);
    for (size_t i = 0; i < sc->network.n_creators; i++)
        resolve_group_arrivals(&sc->network.creators[i].subnet, sc->blocks);
}

static void parse_top(ss_jc *jc, const cJSON *root, ss_scenario *sc, ss_status *st)
{
    if (!ss_jc_object(jc, root, "", ss__keys_top))
        return;
    const char *s;
    ss_jc_str(jc, root, "", "name", "scenario", &s);
    sc->name = strdup(s);
    ss_jc_str(jc, root, "", "description", "", &s);
    sc->description = strdup(s);
    if (!sc->name || !sc->description) {
        *st = SS_ENOMEM;
        return;
    }
    ss_jc_u64(jc, root, "", "seed", 0, UINT64_MAX, 1, &sc->seed);
    sc->baseline = true;
    const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(root, "metrics");
    if (metrics && ss_jc_object(jc, metrics, "metrics", ss__keys_metrics))
        ss_jc_bool(jc, metrics, "metrics", "baseline", true, &sc->baseline);
    sc->log_level = SS_LOG_STANDARD;
    sc->sample_every_epochs = 10;
    const cJSON *log = cJSON_GetObjectItemCaseSensitive(root, "log");
    if (log && ss_jc_object(jc, log, "log", ss__keys_log)) {
        int level;
        int64_t every;
        if (ss_jc_enum(jc, log, "log", "level", log_levels, SS_LOG_STANDARD, &level))
            sc->log_level = (ss_log_level)level;
        if (ss_jc_int(jc, log, "log", "sample_every_epochs", 1, 1000000, 10, &every))
            sc->sample_every_epochs = (uint32_t)every;
    }

    const cJSON *blocks = cJSON_GetObjectItemCaseSensitive(root, "blocks");
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "days");
    if (blocks && days) {
        ss_jc_error(jc, "days", "give either 'blocks' or 'days', not both");
    } else if (blocks) {
        ss_jc_u64(jc, root, "", "blocks", 1, 1000000000ULL, 1, &sc->blocks);
    } else if (days) {
        double d;
        if (ss_jc_num(jc, root, "", "days", 1.0 / SS_BLOCKS_PER_DAY, 100000, 1, &d))
            sc->blocks = (uint64_t)llround(d * SS_BLOCKS_PER_DAY);
    } else {
        ss_jc_error(jc, "", "missing the length of the run: 'blocks' or 'days'");
    }

    ss_consensus_base base;
    ss_yuma_params_default(&base.yuma);
    /* Commit-reveal is off unless a scenario asks for it: the simplest subnet to reason about. */
    base.yuma.commit_reveal = false;
    base.reveal_period_epochs = 1;
    base.reveal_mask = true;
    ss__scenario_consensus(jc, cJSON_GetObjectItemCaseSensitive(root, "consensus"),
                           "consensus", &base);
    *st = ss__scenario_network(jc, cJSON_GetObjectItemCaseSensitive(root, "network"), "network",
                               &base, &sc->network);
    if (*st != SS_OK)
        return;

    const cJSON *subnets = cJSON_GetObjectItemCaseSensitive(root, "subnets");
    if (!subnets) {
        ss_jc_error(jc, "subnets", "missing required key 'subnets' (a list of subnets)");
        return;
    }
    if (!cJSON_IsArray(subnets) || cJSON_GetArraySize(subnets) == 0) {
        char got[64];
        ss_jc_describe(subnets, got, sizeof got);
        ss_jc_error(jc, "subnets", "expected a non-empty list of subnets, got %s", got);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(subnets);
    sc->subnets = calloc(n, sizeof *sc->subnets);
    if (!sc->subnets) {
        *st = SS_ENOMEM;
        return;
    }
    sc->n_subnets = n;
    for (size_t i = 0; i < n && *st == SS_OK; i++) {
        char p[SS_JC_PATH_MAX];
        ss_jc_index_path(p, "subnets", (int)i);
        const cJSON *item = cJSON_GetArrayItem(subnets, (int)i);
        *st = ss__scenario_subnet(jc, item, p, &base, &sc->network, false, &sc->subnets[i]);
        if (cJSON_IsObject(item) && !cJSON_GetObjectItemCaseSensitive(item, "netuid"))
            sc->subnets[i].netuid = (uint32_t)i + 1;
        for (size_t k = 0; k < i; k++)
            if (sc->subnets[k].netuid == sc->subnets[i].netuid)
                ss_jc_error(jc, ss_jc_key_path(p, p, "netuid"),
                            "netuid %u is already used by subnets[%zu]",
                            sc->subnets[i].netuid, k);
    }
    if (*st == SS_OK)
        ss__scenario_network_check(jc, root, sc);
    resolve_arrivals(sc);
}

ss_status ss_scenario_parse(const char *text, const char *label, ss_scenario **out,
                            ss_buf *problems, ss_error *err)
{
    *out = NULL;
    ss_scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", label);
    sc->file = strdup(label);
    sc->text = strdup(text);
    if (!sc->file || !sc->text) {
        ss_scenario_free(sc);
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", label);
    }

    ss_jc jc;
    ss_jc_init(&jc, label);
    ss_status st = SS_OK;
    if (blank(text)) {
        ss_jc_error(&jc, "", "the file is empty; expected a JSON object describing a scenario");
    } else {
        const char *end = NULL;
        cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
        if (!root) {
            int line, col;
            size_t len = strlen(text), off = end && end >= text ? (size_t)(end - text) : 0;
            if (off >= len) {
                /* cJSON stops at the end of the text; point at its last visible character. */
                off = len;
                while (off > 0 && strchr(" \t\r\n", text[off - 1]))
                    off--;
                off = off > 0 ? off - 1 : 0;
                locate(text, off, &line, &col);
                ss_jc_error(&jc, "", "invalid JSON at line %d, column %d, where the text ends: "
                            "a value, a closing bracket or brace, or a quote is missing",
                            line, col);
            } else {
                locate(text, off, &line, &col);
                ss_jc_error(&jc, "", "invalid JSON at line %d, column %d (near '%.12s')",
                            line, col, text + off);
            }
        } else {
            parse_top(&jc, root, sc, &st);
            cJSON_Delete(root);
        }
    }

    if (st == SS_OK && jc.errors == 0 && !jc.lines.failed) {
        ss_jc_fini(&jc);
        *out = sc;
        return SS_OK;
    }
    if (st == SS_OK)
        st = jc.lines.failed ? SS_ENOMEM : SS_EINVAL;
    const char *lines = ss_buf_str(&jc.lines);
    if (st == SS_EINVAL && lines) {
        size_t first = strcspn(lines, "\n");
        ss_error_set(err, st, "%.*s", (int)first, lines);
        if (problems)
            ss_buf_puts(problems, lines);
    } else {
        ss_error_set(err, st, "%s: out of memory while reading the scenario", label);
    }
    ss_jc_fini(&jc);
    ss_scenario_free(sc);
    return st;
}

ss_status ss_scenario_load(const char *path, ss_scenario **out, ss_buf *problems, ss_error *err)
{
    *out = NULL;
    char *text;
    size_t len;
    ss_status st = ss_read_file(path, &text, &len, err);
    if (st != SS_OK) {
        if (problems)
            ss_buf_printf(problems, "%s\n", err ? err->msg : path);
        return st;
    }
    if (strlen(text) != len) {
        free(text);
        ss_error_set(err, SS_EINVAL, "%s: contains a NUL byte; expected a JSON text file", path);
        if (problems)
            ss_buf_printf(problems, "%s\n", err ? err->msg : path);
        return SS_EINVAL;
    }
    st = ss_scenario_parse(text, path, out, problems, err);
    free(text);
    return st;
}
