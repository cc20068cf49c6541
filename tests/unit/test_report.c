/* test_report.c -- the report renderers on a fixture plan: escaping,
 * self-containment, key elements, both languages, machine-readable round
 * trips, number formatting, determinism. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cloudrisk/report.h"
#include "plan_fixture.h"
#include "report/doc.h"
#include "report/chart.h"
#include "report/labels.h"
#include "util/csv_util.h"
#include "util/text.h"

static char *render(const cr_plan *plan, cr_report_format f, cr_report_lang l)
{
    char *out = NULL;
    size_t len = 0;
    cr_error err;
    ck_assert_int_eq(cr_report_render(plan, f, l, &out, &len, &err), CR_OK);
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

START_TEST(html_escapes_every_input_text)
{
    cr_plan *plan = fixture_plan();
    ck_assert_ptr_nonnull(plan);
    for (int l = 0; l < 2; l++) {
        char *html = render(plan, CR_REPORT_HTML, (cr_report_lang)l);
        ck_assert_ptr_nonnull(
            strstr(html, "Payroll &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
        ck_assert_ptr_null(strstr(html, "<script"));
        ck_assert_ptr_null(strstr(html, "alert(1)</script>"));
        /* An owner with markup, in the plan table. */
        ck_assert_ptr_nonnull(strstr(html, "Network &lt;team&gt;"));
        free(html);
    }
    cr_plan_free(plan);
}
END_TEST

