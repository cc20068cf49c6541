/*
 * checklist_xlsx.c -- the control-status checklist as a workbook.
 *
 * The same rows as the CSV (checklist.c), on a sheet "Checklist"
 * ("チェックリスト"): each control's row has its fillable cells plain, with a
 * drop-down for the status and number formats for effectiveness (a
 * percentage) and costs (amounts); each detailed control's row is for
 * reading, locked and grey.  An instructions sheet says what to fill in.
 * The reader (checklist.c through util/form.h) takes the workbook back in
 * either language.
 */
#include <stdlib.h>
#include <string.h>

#include "score/checklist_form.h"

static const cr_form_column columns[] = {
    {"id", "番号", CR_FORM_TEXT, 0, 0, 0, 10, false, false, false},
    {"level", "区分", CR_FORM_WORD, CR_VALUE_ROW_LEVEL, 0, 0, 11, false, false, false},
    {"basic", "基本言明要件", CR_FORM_WORD, CR_VALUE_YES_NO, 0, 0, 8, false, false, false},
    {"risks", "リスク", CR_FORM_TEXT, 0, 0, 0, 14, false, false, false},
    {"title_en", "管理策名（英語）", CR_FORM_TEXT, 0, 0, 0, 30, false, false, false},
    {"text_ja", "管理策・詳細管理策", CR_FORM_TEXT, 0, 0, 0, 60, false, false, false},
    {"status", "実施状況", CR_FORM_WORD, CR_VALUE_STATUS, 0, 0, 14, true, false, false},
    {"effectiveness", "有効性", CR_FORM_FRACTION, 0, 0, 1, 13, true, false, false},
    {"evidence", "証跡", CR_FORM_TEXT, 0, 0, 0, 30, true, false, false},
    {"owner", "責任者", CR_FORM_TEXT, 0, 0, 0, 14, true, false, false},
    {"cost_one_off", "初期費用", CR_FORM_AMOUNT, 0, 0, 0, 14, true, false, false},
    {"cost_annual", "年間費用", CR_FORM_AMOUNT, 0, 0, 0, 14, true, false, false},
    {"provider", "提供事業者", CR_FORM_TEXT, 0, 0, 0, 16, true, false, true},
    {"evidence_kind", "証跡の種類", CR_FORM_TEXT, 0, 0, 0, 16, true, false, true},
    {"evidence_date", "証跡の日付", CR_FORM_DATE, 0, 0, 0, 12, true, false, true},
};

const cr_form cr_checklist_form = {"Checklist", "チェックリスト", columns,
                                   sizeof columns / sizeof *columns, false};

static const char *const instructions_en[] = {
    "One row per control of the standard (white cells), followed by its detailed controls "
    "(grey, for reading: they cannot be edited).",
    "Fill in the white cells of each control you assess: status (choose from the list: "
    "implemented, inherited, partial, planned, not_implemented, not_applicable), "
    "effectiveness (0% to 100%), evidence, owner, cost_one_off and cost_annual (amounts, such "
    "as 1,500,000); for an inherited control, the provider that implements it and the kind "
    "and date (YYYY-MM-DD) of its evidence.",
    "Leave status empty for a control you do not assess in this checklist; its other cells "
    "must then stay empty too. A control that is not applicable has no effectiveness.",
    "Type values; formulas are not read. Do not merge cells, rename the sheet or the "
    "headers.",
    "Then run: cloudrisk assess SERVICE.json --controls THIS-FILE.xlsx",
};

static const char *const instructions_ja[] = {
    "管理策ごとに1行（白いセル）、その下に詳細管理策の行（灰色、参照用のため編集できません）"
    "があります。",
    "評価する管理策の白いセルに記入してください。実施状況（一覧から選択：実装済み、継承、"
    "一部実装、計画中、未実装、適用外）、有効性（0%〜100%）、証跡、責任者、初期費用・年間費用"
    "（金額。例：1,500,000）。継承した管理策には、実施する提供事業者と証跡の種類・日付"
    "（YYYY-MM-DD）を記入します。",
    "このチェックリストで評価しない管理策は実施状況を空欄のままにし、他のセルも空欄にして"
    "ください。適用外の管理策には有効性を記入しません。",
    "値を直接入力してください（数式は読み込みません）。セルの結合、シート名や見出しの変更は"
    "しないでください。",
    "記入後に実行：cloudrisk assess SERVICE.json --controls このファイル.xlsx",
};

typedef struct collected {
    const char **cells; /* copies, owned */
    bool *reference;
    size_t n, cap;
    bool failed;
} collected;

static void collect(void *ctx, const char *const *row, bool reference)
{
    collected *c = ctx;
    size_t width = cr_checklist_form.n_columns;
    if (c->failed)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        const char **cells = realloc(c->cells, cap * width * sizeof *cells);
        if (cells)
            c->cells = cells;
        bool *ref = cells ? realloc(c->reference, cap * sizeof *ref) : NULL;
        if (!ref) {
            c->failed = true;
            return;
        }
        c->reference = ref;
        c->cap = cap;
    }
    for (size_t k = 0; k < width; k++) {
        c->cells[c->n * width + k] = strdup(row[k] ? row[k] : "");
        c->failed = c->failed || !c->cells[c->n * width + k];
    }
    c->reference[c->n++] = reference;
}

cr_status cr_checklist_write_xlsx(const cr_model *m, const cr_control_state *states,
                                  bool basic_only, const char *lang, FILE *fp, cr_error *err)
{
    collected c = {0};
    cr_checklist_emit_rows(m, states, basic_only, collect, &c);
    bool ja = lang && strcmp(lang, "ja") == 0;
    cr_form_content content = {
        .lang = ja ? "ja" : "en",
        .cells = c.cells,
        .reference = c.reference,
        .n_rows = c.n,
        .instructions_title = ja ? "管理策チェックリストの記入方法" : "How to fill in the checklist",
        .instructions = ja ? instructions_ja : instructions_en,
        .n_instructions = sizeof instructions_en / sizeof *instructions_en,
    };
    cr_status st = c.failed ? cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory")
                            : cr_form_write_xlsx(&cr_checklist_form, &content, fp, err);
    for (size_t i = 0; i < c.n * cr_checklist_form.n_columns; i++)
        free((char *)c.cells[i]);
    free(c.cells);
    free(c.reference);
    return st;
}
