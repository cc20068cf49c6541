/*
 * sheet_xlsx.c -- a participant's workshop sheet as a workbook, and the
 * sheet as a form (util/form.h) for reading it back in either language.
 *
 * The very rows the CSV sheet has (sheet_write.c writes them, read back here
 * as a table), under the headers of the one column table (columns.c): the
 * key columns (service, participant, round, risk) and the reference columns
 * (name, today's score, the scales, the previous results) are locked; scores
 * take a whole number from 1 to 5, frequencies a number of events per year,
 * losses an amount (with separators), confidence a word from a drop-down
 * (低/中/高 in Japanese; the reader also takes 1 to 5).  The reference
 * columns are left out when read, as the CSV reader may find them deleted.
 * An instructions sheet says what to fill in.
 */
#include <stdlib.h>
#include <string.h>

#include "util/csv_util.h"
#include "workshop/sheet_form.h"

/* What a workbook adds to each column: its kind and width. */
static void column_kind(int c, cr_form_column *out)
{
    out->kind = CR_FORM_TEXT;
    out->width = 12;
    switch (c) {
    case CR_WS_RISK_NAME: out->width = 36; break;
    case CR_WS_CURRENT:
    case CR_WS_PREVIOUS:
    case CR_WS_YOUR_PREVIOUS: out->width = 24; break;
    case CR_WS_IMPACT_SCALE:
    case CR_WS_LIKELIHOOD_SCALE: out->width = 30; break;
    case CR_WS_IMPACT:
    case CR_WS_LIKELIHOOD:
        out->kind = CR_FORM_LEVEL, out->min = 1, out->max = 5, out->width = 9;
        break;
    case CR_WS_FREQ_MIN:
    case CR_WS_FREQ_LIKELY:
    case CR_WS_FREQ_MAX:
        out->kind = CR_FORM_NUMBER, out->min = 0, out->max = CR_WORKSHOP_MAX_FREQUENCY;
        out->width = 13;
        break;
    case CR_WS_LOSS_MIN:
    case CR_WS_LOSS_LIKELY:
    case CR_WS_LOSS_MAX: out->kind = CR_FORM_AMOUNT, out->width = 15; break;
    case CR_WS_CONFIDENCE:
        out->kind = CR_FORM_WORD, out->words = CR_VALUE_CONFIDENCE, out->width = 10;
        break;
    case CR_WS_COMMENT: out->width = 36; break;
    default: break;
    }
}

void cr_workshop_form_build(cr_form *form, cr_form_column columns[CR_WORKSHOP_N_COLUMNS])
{
    for (int c = 0; c < CR_WORKSHOP_N_COLUMNS; c++) {
        const cr_workshop_column *info = cr_workshop_column_info(c);
        cr_form_column *col = &columns[c];
        memset(col, 0, sizeof *col);
        col->name = info->key;
        col->header_ja = info->ja;
        column_kind(c, col);
        col->fillable = info->role == CR_WS_COL_ANSWER || c == CR_WS_BASIS;
        col->shown_only = info->role == CR_WS_COL_REFERENCE;
        col->optional = info->role != CR_WS_COL_KEY && info->role != CR_WS_COL_ANSWER;
    }
    *form = (cr_form){"Sheet", "評価シート", columns, CR_WORKSHOP_N_COLUMNS, false};
}

static const char *const instructions_en[] = {
    "One row per risk. Service, participant, round and risk are filled in and locked; read "
    "the risk's name, today's score, the scales and any previous results before scoring.",
    "Basis says what to estimate: current (with today's controls) or inherent (before any "
    "control).",
    "Score each risk you can judge: impact and likelihood (whole numbers from 1 to 5, both or "
    "neither). Estimate how often it happens (events per year: minimum, most likely, maximum) "
    "together with the loss per event (minimum, most likely, maximum), or neither, and "
    "choose your confidence (low, medium, high).",
    "Leave a row empty to abstain on a risk you cannot judge. Type values; formulas are not "
    "read.",
    "Return the file to the facilitator, who runs: cloudrisk workshop merge SHEETS... --into "
    "SERVICE.json",
};