START_TEST(html_is_self_contained)
{
    cr_plan *plan = fixture_plan();
    char *html = render(plan, CR_REPORT_HTML, CR_LANG_EN);
    static const char *const forbidden[] = {"http://", "https://", "src=", "<link", "@import",
                                            "url(", "<script", "<iframe", "<object",
                                            "@font-face"};
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
        ck_assert_msg(!strstr(html, forbidden[i]), "HTML contains %s", forbidden[i]);
    ck_assert(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    ck_assert_ptr_nonnull(strstr(html, "<style>"));
    ck_assert_ptr_nonnull(strstr(html, "@media print"));
    ck_assert_ptr_nonnull(strstr(html, "@page"));
    free(html);
    cr_plan_free(plan);
}
END_TEST

START_TEST(html_has_the_key_elements)
{
    cr_plan *plan = fixture_plan();
    char *html = render(plan, CR_REPORT_HTML, CR_LANG_EN);
    static const char *const ids[] = {
        "id=\"summary\"",       "id=\"heatmap-inherent\"", "id=\"heatmap-residual\"",
        "id=\"heatmap-target\"", "id=\"lec-chart\"",       "id=\"lec-table\"",
        "id=\"risk-table\"",    "id=\"alternatives-table\"", "id=\"plan-table\"",
        "id=\"gaps\"",          "id=\"approval\"",        "id=\"residual-table\"",
        "id=\"approval-signature\"", "id=\"decision-state\""};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ck_assert_msg(strstr(html, ids[i]) != NULL, "missing %s", ids[i]);
    /* One curve per simulated scenario, and one row per plan item. */
    ck_assert_ptr_nonnull(strstr(html, "curve-0"));
    ck_assert_ptr_nonnull(strstr(html, "curve-1"));
    ck_assert_ptr_nonnull(strstr(html, "curve-2"));
    for (size_t i = 1; i <= plan->n_items; i++) {
        char id[32];
        snprintf(id, sizeof id, "id=\"item-%zu\"", i);
        ck_assert_msg(strstr(html, id) != NULL, "missing %s", id);
    }
    char id[32];
    snprintf(id, sizeof id, "id=\"item-%zu\"", plan->n_items + 1);
    ck_assert_ptr_null(strstr(html, id));
    /* The detailed controls of a gap, in the standard's words. */
    ck_assert_ptr_nonnull(strstr(html, "特権は、必要最小限の利用者にだけ割り当てる"));
    free(html);
    cr_plan_free(plan);
}
END_TEST

START_TEST(labels_in_both_languages)
{
    for (int l = 0; l < RL_COUNT; l++) {
        const char *en = report_label_text((report_label)l, CR_LANG_EN);
        const char *ja = report_label_text((report_label)l, CR_LANG_JA);
        ck_assert_msg(en && *en, "label %d has no English", l);
        ck_assert_msg(ja && *ja, "label %d has no Japanese", l);
    }
    for (int n = 0; n < CR_ALT_NOTE_COUNT; n++) {
        ck_assert(*report_alt_note_text((cr_alt_note)n, CR_LANG_EN));
        ck_assert(*report_alt_note_text((cr_alt_note)n, CR_LANG_JA));
    }
    for (int c = 0; c < CR_RESIDUAL_CAUSE_COUNT; c++) {
        ck_assert(*report_cause_text((cr_residual_cause)c, CR_LANG_EN));
        ck_assert(*report_cause_text((cr_residual_cause)c, CR_LANG_JA));
    }
    cr_plan *plan = fixture_plan();
    char *en = render(plan, CR_REPORT_HTML, CR_LANG_EN);
    char *ja = render(plan, CR_REPORT_HTML, CR_LANG_JA);
    ck_assert_ptr_nonnull(strstr(en, "<html lang=\"en\">"));
    ck_assert_ptr_nonnull(strstr(ja, "<html lang=\"ja\">"));
    ck_assert_ptr_nonnull(strstr(en, "Risk treatment plan"));
    ck_assert_ptr_nonnull(strstr(ja, "リスク対応計画"));
    ck_assert_ptr_nonnull(strstr(ja, "残留リスク承認書"));
    ck_assert_ptr_null(strstr(en, "残留リスク承認書"));
    ck_assert_ptr_null(strstr(ja, "Residual risk approval sheet"));
    /* Risk names follow the language. */
    ck_assert_ptr_nonnull(strstr(en, "Isolation failure between tenants"));
    ck_assert_ptr_nonnull(strstr(ja, "テナント間の分離の失敗"));
    free(en);
    free(ja);
    cr_plan_free(plan);
}
END_TEST

START_TEST(json_holds_the_whole_plan)
{
    cr_plan *plan = fixture_plan();
    char *text = render(plan, CR_REPORT_JSON, CR_LANG_EN);
    cJSON *root = cJSON_Parse(text);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(cJSON_GetObjectItem(root, "format")->valuestring, "cloudrisk-plan/1");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "service"), "name")->valuestring,
                     FIXTURE_SERVICE_NAME);
    const cJSON *items = cJSON_GetObjectItem(root, "items");
    ck_assert_int_eq(cJSON_GetArraySize(items), (int)plan->n_items);
    const cJSON *first = cJSON_GetArrayItem(items, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "control")->valuestring,
                     plan->gaps[plan->items[0].gap].control_id);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "start")->valuestring, "2025-04-01");
    ck_assert_str_eq(cJSON_GetObjectItem(first, "option")->valuestring, "reduce");
    ck_assert(cJSON_IsString(cJSON_GetObjectItem(first, "reason")));
    ck_assert(cJSON_IsArray(cJSON_GetObjectItem(first, "details")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(first, "decision")));
    const cJSON *totals = cJSON_GetObjectItem(root, "totals");
    ck_assert_double_eq(cJSON_GetObjectItem(totals, "one_off")->valuedouble, plan->total_one_off);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(root, "risks")), (int)plan->n_risks);
    const cJSON *sheet = cJSON_GetObjectItem(root, "approval_sheet");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(sheet, "residual_risks")),
                     (int)plan->n_residuals);
    const cJSON *sim = cJSON_GetObjectItem(root, "simulation");
    ck_assert_int_eq(
        cJSON_GetArraySize(cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(sim, "target"), "lec"), "loss")),
        100);
    /* The transfer decision keeps its figures. */
    const cJSON *risks = cJSON_GetObjectItem(root, "risks");
    const cJSON *cr16 = cJSON_GetArrayItem(risks, 4);
    ck_assert_str_eq(cJSON_GetObjectItem(cr16, "option")->valuestring, "transfer");
    const cJSON *rec = cJSON_GetObjectItem(cr16, "recorded_decision");
    ck_assert_double_eq(cJSON_GetObjectItem(rec, "premium")->valuedouble, 1.2e6);
    cJSON_Delete(root);
    free(text);
    cr_plan_free(plan);
}
END_TEST

