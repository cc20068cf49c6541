/*
 * reg_write.c -- recording a run, and approvals against it.
 *
 * A run goes in whole or not at all: one BEGIN IMMEDIATE ... COMMIT around
 * the service, the run, its losses, risks, gaps and plan, the stale marks
 * its figures put on earlier approvals, and the decisions handed in with it
 * (cr_reg_run.approvals).  The "is this configuration already
 * the latest?" test is made inside that same transaction, under the write
 * lock, so that two processes racing on one service record it once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "register/reg_internal.h"
#include "util/limits.h"
#include "util/text.h"

static const char *const state_names[] = {"inherent", "residual", "target"};

static cr_status find_or_add_service(cr_register *reg, const char *key, int64_t *id,
                                     cr_error *err)
{
    sqlite3_stmt *st = reg_stmt(reg, REG_SERVICE_FIND, err);
    if (!st)
        return err->status;
    reg_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return CR_OK;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return reg_sql_error(reg, rc, "looking up a service", err);
    st = reg_stmt(reg, REG_SERVICE_INSERT, err);
    if (!st)
        return err->status;
    reg_bind_text(st, 1, key);
    cr_status s = reg_step_done(reg, st, "adding a service", err);
    if (!s)
        *id = sqlite3_last_insert_rowid(reg->db);
    return s;
}

typedef struct latest_run {
    bool found;
    int64_t id, seq;
    char run_key[65];
    bool same_configuration;
} latest_run;

static cr_status read_latest(cr_register *reg, int64_t service_id, const cr_reg_run *run,
                             latest_run *latest, cr_error *err)
{
    memset(latest, 0, sizeof *latest);
    sqlite3_stmt *st = reg_stmt(reg, REG_RUN_LATEST_OF_SERVICE, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, service_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        latest->found = true;
        latest->id = sqlite3_column_int64(st, 0);
        latest->seq = sqlite3_column_int64(st, 1);
        snprintf(latest->run_key, sizeof latest->run_key, "%s",
                 (const char *)sqlite3_column_text(st, 2));
        uint64_t seed = 0;
        const char *inputs = (const char *)sqlite3_column_text(st, 3);
        const char *model = (const char *)sqlite3_column_text(st, 4);
        const char *criteria = (const char *)sqlite3_column_text(st, 5);
        latest->same_configuration =
            strcmp(inputs, run->inputs_sha256) == 0 && strcmp(model, run->model_version) == 0 &&
            strcmp(criteria, run->criteria_version) == 0 &&
            reg_seed_parse((const char *)sqlite3_column_text(st, 6), &seed) &&
            seed == run->seed && (uint64_t)sqlite3_column_int64(st, 7) == run->trials &&
            sqlite3_column_double(st, 8) == run->precision &&
            (uint64_t)sqlite3_column_int64(st, 9) == run->max_trials;
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CR_OK : reg_sql_error(reg, rc, "reading the latest run", err);
}

static void bind_loss(sqlite3_stmt *st, int first, const cr_reg_loss *l)
{
    const double v[] = {l->mean, l->mean_se, l->p50, l->p90, l->p95, l->p99};
    for (int i = 0; i < 6; i++)
        sqlite3_bind_double(st, first + i, v[i]);
}

static void bind_double_or_null(sqlite3_stmt *st, int index, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(st, index, v);
    else
        sqlite3_bind_null(st, index);
}

/* A signed state's columns: basis, level, level_rank, expected loss, its SE,
 * P95 and the plan items' hash, from `first`. */
static void bind_state(sqlite3_stmt *st, int first, const cr_signed_state *s)
{
    reg_bind_text(st, first, cr_signed_basis_name(s->basis));
    reg_bind_text(st, first + 1, s->level_id[0] ? s->level_id : NULL);
    if (s->level >= 0)
        sqlite3_bind_int(st, first + 2, s->level);
    else
        sqlite3_bind_null(st, first + 2);
    bind_double_or_null(st, first + 3, s->expected_loss);
    bind_double_or_null(st, first + 4, s->expected_loss_se);
    bind_double_or_null(st, first + 5, s->p95);
    reg_bind_text(st, first + 6, s->items_sha256[0] ? s->items_sha256 : NULL);
}

