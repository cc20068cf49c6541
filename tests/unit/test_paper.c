/* test_paper.c -- the decision paper and the report's options on the fixture
 * plan: what the paper holds, the route's seal boxes, a recorded decision
 * filling the block, document number and version (escaped into HTML and
 * into the page head's CSS), the annex left out on request. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/report.h"
#include "plan_fixture.h"

static char *render(const cr_plan *plan, const cr_report_options *opt)
{
    char *out = NULL;
    size_t len = 0;
    cr_error err;
    ck_assert_int_eq(cr_report_render_opt(plan, opt, &out, &len, &err), CR_OK);
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

START_TEST(paper_holds_what_management_reads)
{
    cr_plan *plan = fixture_plan();
    cr_report_options opt;
    cr_report_options_init(&opt);
    opt.format = CR_REPORT_PAPER;
    char *en = render(plan, &opt);
    static const char *const ids[] = {"id=\"paper-asked\"", "id=\"paper-figures\"",
                                      "id=\"paper-refused\"", "id=\"paper-decision\"",
                                      "id=\"paper-route\"", "id=\"doc-number\""};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ck_assert_msg(strstr(en, ids[i]), "paper lacks %s", ids[i]);
    ck_assert_ptr_nonnull(strstr(en, "Budget asked"));
    ck_assert_ptr_nonnull(strstr(en, "Plan completes"));
    ck_assert_ptr_nonnull(strstr(en, "Accountable for the plan"));
    /* The paper alone: no detail, no annex. */
    ck_assert_ptr_null(strstr(en, "id=\"plan-table\""));
    ck_assert_ptr_null(strstr(en, "id=\"gaps\""));
    /* Default route, one seal box per stage. */
    ck_assert_ptr_nonnull(strstr(en, ">Prepared<"));
    ck_assert_ptr_nonnull(strstr(en, ">Approved<"));
    ck_assert_uint_eq(count(en, "<div class=\"st\">"), 3);
    /* The default document number: the service id and 8 hex digits. */
    char docno[64];
    snprintf(docno, sizeof docno, "%s-%.8s", plan->service_id, plan->input_sha256);
    ck_assert_ptr_nonnull(strstr(en, docno));
    free(en);

    opt.lang = CR_LANG_JA;
    char *ja = render(plan, &opt);
    ck_assert_ptr_nonnull(strstr(ja, ">起案<"));
    ck_assert_ptr_nonnull(strstr(ja, ">審査<"));
    ck_assert_ptr_nonnull(strstr(ja, ">承認<"));
    ck_assert_ptr_nonnull(strstr(ja, "決裁事項"));
    ck_assert_ptr_nonnull(strstr(ja, "第1版"));
    free(ja);
    cr_plan_free(plan);
}
END_TEST

START_TEST(route_number_and_version_are_escaped)
{
    cr_plan *plan = fixture_plan();
    cr_report_options opt;
    cr_report_options_init(&opt);
    opt.format = CR_REPORT_PAPER;
    opt.doc_number = "A\"}</style><script>x";
    opt.doc_version = "2<b>";
    opt.route = " 起案 ,, 課長<審査> ,部長,  取締役会 ";
    char *html = render(plan, &opt);
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "2<b>"));
    ck_assert_ptr_nonnull(strstr(html, "A&quot;}&lt;/style&gt;&lt;script&gt;x"));
    /* In the page head's CSS string: quote, brace and angle brackets as hex
     * escapes, so nothing ends the string or the style element. */
    ck_assert_ptr_nonnull(strstr(html, "A\\22 \\7d \\3c /style\\3e \\3c script\\3e x"));
    ck_assert_uint_eq(count(html, "</style>"), 1);
    /* Stages trimmed, empty ones skipped, text escaped. */
    ck_assert_uint_eq(count(html, "<div class=\"st\">"), 4);
    ck_assert_ptr_nonnull(strstr(html, ">起案<"));
    ck_assert_ptr_nonnull(strstr(html, ">課長&lt;審査&gt;<"));
    ck_assert_ptr_nonnull(strstr(html, ">取締役会<"));
    free(html);
    cr_plan_free(plan);
}
END_TEST

