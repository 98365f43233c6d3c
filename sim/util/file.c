/* Reading a whole file into memory, with errors that name the file. */
#include "subnetsim/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

ss_status ss_read_file(const char *path, char **out, size_t *len, ss_error *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    struct stat st;
    if (stat(path, &st) != 0)
        return ss_error_set(err, SS_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return ss_error_set(err, SS_EIO, "%s: is a directory, expected a file", path);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ss_error_set(err, SS_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(fp);
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory reading the file", path);
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                fclose(fp);
                return ss_error_set(err, SS_ENOMEM, "%s: out of memory reading the file", path);
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        return ss_error_set(err, SS_EIO, "%s: read error", path);
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return SS_OK;
}
