/*
 * reg_open.c -- opening a register, and the transaction discipline that lets
 * several processes write one at once.
 *
 * Why WAL: in write-ahead-log mode readers never block the writer and the
 * writer never blocks readers, and a process killed mid-transaction leaves
 * only an uncommitted tail in the log that the next opener discards.  With
 * synchronous=NORMAL a commit is durable against a process crash (the log is
 * in the operating system's cache) though not against a power cut, which may
 * lose the last commits but never corrupts the file; a batch simply re-runs
 * what was lost.
 *
 * Why BEGIN IMMEDIATE and a retry loop: a deferred transaction that reads and
 * then writes can fail with SQLITE_BUSY half-way (another writer got in
 * between), and the busy handler is not consulted in every case (e.g.
 * SQLITE_BUSY_RECOVERY while another connection recovers the log).  Taking
 * the write lock up front, and retrying that one statement with a growing
 * pause, means a transaction, once begun, runs to its end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "register/reg_internal.h"

/* How long SQLite's own busy handler waits per attempt, and how long we keep
 * retrying on top of it before giving up on the lock. */
#define REG_BUSY_TIMEOUT_MS 2000
#define REG_LOCK_GIVE_UP_MS (10 * 60 * 1000)

cr_status reg_sql_error(cr_register *reg, int rc, const char *what, cr_error *err)
{
    const char *message = reg && reg->db ? sqlite3_errmsg(reg->db) : sqlite3_errstr(rc);
    const char *path = reg && reg->path ? reg->path : NULL;
    cr_status status;
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        status = CR_ERR_INPUT;
        break;
    case SQLITE_NOMEM:
        status = CR_ERR_MEMORY;
        break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
        status = CR_ERR_INTERNAL;
        break;
    default: /* I/O errors, a full disk, permissions, a lock held too long */
        status = CR_ERR_IO;
        break;
    }
    return cr_error_set(err, status, path, 0, NULL, "register: %s (while %s)", message, what);
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static bool is_busy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/* Run `sql` (constant text), retrying while the database is locked. */
static int exec_retrying(cr_register *reg, const char *sql)
{
    long waited = 0, pause = 5;
    for (;;) {
        int rc = sqlite3_exec(reg->db, sql, NULL, NULL, NULL);
        if (!is_busy(rc) || waited >= REG_LOCK_GIVE_UP_MS)
            return rc;
        pause_ms(pause);
        waited += pause + REG_BUSY_TIMEOUT_MS;
        pause = pause < 200 ? pause * 2 : 200;
    }
}

cr_status reg_begin_write(cr_register *reg, cr_error *err)
{
    int rc = exec_retrying(reg, "BEGIN IMMEDIATE");
    return rc == SQLITE_OK ? CR_OK : reg_sql_error(reg, rc, "taking the write lock", err);
}

cr_status reg_commit(cr_register *reg, cr_error *err)
{
    /* COMMIT in WAL mode can meet SQLITE_BUSY only from a checkpoint held by
     * another connection; the transaction stays open, so retrying is safe. */
    int rc = exec_retrying(reg, "COMMIT");
    if (rc == SQLITE_OK)
        return CR_OK;
    cr_status s = reg_sql_error(reg, rc, "committing", err);
    reg_rollback(reg);
    return s;
}

void reg_rollback(cr_register *reg)
{
    if (!sqlite3_get_autocommit(reg->db))
        (void)sqlite3_exec(reg->db, "ROLLBACK", NULL, NULL, NULL);
    reg->group = false;
}

cr_status reg_group_begin(cr_register *reg, cr_error *err)
{
    cr_status s = reg_begin_write(reg, err);
    reg->group = s == CR_OK;
    return s;
}

cr_status reg_group_commit(cr_register *reg, cr_error *err)
{
    if (!reg->group)
        return CR_OK;
    reg->group = false;
    return reg_commit(reg, err);
}

