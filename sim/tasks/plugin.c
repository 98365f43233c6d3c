/*
** Loading and calling scoring plugins (subnetsim/plugin.h): dlopen by path,
** the symbol and ABI checks with a message for each way a file can be wrong,
** the optional init and fini, and the checks on every score returned.
*/
#include "subnetsim/plugin.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Newer ABI versions probed for, only to say which one a plugin was built for. */
#define PROBE_VERSIONS 9
#define PLUGIN_ERRCAP 512

struct ss_plugin {
    void *handle;
    ss_plugin_score_fn score;
    ss_plugin_fini_fn fini;
    void *user;
    char *path;
};

/*
** dlsym returns an object pointer; POSIX guarantees it can hold a function
** address, and copying the bytes avoids the cast ISO C does not define.
*/
static void *symbol(void *handle, const char *name)
{
    return dlsym(handle, name);
}

static ss_plugin_score_fn as_score(void *sym)
{
    ss_plugin_score_fn fn;
    memcpy(&fn, &sym, sizeof fn);
    return fn;
}

static ss_plugin_init_fn as_init(void *sym)
{
    ss_plugin_init_fn fn;
    memcpy(&fn, &sym, sizeof fn);
    return fn;
}

static ss_plugin_fini_fn as_fini(void *sym)
{
    ss_plugin_fini_fn fn;
    memcpy(&fn, &sym, sizeof fn);
    return fn;
}

/* The file must exist and be a regular file before dlopen gets to explain. */
static ss_status check_file(const char *path, ss_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return ss_error_set(err, SS_EPLUGIN, "plugin '%s': %s", path,
                            errno == ENOENT ? "no such file" : strerror(errno));
    if (S_ISDIR(st.st_mode))
        return ss_error_set(err, SS_EPLUGIN, "plugin '%s' is a directory, not a shared object",
                            path);
    if (!S_ISREG(st.st_mode))
        return ss_error_set(err, SS_EPLUGIN, "plugin '%s' is not a regular file", path);
    return SS_OK;
}

/* Explains a missing scoring function: another ABI version, or none at all. */
static ss_status missing_score(void *handle, const char *path, ss_error *err)
{
    for (unsigned v = PROBE_VERSIONS; v >= 2; v--) {
        char name[32];
        snprintf(name, sizeof name, "subnetsim_score_v%u", v);
        if (symbol(handle, name))
            return ss_error_set(err, SS_EPLUGIN, "plugin '%s' was built for plugin ABI "
                                "version %u, but this subnetsim supports version %u (rebuild "
                                "it against this version's subnetsim/plugin.h)", path, v,
                                SS_PLUGIN_ABI_VERSION);
    }
    return ss_error_set(err, SS_EPLUGIN, "plugin '%s' does not export %s (the scoring "
                        "function, see docs/plugins.md; in C++ declare it extern \"C\")", path,
                        SS_PLUGIN_SCORE_SYMBOL);
}

static ss_status run_init(ss_plugin *p, ss_plugin_init_fn init, const ss_plugin_init *setup,
                          ss_error *err)
{
    static const ss_plugin_init none = {0};
    char errbuf[PLUGIN_ERRCAP] = "";
    ss_plugin_init in = setup ? *setup : none;
    in.struct_size = (uint32_t)sizeof in;
    in.abi_version = SS_PLUGIN_ABI_VERSION;
    in.path = p->path;
    in.errbuf = errbuf;
    in.errcap = sizeof errbuf;
    int rc = init(&in, &p->user);
    errbuf[sizeof errbuf - 1] = '\0';
    if (rc == 0)
        return SS_OK;
    return ss_error_set(err, SS_EPLUGIN, "plugin '%s' failed to initialise (code %d): %s",
                        p->path, rc, errbuf[0] ? errbuf : "no message");
}

ss_status ss_plugin_create(const char *path, const ss_plugin_init *setup, ss_plugin **out,
                           ss_error *err)
{
    *out = NULL;
    ss_status rc = check_file(path, err);
    if (rc != SS_OK)
        return rc;

    ss_plugin *p = calloc(1, sizeof *p);
    /* Without a '/', dlopen would search the library path: make it relative. */
    size_t len = strlen(path);
    char *open_path = malloc(len + 3);
    if (!p || !open_path || !(p->path = malloc(len + 1))) {
        free(open_path);
        ss_plugin_destroy(p);
        return ss_error_set(err, SS_ENOMEM, "out of memory loading plugin '%s'", path);
    }
    memcpy(p->path, path, len + 1);
    snprintf(open_path, len + 3, "%s%s", strchr(path, '/') ? "" : "./", path);
    p->handle = dlopen(open_path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle) {
        /* The loader's message usually starts with the path, which we already give. */
        const char *why = dlerror();
        size_t n = strlen(open_path);
        if (!why)
            why = "unknown reason";
        else if (strncmp(why, open_path, n) == 0 && strncmp(why + n, ": ", 2) == 0)
            why += n + 2;
        rc = ss_error_set(err, SS_EPLUGIN, "plugin '%s' could not be loaded (is it a shared "
                          "object built with -shared -fPIC?): %s", path, why);
        free(open_path);
        ss_plugin_destroy(p);
        return rc;
    }
    free(open_path);
    void *score = symbol(p->handle, SS_PLUGIN_SCORE_SYMBOL);
    if (!score) {
        rc = missing_score(p->handle, path, err);
        ss_plugin_destroy(p);
        return rc;
    }
    p->score = as_score(score);
    void *init = symbol(p->handle, SS_PLUGIN_INIT_SYMBOL);
    if (init && (rc = run_init(p, as_init(init), setup, err)) != SS_OK) {
        ss_plugin_destroy(p); /* no fini: init did not succeed */
        return rc;
    }
    void *fini = symbol(p->handle, SS_PLUGIN_FINI_SYMBOL);
    p->fini = fini ? as_fini(fini) : NULL;
    *out = p;
    return SS_OK;
}

void ss_plugin_destroy(ss_plugin *p)
{
    if (!p)
        return;
    if (p->fini)
        p->fini(p->user);
    if (p->handle)
        dlclose(p->handle);
    free(p->path);
    free(p);
}

ss_status ss_plugin_score(ss_plugin *p, const ss_plugin_query *query, double *score,
                          ss_error *err)
{
    char errbuf[PLUGIN_ERRCAP] = "";
    ss_plugin_query q = *query;
    q.struct_size = (uint32_t)sizeof q;
    q.abi_version = SS_PLUGIN_ABI_VERSION;
    q.user = p->user;
    q.errbuf = errbuf;
    q.errcap = sizeof errbuf;
    double s = NAN; /* a plugin that forgets to store a score is caught below */
    int rc = p->score(&q, &s);
    errbuf[sizeof errbuf - 1] = '\0';
    *score = 0.0;
    if (rc != 0)
        return ss_error_set(err, SS_EPLUGIN, "plugin '%s' failed (code %d) scoring miner %u at "
                            "block %llu: %s", p->path, rc, (unsigned)q.miner_uid,
                            (unsigned long long)q.block, errbuf[0] ? errbuf : "no message");
    if (!isfinite(s))
        return ss_error_set(err, SS_EPLUGIN, "plugin '%s' returned a non-finite score (%s) for "
                            "miner %u at block %llu", p->path, isnan(s) ? "nan" : s > 0 ? "inf"
                            : "-inf", (unsigned)q.miner_uid, (unsigned long long)q.block);
    *score = s;
    return SS_OK;
}

const char *ss_plugin_path(const ss_plugin *p)
{
    return p->path;
}
