/*
 * journal.c -- the live workshop's journal: DIR/journal.jsonl, one event a
 * line (JSON), appended and synced before the browser hears "saved".
 *
 * Why a journal and not a state file rewritten on each save: an append is
 * one write(2) of one line, and a crash at any moment leaves every synced
 * line intact and at most one torn line at the end.  That line was never
 * acknowledged (the browser is answered only after fdatasync returns), so a
 * restart cuts it off and replays the rest.
 *
 * Group commit: appends happen under the state's lock, in order; syncs
 * happen outside it.  A save waits for one fdatasync that started after its
 * line was written; while one sync runs, the lines appended meanwhile wait
 * for the next, which covers them all.  Fifty people pressing "save" at once
 * cost a few syncs, not fifty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cloudrisk/io.h"
#include "util/limits.h"
#include "workshop/serve.h"

#define JOURNAL_NAME "journal.jsonl"
#define JOURNAL_MAX_BYTES (256u << 20) /* far beyond any workshop's */

cr_status ws_journal_open(ws_journal *j, const char *dir, bool *existing, cr_error *err)
{
    memset(j, 0, sizeof *j);
    j->fd = -1;
    *existing = false;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL, "cannot create the directory: %s",
                            strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL,
                            "not a directory; expected --out DIR, a directory for the journal "
                            "and the sheets");
    size_t n = strlen(dir) + sizeof JOURNAL_NAME + 1;
    j->path = malloc(n);
    if (!j->path)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    snprintf(j->path, n, "%s/%s", dir, JOURNAL_NAME);
    j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (j->fd < 0) {
        cr_status s = cr_error_set(err, CR_ERR_IO, j->path, 0, NULL, "cannot open the journal: %s",
                                   strerror(errno));
        free(j->path);
        j->path = NULL;
        return s;
    }
    if (fstat(j->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(j->fd);
        j->fd = -1;
        return cr_error_set(err, CR_ERR_IO, j->path, 0, NULL, "not a regular file");
    }
    pthread_mutex_init(&j->sync_lock, NULL);
    *existing = st.st_size > 0;
    j->written = j->synced = (unsigned long long)st.st_size;
    return CR_OK;
}

void ws_journal_close(ws_journal *j)
{
    if (j->fd >= 0) {
        close(j->fd);
        pthread_mutex_destroy(&j->sync_lock);
    }
    free(j->path);
    memset(j, 0, sizeof *j);
    j->fd = -1;
}

cr_status ws_journal_replay(ws_journal *j,
                            cr_status (*fn)(void *user, const cJSON *event, long line,
                                            cr_error *err),
                            void *user, cr_error *err)
{
    char *text = NULL;
    size_t len = 0;
    cr_status st = cr_read_file(j->path, JOURNAL_MAX_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    size_t at = 0, complete = 0;
    long line = 0;
    while (st == CR_OK && at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        if (!nl)
            break; /* torn: never acknowledged */
        line++;
        size_t n = (size_t)(nl - (text + at));
        cJSON *event = cJSON_ParseWithLength(text + at, n);
        if (!event || !cJSON_IsObject(event))
            st = cr_error_set(err, CR_ERR_INPUT, j->path, line, NULL,
                              "not a journal event; expected one JSON object a line, as the "
                              "server writes them (a copy of the journal edited by hand?)");
        else
            st = fn(user, event, line, err);
        cJSON_Delete(event);
        at += n + 1;
        complete = at;
    }
    free(text);
    if (st != CR_OK)
        return st;
    j->lines = line;
    if (complete < len) {
        if (ftruncate(j->fd, (off_t)complete) != 0)
            return cr_error_set(err, CR_ERR_IO, j->path, line + 1, NULL,
                                "cannot cut off the torn last line: %s", strerror(errno));
        if (fdatasync(j->fd) != 0)
            return cr_error_set(err, CR_ERR_IO, j->path, 0, NULL, "cannot sync: %s",
                                strerror(errno));
    }
    j->written = j->synced = complete;
    return CR_OK;
}

cr_status ws_journal_append(ws_journal *j, const cJSON *event, unsigned long long *end,
                            cr_error *err)
{
    if (__atomic_load_n(&j->failed, __ATOMIC_ACQUIRE))
        return cr_error_set(err, CR_ERR_IO, j->path, 0, NULL,
                            "the journal could not be written before; nothing more is saved "
                            "(restart the server)");
    char *text = cJSON_PrintUnformatted(event);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n'; /* replaces the NUL: written as one line */
    size_t done = 0;
    while (done < n + 1) {
        ssize_t w = write(j->fd, text + done, n + 1 - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            free(text);
            __atomic_store_n(&j->failed, true, __ATOMIC_RELEASE);
            return cr_error_set(err, CR_ERR_IO, j->path, 0, NULL, "cannot append: %s",
                                strerror(e));
        }
        done += (size_t)w;
    }
    free(text);
    *end = __atomic_add_fetch(&j->written, (unsigned long long)(n + 1), __ATOMIC_RELEASE);
    j->lines++;
    return CR_OK;
}

cr_status ws_journal_sync(ws_journal *j, unsigned long long end, cr_error *err)
{
    pthread_mutex_lock(&j->sync_lock);
    cr_status st = CR_OK;
    unsigned long long synced = __atomic_load_n(&j->synced, __ATOMIC_ACQUIRE);
    if (synced < end) {
        /* Everything written before this point is covered by this sync. */
        unsigned long long upto = __atomic_load_n(&j->written, __ATOMIC_ACQUIRE);
        if (fdatasync(j->fd) != 0) {
            st = cr_error_set(err, CR_ERR_IO, j->path, 0, NULL, "cannot sync the journal: %s",
                              strerror(errno));
            __atomic_store_n(&j->failed, true, __ATOMIC_RELEASE);
        } else {
            __atomic_store_n(&j->synced, upto, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&j->sync_lock);
    return st;
}