static cr_status insert_run_loss(cr_register *reg, int64_t run_id, int state,
                                 const cr_reg_loss *l, cr_error *err)
{
    if (l->years == 0)
        return CR_OK;
    sqlite3_stmt *st = reg_stmt(reg, REG_RUN_LOSS_INSERT, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, run_id);
    reg_bind_text(st, 2, state_names[state]);
    bind_loss(st, 3, l);
    return reg_step_done(reg, st, "recording a loss total", err);
}

static cr_status insert_risk(cr_register *reg, int64_t run_id, size_t ord, const cr_reg_risk *r,
                             cr_error *err)
{
    sqlite3_stmt *st = reg_stmt(reg, REG_RISK_INSERT, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)ord);
    reg_bind_text(st, 3, r->risk_id);
    sqlite3_bind_int(st, 4, r->inherent_impact);
    sqlite3_bind_int(st, 5, r->inherent_likelihood);
    reg_bind_text(st, 6, r->inherent_level);
    sqlite3_bind_int(st, 7, r->inherent_rank);
    sqlite3_bind_int(st, 8, r->residual_impact);
    sqlite3_bind_int(st, 9, r->residual_likelihood);
    reg_bind_text(st, 10, r->residual_level);
    sqlite3_bind_int(st, 11, r->residual_rank);
    reg_bind_text(st, 12, r->target_level);
    if (r->target_level)
        sqlite3_bind_int(st, 13, r->target_rank);
    else
        sqlite3_bind_null(st, 13);
    reg_bind_text(st, 14, r->treatment);
    reg_bind_text(st, 15, r->treatment_reason);
    cr_status s = reg_step_done(reg, st, "recording a risk", err);
    const cr_reg_loss *losses[] = {&r->inherent_loss, &r->residual_loss, &r->target_loss};
    for (int k = 0; !s && k < 3; k++) {
        if (losses[k]->years == 0)
            continue;
        st = reg_stmt(reg, REG_RISK_LOSS_INSERT, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, run_id);
        reg_bind_text(st, 2, r->risk_id);
        reg_bind_text(st, 3, state_names[k]);
        bind_loss(st, 4, losses[k]);
        s = reg_step_done(reg, st, "recording a risk's loss", err);
    }
    return s;
}

