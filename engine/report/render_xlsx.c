/*
 * render_xlsx.c -- the plan items as an XLSX workbook: the very rows of the
 * CSV (render_csv.c), typed so that a spreadsheet sums and sorts them:
 * amounts with thousands separators, dates and ids as text, the decision
 * shown in the report's language.  Headers follow the language too.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report/report_internal.h"
#include "util/csv_util.h"
#include "util/form.h"

static const cr_form_column columns[] = {
    {"number", "番号", CR_FORM_NUMBER, 0, 0, 0, 7, false, false, false},
    {"control", "管理策", CR_FORM_TEXT, 0, 0, 0, 9, false, false, false},
    {"title", "管理策名", CR_FORM_TEXT, 0, 0, 0, 40, false, false, false},
    {"details", "詳細管理策", CR_FORM_TEXT, 0, 0, 0, 18, false, false, false},
    {"risks", "リスク", CR_FORM_TEXT, 0, 0, 0, 14, false, false, false},
    {"option", "リスク対応", CR_FORM_TEXT, 0, 0, 0, 10, false, false, false},
    {"reason", "理由", CR_FORM_TEXT, 0, 0, 0, 40, false, false, false},
    {"priority", "優先度", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"owner", "責任者", CR_FORM_TEXT, 0, 0, 0, 14, false, false, false},
    {"currency", "通貨", CR_FORM_TEXT, 0, 0, 0, 7, false, false, false},
    {"one_off", "初期費用", CR_FORM_AMOUNT, 0, 0, 0, 14, false, false, false},
    {"annual", "年間費用", CR_FORM_AMOUNT, 0, 0, 0, 14, false, false, false},
    {"effort_days", "工数（人日）", CR_FORM_NUMBER, 0, 0, 0, 10, false, false, false},
    {"start", "開始日", CR_FORM_DATE, 0, 0, 0, 11, false, false, false},
    {"due", "期限", CR_FORM_DATE, 0, 0, 0, 11, false, false, false},
    {"ale_reduction", "年間損失低減額", CR_FORM_AMOUNT, 0, 0, 0, 15, false, false, false},
    {"rosi", "ROSI", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"ale_after", "実施後の年間予想損失", CR_FORM_AMOUNT, 0, 0, 0, 16, false, false, false},
    {"decision", "決定", CR_FORM_WORD, CR_VALUE_DECISION, 0, 0, 12, false, false, false},
    {"decided_by", "決定者", CR_FORM_TEXT, 0, 0, 0, 14, false, false, false},
    {"decision_date", "決定日", CR_FORM_DATE, 0, 0, 0, 11, false, false, false},
    {"decision_note", "備考", CR_FORM_TEXT, 0, 0, 0, 30, false, false, false},
    {"inputs_sha256", "入力のSHA-256", CR_FORM_TEXT, 0, 0, 0, 66, false, false, false},
};

cr_status report_render_xlsx(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err)
{
    cr_strbuf csv;
    cr_strbuf_init(&csv);
    cr_status st = report_render_csv(plan, lang, &csv, err);
    if (st == CR_OK && csv.failed)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_csv_table table = {0};
    if (st == CR_OK)
        st = cr_csv_parse_text("plan items", csv.data ? csv.data : "", csv.len, &table, err);
    cr_strbuf_free(&csv);
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *fp = st == CR_OK ? open_memstream(&mem, &mem_len) : NULL;
    if (st == CR_OK && !fp)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    bool ja = lang == CR_LANG_JA;
    if (st == CR_OK)
        st = cr_table_write_xlsx(ja ? "リスク対応計画" : "Plan items", columns,
                                 sizeof columns / sizeof *columns, &table, ja ? "ja" : "en",
                                 fp, err);
    if (fp && fclose(fp) != 0 && st == CR_OK)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK)
        cr_strbuf_append(sb, mem, mem_len);
    free(mem);
    cr_csv_table_free(&table);
    return st;
}
