/* cli_common.c -- error printing, data directory lookup, number parsing. */
/* realpath() is an XSI function in glibc: -D_POSIX_C_SOURCE alone hides it. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "config.h"
#include "cloudrisk/simulate.h"
#include "cli.h"

int cli_fail(const cr_error *err)
{
    char text[2048];
    cr_error_format(err, text, sizeof text);
    /* Say "interrupted" whatever words the stopped call chose. */
    fprintf(stderr, "cloudrisk: %s%s\n", err->status == CR_ERR_INTERRUPTED ? "interrupted: " : "",
            text);
    return err->status == CR_OK ? CR_ERR_INTERNAL : (int)err->status;
}

int cli_usage(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cloudrisk %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'cloudrisk %s --help'.\n", command);
    return CR_ERR_USAGE;
}

static int holds_model(const char *dir)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/models/model.json", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int starts_with_dir(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

const char *cli_find_data_dir(const char *explicit_dir, const char *argv0, char *buf,
                              unsigned size, cr_error *err)
{
    (void)argv0;
    if (explicit_dir) {
        if (!holds_model(explicit_dir)) {
            cr_error_set(err, CR_ERR_USAGE, explicit_dir, 0, NULL,
                         "not a cloudrisk data directory: expected models/model.json in it");
            return NULL;
        }
        snprintf(buf, size, "%s", explicit_dir);
        return buf;
    }
    const char *env = getenv("CLOUDRISK_DATA");
    if (env && *env) {
        if (!holds_model(env)) {
            cr_error_set(err, CR_ERR_USAGE, env, 0, NULL,
                         "$CLOUDRISK_DATA is not a cloudrisk data directory: expected "
                         "models/model.json in it");
            return NULL;
        }
        snprintf(buf, size, "%s", env);
        return buf;
    }
    /* The binary built in the source tree uses that tree's data, so that a
     * developer never runs new code against old installed data.  Both paths
     * are resolved: the build directory may have been named through a
     * symbolic link, while /proc/self/exe never is. */
    char self[PATH_MAX], build[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0 && realpath(CLOUDRISK_BUILD_DIR, build)) {
        self[n] = '\0';
        if (starts_with_dir(self, build) && holds_model(CLOUDRISK_SOURCE_DIR)) {
            snprintf(buf, size, "%s", CLOUDRISK_SOURCE_DIR);
            return buf;
        }
    }
    /* Any other copy is an installed one: it uses the installed data and
     * nothing else, so that a broken installation is reported rather than
     * hidden by a source tree that happens to be still on the disk. */
    if (holds_model(CLOUDRISK_PKGDATADIR)) {
        snprintf(buf, size, "%s", CLOUDRISK_PKGDATADIR);
        return buf;
    }
    cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                 "cannot find cloudrisk's data (models/ and datasets/): expected "
                 "models/model.json in %s; use --data-dir DIR or set CLOUDRISK_DATA",
                 CLOUDRISK_PKGDATADIR);
    return NULL;
}

int cli_parse_count(const char *text, unsigned long long max, unsigned long long *out)
{
    if (!text || !*text || *text == '-' || *text == '+')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return -1;
    unsigned long long scale = 1;
    if (*end == 'k' || *end == 'K')
        scale = 1000, end++;
    else if (*end == 'M')
        scale = 1000000, end++;
    if (*end || (v && scale > max / v) || v * scale > max)
        return -1;
    *out = v * scale;
    return 0;
}

int cli_parse_precision(const char *text, double *out)
{
    if (!text || !*text || *text == '-' || *text == '+' || *text == ' ')
        return -1;
    errno = 0;
    char *end;
    double v = strtod(text, &end);
    if (errno || end == text || !isfinite(v))
        return -1;
    if (*end == '%')
        end++;
    if (*end)
        return -1;
    v /= 100.0;
    if (!(v >= CR_SIM_PRECISION_MIN && v <= CR_SIM_PRECISION_MAX))
        return -1;
    *out = v;
    return 0;
}