START_TEST(csv_reads_back)
{
    cr_plan *plan = fixture_plan();
    char *text = render(plan, CR_REPORT_CSV, CR_LANG_EN);
    cr_csv_table table;
    cr_error err;
    ck_assert_int_eq(cr_csv_parse_text("plan.csv", text, strlen(text), &table, &err), CR_OK);
    ck_assert_uint_eq(table.n_rows, plan->n_items + 1);
    ck_assert_str_eq(table.rows[0].fields[0], "number");
    int control = cr_csv_column(&table, "control");
    int reason = cr_csv_column(&table, "reason");
    int one_off = cr_csv_column(&table, "one_off");
    int owner = cr_csv_column(&table, "owner");
    ck_assert(control >= 0 && reason >= 0 && one_off >= 0 && owner >= 0);
    for (size_t r = 1; r < table.n_rows; r++) {
        ck_assert_uint_eq(table.rows[r].n_fields, table.rows[0].n_fields);
        const cr_plan_item *it = &plan->items[r - 1];
        ck_assert_str_eq(table.rows[r].fields[control], plan->gaps[it->gap].control_id);
        ck_assert_double_eq(strtod(table.rows[r].fields[one_off], NULL), it->one_off);
        ck_assert_str_eq(table.rows[r].fields[owner], it->owner ? it->owner : "");
        /* The reason has commas and came back whole. */
        ck_assert_ptr_nonnull(strstr(table.rows[r].fields[reason], "removes"));
    }
    cr_csv_table_free(&table);
    free(text);
    cr_plan_free(plan);
}
END_TEST

START_TEST(markdown_escapes)
{
    cr_plan *plan = fixture_plan();
    char *md = render(plan, CR_REPORT_MD, CR_LANG_EN);
    ck_assert_ptr_nonnull(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_null(strstr(md, "<script"));
    ck_assert_ptr_nonnull(strstr(md, "## Treatment plan"));
    ck_assert_ptr_nonnull(strstr(md, "## Residual risk approval sheet"));
    free(md);
    cr_plan_free(plan);
}
END_TEST

START_TEST(every_format_is_deterministic)
{
    cr_plan *a = fixture_plan(), *b = fixture_plan();
    for (int f = 0; f < 4; f++)
        for (int l = 0; l < 2; l++) {
            char *x = render(a, (cr_report_format)f, (cr_report_lang)l);
            char *y = render(b, (cr_report_format)f, (cr_report_lang)l);
            ck_assert_msg(strcmp(x, y) == 0, "format %d lang %d differs between runs", f, l);
            free(x);
            free(y);
        }
    cr_plan_free(a);
    cr_plan_free(b);
}
END_TEST

static void expect_money(double v, const char *cur, cr_report_lang lang, bool is_short,
                         const char *want)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    if (is_short)
        report_money_short(&sb, v, cur, lang);
    else
        report_money(&sb, v, cur, lang);
    ck_assert_msg(sb.data && strcmp(sb.data, want) == 0, "%g %s: \"%s\", expected \"%s\"", v,
                  cur, sb.data ? sb.data : "", want);
    cr_strbuf_free(&sb);
}

START_TEST(numbers)
{
    expect_money(1234567, "JPY", CR_LANG_EN, false, "¥1,234,567");
    /* Japanese counts in 万, 億 and 兆, with thousands grouped inside each. */
    expect_money(1234567, "JPY", CR_LANG_JA, false, "123万4,567円");
    expect_money(101300000000.0, "JPY", CR_LANG_JA, false, "1,013億円");
    expect_money(1000000000000.0, "JPY", CR_LANG_JA, false, "1兆円");
    expect_money(101300000000.0, "JPY", CR_LANG_JA, true, "1,013億円");
    expect_money(1000000000000.0, "JPY", CR_LANG_JA, true, "1兆円");
    expect_money(999.6, "JPY", CR_LANG_EN, false, "¥1,000");
    expect_money(0, "JPY", CR_LANG_EN, false, "¥0");
    expect_money(-2500, "JPY", CR_LANG_EN, false, "-¥2,500");
    expect_money(1234567, "USD", CR_LANG_EN, false, "1,234,567 USD");
    expect_money(NAN, "JPY", CR_LANG_EN, false, "–");
    expect_money(1.2e8, "JPY", CR_LANG_JA, true, "1.2億円");
    expect_money(1e8, "JPY", CR_LANG_JA, true, "1億円");
    expect_money(3e7, "JPY", CR_LANG_JA, true, "3,000万円");
    expect_money(1.5e6, "JPY", CR_LANG_EN, true, "¥1.5M");
    expect_money(1e10, "JPY", CR_LANG_EN, true, "¥10B");
    expect_money(2.5e4, "USD", CR_LANG_EN, true, "25k USD");
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    report_percent(&sb, 0.4412, 1);
    ck_assert_str_eq(sb.data, "44.1%");
    cr_strbuf_free(&sb);
}
END_TEST