cr_status reg_exec(cr_register *reg, const char *sql, const char *what, cr_error *err)
{
    int rc = sqlite3_exec(reg->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CR_OK : reg_sql_error(reg, rc, what, err);
}

int reg_bind_text(sqlite3_stmt *st, int index, const char *text)
{
    return text ? sqlite3_bind_text(st, index, text, -1, SQLITE_TRANSIENT)
                : sqlite3_bind_null(st, index);
}

cr_status reg_step_done(cr_register *reg, sqlite3_stmt *st, const char *what, cr_error *err)
{
    int rc = sqlite3_step(st);
    cr_status s = rc == SQLITE_DONE ? CR_OK : reg_sql_error(reg, rc, what, err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return s;
}

char *reg_strdup(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (!copy)
        *failed = true;
    else
        memcpy(copy, s, n);
    return copy;
}

char *reg_column_text(sqlite3_stmt *st, int col, bool *failed)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return NULL;
    return reg_strdup((const char *)sqlite3_column_text(st, col), failed);
}

/* Switch to WAL; several processes opening a new file at once may find it
 * locked while one of them switches, so this retries too. */
static cr_status set_pragmas(cr_register *reg, cr_error *err)
{
    sqlite3_busy_timeout(reg->db, REG_BUSY_TIMEOUT_MS);
    int rc = exec_retrying(reg, "PRAGMA journal_mode = WAL");
    if (rc != SQLITE_OK)
        return reg_sql_error(reg, rc, "switching to write-ahead logging", err);
    rc = sqlite3_exec(reg->db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", NULL,
                      NULL, NULL);
    if (rc != SQLITE_OK)
        return reg_sql_error(reg, rc, "setting up the connection", err);
    return CR_OK;
}

cr_status reg_open_at_version(const char *path, cr_register_mode mode, int target_version,
                              cr_register **out, cr_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL, "no register path given");
    struct stat st;
    if (mode != CR_REGISTER_CREATE && stat(path, &st) != 0)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL,
                            "no register here (%s); give an existing one with --db",
                            strerror(errno));
    cr_register *reg = calloc(1, sizeof *reg);
    if (!reg || !(reg->path = reg_strdup(path, &(bool){false}))) {
        free(reg);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    int flags = (mode == CR_REGISTER_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                SQLITE_OPEN_NOMUTEX;
    if (mode == CR_REGISTER_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &reg->db, flags, NULL);
    cr_status s = CR_OK;
    if (rc != SQLITE_OK) {
        s = cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open the register: %s",
                         reg->db ? sqlite3_errmsg(reg->db) : sqlite3_errstr(rc));
        cr_register_close(reg);
        return s;
    }
    sqlite3_extended_result_codes(reg->db, 1);
    /* Whose file it is, first: switching to WAL rewrites the header of any
     * SQLite file, another application's included. */
    sqlite3_busy_timeout(reg->db, REG_BUSY_TIMEOUT_MS);
    int version = 0;
    s = reg_check_ours(reg, &version, err);
    if (!s && mode == CR_REGISTER_READ) {
        if (version == target_version) {
            reg->version = version;
            *out = reg;
            return CR_OK;
        }
        /* Older (or newer, which the migration refuses): open to migrate. */
        cr_register_close(reg);
        return reg_open_at_version(path, CR_REGISTER_EXISTING, target_version, out, err);
    }
    if (!s)
        s = set_pragmas(reg, err);
    if (!s)
        s = reg_migrate(reg, target_version, err);
    if (s) {
        cr_register_close(reg);
        return s;
    }
    *out = reg;
    return CR_OK;
}

cr_status cr_register_open(const char *path, cr_register_mode mode, cr_register **out,
                           cr_error *err)
{
    return reg_open_at_version(path, mode, CR_REGISTER_SCHEMA_VERSION, out, err);
}

void cr_register_close(cr_register *reg)
{
    if (!reg)
        return;
    reg_stmts_finalize(reg);
    if (reg->db)
        sqlite3_close(reg->db);
    free(reg->path);
    free(reg);
}

int cr_register_schema_version(const cr_register *reg)
{
    return reg->version;
}

/* Run a check pragma; its first row is "ok" (integrity_check) or absent
 * (foreign_key_check) when all is well. */
static cr_status run_check(cr_register *reg, const char *sql, const char *ok_text,
                           cr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return reg_sql_error(reg, rc, "checking the register", err);
    rc = sqlite3_step(st);
    cr_status s = CR_OK;
    if (rc == SQLITE_ROW) {
        const char *first = (const char *)sqlite3_column_text(st, 0);
        if (!ok_text || !first || strcmp(first, ok_text) != 0)
            s = cr_error_set(err, CR_ERR_FAILED, reg->path, 0, NULL, "%s: %s%s%s", sql,
                             first ? first : "(null)", ok_text ? "" : " ",
                             ok_text ? "" : "has a row that breaks a foreign key");
    } else if (rc != SQLITE_DONE) {
        s = reg_sql_error(reg, rc, "checking the register", err);
    }
    sqlite3_finalize(st);
    return s;
}

cr_status cr_register_check(cr_register *reg, cr_error *err)
{
    cr_status s = run_check(reg, "PRAGMA integrity_check", "ok", err);
    if (!s)
        s = run_check(reg, "PRAGMA foreign_key_check", NULL, err);
    return s;
}

cr_status cr_register_counts(cr_register *reg, long *services, long *runs, long *approvals,
                             cr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db,
                                "SELECT (SELECT count(*) FROM services), "
                                "(SELECT count(*) FROM runs), (SELECT count(*) FROM decisions)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        cr_status s = reg_sql_error(reg, rc, "counting", err);
        sqlite3_finalize(st);
        return s;
    }
    *services = (long)sqlite3_column_int64(st, 0);
    *runs = (long)sqlite3_column_int64(st, 1);
    *approvals = (long)sqlite3_column_int64(st, 2);
    sqlite3_finalize(st);
    return CR_OK;
}
