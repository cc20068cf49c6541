/*
 * reg_export_xlsx.c -- the current register as an XLSX workbook: the rows of
 * the CSV export (reg_export.c), one per service and risk, typed so that a
 * spreadsheet filters and sums them (levels and amounts as numbers, ids,
 * dates and hashes as text).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cloudrisk/register.h"
#include "util/csv_util.h"
#include "util/form.h"

static const cr_form_column columns[] = {
    {"service_id", "サービスID", CR_FORM_TEXT, 0, 0, 0, 16, false, false, false},
    {"service_name", "サービス名", CR_FORM_TEXT, 0, 0, 0, 24, false, false, false},
    {"owner", "責任者", CR_FORM_TEXT, 0, 0, 0, 14, false, false, false},
    {"run_id", "実行ID", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"run_time", "実行日時", CR_FORM_TEXT, 0, 0, 0, 20, false, false, false},
    {"seed", "シード", CR_FORM_TEXT, 0, 0, 0, 12, false, false, false},
    {"trials", "試行回数", CR_FORM_NUMBER, 0, 0, 0, 10, false, false, false},
    {"risk_id", "リスクID", CR_FORM_TEXT, 0, 0, 0, 8, false, false, false},
    {"inherent_impact", "固有の影響度", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"inherent_likelihood", "固有の発生可能性", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"residual_impact", "残留リスクの影響度", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"residual_likelihood", "残留リスクの発生可能性", CR_FORM_NUMBER, 0, 0, 0, 8, false, false, false},
    {"inherent_mean", "固有の年間予想損失", CR_FORM_AMOUNT, 0, 0, 0, 16, false, false, false},
    {"residual_mean", "残留リスクの年間予想損失", CR_FORM_AMOUNT, 0, 0, 0, 16, false, false, false},
    {"residual_se", "標準誤差", CR_FORM_AMOUNT, 0, 0, 0, 12, false, false, false},
    {"residual_p95", "残留リスクのP95", CR_FORM_AMOUNT, 0, 0, 0, 16, false, false, false},
    {"residual_p99", "残留リスクのP99", CR_FORM_AMOUNT, 0, 0, 0, 16, false, false, false},
    {"target_mean", "目標の年間予想損失", CR_FORM_AMOUNT, 0, 0, 0, 16, false, false, false},
    {"gaps", "不足している管理策", CR_FORM_TEXT, 0, 0, 0, 30, false, false, false},
    {"approval", "承認", CR_FORM_TEXT, 0, 0, 0, 30, false, false, false},
};

cr_status cr_register_export_xlsx(cr_register *reg, FILE *out, cr_error *err)
{
    char *csv = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&csv, &len);
    if (!mem)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_status st = cr_register_export(reg, CR_REG_CSV, mem, err);
    if (fclose(mem) != 0 && st == CR_OK)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_csv_table table = {0};
    if (st == CR_OK)
        st = cr_csv_parse_text("register export", csv, len, &table, err);
    free(csv);
    if (st == CR_OK)
        st = cr_table_write_xlsx("Register", columns, sizeof columns / sizeof *columns, &table,
                                 "en", out, err);
    cr_csv_table_free(&table);
    return st;
}