START_TEST(decisions_appear_in_the_report)
{
    cr_plan *plan = fixture_plan();
    char path[256];
    snprintf(path, sizeof path, "%s/cloudrisk-report-%d.csv",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "id,decision,by,date,note,input_sha256\n%s,approved,CISO <x>,2025-04-10,ok,\n"
                "plan,changed,Board,2025-04-11,defer 6.5.1,%064d\n",
            plan->gaps[plan->items[0].gap].control_id, 0);
    fclose(fp);
    cr_error err;
    cr_status st = cr_plan_read_decisions(plan, path, &err);
    unlink(path);
    ck_assert_msg(st == CR_OK, "%s", err.message);
    char *html = render(plan, CR_REPORT_HTML, CR_LANG_EN);
    ck_assert_ptr_nonnull(strstr(html, "CISO &lt;x&gt;, 2025-04-10: ok"));
    ck_assert_ptr_nonnull(strstr(html, "Approved with conditions"));
    ck_assert_ptr_nonnull(strstr(html, "taken on different inputs: approve again"));
    free(html);
    char *json = render(plan, CR_REPORT_JSON, CR_LANG_EN);
    cJSON *root = cJSON_Parse(json);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "items"), 0);
    const cJSON *d = cJSON_GetObjectItem(first, "decision");
    ck_assert_str_eq(cJSON_GetObjectItem(d, "decision")->valuestring, "approved");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(d, "stale")));
    const cJSON *pd = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "approval_sheet"),
                                          "plan_decision");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(pd, "stale")));
    cJSON_Delete(root);
    free(json);
    cr_plan_free(plan);
}
END_TEST

START_TEST(format_and_language_words)
{
    cr_report_format f;
    cr_report_lang l;
    ck_assert(cr_report_format_parse("html", &f) && f == CR_REPORT_HTML);
    ck_assert(cr_report_format_parse("md", &f) && f == CR_REPORT_MD);
    ck_assert(!cr_report_format_parse("pdf", &f));
    ck_assert(cr_report_lang_parse("ja", &l) && l == CR_LANG_JA);
    ck_assert(!cr_report_lang_parse("fr", &l));
}
END_TEST

/* ---- the document model's text and CSV writers ---------------------------- */

static char *text_of(const cr_doc *d)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    doc_text_write(d, &sb);
    ck_assert(!sb.failed);
    return cr_strbuf_take(&sb);
}

static void row_of(cr_doc *d, doc_kind row, const char *const *cells, const char *const *cls,
                   size_t n)
{
    doc_open(d, row, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, row == DOC_HEADROW ? DOC_HEADCELL : DOC_CELL, NULL, cls ? cls[i] : NULL,
                 cells[i]);
    doc_close(d);
}