static cr_status insert_children(cr_register *reg, const cr_reg_run *run, cr_error *err)
{
    cr_status s = CR_OK;
    const cr_reg_loss *totals[] = {&run->inherent_total, &run->residual_total,
                                   &run->target_total};
    for (int k = 0; !s && k < 3; k++)
        s = insert_run_loss(reg, run->id, k, totals[k], err);
    for (size_t i = 0; !s && i < run->n_risks; i++)
        s = insert_risk(reg, run->id, i, &run->risks[i], err);
    size_t g = 0;
    for (; !s && g + REG_GAPS_PER_INSERT <= run->n_gaps; g += REG_GAPS_PER_INSERT) {
        sqlite3_stmt *st = reg_stmt(reg, REG_GAP_INSERT_MANY, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, run->id);
        for (int k = 0; k < REG_GAPS_PER_INSERT; k++) {
            reg_bind_text(st, 2 + 2 * k, run->gaps[g + (size_t)k].risk_id);
            reg_bind_text(st, 3 + 2 * k, run->gaps[g + (size_t)k].control_id);
        }
        s = reg_step_done(reg, st, "recording gaps", err);
    }
    for (; !s && g < run->n_gaps; g++) {
        sqlite3_stmt *st = reg_stmt(reg, REG_GAP_INSERT, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, run->id);
        reg_bind_text(st, 2, run->gaps[g].risk_id);
        reg_bind_text(st, 3, run->gaps[g].control_id);
        s = reg_step_done(reg, st, "recording a gap", err);
    }
    for (size_t i = 0; !s && i < run->n_plan_items; i++) {
        const cr_reg_plan_item *p = &run->plan_items[i];
        sqlite3_stmt *st = reg_stmt(reg, REG_PLAN_INSERT, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, run->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        reg_bind_text(st, 3, p->control_id);
        reg_bind_text(st, 4, p->risks);
        reg_bind_text(st, 5, p->option);
        sqlite3_bind_int(st, 6, p->priority);
        reg_bind_text(st, 7, p->owner);
        sqlite3_bind_double(st, 8, p->cost_once);
        sqlite3_bind_double(st, 9, p->cost_annual);
        reg_bind_text(st, 10, p->due);
        if (isnan(p->loss_reduction))
            sqlite3_bind_null(st, 11);
        else
            sqlite3_bind_double(st, 11, p->loss_reduction);
        reg_bind_text(st, 12, p->control_status);
        s = reg_step_done(reg, st, "recording a plan item", err);
    }
    for (size_t i = 0; !s && i < run->n_sheet; i++) {
        const cr_reg_sheet_row *r = &run->sheet[i];
        sqlite3_stmt *st = reg_stmt(reg, REG_SHEET_INSERT, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, run->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        reg_bind_text(st, 3, cr_subject_kind_name(r->kind));
        reg_bind_text(st, 4, r->subject);
        bind_state(st, 5, &r->state);
        s = reg_step_done(reg, st, "recording the approval sheet", err);
    }
    return s;
}

/* Judge the service's current decisions by the one rule against the new
 * run (on the run's date) and mark stale those it says no longer hold; the
 * stale ones are appended to change (when given). */
cr_status reg_mark_stale_approvals(cr_register *reg, int64_t service_id,
                                   const cr_reg_run *run, double materiality,
                                   cr_reg_change *change, cr_error *err)
{
    cr_reg_approval *current = NULL;
    size_t n = 0;
    sqlite3_stmt *st = reg_stmt(reg, REG_APPROVALS_CURRENT_OF_SERVICE, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, service_id);
    cr_status s = reg_collect_approvals(reg, st, &current, &n, err);

    for (size_t i = 0; !s && i < n; i++) {
        cr_reg_approval *a = &current[i];
        if (a->run_id == run->id)
            continue;
        cr_decision_verdict v;
        if (!cr_reg_approval_judge(a, run, run->run_time, materiality, &v) ||
            v.status != CR_DSTATUS_STALE)
            continue;
        char reason[400];
        snprintf(reason, sizeof reason, "%s: %s", a->subject, v.text);
        st = reg_stmt(reg, REG_APPROVAL_MARK_STALE, err);
        if (!st) {
            s = err->status;
            break;
        }
        sqlite3_bind_int64(st, 1, a->id);
        sqlite3_bind_int64(st, 2, run->id);
        reg_bind_text(st, 3, reason);
        s = reg_step_done(reg, st, "marking a decision stale", err);
        if (s || !change)
            continue;
        bool failed = false;
        free(a->stale_reason);
        a->stale_reason = reg_strdup(reason, &failed);
        a->stale_run_id = run->id;
        a->status = CR_DSTATUS_STALE;
        cr_reg_approval *grown =
            failed ? NULL : realloc(change->stale, (change->n_stale + 1) * sizeof *grown);
        if (!grown) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        change->stale = grown;
        change->stale[change->n_stale++] = *a;
        memset(a, 0, sizeof *a); /* moved */
    }
    cr_reg_approvals_free(current, n);
    return s;
}

cr_status reg_write_stamp(cr_register *reg, int64_t run_id, const reg_stamp *stamp,
                          cr_error *err)
{
    sqlite3_stmt *st = reg_stmt(reg, REG_STAMP_UPSERT, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, run_id);
    reg_bind_text(st, 2, stamp->context_sha256);
    const reg_file_stamp *files[] = {&stamp->service, &stamp->checklist, &stamp->decisions};
    const bool present[] = {true, stamp->has_checklist, stamp->has_decisions};
    for (int f = 0; f < 3; f++) {
        const int64_t v[] = {files[f]->dev, files[f]->ino, files[f]->size, files[f]->mtime_ns,
                             files[f]->ctime_ns};
        for (int k = 0; k < 5; k++) {
            if (!present[f])
                sqlite3_bind_null(st, 3 + 5 * f + k);
            else
                sqlite3_bind_int64(st, 3 + 5 * f + k, v[k]);
        }
    }
    return reg_step_done(reg, st, "recording file fingerprints", err);
}

static cr_status signed_state_of(const cr_reg_run *run, cr_reg_approval *a, cr_error *err);

cr_status reg_insert_decision(cr_register *reg, int64_t service_id, cr_reg_approval *a,
                              cr_error *err)
{
    sqlite3_stmt *st = reg_stmt(reg, REG_APPROVAL_NEXT_ID, err);
    if (!st)
        return err->status;
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return reg_sql_error(reg, rc, "numbering a decision", err);
    /* The subject's current decision becomes history first: one current
     * decision per subject (the decisions_current index holds it). */
    st = reg_stmt(reg, REG_APPROVAL_SUPERSEDE, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, service_id);
    reg_bind_text(st, 2, a->subject);
    sqlite3_bind_int64(st, 3, id);
    cr_status s = reg_step_done(reg, st, "superseding a decision", err);
    if (s)
        return s;
    st = reg_stmt(reg, REG_APPROVAL_INSERT, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, a->run_id);
    sqlite3_bind_int64(st, 3, service_id);
    reg_bind_text(st, 4, cr_subject_kind_name(a->subject_kind));
    reg_bind_text(st, 5, a->subject);
    reg_bind_text(st, 6, a->approver);
    reg_bind_text(st, 7, a->decision);
    reg_bind_text(st, 8, a->decided_on);
    reg_bind_text(st, 9, a->note);
    reg_bind_text(st, 10, a->minutes);
    reg_bind_text(st, 11, a->conditions);
    reg_bind_text(st, 12, a->accepted_until);
    bind_state(st, 13, &a->signed_state);
    reg_bind_text(st, 20, a->signed_state.sheet_sha256[0] ? a->signed_state.sheet_sha256 : NULL);
    reg_bind_text(st, 21, a->source);
    s = reg_step_done(reg, st, "recording a decision", err);
    if (!s) {
        a->id = id;
        a->superseded_by = 0;
        a->stale_run_id = 0;
        a->status = CR_DSTATUS_CURRENT;
    }
    return s;
}

/* The run's decisions, inside its transaction: each new one as its
 * subject's current decision; one already on record for the service, or
 * older than the subject's current decision, left as it is (see
 * cr_reg_run.approvals). */
static cr_status insert_run_approvals(cr_register *reg, int64_t service_id, cr_reg_run *run,
                                      cr_error *err)
{
    for (size_t i = 0; i < run->n_approvals; i++) {
        cr_reg_approval *a = &run->approvals[i];
        a->id = a->run_id = 0;
        if (a->stale_reason)
            continue; /* stale on arrival: the caller reports it */
        for (size_t j = 0; j < i; j++)
            if (!run->approvals[j].stale_reason &&
                strcmp(run->approvals[j].subject, a->subject) == 0)
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                                    "two decisions on %s with one run; expected one per "
                                    "subject",
                                    a->subject);
        if (!a->signed_state.present) {
            /* Not said: the state this run's sheet shows (or its residual). */
            const cr_reg_sheet_row *row = reg_find_sheet_row(run, a->subject);
            cr_reg_approval probe = *a;
            cr_status s = CR_OK;
            if (row) {
                a->signed_state = row->state;
                a->subject_kind = row->kind;
            } else if ((s = signed_state_of(run, &probe, err)) == CR_OK) {
                a->signed_state = probe.signed_state;
            } else {
                return s;
            }
        }
        sqlite3_stmt *st = reg_stmt(reg, REG_APPROVAL_SAME, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, service_id);
        reg_bind_text(st, 2, a->subject);
        reg_bind_text(st, 3, a->approver);
        reg_bind_text(st, 4, a->decision);
        reg_bind_text(st, 5, a->decided_on);
        reg_bind_text(st, 6, a->note);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            a->id = sqlite3_column_int64(st, 0);
            a->run_id = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        if (rc == SQLITE_ROW)
            continue;
        if (rc != SQLITE_DONE)
            return reg_sql_error(reg, rc, "looking up a decision", err);
        cr_reg_approval current;
        bool found = false;
        cr_status s = reg_current_decision(reg, service_id, a->subject, &current, &found, err);
        if (s)
            return s;
        bool older = found && strcmp(current.decided_on, a->decided_on) > 0;
        int64_t newer = current.id;
        cr_reg_approval_clear(&current);
        if (older) {
            /* A later decision (say one recorded with `register approve`)
             * stands; the file's is history already. */
            char reason[200];
            snprintf(reason, sizeof reason,
                     "older than decision %lld on record for %s", (long long)newer, a->subject);
            bool failed = false;
            a->stale_reason = reg_strdup(reason, &failed);
            if (failed)
                return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            continue;
        }
        a->run_id = run->id;
        s = reg_insert_decision(reg, service_id, a, err);
        if (s)
            return s;
    }
    return CR_OK;
}

cr_status cr_register_record_run(cr_register *reg, cr_reg_run *run,
                                 const cr_reg_record_options *options, cr_reg_outcome *outcome,
                                 cr_reg_change *change, cr_error *err)
{
    return reg_record_run_stamped(reg, run, options, NULL, outcome, change, err);
}

/* A run's own transaction, or its savepoint within an open group. */
static cr_status record_begin(cr_register *reg, cr_error *err)
{
    if (reg->group)
        return reg_exec(reg, "SAVEPOINT record_run", "taking a savepoint", err);
    return reg_begin_write(reg, err);
}

static cr_status record_commit(cr_register *reg, cr_error *err)
{
    if (reg->group)
        return reg_exec(reg, "RELEASE record_run", "releasing a savepoint", err);
    return reg_commit(reg, err);
}

static void record_undo(cr_register *reg)
{
    if (reg->group) {
        cr_error ignored;
        if (reg_exec(reg, "ROLLBACK TO record_run; RELEASE record_run", "undoing a run",
                     &ignored) != CR_OK)
            reg_rollback(reg); /* the group is unusable: give it up whole */
        return;
    }
    reg_rollback(reg);
}

cr_status reg_record_run_stamped(cr_register *reg, cr_reg_run *run,
                                 const cr_reg_record_options *options, const reg_stamp *stamp,
                                 cr_reg_outcome *outcome, cr_reg_change *change, cr_error *err)
{
    bool force = options && options->force;
    double materiality = options && options->materiality > 0 ? options->materiality
                                                             : CR_REG_DEFAULT_MATERIALITY;
    if (change)
        memset(change, 0, sizeof *change);
    cr_status s = cr_reg_run_validate(run, err);
    if (s)
        return s;
    s = record_begin(reg, err);
    if (s)
        return s;
    int64_t service_id = 0;
    latest_run latest;
    cr_reg_run previous;
    cr_reg_run_init(&previous);
    s = find_or_add_service(reg, run->service_id, &service_id, err);
    if (!s)
        s = read_latest(reg, service_id, run, &latest, err);
    if (s)
        goto fail;
    if (latest.found && latest.same_configuration && !force) {
        record_undo(reg);
        *outcome = CR_REG_ALREADY_CURRENT;
        return CR_OK;
    }
    reg_run_key(run, latest.found ? latest.run_key : NULL, run->run_key);
    run->seq = latest.found ? latest.seq + 1 : 1;

    sqlite3_stmt *st = reg_stmt(reg, REG_RUN_INSERT, err);
    if (!st) {
        s = err->status;
        goto fail;
    }
    char seed[24];
    reg_seed_text(run->seed, seed);
    reg_bind_text(st, 1, run->run_key);
    sqlite3_bind_int64(st, 2, service_id);
    sqlite3_bind_int64(st, 3, run->seq);
    reg_bind_text(st, 4, run->service_name);
    reg_bind_text(st, 5, run->owner);
    reg_bind_text(st, 6, run->source);
    reg_bind_text(st, 7, run->inputs_sha256);
    reg_bind_text(st, 8, run->model_version);
    reg_bind_text(st, 9, run->criteria_version);
    reg_bind_text(st, 10, seed);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)run->trials);
    reg_bind_text(st, 12, run->run_time);
    reg_bind_text(st, 13, run->currency);
    reg_bind_text(st, 14, run->assessor);
    reg_bind_text(st, 15, run->sheet_sha256[0] ? run->sheet_sha256 : NULL);
    if (run->review_interval_months > 0)
        sqlite3_bind_int(st, 16, run->review_interval_months);
    else
        sqlite3_bind_null(st, 16);
    reg_bind_text(st, 17, run->input_parts);
    if (run->precision > 0) {
        sqlite3_bind_double(st, 18, run->precision);
        sqlite3_bind_int64(st, 19, (sqlite3_int64)run->max_trials);
    } else {
        sqlite3_bind_null(st, 18);
        sqlite3_bind_null(st, 19);
    }
    s = reg_step_done(reg, st, "recording a run", err);
    if (s)
        goto fail;
    run->id = sqlite3_last_insert_rowid(reg->db);
    s = insert_children(reg, run, err);
    if (!s && change && latest.found)
        s = reg_load_run(reg, latest.id, &previous, err);
    if (!s && change)
        s = cr_reg_compare(latest.found ? &previous : NULL, run, change, err);
    if (!s)
        s = reg_mark_stale_approvals(reg, service_id, run, materiality, change, err);
    if (!s)
        s = insert_run_approvals(reg, service_id, run, err);
    if (!s && stamp && stamp->valid)
        s = reg_write_stamp(reg, run->id, stamp, err);
    if (!s)
        s = record_commit(reg, err);
    if (s)
        goto fail;
    cr_reg_run_clear(&previous);
    *outcome = CR_REG_RECORDED;
    return CR_OK;
