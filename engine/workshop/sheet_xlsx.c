/*
 * sheet_xlsx.c -- a participant's workshop sheet as a workbook, and the
 * sheet as a form (util/form.h) for reading it back in either language.
 *
 * The very rows the CSV sheet has (sheet_write.c writes them, read back here
 * as a table): service, participant and risk are fixed (locked); scores take a whole number from 1 to 5,
 * frequencies a number of events per year, losses an amount (with
 * separators), confidence a word from a drop-down (低/中/高 in Japanese; the
 * reader also takes 1 to 5).  An instructions sheet says what to fill in.
 */
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/workshop.h"
#include "util/csv_util.h"
#include "workshop/sheet_form.h"

static const cr_form_column columns[] = {
    {"service_id", "サービスID", CR_FORM_TEXT, 0, 0, 0, 14, false, false, false},
    {"participant", "参加者", CR_FORM_TEXT, 0, 0, 0, 12, false, false, false},
    {"risk_id", "リスクID", CR_FORM_TEXT, 0, 0, 0, 8, false, false, false},
    {"risk_name", "リスク名", CR_FORM_TEXT, 0, 0, 0, 44, false, false, false},
    {"impact", "影響度", CR_FORM_LEVEL, 0, 1, 5, 8, true, false, false},
    {"likelihood", "発生可能性", CR_FORM_LEVEL, 0, 1, 5, 10, true, false, false},
    {"frequency_min", "発生頻度（最小）", CR_FORM_NUMBER, 0, 0, CR_WORKSHOP_MAX_FREQUENCY, 11,
     true, false, false},
    {"frequency_likely", "発生頻度（最頻）", CR_FORM_NUMBER, 0, 0, CR_WORKSHOP_MAX_FREQUENCY, 11,
     true, false, false},
    {"frequency_max", "発生頻度（最大）", CR_FORM_NUMBER, 0, 0, CR_WORKSHOP_MAX_FREQUENCY, 11,
     true, false, false},
    {"loss_min", "損失額（最小）", CR_FORM_AMOUNT, 0, 0, 0, 14, true, false, false},
    {"loss_likely", "損失額（最頻）", CR_FORM_AMOUNT, 0, 0, 0, 14, true, false, false},
    {"loss_max", "損失額（最大）", CR_FORM_AMOUNT, 0, 0, 0, 14, true, false, false},
    {"confidence", "確信度", CR_FORM_WORD, CR_VALUE_CONFIDENCE, 0, 0, 10, true, false, false},
    {"comment", "コメント", CR_FORM_TEXT, 0, 0, 0, 36, true, false, false},
};

const cr_form cr_workshop_form = {"Sheet", "評価シート", columns, sizeof columns / sizeof *columns,
                                  false};

static const char *const instructions_en[] = {
    "One row per risk. Service, participant and risk are filled in and locked.",
    "Score each risk you can judge: impact and likelihood (whole numbers from 1 to 5, both or "
    "neither). Optionally estimate how often it happens (events per year: minimum, most "
    "likely, maximum) and the loss per event (minimum, most likely, maximum), and choose your "
    "confidence (low, medium, high).",
    "Leave a row empty to abstain on a risk you cannot judge. Type values; formulas are not "
    "read.",
    "Return the file to the facilitator, who runs: cloudrisk workshop merge SERVICE.json "
    "SHEETS...",
};

static const char *const instructions_ja[] = {
    "リスクごとに1行あります。サービス、参加者、リスクは記入済みで変更できません。",
    "判断できるリスクについて、影響度と発生可能性を1〜5の整数で記入してください（両方、"
    "又はどちらも空欄）。任意で、発生頻度（年間の回数：最小、最頻、最大）と1回当たりの損失額"
    "（最小、最頻、最大）を見積もり、確信度（低、中、高）を選んでください。",
    "判断できないリスクは行を空欄のままにしてください（棄権）。値を直接入力してください"
    "（数式は読み込みません）。",
    "記入したファイルをファシリテーターに返してください。ファシリテーターが実行します："
    "cloudrisk workshop merge SERVICE.json シート...",
};

/* The cells of the canonical table's rows in the form's column order
 * (pointers into the table; "" where the table has no such column). */
static const char **form_cells(const cr_csv_table *t, size_t *n_rows)
{
    size_t width = cr_workshop_form.n_columns;
    *n_rows = t->n_rows > 0 ? t->n_rows - 1 : 0;
    const char **cells = calloc(*n_rows ? *n_rows * width : 1, sizeof *cells);
    if (!cells)
        return NULL;
    for (size_t c = 0; c < width; c++) {
        int k = cr_csv_column(t, cr_workshop_form.columns[c].name);
        for (size_t r = 0; r < *n_rows; r++)
            cells[r * width + c] = k >= 0 && (size_t)k < t->rows[r + 1].n_fields
                                       ? t->rows[r + 1].fields[k]
                                       : "";
    }
    return cells;
}

cr_status cr_workshop_sheet_write_xlsx(FILE *fp, const char *service_id, const char *participant,
                                       const cr_workshop_risk *risks, size_t n_risks,
                                       const char *lang, cr_error *err)
{
    /* The CSV sheet's rows, typed: one truth for what a sheet holds. */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_status st = cr_workshop_sheet_write(mem, service_id, participant, risks, n_risks, err);
    if (fclose(mem) != 0 && st == CR_OK)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_csv_table table = {0};
    char sheet[128];
    if (st == CR_OK)
        st = cr_form_parse("sheet", text, len, &cr_workshop_form, 0, &table, sheet, err);
    free(text);
    size_t n_rows = 0;
    const char **cells = st == CR_OK ? form_cells(&table, &n_rows) : NULL;
    if (st == CR_OK && !cells)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    bool ja = lang && strcmp(lang, "ja") == 0;
    cr_form_content content = {
        .lang = ja ? "ja" : "en",
        .cells = cells,
        .n_rows = n_rows,
        .instructions_title = ja ? "評価シートの記入方法" : "How to fill in the sheet",
        .instructions = ja ? instructions_ja : instructions_en,
        .n_instructions = sizeof instructions_en / sizeof *instructions_en,
    };
    if (st == CR_OK)
        st = cr_form_write_xlsx(&cr_workshop_form, &content, fp, err);
    free(cells);
    cr_csv_table_free(&table);
    return st;
}