START_TEST(text_writer_aligns_and_neutralises)
{
    cr_doc d;
    doc_init(&d);
    /* A title with an escape sequence that would clear the screen. */
    doc_leaf(&d, DOC_PARA, NULL, NULL, "Title \x1b[2J done");
    doc_open(&d, DOC_SECTION, NULL, NULL); /* empty: no blank line for it */
    doc_close(&d);
    doc_open(&d, DOC_SECTION, NULL, NULL);
    doc_heading(&d, 2, NULL, "Risks");
    doc_open(&d, DOC_BOX, NULL, "indent");
    doc_open(&d, DOC_TABLE, NULL, NULL);
    static const int widths[] = {6, -5, 5}; /* widths hold the gaps */
    doc_set_widths(&d, widths, 3);
    static const char *const head[] = {"ID", "名前", "n", "note"};
    static const char *const cls[] = {NULL, NULL, "num", NULL};
    row_of(&d, DOC_HEADROW, head, cls, 4);
    /* Cut with an ellipsis at 6 columns; not cut at 5 (w < 0); a line
     * feed in a cell is escaped, the row stays one line. */
    static const char *const r1[] = {"ABCDEFGH", "長い名前", "12", "a\nb"};
    row_of(&d, DOC_ROW, r1, cls, 4);
    doc_close(&d);
    doc_open(&d, DOC_LIST, NULL, NULL);
    doc_leaf(&d, DOC_ITEM, NULL, NULL, "one");
    doc_close(&d);
    doc_close(&d);
    doc_close(&d);
    ck_assert(!d.failed);
    char *t = text_of(&d);
    ck_assert_str_eq(t, "Title \\x1B[2J done\n"
                        "\n"
                        "Risks\n"
                        "  ID    名前     nnote\n"
                        "  ABCDE\xE2\x80\xA6長い名前   12a\\x0Ab\n"
                        "  - one\n");
    free(t);
    doc_free(&d);
}
END_TEST

START_TEST(text_writer_keeps_a_paragraphs_lines)
{
    cr_doc d;
    doc_init(&d);
    doc_leaf(&d, DOC_PARA, NULL, NULL, "a\nb\x07");
    char *t = text_of(&d);
    ck_assert_str_eq(t, "a\nb\\x07\n");
    free(t);
    doc_free(&d);
}
END_TEST

START_TEST(csv_writer_uses_the_one_rule)
{
    cr_doc d;
    doc_init(&d);
    doc_leaf(&d, DOC_PARA, NULL, NULL, "not in CSV");
    doc_open(&d, DOC_TABLE, NULL, NULL);
    static const char *const head[] = {"name", "value"};
    row_of(&d, DOC_HEADROW, head, NULL, 2);
    static const char *const r1[] = {"=HYPERLINK(\"x\")", "1,5"};
    row_of(&d, DOC_ROW, r1, NULL, 2);
    doc_open(&d, DOC_ROW, NULL, NULL);
    doc_open(&d, DOC_CELL, NULL, NULL);
    doc_set_colspan(&d, 2);
    doc_text(&d, "-2");
    doc_close(&d);
    doc_close(&d);
    doc_close(&d);
    doc_open(&d, DOC_TABLE, NULL, NULL);
    static const char *const r2[] = {"@SUM(A1)"};
    row_of(&d, DOC_ROW, r2, NULL, 1);
    doc_close(&d);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert(fp);
    ck_assert(doc_csv(&d, fp));
    fclose(fp);
    ck_assert_str_eq(buf, "name,value\n"
                          "\"'=HYPERLINK(\"\"x\"\")\",\"1,5\"\n"
                          "-2,\n"
                          "\n"
                          "'@SUM(A1)\n");
    ck_assert(cr_csv_formula_like("=HYPERLINK(\"x\")"));
    free(buf);
    doc_free(&d);
}
END_TEST

START_TEST(markdown_code_spans)
{
    cr_doc d;
    doc_init(&d);
    doc_open(&d, DOC_PARA, NULL, NULL);
    doc_leaf(&d, DOC_CODE, NULL, NULL, "a`b|c");
    doc_text(&d, " ");
    doc_leaf(&d, DOC_CODE, NULL, NULL, "`x");
    doc_close(&d);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    doc_md(&d, &sb);
    ck_assert_str_eq(sb.data, "``a`b\\|c`` `` `x ``\n");
    cr_strbuf_free(&sb);
    doc_free(&d);
}
END_TEST

/* The chart module's shared layer: scales (log with "never" at the start,
 * clamped), decades, and the one escaping every chart's text goes through;
 * a dot plot and a log-log exceedance curve escape what they are given. */
static void tick_plain(char *buf, size_t size, double v, const void *ctx)
{
    (void)ctx;
    snprintf(buf, size, "<%g>", v);
}