fail:
    record_undo(reg);
    cr_reg_run_clear(&previous);
    if (change)
        cr_reg_change_clear(change);
    run->id = 0;
    run->seq = 0;
    run->run_key[0] = '\0';
    for (size_t i = 0; i < run->n_approvals; i++)
        run->approvals[i].id = run->approvals[i].run_id = 0;
    return s;
}

/* An approval given on figures that a later run of the service has already
 * replaced is checked against that run at once. */
static cr_status stale_if_superseded(cr_register *reg, const cr_reg_run *approved_run,
                                     cr_error *err)
{
    int64_t service_id = 0;
    latest_run latest;
    cr_status s = find_or_add_service(reg, approved_run->service_id, &service_id, err);
    if (!s)
        s = read_latest(reg, service_id, approved_run, &latest, err);
    if (s || !latest.found || latest.id == approved_run->id)
        return s;
    cr_reg_run now;
    cr_reg_run_init(&now);
    s = reg_load_run(reg, latest.id, &now, err);
    if (!s)
        s = reg_mark_stale_approvals(reg, service_id, &now, CR_REG_DEFAULT_MATERIALITY, NULL,
                                 err);
    cr_reg_run_clear(&now);
    return s;
}

static bool valid_date(const char *text, cr_date *out)
{
    return text && strlen(text) == 10 && cr_date_parse(text, out);
}

