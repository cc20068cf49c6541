/*
 * outfile.c -- write-to-temporary-then-rename.
 *
 * Why a temporary in the *same directory*: rename(2) is atomic only within one
 * file system, and the destination's directory is the one place we know is on
 * the destination's file system.  Why fsync before rename: after a power loss
 * the rename could otherwise survive while the data did not, leaving an empty
 * report where the old one stood.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cloudrisk/io.h"

cr_status cr_outfile_open(cr_outfile *out, const char *path, cr_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0) {
        out->fp = stdout;
        return CR_OK;
    }
    size_t n = strlen(path);
    out->final_path = malloc(n + 1);
    out->tmp_path = malloc(n + 16);
    if (!out->final_path || !out->tmp_path) {
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    memcpy(out->final_path, path, n + 1);
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(out->tmp_path, path, dir_len);
    snprintf(out->tmp_path + dir_len, n + 16 - dir_len, ".%s.XXXXXX", path + dir_len);
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot create a file beside it: %s",
                            strerror(e));
    }
    /* mkstemp makes 0600; give the file the usual permissions. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    out->fp = fdopen(fd, "w");
    if (!out->fp) {
        int e = errno;
        close(fd);
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open for writing: %s",
                            strerror(e));
    }
    return CR_OK;
}

cr_status cr_outfile_commit(cr_outfile *out, cr_error *err)
{
    if (!out->fp)
        return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "output already closed");
    if (!out->final_path) {
        int bad = fflush(out->fp) != 0 || ferror(out->fp);
        out->fp = NULL;
        if (bad)
            return cr_error_set(err, CR_ERR_IO, "<stdout>", 0, NULL, "write failed: %s",
                                strerror(errno));
        return CR_OK;
    }
    int bad = fflush(out->fp) != 0 || ferror(out->fp) || fsync(fileno(out->fp)) != 0;
    int e = errno;
    if (fclose(out->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    out->fp = NULL;
    if (bad) {
        char keep[512];
        snprintf(keep, sizeof keep, "%s", out->final_path);
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_IO, keep, 0, NULL, "write failed: %s", strerror(e));
    }
    if (rename(out->tmp_path, out->final_path) != 0) {
        e = errno;
        char keep[512];
        snprintf(keep, sizeof keep, "%s", out->final_path);
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_IO, keep, 0, NULL, "cannot rename into place: %s",
                            strerror(e));
    }
    free(out->tmp_path);
    free(out->final_path);
    out->tmp_path = out->final_path = NULL;
    return CR_OK;
}

void cr_outfile_abort(cr_outfile *out)
{
    if (out->fp && out->fp != stdout)
        fclose(out->fp);
    out->fp = NULL;
    if (out->tmp_path)
        unlink(out->tmp_path);
    free(out->tmp_path);
    free(out->final_path);
    out->tmp_path = out->final_path = NULL;
}
