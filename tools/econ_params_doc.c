/*
** Prints the economy's constants as the Markdown table of docs/emission.md,
** straight from the descriptor table, so the document can be regenerated:
**     build/tools/econ_params_doc
*/
#include <stdio.h>

#include "subnetsim/econ_params.h"

static const char *type_name(const ss_param_desc *d)
{
    switch (d->type) {
    case SS_PARAM_U64: return "u64";
    case SS_PARAM_U32: return "u32";
    case SS_PARAM_U16: return "u16";
    case SS_PARAM_F64: return "real";
    case SS_PARAM_BOOL: return "bool";
    case SS_PARAM_ENUM: return "enum";
    }
    return "?";
}

/* A bound as text: enum bounds are the value names, huge u64 bounds "2^64-1". */
static void bound(const ss_param_desc *d, double v, char *buf, size_t n)
{
    if (d->type == SS_PARAM_ENUM)
        snprintf(buf, n, "%s", d->names[(int)v]);
    else if (d->type == SS_PARAM_BOOL)
        snprintf(buf, n, "%s", v != 0 ? "true" : "false");
    else if (v >= 1.8e19)
        snprintf(buf, n, "2^64-1");
    else
        snprintf(buf, n, "%.10g", v);
}

int main(void)
{
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    ss_econ_params p;
    ss_econ_params_default(&p);
    printf("| name | type | default | min | max | unit | scope | description |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        char def[64], lo[64], hi[64];
        ss_econ_param_format(&p, &t[i], def, sizeof def);
        bound(&t[i], t[i].min, lo, sizeof lo);
        bound(&t[i], t[i].max, hi, sizeof hi);
        printf("| `%s` | %s | %s | %s | %s | %s | %s | %s", t[i].name, type_name(&t[i]), def,
               lo, hi, t[i].unit[0] ? t[i].unit : "", t[i].scope == SS_SCOPE_SUBNET ? "subnet"
                                                                                   : "network",
               t[i].description);
        if (t[i].type == SS_PARAM_ENUM) {
            printf(" (");
            for (int k = 0; t[i].names[k]; k++)
                printf("%s`%s`", k ? ", " : "", t[i].names[k]);
            printf(")");
        }
        printf(" |\n");
    }
    return 0;
}