#define REFUSE(...) cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, __VA_ARGS__)

/* Everything a decision can be checked for before the register is read. */
static cr_status check_words(const cr_reg_approval *a, const char *today, cr_decision_kind *kind,
                             cr_error *err)
{
    if (!a->subject || !*a->subject || !a->approver || cr_text_blank(a->approver))
        return REFUSE("a decision needs a subject (a risk id, a plan item's control id or "
                      "\"plan\") and who took it");
    if (strlen(a->approver) > CR_LIMIT_NAME_BYTES)
        return REFUSE("approver: longer than 200 bytes");
    if (!cr_decision_parse(a->decision, true, kind))
        return REFUSE("decision '%s': expected approved, rejected, approved_with_conditions "
                      "or revoked",
                      a->decision ? a->decision : "");
    cr_date date, now;
    if (!valid_date(a->decided_on, &date))
        return REFUSE("decision date '%.40s': expected " CR_DATE_EXPECTED,
                      a->decided_on ? a->decided_on : "");
    if (!today || !valid_date(today, &now))
        return cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL, "today's date is not known");
    if (cr_date_to_days(date) > cr_date_to_days(now))
        return REFUSE("decision date %s is after today (%s): a decision is recorded once taken",
                      a->decided_on, today);
    if (*kind == CR_DECISION_APPROVED_WITH_CONDITIONS &&
        (!a->conditions || cr_text_blank(a->conditions)))
        return REFUSE("an approval with conditions needs the conditions written down "
                      "(--conditions or --note)");
    if (*kind != CR_DECISION_APPROVED_WITH_CONDITIONS && a->conditions &&
        !cr_text_blank(a->conditions))
        return REFUSE("conditions belong to an approved_with_conditions decision");
    if (*kind == CR_DECISION_REVOKED && (!a->note || cr_text_blank(a->note)))
        return REFUSE("a revocation needs a note saying why (--note)");
    if (a->accepted_until) {
        cr_date until;
        if (!valid_date(a->accepted_until, &until))
            return REFUSE("accepted until '%.40s': expected " CR_DATE_EXPECTED,
                          a->accepted_until);
        if (cr_date_to_days(until) <= cr_date_to_days(date))
            return REFUSE("accepted until %s: expected a date after the decision's (%s)",
                          a->accepted_until, a->decided_on);
    }
    if ((a->note && strlen(a->note) > CR_LIMIT_NOTE_BYTES) ||
        (a->conditions && strlen(a->conditions) > CR_LIMIT_NOTE_BYTES) ||
        (a->minutes && strlen(a->minutes) > CR_LIMIT_NAME_BYTES))
        return REFUSE("note or conditions longer than 2000 bytes, or minutes longer than 200");
    return CR_OK;
}