START_TEST(chart_layer)
{
    chart_scale lg = {0, 2, 10, 210, true};
    ck_assert_double_eq_tol(chart_at(&lg, 10), 110, 1e-9);
    ck_assert_double_eq(chart_at(&lg, 0), 10);     /* a "never" at the start */
    ck_assert_double_eq(chart_at(&lg, 1e5), 210);  /* clamped */
    ck_assert_double_eq(chart_at(&lg, 0.01), 10);
    chart_scale lin = {0, 1, 276, 34, false};      /* a probability, upwards */
    ck_assert_double_eq_tol(chart_at(&lin, 0.5), 155, 1e-9);
    double d0, d1;
    chart_decades(3, 4000, &d0, &d1);
    ck_assert(d0 == 0 && d1 == 4);
    chart_decades(5, 7, &d0, &d1);                 /* at least one decade */
    ck_assert(d0 == 0 && d1 == 1);

    cr_strbuf sb;
    cr_strbuf_init(&sb);
    chart_label(&sb, "<b>&\"", "x=\"%d\"", 1);
    ck_assert_str_eq(sb.data, "<text x=\"1\">&lt;b&gt;&amp;&quot;</text>");

    sb.len = 0;
    chart_dot_row rows[2] = {{"<script>", 0, 2, 30, false}, {"B&B", 1, 5, 9, true}};
    chart_dots dots = {"a \"title\"", rows, 2, 1, 20, 6, "<pool>", tick_plain, NULL};
    chart_dot_plot(&sb, &dots);
    ck_assert(!sb.failed);
    ck_assert_ptr_null(strstr(sb.data, "<script>"));
    ck_assert_ptr_null(strstr(sb.data, "<pool>"));
    ck_assert_ptr_nonnull(strstr(sb.data, "&lt;script&gt;"));
    ck_assert_ptr_nonnull(strstr(sb.data, "B&amp;B"));
    ck_assert_ptr_nonnull(strstr(sb.data, "aria-label=\"a &quot;title&quot;\""));
    ck_assert_ptr_nonnull(strstr(sb.data, "&lt;10&gt;")); /* an axis label, escaped */
    ck_assert_ptr_nonnull(strstr(sb.data, "<circle class=\"dot out\""));
    /* a minimum of 0 sits at the axis's start (56) */
    ck_assert_ptr_nonnull(strstr(sb.data, "x1=\"56.0\""));

    sb.len = 0;
    double loss[3] = {100, 1000, 10000}, exceed[3] = {0.9, 0.1, 0.001};
    chart_mark marks[2] = {{5000, true, true}, {1e9, false, false}};
    chart_log_lec lec = {"t", "none", "x <loss>", "P(total > x)", "appetite", "threshold",
                         loss, exceed, 3, marks, 2, tick_plain, NULL};
    chart_lec_log(&sb, &lec);
    ck_assert_ptr_nonnull(strstr(sb.data, "P(total &gt; x)"));
    ck_assert_ptr_nonnull(strstr(sb.data, "x &lt;loss&gt;"));
    ck_assert_ptr_nonnull(strstr(sb.data, "stroke=\"#d32f2f\""));  /* the appetite */
    ck_assert_ptr_null(strstr(sb.data, "<title>threshold</title>")); /* off the axis */
    ck_assert_ptr_nonnull(strstr(sb.data, ">0.1%</text>"));          /* down to 10^-3 */
    sb.len = 0;
    lec.n = 0;
    chart_lec_log(&sb, &lec);
    ck_assert_str_eq(sb.data, "<p>none</p>\n");

    sb.len = 0;
    chart_part parts[3] = {{2, "#d32f2f", "R<1> high: 2"}, {0, "#ffc107", "none"},
                           {2, "#4caf50", "R&1 low: 2"}};
    chart_stack stack = {"<R1>", parts, 3};
    chart_stacks stacks = {"by level", &stack, 1, 4};
    chart_stacked_bars(&sb, &stacks);
    ck_assert_ptr_null(strstr(sb.data, "<R1>"));
    ck_assert_ptr_nonnull(strstr(sb.data, "&lt;R1&gt;"));
    ck_assert_ptr_nonnull(strstr(sb.data, "<title>R&lt;1&gt; high: 2</title>"));
    ck_assert_ptr_nonnull(strstr(sb.data, "<title>R&amp;1 low: 2</title>"));
    ck_assert_ptr_null(strstr(sb.data, "none"));                /* a part of 0: left out */
    ck_assert_ptr_nonnull(strstr(sb.data, "x=\"340.0\" y=\"5\" width=\"260.0\"")); /* half */
    sb.len = 0;
    long counts[2] = {1, 4};
    const char *tips[2] = {"0 to <1>", "1 to 2"}, *labels[2] = {"0 & up", "1"};
    chart_bins bins = {"bins", counts, 2, tips, labels};
    chart_histogram(&sb, &bins);
    ck_assert_ptr_nonnull(strstr(sb.data, "<title>0 to &lt;1&gt;</title>"));
    ck_assert_ptr_nonnull(strstr(sb.data, ">0 &amp; up</text>"));
    ck_assert_ptr_null(strstr(sb.data, ">1</text>"));           /* only every third labelled */
    ck_assert_ptr_nonnull(strstr(sb.data, "height=\"160.0\""));  /* the tallest: full */
    ck_assert(!sb.failed);
    cr_strbuf_free(&sb);
}
END_TEST

