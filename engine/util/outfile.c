/*
 * outfile.c -- write-to-temporary-then-rename, and what an output may replace.
 *
 * Why a temporary in the *same directory*: rename(2) is atomic only within one
 * file system, and the destination's directory is the one place we know is on
 * the destination's file system.  Why fsync before rename: after a power loss
 * the rename could otherwise survive while the data did not, leaving an empty
 * report where the old one stood.
 *
 * What a destination may be (doc/security.md, "Outputs"):
 *  - nothing yet, or a regular file: written beside it and renamed over it.
 *    A file that exists keeps its mode and its owner; when its owner cannot
 *    be kept (another user's file, and we are not allowed to give the new one
 *    to them) the output is refused rather than silently taken over.
 *  - a character device or a pipe (/dev/null, /dev/stdout, a FIFO): written
 *    through, never renamed over -- replacing /dev/null with a regular file
 *    breaks the whole system.  A pipe nobody reads is refused at once instead
 *    of waiting for a reader.
 *  - a symbolic link: followed, and the file it leads to is written as above;
 *    the link stays a link.  A link to nothing is refused (we would otherwise
 *    create a file the user did not name), and so is a link owned by someone
 *    other than us or the owner of its directory: in a shared directory such a
 *    link is how another user makes us overwrite our own files (the rule
 *    Linux's fs.protected_symlinks applies to opening).
 *  - anything else (a directory, a block device, a socket): refused.
 */
/* realpath() is an XSI function in glibc. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cloudrisk/io.h"

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

/* Links followed from one destination before giving up (a loop). */
#define CR_OUTFILE_MAX_LINKS 16

/* The temporary's name is "." + name + ".XXXXXX": this many bytes more. */
#define TMP_EXTRA 8

/* "dir/" of path (with its slash), or "" for a name in the current directory. */
static char *dir_part(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    return dir;
}

static char *dup_or_null(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* The file `path` leads to once its symbolic links are followed, in *target
 * (caller frees); *exists tells whether it exists, and *st is its lstat.  A
 * link to nothing is an error unless `dangling_ok`. */
static cr_status follow_links(const char *path, bool dangling_ok, char **target, bool *exists,
                              struct stat *st, cr_error *err)
{
    *target = NULL;
    *exists = false;
    char *cur = dup_or_null(path);
    if (!cur)
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    for (int hops = 0;; hops++) {
        if (lstat(cur, st) != 0) {
            int e = errno;
            if (hops == 0 || (dangling_ok && e == ENOENT)) {
                /* Not there (or not visible): a new file, and creating its
                 * temporary says what is wrong if anything is. */
                *target = cur;
                return CR_OK;
            }
            cr_error_set(err, CR_ERR_IO, path, 0, NULL,
                         e == ENOENT ? "is a symbolic link to \"%.300s\", which does not exist; "
                                       "expected a link to an existing file, or no link"
                                     : "cannot follow the symbolic link to \"%.300s\": %s",
                         cur, strerror(e));
            free(cur);
            return CR_ERR_IO;
        }
        if (!S_ISLNK(st->st_mode)) {
            *target = cur;
            *exists = true;
            return CR_OK;
        }
        char *dir = dir_part(cur);
        if (!dir) {
            free(cur);
            return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
        }
        struct stat dir_st;
        bool trusted = st->st_uid == geteuid() ||
                       (stat(*dir ? dir : ".", &dir_st) == 0 && dir_st.st_uid == st->st_uid);
        if (!trusted || hops == CR_OUTFILE_MAX_LINKS) {
            cr_error_set(err, CR_ERR_IO, path, 0, NULL,
                         trusted ? "too many symbolic links; expected a file or a short chain "
                                   "of links to one"
                                 : "is a symbolic link owned by another user (uid %lu) in a "
                                   "directory that is not theirs; not followed: name the file "
                                   "itself",
                         (unsigned long)st->st_uid);
            free(dir);
            free(cur);
            return CR_ERR_IO;
        }
        char buf[PATH_MAX];
        ssize_t n = readlink(cur, buf, sizeof buf - 1);
        if (n < 0) {
            int e = errno;
            free(dir);
            free(cur);
            return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot read the link: %s",
                                strerror(e));
        }
        buf[n] = '\0';
        size_t dn = buf[0] == '/' ? 0 : strlen(dir);
        char *next = malloc(dn + (size_t)n + 1);
        if (!next) {
            free(dir);
            free(cur);
            return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
        }
        memcpy(next, dir, dn);
        memcpy(next + dn, buf, (size_t)n + 1);
        free(dir);
        free(cur);
        cur = next;
    }
}

