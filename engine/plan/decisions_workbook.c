/*
 * decisions_workbook.c -- the decisions template as an XLSX workbook, and the
 * decisions file as a form (util/form.h) for reading workbooks back.
 *
 * The same rows and columns as the CSV template (decisions_sheet.c): one row
 * per subject of the approval sheet with the state it asks management to
 * accept and the sheet's hash, for reading (locked); the decision from a
 * drop-down (承認, 却下, 条件付き承認 in Japanese), by, date, minutes,
 * conditions, accepted_until and note to fill in.  decisions.c reads the
 * filled-in workbook through the form, which gives it the template's
 * canonical columns and words; rows left undecided are skipped there.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/plan.h"
#include "plan/decisions_form.h"

static const cr_form_column columns[] = {
    {"subject", "対象", CR_FORM_WORD, CR_VALUE_SUBJECT, 0, 0, 10, false, false, true},
    {"id", "番号", CR_FORM_TEXT, 0, 0, 0, 9, false, false, true},
    {"title", "名称", CR_FORM_TEXT, 0, 0, 0, 40, false, false, true},
    {"state", "状態", CR_FORM_TEXT, 0, 0, 0, 11, false, false, true},
    {"level", "レベル", CR_FORM_TEXT, 0, 0, 0, 9, false, false, true},
    {"expected_loss", "年間予想損失", CR_FORM_AMOUNT, 0, 0, 0, 15, false, false, true},
    {"p95", "年間損失の95パーセンタイル", CR_FORM_AMOUNT, 0, 0, 0, 15, false, false, true},
    {"items_sha256", "計画項目のSHA-256", CR_FORM_TEXT, 0, 0, 0, 66, false, false, true},
    {"input_sha256", "入力のSHA-256", CR_FORM_TEXT, 0, 0, 0, 66, false, false, true},
    {"decision", "決定", CR_FORM_WORD, CR_VALUE_DECISION, 0, 0, 14, true, false, true},
    {"by", "決定者", CR_FORM_TEXT, 0, 0, 0, 14, true, false, true},
    {"date", "決定日", CR_FORM_DATE, 0, 0, 0, 12, true, false, true},
    {"minutes", "議事録", CR_FORM_TEXT, 0, 0, 0, 16, true, false, true},
    {"conditions", "条件", CR_FORM_TEXT, 0, 0, 0, 24, true, false, true},
    {"accepted_until", "受容期限", CR_FORM_DATE, 0, 0, 0, 12, true, false, true},
    {"note", "備考", CR_FORM_TEXT, 0, 0, 0, 30, true, false, true},
};
enum { N_COLUMNS = sizeof columns / sizeof *columns };

const cr_form cr_decisions_form = {"Decisions", "決定", columns, N_COLUMNS, false};

static const char *const instructions_en[] = {
    "One row per subject of the approval sheet: the plan as a whole (id \"plan\"), each plan "
    "item (its control id) and each risk that stays above the acceptable level (its risk id), "
    "with the state the sheet asks management to accept.",
    "For each subject decided on, choose the decision from the list (approved, rejected, "
    "approved_with_conditions) and fill in by (who decided), date (YYYY-MM-DD), and where "
    "they apply minutes (the minutes' reference), conditions (required with "
    "approved_with_conditions), accepted_until (YYYY-MM-DD) and note.",
    "Rows left without a decision are not read. Do not change the grey columns: they tie "
    "the decision to the state and the sheet that were shown.",
    "Then run: cloudrisk plan SERVICE.json --decisions THIS-FILE.xlsx",
};

static const char *const instructions_ja[] = {
    "承認シートの対象ごとに1行あります：計画全体（番号 \"plan\"）、計画項目（管理策番号）、"
    "リスク受容可能レベルを上回る残留リスク（リスクID）。各行に、受容を求める状態を示します。",
    "決定した対象について、一覧から決定（承認、却下、条件付き承認）を選び、決定者、決定日"
    "（YYYY-MM-DD）、必要に応じて議事録（参照番号）、条件（条件付き承認の場合は必須）、"
    "受容期限（YYYY-MM-DD）、備考を記入してください。",
    "決定のない行は読み込みません。灰色の列は変更しないでください（提示された状態とシートに"
    "決定を結び付けます）。",
    "記入後に実行：cloudrisk plan SERVICE.json --decisions このファイル.xlsx",
};

static void amount(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.0f", v == 0.0 ? 0.0 : v);
}

static const char *title_of(const cr_plan *plan, const cr_sheet_subject *s, bool ja)
{
    if (s->kind == CR_SUBJECT_PLAN)
        return plan->service_name ? plan->service_name : "";
    if (s->kind == CR_SUBJECT_ITEM) {
        for (size_t g = 0; g < plan->n_gaps; g++)
            if (strcmp(plan->gaps[g].control_id, s->id) == 0) {
                const char *t = ja && plan->gaps[g].title_ja ? plan->gaps[g].title_ja
                                                             : plan->gaps[g].title_en;
                return t ? t : "";
            }
        return "";
    }
    for (size_t r = 0; r < plan->n_risks; r++)
        if (strcmp(plan->risks[r].id, s->id) == 0) {
            const char *t = ja && plan->risks[r].name_ja ? plan->risks[r].name_ja
                                                         : plan->risks[r].name_en;
            return t ? t : "";
        }
    return "";
}

cr_status cr_plan_write_decisions_workbook(const cr_plan *plan, const char *lang, FILE *out,
                                           cr_error *err)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    cr_sheet_subject *subjects = NULL;
    size_t n = 0;
    cr_status st = cr_plan_sheet(plan, &subjects, &n, err);
    if (st != CR_OK)
        return st;
    /* The numbers' texts live here while the workbook is written. */
    char (*numbers)[2][40] = calloc(n ? n : 1, sizeof *numbers);
    const char **cells = calloc(n ? n * N_COLUMNS : 1, sizeof *cells);
    if (!numbers || !cells) {
        free(numbers);
        free(cells);
        free(subjects);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const cr_sheet_subject *s = &subjects[i];
        amount(numbers[i][0], sizeof numbers[i][0], s->state.expected_loss);
        amount(numbers[i][1], sizeof numbers[i][1], s->state.p95);
        const char *row[N_COLUMNS] = {cr_subject_kind_name(s->kind),
                                      s->id,
                                      title_of(plan, s, ja),
                                      cr_signed_basis_name(s->state.basis),
                                      s->state.level_id,
                                      numbers[i][0],
                                      numbers[i][1],
                                      s->state.items_sha256,
                                      s->state.sheet_sha256,
                                      "", "", "", "", "", "", ""};
        memcpy(&cells[i * N_COLUMNS], row, sizeof row);
    }
    cr_form_content content = {
        .lang = ja ? "ja" : "en",
        .cells = cells,
        .n_rows = n,
        .instructions_title = ja ? "決定の記入方法" : "How to record the decisions",
        .instructions = ja ? instructions_ja : instructions_en,
        .n_instructions = sizeof instructions_en / sizeof *instructions_en,
    };
    st = cr_form_write_xlsx(&cr_decisions_form, &content, out, err);
    free(cells);
    free(numbers);
    free(subjects);
    return st;
}