static const char *const instructions_ja[] = {
    "リスクごとに1行あります。サービス、参加者、ラウンド、リスクは記入済みで変更できません。"
    "評価の前に、リスク名、現在の評価、尺度、前回の結果を読んでください。",
    "見積りの前提は、現状（現在の管理策を含む）又は固有（管理策の実施前）です。",
    "判断できるリスクについて、影響度と発生可能性を1〜5の整数で記入してください（両方、"
    "又はどちらも空欄）。年間発生回数（最小、最頻、最大）と1件あたり損失（最小、最頻、最大）"
    "は両方を記入するか、どちらも空欄にし、確信度（低、中、高）を選んでください。",
    "判断できないリスクは行を空欄のままにしてください（棄権）。値を直接入力してください"
    "（数式は読み込みません）。",
    "記入したファイルをファシリテーターに返してください。ファシリテーターが実行します："
    "cloudrisk workshop merge シート... --into SERVICE.json",
};

/* The cells of the canonical table's rows in the form's column order
 * (pointers into the table; "" where the table has no such column). */
static const char **form_cells(const cr_form *form, const cr_csv_table *t, size_t *n_rows)
{
    size_t width = form->n_columns;
    *n_rows = t->n_rows > 0 ? t->n_rows - 1 : 0;
    const char **cells = calloc(*n_rows ? *n_rows * width : 1, sizeof *cells);
    if (!cells)
        return NULL;
    for (size_t c = 0; c < width; c++) {
        int k = cr_csv_column(t, form->columns[c].name);
        for (size_t r = 0; r < *n_rows; r++)
            cells[r * width + c] = k >= 0 && (size_t)k < t->rows[r + 1].n_fields
                                       ? t->rows[r + 1].fields[k]
                                       : "";
    }
    return cells;
}

cr_status cr_workshop_sheet_write_xlsx(FILE *fp, const cr_workshop_sheet_spec *spec,
                                       cr_error *err)
{
    cr_form form;
    cr_form_column columns[CR_WORKSHOP_N_COLUMNS];
    cr_workshop_form_build(&form, columns);
    /* The CSV sheet's rows, typed: one truth for what a sheet holds. */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_status st = cr_workshop_sheet_write_spec(mem, spec, err);
    if (fclose(mem) != 0 && st == CR_OK)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_csv_table table = {0};
    if (st == CR_OK)
        st = cr_csv_parse_text("sheet", text, len, &table, err);
    free(text);
    /* The CSV's headers are in spec->lang: name each column by its key. */
    for (size_t c = 0; st == CR_OK && table.n_rows > 0 && c < table.rows[0].n_fields &&
                       c < CR_WORKSHOP_N_COLUMNS;
         c++) {
        char *key = strdup(columns[c].name);
        if (!key) {
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        free(table.rows[0].fields[c]);
        table.rows[0].fields[c] = key;
    }
    size_t n_rows = 0;
    const char **cells = st == CR_OK ? form_cells(&form, &table, &n_rows) : NULL;
    if (st == CR_OK && !cells)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    bool ja = spec->lang && strcmp(spec->lang, "ja") == 0;
    cr_form_content content = {
        .lang = ja ? "ja" : "en",
        .cells = cells,
        .n_rows = n_rows,
        .instructions_title = ja ? "評価シートの記入方法" : "How to fill in the sheet",
        .instructions = ja ? instructions_ja : instructions_en,
        .n_instructions = sizeof instructions_en / sizeof *instructions_en,
    };
    if (st == CR_OK)
        st = cr_form_write_xlsx(&form, &content, fp, err);
    free(cells);
    cr_csv_table_free(&table);
    return st;
}
