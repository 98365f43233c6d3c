/* Status names and the error-message helpers declared in subnetsim/status.h. */
#include "subnetsim/status.h"

#include <stdio.h>

void ss_error_clear(ss_error *err)
{
    if (err) {
        err->code = SS_OK;
        err->msg[0] = '\0';
    }
}

ss_status ss_error_setv(ss_error *err, ss_status code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    }
    return code;
}

ss_status ss_error_set(ss_error *err, ss_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ss_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

const char *ss_status_name(ss_status code)
{
    switch (code) {
    case SS_OK: return "ok";
    case SS_ENOMEM: return "out of memory";
    case SS_EINVAL: return "invalid input";
    case SS_EIO: return "i/o error";
    case SS_EDB: return "database error";
    case SS_EAUDIT: return "audit failure";
    case SS_ERANGE: return "out of range";
    case SS_EPLUGIN: return "plugin error";
    case SS_EINTERNAL: return "internal error";
    }
    return "unknown status";
}
