/*
 * decisions_template.c -- the decisions template: one row for each subject
 * management decides on (the plan as a whole, each plan item, each risk left
 * above the acceptable level), with what it is and its expected annual loss
 * after the plan for reading, and the columns to fill in: decision, by, date, note.  Every
 * row carries the plan's input hash, so that a decision taken on other
 * inputs is known stale when read back.
 *
 * As CSV its header is the decisions file's (with the informative columns
 * subject, what and loss_after, left out when read); as XLSX a drop-down
 * offers the decisions, in the chosen language.  The filled-in copy, in
 * either form or as saved again by a spreadsheet, is the decisions file
 * (decisions.c); rows left without a decision are no decision.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/plan.h"
#include "plan/decisions_form.h"
#include "util/csv_util.h"
#include "util/text.h"

static const cr_form_column columns[] = {
    {"id", "番号", CR_FORM_TEXT, 0, 0, 0, 9, false, false, false},
    {"subject", "対象", CR_FORM_TEXT, 0, 0, 0, 12, false, true, false},
    {"what", "内容", CR_FORM_TEXT, 0, 0, 0, 44, false, true, false},
    {"loss_after", "実施後の年間予想損失", CR_FORM_AMOUNT, 0, 0, 0, 16, false, true, false},
    {"decision", "決定", CR_FORM_WORD, CR_VALUE_DECISION, 0, 0, 14, true, false, false},
    {"by", "決定者", CR_FORM_TEXT, 0, 0, 0, 16, true, false, false},
    {"date", "決定日", CR_FORM_DATE, 0, 0, 0, 12, true, false, false},
    {"note", "備考", CR_FORM_TEXT, 0, 0, 0, 36, true, false, false},
    {"input_sha256", "入力のSHA-256", CR_FORM_TEXT, 0, 0, 0, 66, false, false, true},
};
enum { N_COLUMNS = sizeof columns / sizeof *columns };

const cr_form cr_decisions_form = {"Decisions", "決定", columns, N_COLUMNS, true};

static const char *const instructions_en[] = {
    "One row per subject to decide on: the plan as a whole (id \"plan\"), each plan item "
    "(its control id) and each risk left above the acceptable level (its risk id).",
    "For each subject decided on, choose the decision from the list (approved, rejected, "
    "changed) and fill in by (who decided), date (YYYY-MM-DD) and note. A \"changed\" "
    "decision needs a note saying what changed.",
    "Rows left without a decision are not read. Do not change id or input_sha256: they tie "
    "the decision to the plan that was shown.",
    "Then run: cloudrisk plan SERVICE.json --decisions THIS-FILE.xlsx",
};

static const char *const instructions_ja[] = {
    "決定の対象ごとに1行あります：計画全体（番号 \"plan\"）、計画項目（管理策番号）、"
    "リスク受容可能レベルを上回る残留リスク（リスクID）。",
    "決定した対象について、一覧から決定（承認、却下、条件付き承認）を選び、決定者、決定日"
    "（YYYY-MM-DD）、備考を記入してください。条件付き承認には、変更内容を備考に記入して"
    "ください。",
    "決定のない行は読み込みません。番号と入力のSHA-256は変更しないでください（提示された"
    "計画と決定を結び付けます）。",
    "記入後に実行：cloudrisk plan SERVICE.json --decisions このファイル.xlsx",
};

typedef struct rows {
    char **cells; /* n * N_COLUMNS, owned */
    size_t n, cap;
    bool failed;
} rows;

static void add(rows *r, const char *id, const char *subject, const char *what, double loss,
                const char *sha)
{
    if (r->failed)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 32;
        char **grown = realloc(r->cells, cap * N_COLUMNS * sizeof *grown);
        if (!grown) {
            r->failed = true;
            return;
        }
        r->cells = grown;
        r->cap = cap;
    }
    char amount[40] = "";
    if (isfinite(loss))
        snprintf(amount, sizeof amount, "%.0f", loss);
    const char *row[N_COLUMNS] = {id, subject, what, amount, "", "", "", "", sha ? sha : ""};
    for (size_t c = 0; c < N_COLUMNS; c++) {
        char *copy = strdup(row[c] ? row[c] : "");
        r->failed = r->failed || !copy;
        r->cells[r->n * N_COLUMNS + c] = copy;
    }
    r->n++;
}

static void collect(const cr_plan *plan, bool ja, rows *r)
{
    char what[600];
    snprintf(what, sizeof what, ja ? "リスク対応計画の全体（%zu項目）" : "The plan as a whole (%zu items)",
             plan->n_items);
    add(r, "plan", ja ? "計画全体" : "plan", what, plan->ale_target, plan->input_sha256);
    for (size_t t = 0; t < plan->n_items; t++) {
        const cr_plan_gap *g = &plan->gaps[plan->items[t].gap];
        const char *title = ja && g->title_ja ? g->title_ja : g->title_en;
        add(r, g->control_id, ja ? "計画項目" : "plan item", title ? title : "",
            plan->items[t].ale_after, plan->input_sha256);
    }
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_risk *risk = &plan->risks[plan->residuals[k].risk];
        const char *name = ja && risk->name_ja ? risk->name_ja : risk->name_en;
        add(r, risk->id, ja ? "残留リスク" : "residual risk", name ? name : "", risk->ale_target,
            plan->input_sha256);
    }
}

cr_status cr_plan_write_decisions_template(const cr_plan *plan, const char *lang, bool xlsx,
                                           FILE *fp, cr_error *err)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    rows r = {0};
    collect(plan, ja, &r);
    cr_status st = CR_OK;
    if (r.failed) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    } else if (xlsx) {
        cr_form_content content = {
            .lang = ja ? "ja" : "en",
            .cells = (const char *const *)r.cells,
            .n_rows = r.n,
            .instructions_title = ja ? "決定の記入方法" : "How to record the decisions",
            .instructions = ja ? instructions_ja : instructions_en,
            .n_instructions = sizeof instructions_en / sizeof *instructions_en,
        };
        st = cr_form_write_xlsx(&cr_decisions_form, &content, fp, err);
    } else {
        const char *header[N_COLUMNS];
        for (size_t c = 0; c < N_COLUMNS; c++)
            header[c] = columns[c].name;
        cr_csv_write_row(fp, header, N_COLUMNS);
        for (size_t i = 0; i < r.n; i++)
            cr_csv_write_row(fp, (const char *const *)&r.cells[i * N_COLUMNS], N_COLUMNS);
        if (ferror(fp))
            st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the template");
    }
    for (size_t i = 0; i < r.n * N_COLUMNS; i++)
        free(r.cells[i]);
    free(r.cells);
    return st;
}