/* The state the run's sheet shows for the subject (a run recorded without a
 * plan: the risk's residual state). */
static cr_status signed_state_of(const cr_reg_run *run, cr_reg_approval *a, cr_error *err)
{
    if (run->sheet_sha256[0]) {
        const cr_reg_sheet_row *row = reg_find_sheet_row(run, a->subject);
        if (!row) {
            char list[400] = "";
            for (size_t i = 0; i < run->n_sheet && strlen(list) < 300; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, run->sheet[i].subject, sizeof list - strlen(list) - 1);
            }
            return REFUSE("%s is not on the approval sheet of run %lld (%s); expected one of: "
                          "%s",
                          a->subject, (long long)run->id, run->service_id,
                          list[0] ? list : "none: the plan leaves nothing to approve");
        }
        a->subject_kind = row->kind;
        a->signed_state = row->state;
        return CR_OK;
    }
    const cr_reg_risk *risk = reg_find_risk(run, a->subject);
    if (!risk)
        return REFUSE("run %lld (%s) has no risk %s, and no approval sheet (it was assessed "
                      "without a plan)",
                      (long long)run->id, run->service_id, a->subject);
    a->subject_kind = CR_SUBJECT_RISK;
    memset(&a->signed_state, 0, sizeof a->signed_state);
    a->signed_state.present = true;
    a->signed_state.basis = CR_SIGNED_RESIDUAL;
    a->signed_state.level = risk->residual_rank;
    snprintf(a->signed_state.level_id, sizeof a->signed_state.level_id, "%s",
             risk->residual_level);
    bool simulated = risk->residual_loss.years > 0;
    a->signed_state.expected_loss = simulated ? risk->residual_loss.mean : NAN;
    a->signed_state.expected_loss_se = simulated ? risk->residual_loss.mean_se : NAN;
    a->signed_state.p95 = simulated ? risk->residual_loss.p95 : NAN;
    return CR_OK;
}