START_TEST(html_form_controls_are_escaped)
{
    cr_doc d;
    doc_init(&d);
    doc_open_form(&d, "/a?x=\"1\"", NULL, "card");
    doc_hidden(&d, "t", "\"><script>");
    doc_open(&d, DOC_LABEL, NULL, NULL);
    doc_attr(&d, "for", "n");
    doc_text(&d, "Name <b>");
    doc_close(&d);
    doc_input(&d, "text", "n", "name", NULL);
    doc_attr(&d, "required", NULL);
    doc_attr(&d, "value", "O'Neil & \"Co\"");
    doc_open(&d, DOC_SELECT, "s", NULL);
    doc_attr(&d, "name", "level");
    doc_option(&d, "1", "Low", false);
    doc_option(&d, "<2>", "High & up", true);
    doc_close(&d);
    doc_open(&d, DOC_TEXTAREA, NULL, NULL);
    doc_attr(&d, "name", "c");
    doc_text(&d, "</textarea><script>");
    doc_close(&d);
    doc_open(&d, DOC_BUTTON, "go", NULL);
    doc_attr(&d, "type", "submit");
    doc_text(&d, "Save");
    doc_close(&d);
    doc_close(&d);
    ck_assert(!d.failed);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    doc_html(&d, &sb);
    ck_assert_str_eq(sb.data,
                     "<form method=\"post\" action=\"/a?x=&quot;1&quot;\" class=\"card\">"
                     "<input type=\"hidden\" name=\"t\" value=\"&quot;&gt;&lt;script&gt;\">"
                     "<label for=\"n\">Name &lt;b&gt;</label>"
                     "<input id=\"n\" type=\"text\" name=\"name\" required "
                     "value=\"O&#39;Neil &amp; &quot;Co&quot;\">"
                     "<select id=\"s\" name=\"level\"><option value=\"1\">Low</option>"
                     "<option value=\"&lt;2&gt;\" selected>High &amp; up</option></select>"
                     "<textarea name=\"c\">&lt;/textarea&gt;&lt;script&gt;</textarea>"
                     "<button id=\"go\" type=\"submit\">Save</button></form>");
    /* Text and Markdown keep the label, not the controls. */
    sb.len = 0;
    doc_md(&d, &sb);
    ck_assert_str_eq(sb.data, "Name &lt;b&gt;\n");
    cr_strbuf_free(&sb);
    /* An attribute name that is not [a-z-] fails the document. */
    doc_input(&d, "text", NULL, "x", NULL);
    doc_attr(&d, "onclick=\"x\" y", "1");
    ck_assert(d.failed);
    doc_free(&d);
}
END_TEST

/* A served page's frame: the body's attributes escaped in order, the
 * refresh without a script, the script at the end; the plain frame
 * (doc_html_page_open) is the same page without them. */