/* Write through a character device or a pipe: no temporary, no rename. */
static cr_status open_through(cr_outfile *out, const char *path, const char *target,
                              bool is_pipe, cr_error *err)
{
    /* Non-blocking, so that a pipe no process reads fails at once (ENXIO)
     * rather than waiting for ever; writes block again afterwards. */
    int fd = open(target, O_WRONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        if (is_pipe && e == ENXIO)
            return cr_error_set(err, CR_ERR_IO, path, 0, NULL,
                                "is a named pipe that no process is reading; start the "
                                "reader first");
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open for writing: %s",
                            strerror(e));
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    out->final_path = dup_or_null(path);
    out->fp = out->final_path ? fdopen(fd, "w") : NULL;
    if (!out->fp) {
        int e = errno;
        close(fd);
        cr_outfile_abort(out);
        return e == ENOMEM || !out->final_path
                   ? cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory")
                   : cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open for writing: %s",
                                  strerror(e));
    }
    return CR_OK;
}

/* The temporary's path: target's directory, "." + its name cut so that the
 * whole fits in NAME_MAX bytes (at a UTF-8 character boundary), ".XXXXXX". */
static char *temporary_name(const char *target)
{
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    size_t dir_len = (size_t)(base - target);
    size_t base_len = strlen(base);
    if (base_len > NAME_MAX - TMP_EXTRA) {
        base_len = NAME_MAX - TMP_EXTRA;
        while (base_len > 0 && ((unsigned char)base[base_len] & 0xC0) == 0x80)
            base_len--;
    }
    char *tmp = malloc(dir_len + base_len + TMP_EXTRA + 1);
    if (!tmp)
        return NULL;
    memcpy(tmp, target, dir_len);
    tmp[dir_len] = '.';
    memcpy(tmp + dir_len + 1, base, base_len);
    memcpy(tmp + dir_len + 1 + base_len, ".XXXXXX", 8);
    return tmp;
}

/* Give the temporary the mode and owner of the file it will replace (or the
 * usual mode of a new file). */
static cr_status match_existing(int fd, const char *path, bool exists, const struct stat *old,
                                cr_error *err)
{
    if (!exists) {
        /* mkstemp makes 0600; give the file the usual permissions. */
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
        return CR_OK;
    }
    struct stat now;
    if (fstat(fd, &now) != 0)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot examine its temporary: %s",
                            strerror(errno));
    if ((now.st_uid != old->st_uid || now.st_gid != old->st_gid) &&
        fchown(fd, old->st_uid, old->st_gid) != 0)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL,
                            "belongs to user %lu, group %lu, and a file written in its place "
                            "could not keep that owner (%s); not replaced: remove it first or "
                            "write elsewhere",
                            (unsigned long)old->st_uid, (unsigned long)old->st_gid,
                            strerror(errno));
    /* The permission bits only: a report is never set-user-ID. */
    if (fchmod(fd, old->st_mode & 0777) != 0)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot keep its mode: %s",
                            strerror(errno));
    return CR_OK;
}

