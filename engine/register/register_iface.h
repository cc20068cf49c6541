/*
 * register_iface.h -- the register's interface to the stage after it, the
 * fleet batch (engine/batch), which records many runs in one connection
 * (library-internal; the only register header another stage includes).
 *
 * It names what the batch needs beyond the public cloudrisk/register.h: the
 * connection's SQLite handle (for the batch's own temporary tables and
 * summary queries), transactions and group commit, a run recorded with the
 * fingerprints of its files, SQLite errors as cr_error values, the JSON and
 * text forms of a change, and the register's number formats.  The handle's
 * layout, its statements and the schema stay private to engine/register
 * (reg_internal.h).
 */
#ifndef CR_REGISTER_IFACE_H
#define CR_REGISTER_IFACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "cloudrisk/register.h"
#include "util/json_build.h"

/* The connection's SQLite handle (owned by reg). */
sqlite3 *reg_db(cr_register *reg);
/* True while a group transaction is open (reg_group_begin). */
bool reg_group_open(const cr_register *reg);
/* The prepared statement listing each service's latest run (service key,
 * run id, inputs' hash, model and criteria versions, seed, trials, source,
 * and the stamp of its files; reg_stmt.c has the columns in order): owned
 * by reg, reset, no bindings. */
sqlite3_stmt *reg_latest_runs_stmt(cr_register *reg, cr_error *err);

/* A file's fingerprint: what stat(2) says about it.  Equal fingerprints
 * (with the change time, which no user tool can set back) mean the file was
 * not written in between. */
typedef struct reg_file_stamp {
    int64_t dev, ino, size, mtime_ns, ctime_ns;
} reg_file_stamp;

/* The fingerprints of a run's files and the hash of everything else its
 * inputs' hash covers (the model's and calibration's files). */
typedef struct reg_stamp {
    bool valid;
    char context_sha256[65];
    reg_file_stamp service;
    bool has_checklist;
    reg_file_stamp checklist;
    bool has_decisions;
    reg_file_stamp decisions;
} reg_stamp;

/* cr_register_record_run, also recording the run's stamp (when valid) in
 * the same transaction. */
cr_status reg_record_run_stamped(cr_register *reg, cr_reg_run *run,
                                 const cr_reg_record_options *options, const reg_stamp *stamp,
                                 cr_reg_outcome *outcome, cr_reg_change *change, cr_error *err);
/* Record (or replace) the stamp of an existing run, inside the caller's
 * transaction. */
cr_status reg_write_stamp(cr_register *reg, int64_t run_id, const reg_stamp *stamp,
                          cr_error *err);

/* Fill err from the connection's last error: "PATH: SQLite: MESSAGE (while
 * WHAT)"; returns the status (I/O, input for a file that is not a database,
 * internal for misuse and constraint failures). */
cr_status reg_sql_error(cr_register *reg, int rc, const char *what, cr_error *err);

/* Transactions.  reg_begin_write takes the write lock at once (BEGIN
 * IMMEDIATE), waiting and retrying while another connection holds it, so that
 * a transaction never fails half-way for want of the lock. */
/* Group commit.  Recording a run costs two SQLite transactions' worth of
 * work when it is one of its own; a batch recording many runs opens one write
 * transaction for several (reg_group_begin), records each in a savepoint of
 * it, whole or not at all as before, and commits the group often
 * (reg_group_commit).  A batch killed meanwhile loses the runs of the open
 * group, never part of a run; the next batch assesses them again. */
cr_status reg_group_begin(cr_register *reg, cr_error *err);
cr_status reg_group_commit(cr_register *reg, cr_error *err);
cr_status reg_begin_write(cr_register *reg, cr_error *err);
cr_status reg_commit(cr_register *reg, cr_error *err);
void reg_rollback(cr_register *reg);
/* Run constant SQL (no parameters, never input text). */
cr_status reg_exec(cr_register *reg, const char *sql, const char *what, cr_error *err);

/* Binding helpers: NULL text binds SQL NULL; absent losses bind NULLs. */
int reg_bind_text(sqlite3_stmt *st, int index, const char *text);

/* Column helpers for reading back: a malloc'd copy (NULL for SQL NULL);
 * *failed is set when memory runs out. */
char *reg_column_text(sqlite3_stmt *st, int col, bool *failed);
char *reg_strdup(const char *s, bool *failed);

/* The shortest decimal form of v that reads back as the same double. */
void reg_format_double(char *buf, size_t size, double v);
/* A run's residual levels counted, worst first: "high 2, medium 9, low 10". */
void reg_level_counts(const cr_reg_run *run, char *buf, size_t size);
/* A change as indented lines of text (the body of `cloudrisk diff`); false
 * when memory ran out (nothing written). */
bool reg_change_print_text(const cr_reg_change *c, FILE *out);

/* Seeds are unsigned 64-bit; SQLite integers are signed, so the register
 * keeps a seed as its decimal text. */
void reg_seed_text(uint64_t seed, char text[24]);
bool reg_seed_parse(const char *text, uint64_t *seed);

/* A change as JSON, built with b (util/json_build.h). */
cJSON *reg_change_to_json(cr_jb *b, const cr_reg_change *c);
/* Print doc (formatted or on one line) and a newline to out, unless its
 * build b failed (out of memory, nothing printed); deletes doc. */
cr_status reg_json_write(cr_jb *b, cJSON *doc, bool formatted, FILE *out, cr_error *err);

#endif