START_TEST(recorded_decision_fills_the_block)
{
    cr_plan *plan = fixture_plan();
    char path[256];
    snprintf(path, sizeof path, "%s/cloudrisk-paper-%d.csv",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "id,decision,by,date,note\nplan,changed,Board <b>,2025-04-11,report monthly\n");
    fclose(fp);
    cr_error err;
    cr_status st = cr_plan_read_decisions(plan, path, &err);
    unlink(path);
    ck_assert_msg(st == CR_OK, "%s", err.message);
    cr_report_options opt;
    cr_report_options_init(&opt);
    opt.format = CR_REPORT_PAPER;
    char *html = render(plan, &opt);
    const char *block = strstr(html, "id=\"paper-decision\"");
    ck_assert_ptr_nonnull(block);
    /* No empty boxes for the plan, its decision instead; the conditions in
     * their field; the decision-maker in the last seal box. */
    const char *route = strstr(block, "id=\"paper-route\"");
    ck_assert_ptr_nonnull(route);
    const char *first_box = strstr(block, "class=\"box\"");
    ck_assert(first_box == NULL || first_box > route);
    ck_assert_ptr_nonnull(strstr(block, "Approved with conditions"));
    ck_assert_ptr_nonnull(strstr(block, "report monthly"));
    ck_assert_ptr_nonnull(strstr(route, "Board &lt;b&gt;<br>2025-04-11"));
    free(html);
    /* The detail's signature block is filled too, not left blank. */
    opt.format = CR_REPORT_HTML;
    html = render(plan, &opt);
    const char *sign = strstr(html, "id=\"approval-signature\"");
    ck_assert_ptr_nonnull(sign);
    const char *sign_end = strstr(sign, "id=\"decision-state\"");
    ck_assert_ptr_nonnull(sign_end);
    const char *who = strstr(sign, "<div class=\"line\">Board &lt;b&gt;</div>");
    ck_assert(who && who < sign_end);
    const char *box = strstr(sign, "class=\"box\"");
    ck_assert(box == NULL || box > sign_end);
    free(html);
    cr_plan_free(plan);
}
END_TEST

START_TEST(report_opens_with_the_paper_and_ends_with_the_annex)
{
    cr_plan *plan = fixture_plan();
    cr_report_options opt;
    cr_report_options_init(&opt);
    opt.format = CR_REPORT_HTML;
    char *html = render(plan, &opt);
    const char *paper = strstr(html, "id=\"paper\"");
    const char *detail = strstr(html, "id=\"detail\"");
    const char *approval = strstr(html, "id=\"approval\"");
    const char *annex = strstr(html, "id=\"annex\"");
    ck_assert(paper && detail && approval && annex);
    ck_assert(paper < detail && detail < approval && approval < annex);
    free(html);
    opt.annex = false;
    html = render(plan, &opt);
    ck_assert_ptr_null(strstr(html, "id=\"annex\""));
    ck_assert_ptr_null(strstr(html, "id=\"gaps\""));
    ck_assert_ptr_null(strstr(html, "href=\"#gaps\""));
    free(html);
    opt.format = CR_REPORT_MD;
    opt.annex = true;
    char *md = render(plan, &opt);
    ck_assert_ptr_nonnull(strstr(md, "Annex: gap list"));
    free(md);
    opt.annex = false;
    md = render(plan, &opt);
    ck_assert_ptr_null(strstr(md, "Annex: gap list"));
    free(md);
    cr_report_format f;
    ck_assert(cr_report_format_parse("paper", &f) && f == CR_REPORT_PAPER);
    cr_plan_free(plan);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("paper");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, paper_holds_what_management_reads);
    tcase_add_test(tc, route_number_and_version_are_escaped);
    tcase_add_test(tc, recorded_decision_fills_the_block);
    tcase_add_test(tc, report_opens_with_the_paper_and_ends_with_the_annex);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