cr_status cr_register_add_approval(cr_register *reg, cr_reg_approval *a, const char *today,
                                   cr_error *err)
{
    cr_decision_kind kind;
    cr_status s = check_words(a, today, &kind, err);
    if (s)
        return s;
    cr_reg_run run;
    cr_reg_run_init(&run);
    cr_reg_approval current;
    memset(&current, 0, sizeof current);
    bool found = false;
    int64_t service_id = 0;
    s = reg_begin_write(reg, err);
    if (!s)
        s = reg_load_run(reg, a->run_id, &run, err);
    if (!s)
        s = find_or_add_service(reg, run.service_id, &service_id, err);
    if (s)
        goto done;
    if (strncmp(a->decided_on, run.run_time, 10) < 0) {
        s = REFUSE("decision date %s is before run %lld existed (%.10s): a decision signs "
                   "the sheet of a run already drawn up",
                   a->decided_on, (long long)run.id, run.run_time);
        goto done;
    }
    if ((s = signed_state_of(&run, a, err)) != CR_OK)
        goto done;
    if ((s = reg_current_decision(reg, service_id, a->subject, &current, &found, err)) != CR_OK)
        goto done;
    if (kind == CR_DECISION_REVOKED &&
        (!found || strcmp(current.decision, "revoked") == 0)) {
        s = REFUSE("%s of %s has no current decision to revoke", a->subject, run.service_id);
        goto done;
    }
    if (found && strcmp(current.decided_on, a->decided_on) > 0) {
        s = REFUSE("decision %lld on %s is dated %s, after %s: a decision supersedes only an "
                   "earlier one",
                   (long long)current.id, a->subject, current.decided_on, a->decided_on);
        goto done;
    }
    if (found && strcmp(current.decided_on, a->decided_on) == 0 &&
        strcmp(current.decision, "revoked") != 0 && kind != CR_DECISION_REVOKED) {
        s = REFUSE("%s already has decision %lld (%s by %s) of %s: one decision per subject "
                   "and day; revoke it first (register revoke) to record another",
                   a->subject, (long long)current.id, current.decision, current.approver,
                   current.decided_on);
        goto done;
    }
    if (!a->accepted_until && kind != CR_DECISION_REVOKED) {
        cr_date date, until;
        cr_date_parse(a->decided_on, &date);
        until = cr_date_add_months(date, run.review_interval_months > 0
                                             ? run.review_interval_months
                                             : CR_DEFAULT_REVIEW_MONTHS);
        char text[11];
        cr_date_format(until, text);
        bool failed = false;
        a->accepted_until = reg_strdup(text, &failed);
        if (failed) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            goto done;
        }
    }
    if (!a->source) {
        bool failed = false;
        a->source = reg_strdup("register approve", &failed);
        if (failed) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            goto done;
        }
    }
    a->run_id = run.id;
    s = reg_insert_decision(reg, service_id, a, err);
    if (!s)
        s = stale_if_superseded(reg, &run, err);
    if (!s)
        s = reg_commit(reg, err);