START_TEST(html_page_frame_carries_the_body_attributes)
{
    const char *const attrs[] = {"data-page", "p", "data-saved", "Saved \"<now>\" & then"};
    doc_page page = {.lang = "en",
                     .title = "A <title>",
                     .css = {"x{}", "y{}"},
                     .noscript_refresh = 5,
                     .body_attrs = attrs,
                     .n_body_attrs = 2,
                     .script = "/app.js"};
    cr_strbuf sb, plain;
    cr_strbuf_init(&sb);
    cr_strbuf_init(&plain);
    doc_html_page_begin(&sb, &page);
    doc_html_page_end(&sb, &page);
    ck_assert(!sb.failed);
    ck_assert_ptr_nonnull(strstr(sb.data, "<title>A &lt;title&gt;</title><noscript><meta "
                                          "http-equiv=\"refresh\" content=\"5\"></noscript><style>"));
    ck_assert_ptr_nonnull(strstr(sb.data, "x{}y{}</style></head><body data-page=\"p\" "
                                          "data-saved=\"Saved &quot;&lt;now&gt;&quot; &amp; "
                                          "then\"><main></main><script src=\"/app.js\"></script>"
                                          "</body></html>\n"));
    doc_html_page_open(&plain, "en", "A <title>", "x{}y{}");
    cr_strbuf_puts(&plain, "</main></body></html>\n");
    doc_page bare = {.lang = "en", .title = "A <title>", .css = {"x{}y{}", NULL}};
    sb.len = 0;
    doc_html_page_begin(&sb, &bare);
    doc_html_page_end(&sb, &bare);
    ck_assert_str_eq(sb.data, plain.data);
    /* An attribute name that is not [a-z-] fails the page. */
    const char *const bad[] = {"onload=\"x\" y", "1"};
    page.body_attrs = bad;
    page.n_body_attrs = 1;
    sb.len = 0;
    doc_html_page_begin(&sb, &page);
    ck_assert(sb.failed);
    cr_strbuf_free(&sb);
    cr_strbuf_free(&plain);
}
END_TEST

/* The curves' legend is one row under the axis title while it fits; with
 * the target before insurance as a fourth curve the English names do not,
 * and the fourth starts a second row (the drawing grows by 18 units); the
 * Japanese names still fit one row. */
START_TEST(lec_legend_wraps_what_does_not_fit)
{
    cr_plan *plan = fixture_plan();
    ck_assert_ptr_nonnull(plan);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    chart_lec(&sb, plan, CR_LANG_EN);
    ck_assert_ptr_nonnull(strstr(sb.data, "viewBox=\"0 0 760 356\""));
    ck_assert_ptr_nonnull(strstr(sb.data, "<text x=\"536.0\" y=\"347.0\" class=\"legend\""));
    cr_plan_distribution saved = plan->target_gross;
    plan->target_gross = plan->dist[CR_SCENARIO_TARGET]; /* shared, put back below */
    sb.len = 0;
    chart_lec(&sb, plan, CR_LANG_EN);
    ck_assert_ptr_nonnull(strstr(sb.data, "viewBox=\"0 0 760 374\""));
    ck_assert_ptr_nonnull(strstr(sb.data, "<text x=\"116.0\" y=\"365.0\" class=\"legend\""));
    sb.len = 0;
    chart_lec(&sb, plan, CR_LANG_JA);
    ck_assert_ptr_nonnull(strstr(sb.data, "viewBox=\"0 0 760 356\""));
    ck_assert_ptr_nonnull(strstr(sb.data, "<text x=\"596.0\" y=\"347.0\" class=\"legend\""));
    plan->target_gross = saved;
    ck_assert(!sb.failed);
    cr_strbuf_free(&sb);
    cr_plan_free(plan);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, html_escapes_every_input_text);
    tcase_add_test(tc, html_is_self_contained);
    tcase_add_test(tc, html_has_the_key_elements);
    tcase_add_test(tc, labels_in_both_languages);
    tcase_add_test(tc, json_holds_the_whole_plan);
    tcase_add_test(tc, csv_reads_back);
    tcase_add_test(tc, markdown_escapes);
    tcase_add_test(tc, every_format_is_deterministic);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, decisions_appear_in_the_report);
    tcase_add_test(tc, format_and_language_words);
    tcase_add_test(tc, text_writer_aligns_and_neutralises);
    tcase_add_test(tc, text_writer_keeps_a_paragraphs_lines);
    tcase_add_test(tc, csv_writer_uses_the_one_rule);
    tcase_add_test(tc, markdown_code_spans);
    tcase_add_test(tc, chart_layer);
    tcase_add_test(tc, html_form_controls_are_escaped);
    tcase_add_test(tc, html_page_frame_carries_the_body_attributes);
    tcase_add_test(tc, lec_legend_wraps_what_does_not_fit);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