cr_status cr_outfile_open(cr_outfile *out, const char *path, cr_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0) {
        out->fp = stdout;
        return CR_OK;
    }
    char *target;
    bool exists;
    struct stat st;
    cr_status status = follow_links(path, false, &target, &exists, &st, err);
    if (status != CR_OK)
        return status;
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        status = open_through(out, path, target, S_ISFIFO(st.st_mode), err);
        free(target);
        return status;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        free(target);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL,
                            "is %s; expected a file name (a regular file, a character device "
                            "or a named pipe)",
                            S_ISDIR(st.st_mode)   ? "a directory"
                            : S_ISBLK(st.st_mode) ? "a block device"
                                                  : "neither a file nor a device");
    }
    out->final_path = target;
    out->tmp_path = temporary_name(target);
    if (!out->tmp_path) {
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        cr_outfile_abort(out);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot create a file beside it: %s",
                            strerror(e));
    }
    status = match_existing(fd, path, exists, &st, err);
    out->fp = status == CR_OK ? fdopen(fd, "w") : NULL;
    if (!out->fp) {
        int e = errno;
        close(fd);
        cr_outfile_abort(out);
        if (status != CR_OK)
            return status;
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open for writing: %s",
                            strerror(e));
    }
    return CR_OK;
}

/* The error of a stream that failed: errno of a write made now, since the
 * one of the write that failed may be long overwritten (EFBIG, ENOSPC). */
static int stream_errno(FILE *fp)
{
    errno = 0;
    if (ferror(fp)) {
        clearerr(fp);
        if (fflush(fp) != 0)
            return errno ? errno : EIO;
    }
    return errno ? errno : EIO;
}

cr_status cr_outfile_commit(cr_outfile *out, cr_error *err)
{
    if (!out->fp)
        return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "output already closed");
    if (!out->final_path || !out->tmp_path) {
        /* Standard output, a device or a pipe: nothing to sync or rename. */
        const char *name = out->final_path ? out->final_path : "<stdout>";
        int bad = fflush(out->fp) != 0 || ferror(out->fp);
        int e = bad ? stream_errno(out->fp) : 0;
        if (out->final_path && fclose(out->fp) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        out->fp = NULL;
        char keep[512];
        snprintf(keep, sizeof keep, "%s", name);
        free(out->final_path);
        out->final_path = NULL;
        if (bad)
            return cr_error_set(err, CR_ERR_IO, keep, 0, NULL, "write failed: %s", strerror(e));
        return CR_OK;
    }
    int bad = fflush(out->fp) != 0 || ferror(out->fp);
    int e = bad ? stream_errno(out->fp) : 0;
    if (!bad && fsync(fileno(out->fp)) != 0) {
        bad = 1;
        e = errno;
    }
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

/* The file an output path names, as an absolute path without links, "." or
 * "..": its links followed as cr_outfile_open follows them, then its
 * directory resolved.  "-" stays "-".  NULL when out of memory. */
static char *canonical_output(const char *path)
{
    if (strcmp(path, "-") == 0)
        return dup_or_null(path);
    char *target = NULL;
    bool exists;
    struct stat st;
    cr_error ignored;
    if (follow_links(path, true, &target, &exists, &st, &ignored) != CR_OK)
        target = dup_or_null(path);
    if (!target)
        return NULL;
    char *dir = dir_part(target);
    char *resolved = dir ? realpath(*dir ? dir : ".", NULL) : NULL;
    const char *base = target + (dir ? strlen(dir) : 0);
    char *out = NULL;
    if (resolved) {
        size_t n = strlen(resolved) + strlen(base) + 2;
        out = malloc(n);
        if (out)
            snprintf(out, n, "%s/%s", resolved, base);
    } else if (dir) {
        /* A directory that does not exist: the open will say so. */
        out = dup_or_null(target);
    }
    free(resolved);
    free(dir);
    free(target);
    return out;
}

cr_status cr_outfile_check_distinct(const char *a, const char *b, cr_error *err)
{
    if (!a || !b)
        return CR_OK;
    char *ca = canonical_output(a), *cb = canonical_output(b);
    cr_status status = CR_OK;
    if (!ca || !cb)
        status = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    else if (strcmp(ca, cb) == 0)
        status = cr_error_set(err, CR_ERR_USAGE, b, 0, NULL,
                              "names the same file as \"%.300s\"; expected a different file "
                              "for each output",
                              a);
    free(ca);
    free(cb);
    return status;
}