done:
    if (s)
        reg_rollback(reg);
    cr_reg_approval_clear(&current);
    cr_reg_run_clear(&run);
    return s;
}

cr_status reg_restale_all(cr_register *reg, cr_error *err)
{
    /* Services with a current approval given on a run other than their
     * latest, and that latest run. */
    static const char sql[] =
        "SELECT DISTINCT r.service_id, l.latest FROM decisions a "
        "JOIN runs r ON r.id = a.run_id "
        "JOIN (SELECT service_id, max(id) AS latest FROM runs GROUP BY service_id) l "
        "  ON l.service_id = r.service_id "
        "WHERE a.stale_run_id IS NULL AND a.superseded_by IS NULL AND a.run_id <> l.latest "
        "ORDER BY r.service_id";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return reg_sql_error(reg, rc, "finding approvals to re-check", err);
    int64_t (*pairs)[2] = NULL;
    size_t n = 0;
    cr_status s = CR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t(*grown)[2] = realloc(pairs, (n + 1) * sizeof *grown);
        if (!grown) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        pairs = grown;
        pairs[n][0] = sqlite3_column_int64(st, 0);
        pairs[n][1] = sqlite3_column_int64(st, 1);
        n++;
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "finding approvals to re-check", err);
    sqlite3_finalize(st);
    for (size_t i = 0; !s && i < n; i++) {
        cr_reg_run latest;
        s = reg_load_run(reg, pairs[i][1], &latest, err);
        if (!s)
            s = reg_mark_stale_approvals(reg, pairs[i][0], &latest, CR_REG_DEFAULT_MATERIALITY,
                                         NULL, err);
        cr_reg_run_clear(&latest);
    }
    free(pairs);
    return s;
}
