/* test_workshop.c -- participant sheets, consensus, opinion pools, overrides,
 * merge summary.  Expected values are worked by hand in the comments. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/workshop.h"
#include "workshop/cells.h"
#include "workshop/rationale.h"

static const cr_workshop_risk risks3[] = {
    {"CR01", "Unauthorised access"}, {"CR02", "Isolation failure"}, {"CR03", "Insider"}};

#define HEADER                                                                                  \
    "service_id,participant,risk_id,risk_name,impact,likelihood,frequency_min,"                 \
    "frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment\n"

static cr_status parse(const char *name, const char *text, cr_workshop_sheet *s, cr_error *err)
{
    return cr_workshop_sheet_parse(name, text, strlen(text), risks3, 3, s, err);
}

static const char *formatted(const cr_error *err)
{
    static char buf[2048];
    cr_error_format(err, buf, sizeof buf);
    return buf;
}

/* Parse text that must fail; compare the whole message. */
static void expect_sheet_error(const char *text, const char *message)
{
    cr_workshop_sheet s;
    cr_error err;
    cr_error_clear(&err);
    ck_assert_int_eq(parse("a.csv", text, &s, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), message);
    ck_assert_ptr_null(s.entries); /* nothing half-built is left */
}

/* ---- cells and sheets --------------------------------------------------------- */

START_TEST(sheet_reads_scores_estimates_and_abstentions)
{
    /* Columns shuffled, a byte-order mark, CRLF, thousands separators, an
     * exponent, confidence as a word and as a number, a trailing blank row
     * as spreadsheets write it, and an abstention. */
    const char *text =
        "\xEF\xBB\xBF"
        "participant,service_id,risk_id,risk_name,impact,likelihood,frequency_min,"
        "frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment\r\n"
        "Sato,svc-1,CR02,x,3,2,0.1,0.5,2,\"1,000\",\"250,000\",1.5E+06,High,\"says \"\"no\"\"\"\r\n"
        "Sato,svc-1,CR01,x, 4 ,5,,,,,,,2,\r\n"
        "Sato,svc-1,CR03,x,,,,,,,,,,not my area\r\n"
        ",,,,,,,,,,,,,\r\n";
    cr_workshop_sheet s;
    cr_error err;
    ck_assert_int_eq(parse("a.csv", text, &s, &err), CR_OK);
    ck_assert_str_eq(s.participant, "Sato");
    ck_assert_str_eq(s.service_id, "svc-1");
    ck_assert_uint_eq(s.n_entries, 3);
    const cr_workshop_entry *e1 = &s.entries[0], *e2 = &s.entries[1], *e3 = &s.entries[2];
    ck_assert(e1->scored);
    ck_assert_int_eq(e1->impact, 4);
    ck_assert_int_eq(e1->likelihood, 5);
    ck_assert(!e1->frequency.given && !e1->loss.given);
    ck_assert_int_eq(e1->confidence, 2);
    ck_assert_int_eq(e1->line, 3);
    ck_assert_int_eq(e2->impact, 3);
    ck_assert(e2->frequency.given);
    ck_assert_double_eq(e2->frequency.min, 0.1);
    ck_assert_double_eq(e2->frequency.likely, 0.5);
    ck_assert_double_eq(e2->frequency.max, 2.0);
    ck_assert_double_eq(e2->loss.min, 1000.0);
    ck_assert_double_eq(e2->loss.likely, 250000.0);
    ck_assert_double_eq(e2->loss.max, 1.5e6);
    ck_assert_int_eq(e2->confidence, 5); /* high = 5 */
    ck_assert_str_eq(e2->comment, "says \"no\"");
    ck_assert(!e3->scored);
    ck_assert_int_eq(e3->impact, 0);
    ck_assert_str_eq(e3->comment, "not my area");
    ck_assert_uint_eq(strlen(s.sha256), 64);
    cr_workshop_sheet_clear(&s);
}
END_TEST

START_TEST(sheet_errors_name_file_row_and_expectation)
{
    const char *ok2 = "s,P,CR02,x,3,3,,,,,,,,\n";
    const char *ok3 = "s,P,CR03,x,3,3,,,,,,,,\n";
    char text[2048];
#define ROW1(row) (snprintf(text, sizeof text, HEADER "%s%s%s", row, ok2, ok3), text)

#define MINIMUM                                                                              \
    "service_id,participant,risk_id,impact,likelihood,frequency_min,frequency_likely,"        \
    "frequency_max,loss_min,loss_likely,loss_max,confidence,comment"
    expect_sheet_error("", "a.csv: file is empty; expected a header row: " MINIMUM);
    expect_sheet_error("service_id,participant,risk,risk_name\n",
                       "a.csv:1: unknown column \"risk\"; expected the header row (in English or "
                       "Japanese): " MINIMUM);
    expect_sheet_error("service_id,participant,risk_id,risk_name,impact,likelihood,"
                       "frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,"
                       "loss_max,confidence\n",
                       "a.csv:1: missing column \"comment\"; expected the header row: " MINIMUM);
    expect_sheet_error("service_id,participant,participant\n",
                       "a.csv:1: column \"participant\" appears twice; expected the header "
                       "row: " MINIMUM);
    /* The same column by its English key and its Japanese header. */
    expect_sheet_error("service_id,サービスID\n",
                       "a.csv:1: column \"サービスID\" appears twice; expected the header "
                       "row: " MINIMUM);
#undef MINIMUM
    expect_sheet_error(HEADER, "a.csv: no risk rows; expected one row for each of the 3 risks");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3\n"),
                       "a.csv:2: row has 6 fields; expected 14 like the header");
    expect_sheet_error(ROW1(",P,CR01,x,3,3,,,,,,,,\n"),
                       "a.csv:2: service_id is empty; expected the id of the service the "
                       "workshop assesses");
    expect_sheet_error(ROW1("s, ,CR01,x,3,3,,,,,,,,\n"),
                       "a.csv:2: participant is empty; expected the name of the person who "
                       "fills in the sheet");
    expect_sheet_error(HEADER "s,P,CR01,x,3,3,,,,,,,,\ns,Q,CR02,x,3,3,,,,,,,,\n",
                       "a.csv:3: participant \"Q\" differs from \"P\" on line 2; expected one "
                       "participant per sheet");
    expect_sheet_error(HEADER "s,P,CR01,x,3,3,,,,,,,,\nt,P,CR02,x,3,3,,,,,,,,\n",
                       "a.csv:3: service_id \"t\" differs from \"s\" on line 2; expected one "
                       "service_id per sheet");
    expect_sheet_error(ROW1("s,P,,x,3,3,,,,,,,,\n"),
                       "a.csv:2: risk_id is empty; expected one of the 3 risks of the model "
                       "(CR01 to CR03)");
    expect_sheet_error(ROW1("s,P,CR99,x,3,3,,,,,,,,\n"),
                       "a.csv:2: unknown risk_id \"CR99\"; expected one of the 3 risks of the "
                       "model (CR01 to CR03)");
    expect_sheet_error(HEADER "s,P,CR01,x,3,3,,,,,,,,\ns,P,CR02,x,3,3,,,,,,,,\n"
                              "s,P,CR01,x,4,4,,,,,,,,\n",
                       "a.csv:4: risk CR01 appears again (first on line 2); expected one row "
                       "per risk");
    expect_sheet_error(HEADER "s,P,CR02,x,3,3,,,,,,,,\n",
                       "a.csv: 2 rows are missing (CR01, CR03); expected one row for each of "
                       "the 3 risks");
    expect_sheet_error(HEADER "s,P,CR02,x,3,3,,,,,,,,\ns,P,CR01,x,3,3,,,,,,,,\n",
                       "a.csv: 1 row is missing (CR03); expected one row for each of the 3 "
                       "risks");
    expect_sheet_error(ROW1("s,P,CR01,x,7,3,,,,,,,,\n"),
                       "a.csv:2: impact 7 is out of range; expected an integer from 1 to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,3,0,,,,,,,,\n"),
                       "a.csv:2: likelihood 0 is out of range; expected an integer from 1 to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,high,3,,,,,,,,\n"),
                       "a.csv:2: impact \"high\" is not a number; expected an integer from 1 "
                       "to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,3.5,3,,,,,,,,\n"),
                       "a.csv:2: impact \"3.5\" is not a whole number; expected an integer "
                       "from 1 to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,3,,,,,,,,,\n"),
                       "a.csv:2: likelihood is empty but impact is given; expected both, or "
                       "neither to abstain");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,1,2,,,,,,\n"),
                       "a.csv:2: frequency_max is empty; expected frequency_min, "
                       "frequency_likely and frequency_max all given, or all empty");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,5,2,10,,,,,\n"),
                       "a.csv:2: frequency range in the wrong order (min 5, likely 2, max 10); "
                       "expected frequency_min <= frequency_likely <= frequency_max");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,,,,\"2,000,000\",\"3,000\",\"10,000,000\",,\n"),
                       "a.csv:2: loss range in the wrong order (min 2,000,000, likely 3,000, "
                       "max 10,000,000); expected loss_min <= loss_likely <= loss_max");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,,,,-5,1,2,,\n"),
                       "a.csv:2: loss_min -5 is negative; expected money per event (0 or "
                       "more)");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,,,,€1000,2000,3000,,\n"),
                       "a.csv:2: loss_min \"€1000\" is not a number; expected money per event, "
                       "such as 12.5 or 1,000,000");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,,,,\"1,00\",2000,3000,,\n"),
                       "a.csv:2: loss_min \"1,00\" is not a number; expected money per event, "
                       "such as 12.5 or 1,000,000");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,1,2,nan,,,,,\n"),
                       "a.csv:2: frequency_max \"nan\" is not a number; expected events per "
                       "year, such as 12.5 or 1,000,000");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,1,2,2e6,,,,,\n"),
                       "a.csv:2: frequency_max 2e6 is too large; expected at most 100000");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,,,,,,,sure,\n"),
                       "a.csv:2: confidence \"sure\" is not recognised; expected low, medium, "
                       "high (低, 中, 高) or an integer from 1 to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,1,2,3,,,,,\n"),
                       "a.csv:2: frequency given without loss; expected both ranges, or "
                       "neither (a participant's frequency and loss are pooled together)");
    expect_sheet_error(ROW1("s,P,CR01,x,45,3,,,,,,,,\n"),
                       "a.csv:2: impact 45 is out of range; expected an integer from 1 to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,4.5 大,3,,,,,,,,\n"),
                       "a.csv:2: impact \"4.5 大\" is not a number; expected an integer from 1 "
                       "to 5");
    expect_sheet_error(ROW1("s,P,CR01,x,,,1,2,3,,,,,\n"),
                       "a.csv:2: frequency given but impact and likelihood are empty; expected "
                       "the risk scored, or the row left blank to abstain");
    expect_sheet_error(HEADER "s,P,CR01,x,3,3,,,,,,,,\"never closed\n",
                       "a.csv:2: malformed CSV: a quoted field is not closed before the end of "
                       "file");
    /* Byte 0x80 is neither UTF-8 nor Shift_JIS (CP932). */
    expect_sheet_error(HEADER "s,\x80x,CR01,x,3,3,,,,,,,,\n",
                       "a.csv:2: invalid UTF-8, and not Shift_JIS (CP932) either; expected "
                       "UTF-8 text: save it as \"CSV UTF-8\"");
#undef ROW1
}
END_TEST

/* Japanese Excel's "CSV" save is Shift_JIS (CP932): read as the UTF-8 it stands for,
 * with Japanese confidence words and yen amounts. */
START_TEST(shift_jis_sheet_is_converted)
{
    /* "管理" as participant, confidence 高 (0x8D 0x82), loss "\\1,000" (yen sign). */
    const char *text =
        "service_id,participant,risk_id,risk_name,impact,likelihood,frequency_min,"
        "frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment\r\n"
        "s,\x8a\xc7\x97\x9d,CR01,x,3,3,1,2,3,\"\\1,000\",2000,3000,\x8d\x82,\r\n"
        "s,\x8a\xc7\x97\x9d,CR02,x,,,,,,,,,,\r\n"
        "s,\x8a\xc7\x97\x9d,CR03,x,,,,,,,,,,\r\n";
    cr_workshop_sheet s;
    cr_error err;
    ck_assert_int_eq(parse("a.csv", text, &s, &err), CR_OK);
    ck_assert_str_eq(s.participant, "\xE7\xAE\xA1\xE7\x90\x86");
    ck_assert_int_eq(s.entries[0].confidence, 5);
    ck_assert_double_eq(s.entries[0].loss.min, 1000);
    cr_workshop_sheet_clear(&s);
}
END_TEST

START_TEST(written_sheet_reads_back)
{
    /* Names with a comma, a quote and Japanese text must survive the CSV. */
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    const cr_workshop_risk named[] = {{"CR01", "管理インタフェース, \"利用者\""},
                                      {"CR02", "Isolation"}, {"CR03", "Insider"}};
    cr_error err;
    ck_assert_int_eq(cr_workshop_sheet_write(fp, "svc \"A\", east", "佐藤, 花子", named, 3, &err),
                     CR_OK);
    fclose(fp);
    ck_assert(strncmp(buf, "\xEF\xBB\xBF" "service_id,participant,round,risk_id,risk_name,"
                           "current_score,impact_scale,likelihood_scale,previous_round,"
                           "your_previous,basis,impact,likelihood,frequency_min,",
                      strlen("service_id,participant,round,risk_id,risk_name,current_score,"
                             "impact_scale,likelihood_scale,previous_round,your_previous,basis,"
                             "impact,likelihood,frequency_min,") + 3) == 0);
    cr_workshop_sheet s;
    ck_assert_int_eq(cr_workshop_sheet_parse("w.csv", buf, len, risks3, 3, &s, &err), CR_OK);
    ck_assert_str_eq(s.service_id, "svc \"A\", east");
    ck_assert_str_eq(s.participant, "佐藤, 花子");
    for (size_t k = 0; k < 3; k++) {
        ck_assert(!s.entries[k].scored);
        ck_assert_int_eq(s.entries[k].line, (long)k + 2);
    }
    cr_workshop_sheet_clear(&s);
    free(buf);

    fp = open_memstream(&buf, &len);
    ck_assert_int_eq(cr_workshop_sheet_write(fp, "svc", " padded", named, 3, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.message, "participant \" padded\" cannot head a sheet; expected 1 to "
                                  "200 bytes of UTF-8 text without leading or trailing spaces");
    fclose(fp);
    free(buf);
}
END_TEST

/* ---- consensus ------------------------------------------------------------------- */

static cr_workshop_levels levels(const int *v, size_t n)
{
    cr_workshop_levels l;
    ck_assert_int_eq(cr_workshop_levels_of(v, n, &l, NULL), CR_OK);
    return l;
}

START_TEST(median_mad_and_disagreement)
{
    /* 3, 4, 5: median 4; deviations 1, 0, 1 -> sorted 0, 1, 1 -> MAD 1;
     * range 2 levels -> flagged. */
    cr_workshop_levels l = levels((int[]){5, 3, 4}, 3);
    ck_assert_int_eq(l.consensus, 4);
    ck_assert_double_eq(l.median, 4.0);
    ck_assert_int_eq(l.min, 3);
    ck_assert_int_eq(l.max, 5);
    ck_assert_double_eq(l.mad, 1.0);
    ck_assert(l.disagreement);
    /* 2, 3: median 2.5, rounded half up to 3; deviations 0.5, 0.5 -> MAD 0.5;
     * one level apart -> not flagged. */
    l = levels((int[]){3, 2}, 2);
    ck_assert_int_eq(l.consensus, 3);
    ck_assert_double_eq(l.median, 2.5);
    ck_assert_double_eq(l.mad, 0.5);
    ck_assert(!l.disagreement);
    /* 2, 4: median 3 exactly; MAD 1; flagged. */
    l = levels((int[]){4, 2}, 2);
    ck_assert_int_eq(l.consensus, 3);
    ck_assert_double_eq(l.mad, 1.0);
    ck_assert(l.disagreement);
    /* 1, 1, 2, 5: middle pair 1, 2 -> 1.5 -> 2; deviations 0.5, 0.5, 0.5,
     * 3.5 -> MAD 0.5 (the outlier does not move it); range 4 -> flagged. */
    l = levels((int[]){5, 1, 2, 1}, 4);
    ck_assert_int_eq(l.consensus, 2);
    ck_assert_double_eq(l.median, 1.5);
    ck_assert_double_eq(l.mad, 0.5);
    ck_assert(l.disagreement);
    /* 1, 2: 1.5 -> 2 (half up, not to even). */
    l = levels((int[]){1, 2}, 2);
    ck_assert_int_eq(l.consensus, 2);
    /* 2, 2, 3, 3: 2.5 -> 3; deviations all 0.5 -> MAD 0.5. */
    l = levels((int[]){3, 2, 3, 2}, 4);
    ck_assert_int_eq(l.consensus, 3);
    ck_assert_double_eq(l.mad, 0.5);
    /* A single score is its own consensus. */
    l = levels((int[]){3}, 1);
    ck_assert_int_eq(l.consensus, 3);
    ck_assert_double_eq(l.mad, 0.0);
    ck_assert(!l.disagreement);
    /* Nobody: all zero. */
    l = levels(NULL, 0);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_int_eq(l.consensus, 0);
}
END_TEST

/* ---- opinion pools ---------------------------------------------------------------- */

START_TEST(pool_moments_equal_and_unequal_weights)
{
    /* A: PERT(0, 1, 2).  mean (0 + 4*1 + 2)/6 = 1; shapes a = 1 + 4(1-0)/2 = 3,
     *    b = 3; variance (2^2 * 3 * 3) / (6^2 * 7) = 36/252 = 1/7.
     * B: PERT(2, 5, 14).  mean (2 + 20 + 14)/6 = 6; a = 1 + 4*3/12 = 2,
     *    b = 1 + 4*9/12 = 4; variance (12^2 * 2 * 4) / (6^2 * 7) = 1152/252 = 32/7.
     * Equal weights: mean (1 + 6)/2 = 3.5;
     *    E[X^2] = (1/7 + 1)/2 + (32/7 + 36)/2 = 4/7 + 142/7 = 146/7;
     *    variance 146/7 - 3.5^2 = 241/28 = 8.607142857...
     * Weights 3 : 1 (0.75, 0.25): mean 0.75 + 1.5 = 2.25;
     *    E[X^2] = 0.75 * 8/7 + 0.25 * 284/7 = 6/7 + 71/7 = 11;
     *    variance 11 - 2.25^2 = 5.9375. */
    cr_workshop_range r[2] = {{true, 0, 1, 2}, {true, 2, 5, 14}};
    cr_workshop_pool pool;
    cr_error err;
    ck_assert_int_eq(cr_workshop_pool_of(r, (double[]){1, 1}, 2, &pool, &err), CR_OK);
    ck_assert_uint_eq(pool.n, 2);
    ck_assert_int_eq(pool.dist.kind, CR_DIST_MIXTURE);
    ck_assert_double_eq_tol(pool.dist.weights[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(cr_dist_mean(&pool.dist), 3.5, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&pool.dist), 241.0 / 28.0, 1e-12);
    ck_assert(!pool.disjoint); /* [0, 2] and [2, 14] share the point 2 */
    cr_workshop_pool_clear(&pool);

    ck_assert_int_eq(cr_workshop_pool_of(r, (double[]){3, 1}, 2, &pool, &err), CR_OK);
    ck_assert_double_eq_tol(pool.dist.weights[0], 0.75, 1e-15);
    ck_assert_double_eq_tol(cr_dist_mean(&pool.dist), 2.25, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&pool.dist), 5.9375, 1e-12);
    cr_workshop_pool_clear(&pool);

    /* Participants without an estimate drop out and the rest renormalise:
     * weights 1 (absent), 2, 2 -> B alone with weight 1. */
    cr_workshop_range partial[3] = {{false, 0, 0, 0}, {true, 2, 5, 14}, {true, 2, 5, 14}};
    ck_assert_int_eq(cr_workshop_pool_of(partial, (double[]){1, 2, 2}, 3, &pool, &err), CR_OK);
    ck_assert_uint_eq(pool.n, 2);
    ck_assert_double_eq_tol(cr_dist_mean(&pool.dist), 6.0, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&pool.dist), 32.0 / 7.0, 1e-12);
    cr_workshop_pool_clear(&pool);

    cr_workshop_range none[2] = {{false, 0, 0, 0}, {false, 0, 0, 0}};
    ck_assert_int_eq(cr_workshop_pool_of(none, (double[]){1, 1}, 2, &pool, &err), CR_OK);
    ck_assert_uint_eq(pool.n, 0);
}
END_TEST

START_TEST(pool_flags_ranges_that_do_not_overlap)
{
    /* [0, 2], [2, 14], [3, 5]: largest lower end 3 (index 2) > smallest upper
     * end 2 (index 0), so A's range lies wholly below C's. */
    cr_workshop_range r[3] = {{true, 0, 1, 2}, {true, 2, 5, 14}, {true, 3, 4, 5}};
    cr_workshop_pool pool;
    cr_error err;
    ck_assert_int_eq(cr_workshop_pool_of(r, (double[]){1, 1, 1}, 3, &pool, &err), CR_OK);
    ck_assert(pool.disjoint);
    ck_assert_uint_eq(pool.below, 0);
    ck_assert_uint_eq(pool.above, 2);
    cr_workshop_pool_clear(&pool);
}
END_TEST

START_TEST(pool_quantiles)
{
    /* PERT(0, 1, 2) is 2 * Beta(3, 3), whose CDF is I_x(3,3) = 10x^3 - 15x^4
     * + 6x^5; its 5th percentile q satisfies I_{q/2}(3,3) = 0.05. */
    cr_workshop_range one = {true, 0, 1, 2};
    cr_workshop_pool pool;
    cr_error err;
    ck_assert_int_eq(cr_workshop_pool_of(&one, (double[]){1}, 1, &pool, &err), CR_OK);
    double q = cr_workshop_pool_quantile(&pool.dist, 0.05), x = q / 2;
    ck_assert_double_eq_tol(10 * pow(x, 3) - 15 * pow(x, 4) + 6 * pow(x, 5), 0.05, 1e-10);
    ck_assert_double_eq_tol(cr_workshop_pool_quantile(&pool.dist, 0.5), 1.0, 1e-9);
    cr_workshop_pool_clear(&pool);

    /* Equal mixture of PERT(0,1,2) and PERT(10,11,12): F(1) = 0.5 * 0.5, so
     * P25 = 1; F(11) = 0.5 + 0.25, so P75 = 11. */
    cr_workshop_range two[2] = {{true, 0, 1, 2}, {true, 10, 11, 12}};
    ck_assert_int_eq(cr_workshop_pool_of(two, (double[]){1, 1}, 2, &pool, &err), CR_OK);
    ck_assert_double_eq_tol(cr_workshop_pool_quantile(&pool.dist, 0.25), 1.0, 1e-9);
    ck_assert_double_eq_tol(cr_workshop_pool_quantile(&pool.dist, 0.75), 11.0, 1e-9);
    ck_assert(pool.disjoint);
    cr_workshop_pool_clear(&pool);

    /* A constant (min = max) is a step: every quantile is the value. */
    cr_workshop_range fixed = {true, 4, 4, 4};
    ck_assert_int_eq(cr_workshop_pool_of(&fixed, (double[]){1}, 1, &pool, &err), CR_OK);
    ck_assert_double_eq(cr_workshop_pool_quantile(&pool.dist, 0.05), 4.0);
    ck_assert_double_eq(cr_workshop_pool_quantile(&pool.dist, 0.95), 4.0);
    cr_workshop_pool_clear(&pool);
}
END_TEST

/* ---- merge ------------------------------------------------------------------------ */

/* Three participants.  CR01: impact 3, 4, 5 (flag), likelihood 2, 3, 3;
 * frequencies of Aoki and Baba pooled; losses of all three, Baba's and
 * Aoki's ranges disjoint.  CR02: Chiba abstains; impact 2, 3 -> 3.  CR03:
 * nobody scores. */
static const char *sheet_aoki =
    HEADER "s1,Aoki,CR01,x,3,2,0,1,2,\"10,000\",\"50,000\",\"100,000\",high,Keys are shared\n"
           "s1,Aoki,CR02,x,2,2,,,,,,,,\n"
           "s1,Aoki,CR03,x,,,,,,,,,,\n";
static const char *sheet_baba =
    HEADER "s1,Baba,CR01,x,4,3,2,5,14,2000000,2500000,3000000,low,<script>alert(1)</script>\n"
           "s1,Baba,CR02,x,3,3,,,,,,,,\n"
           "s1,Baba,CR03,x,,,,,,,,,,\n";
static const char *sheet_chiba =
    HEADER "s1,Chiba,CR01,x,5,3,,,,,,,,\n"
           "s1,Chiba,CR02,x,,,,,,,,,,\"no view\"\n"
           "s1,Chiba,CR03,x,,,,,,,,,,\n";

static void read3(cr_workshop_sheet s[3], const char *first, const char *second,
                  const char *third)
{
    cr_error err;
    const char *texts[3] = {first, second, third};
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "%c.csv", texts[i] == sheet_aoki ? 'a'
                                                 : texts[i] == sheet_baba ? 'b' : 'c');
        ck_assert_msg(parse(name, texts[i], &s[i], &err) == CR_OK, "%s", formatted(&err));
    }
}

static void free3(cr_workshop_sheet s[3])
{
    for (int i = 0; i < 3; i++)
        cr_workshop_sheet_clear(&s[i]);
}

START_TEST(merge_consensus_pools_and_rationale)
{
    cr_workshop_sheet s[3];
    read3(s, sheet_chiba, sheet_aoki, sheet_baba); /* out of name order on purpose */
    cr_workshop_result r;
    cr_error err;
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    ck_assert_str_eq(r.service_id, "s1");
    ck_assert_uint_eq(r.n_participants, 3);
    ck_assert_str_eq(r.participants[0].name, "Aoki");
    ck_assert_str_eq(r.participants[1].name, "Baba");
    ck_assert_str_eq(r.participants[2].name, "Chiba");
    ck_assert_str_eq(r.participants[0].file, "a.csv");

    const cr_workshop_consensus *c1 = &r.risks[0];
    ck_assert_int_eq(c1->impact.consensus, 4);
    ck_assert(c1->impact.disagreement);
    ck_assert_int_eq(c1->likelihood.consensus, 3);
    ck_assert(!c1->likelihood.disagreement);
    /* Frequency: Aoki PERT(0,1,2) and Baba PERT(2,5,14), equal: mean 3.5. */
    ck_assert_uint_eq(c1->frequency.n, 2);
    ck_assert_double_eq_tol(cr_dist_mean(&c1->frequency.dist), 3.5, 1e-12);
    /* Loss: means (10,000 + 200,000 + 100,000)/6 = 51,666.67 and
     * (2,000,000 + 10,000,000 + 3,000,000)/6 = 2,500,000; pool mean = their
     * average = 1,275,833.33 (Chiba gave no estimates). */
    ck_assert_uint_eq(c1->loss.n, 2);
    ck_assert_double_eq_tol(cr_dist_mean(&c1->loss.dist), 2551666.6666666667 / 2, 1e-6);
    /* Joint pool: Aoki 1 x 51,666.67, Baba 6 x 2,500,000; mean of the two
     * = (51,666.67 + 15,000,000) / 2 = 7,525,833.33 a year. */
    ck_assert_double_eq_tol(c1->annual_loss, 15051666.666666667 / 2, 1e-6);
    ck_assert_int_eq(c1->basis, CR_WS_BASIS_CURRENT);
    ck_assert(c1->loss.disjoint); /* Aoki <= 100,000 < 2,000,000 <= Baba */
    ck_assert_uint_eq(c1->loss.below, 0);
    ck_assert_uint_eq(c1->loss.above, 1);
    /* Confidence: high = 5, low = 1, Chiba unstated -> mean 3 of 2. */
    ck_assert_uint_eq(c1->n_confidence, 2);
    ck_assert_double_eq(c1->confidence_mean, 3.0);
    ck_assert_str_eq(
        c1->rationale,
        "Workshop of 2024-05-01, round 1: 3 of 3 participants scored this risk. Impact 4, the "
        "median of 3, 4, 5; range 3-5, MAD 1. Likelihood 3, the median of 2, 3, 3; range 2-3, "
        "MAD 0. Frequency: 2 PERT estimates (Aoki, Baba; equal weights), mean 3.5 per year. "
        "Loss per event: 2 PERT estimates (Aoki, Baba; equal weights), mean 1,275,833 per "
        "event. Joint pool (each participant's frequency with their own loss, current basis): "
        "expected annual loss 7,525,833. Flagged for discussion: impact scores "
        "2 levels apart (3-5); loss ranges do not overlap: Aoki ¥10k-¥100k, Baba ¥2M-¥3M. "
        "Comments: Aoki: \"Keys are shared\"; Baba: "
        "\"<script>alert(1)</script>\".");

    const cr_workshop_consensus *c2 = &r.risks[1];
    ck_assert_uint_eq(c2->impact.n, 2);
    ck_assert_int_eq(c2->impact.consensus, 3); /* 2, 3 -> 2.5 -> 3 */
    ck_assert_int_eq(c2->likelihood.consensus, 3);
    ck_assert(!c2->entries[2].scored);
    ck_assert_str_eq(c2->rationale,
                     "Workshop of 2024-05-01, round 1: 2 of 3 participants scored this risk. Impact 3, "
                     "the median of 2, 3 (2.5 rounded up); range 2-3, MAD 0.5. Likelihood 3, "
                     "the median of 2, 3 (2.5 rounded up); range 2-3, MAD 0.5. Comments: "
                     "Chiba: \"no view\".");
    ck_assert_uint_eq(c2->frequency.n, 0);

    ck_assert_uint_eq(r.risks[2].impact.n, 0);
    ck_assert_ptr_null(r.risks[2].rationale);

    /* The override block: CR01 and CR02 only; pools read back as dists. */
    cJSON *block = cr_workshop_overrides_json(&r);
    ck_assert_ptr_nonnull(block);
    ck_assert_int_eq(cJSON_GetArraySize(block), 2);
    ck_assert_ptr_null(cJSON_GetObjectItem(block, "CR03"));
    cJSON *o1 = cJSON_GetObjectItem(block, "CR01");
    ck_assert_int_eq(cJSON_GetObjectItem(o1, "impact")->valueint, 4);
    ck_assert_int_eq(cJSON_GetObjectItem(o1, "likelihood")->valueint, 3);
    ck_assert_str_eq(cJSON_GetObjectItem(o1, "date")->valuestring, "2024-05-01");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(o1, "participants")), 3);
    ck_assert_int_eq(cJSON_GetObjectItem(o1, "round")->valueint, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(o1, "basis")->valuestring, "current");
    ck_assert_ptr_null(cJSON_GetObjectItem(o1, "frequency")); /* the pool holds them */
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o1, "contested"), "reason")
                         ->valuestring,
                     "impact scores 2 levels apart (3-5); loss ranges do not overlap: Aoki "
                     "¥10k-¥100k, Baba ¥2M-¥3M");
    /* The pool: each participant's whole judgement, Aoki's then Baba's. */
    cJSON *pool = cJSON_GetObjectItem(o1, "pool");
    ck_assert_int_eq(cJSON_GetArraySize(pool), 2);
    cJSON *baba = cJSON_GetArrayItem(pool, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(baba, "participant")->valuestring, "Baba");
    ck_assert_double_eq(cJSON_GetObjectItem(baba, "weight")->valuedouble, 1.0);
    cr_dist d;
    ck_assert_int_eq(cr_dist_from_json(cJSON_GetObjectItem(baba, "frequency"), "o", "$", 0, 1e6,
                                       &d, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&d), 6.0, 1e-12); /* (2 + 20 + 14) / 6 */
    cr_dist_clear(&d);
    ck_assert_int_eq(cr_dist_from_json(cJSON_GetObjectItem(baba, "loss"), "o", "$", 0, 1e18,
                                       &d, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&d), 2500000.0, 1e-6);
    cr_dist_clear(&d);
    cJSON *o2 = cJSON_GetObjectItem(block, "CR02");
    ck_assert_ptr_null(cJSON_GetObjectItem(o2, "pool"));
    ck_assert_ptr_null(cJSON_GetObjectItem(o2, "contested"));
    cJSON *people = cJSON_GetObjectItem(o2, "participants");
    ck_assert_int_eq(cJSON_GetArraySize(people), 2); /* Chiba abstained */
    ck_assert_str_eq(cJSON_GetArrayItem(people, 1)->valuestring, "Baba");

    /* The same sheets in another order give the same bytes. */
    char *text = cJSON_Print(block);
    cr_workshop_result again;
    cr_workshop_sheet t[3];
    read3(t, sheet_baba, sheet_chiba, sheet_aoki);
    ck_assert_int_eq(cr_workshop_merge(t, 3, risks3, 3, NULL, 0, "2024-05-01", &again, &err),
                     CR_OK);
    cJSON *block2 = cr_workshop_overrides_json(&again);
    char *text2 = cJSON_Print(block2);
    ck_assert_str_eq(text, text2);
    ck_assert_str_eq(r.inputs_sha256, again.inputs_sha256);
    free(text);
    free(text2);
    cJSON_Delete(block);
    cJSON_Delete(block2);
    cr_workshop_result_clear(&again);
    free3(t);
    cr_workshop_result_clear(&r);
    free3(s);
}
END_TEST

START_TEST(merge_with_weights)
{
    cr_workshop_sheet s[3];
    read3(s, sheet_aoki, sheet_baba, sheet_chiba);
    cr_workshop_weight w[1];
    cr_error err;
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=3", &w[0], &err), CR_OK);
    ck_assert_str_eq(w[0].participant, "Aoki");
    ck_assert_double_eq(w[0].weight, 3.0);
    cr_workshop_result r;
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, w, 1, "2024-05-01", &r, &err), CR_OK);
    /* Frequency: Aoki 3, Baba 1 -> mean 2.25, variance 5.9375 (see
     * pool_moments_equal_and_unequal_weights).  Loss: weights 3, 1 of 4:
     * (3 * 51,666.67 + 2,500,000) / 4 = 663,750. */
    const cr_workshop_consensus *c1 = &r.risks[0];
    ck_assert_double_eq_tol(cr_dist_mean(&c1->frequency.dist), 2.25, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&c1->frequency.dist), 5.9375, 1e-12);
    ck_assert_double_eq_tol(cr_dist_mean(&c1->loss.dist),
                            (3 * 310000.0 / 6 + 2500000.0) / 4, 1e-6);
    /* Weights do not move the qualitative median. */
    ck_assert_int_eq(c1->impact.consensus, 4);
    ck_assert(strstr(c1->rationale, "(Aoki 75%, Baba 25%), mean 2.25 per year") != NULL);
    ck_assert(strstr(c1->rationale, "(Aoki 75%, Baba 25%), mean 663,750 per event") != NULL);
    cr_workshop_result_clear(&r);
    free3(s);
}
END_TEST

START_TEST(merge_errors)
{
    cr_workshop_sheet s[3];
    read3(s, sheet_aoki, sheet_baba, sheet_chiba);
    cr_workshop_result r;
    cr_error err;

    cr_workshop_weight w[2];
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_str_eq(formatted(&err), "weight \"Aoki\": expected NAME=W with W a number "
                                      "from 0.001 to 1000, such as \"Sato=2\"");
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=0", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=1e9", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=nan", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=-1", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=2x", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_workshop_weight_parse("=2", &w[0], &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_workshop_weight_parse("A=B=2", &w[0], &err), CR_OK);
    ck_assert_str_eq(w[0].participant, "A=B");

    ck_assert_int_eq(cr_workshop_weight_parse("Dan=2", &w[0], &err), CR_OK);
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, w, 1, "2024-05-01", &r, &err),
                     CR_ERR_ARGUMENT);
    ck_assert_str_eq(formatted(&err), "weight Dan=2: no sheet is from participant \"Dan\"; "
                                      "expected a name written in a sheet's participant column");
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=2", &w[0], &err), CR_OK);
    ck_assert_int_eq(cr_workshop_weight_parse("Aoki=3", &w[1], &err), CR_OK);
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, w, 2, "2024-05-01", &r, &err),
                     CR_ERR_ARGUMENT);
    ck_assert_str_eq(formatted(&err), "weight: participant \"Aoki\" is weighted twice");

    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, NULL, 0, "2024-02-30", &r, &err),
                     CR_ERR_ARGUMENT);
    ck_assert_str_eq(formatted(&err), "date \"2024-02-30\": expected a date YYYY-MM-DD from "
                                      "1970-01-01 to 2999-12-31");
    /* The one date rule: the range every command accepts. */
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, NULL, 0, "1969-12-31", &r, &err),
                     CR_ERR_ARGUMENT);

    /* The same participant twice (Baba's sheet copied under another name). */
    cr_workshop_sheet dup[2];
    ck_assert_int_eq(parse("b.csv", sheet_baba, &dup[0], &err), CR_OK);
    ck_assert_int_eq(parse("b-copy.csv", sheet_baba, &dup[1], &err), CR_OK);
    ck_assert_int_eq(cr_workshop_merge(dup, 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "b-copy.csv: participant \"Baba\" also handed in b.csv; "
                                      "expected one sheet per participant");
    cr_workshop_sheet_clear(&dup[1]);

    /* Another service. */
    char other[1024];
    snprintf(other, sizeof other, "%s", sheet_chiba);
    for (char *p = strstr(other, "s1,"); p; p = strstr(p + 1, "s1,"))
        p[1] = '2';
    ck_assert_int_eq(parse("c.csv", other, &dup[1], &err), CR_OK);
    ck_assert_int_eq(cr_workshop_merge(dup, 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "c.csv: service_id \"s2\" differs from \"s1\" in b.csv; "
                                      "expected all sheets of a workshop to be for one service");
    cr_workshop_sheet_clear(&dup[0]);
    cr_workshop_sheet_clear(&dup[1]);

    /* Nothing scored anywhere. */
    cr_workshop_sheet blank;
    ck_assert_int_eq(parse("z.csv", HEADER "s1,Z,CR01,x,,,,,,,,,,\ns1,Z,CR02,x,,,,,,,,,,\n"
                                           "s1,Z,CR03,x,,,,,,,,,,\n", &blank, &err), CR_OK);
    ck_assert_int_eq(cr_workshop_merge(&blank, 1, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "no risk is scored in any of the 1 sheets; expected "
                                      "impact and likelihood filled in for the risks the "
                                      "workshop discussed");
    cr_workshop_sheet_clear(&blank);
    ck_assert_int_eq(cr_workshop_merge(s, 0, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_ERR_ARGUMENT);
    free3(s);
}
END_TEST

START_TEST(rationale_fits_a_service_file)
{
    /* Two participants with 2,000-character Japanese comments (6,000 bytes
     * each): the rationale keeps its statistics, shortens the comments at a
     * character boundary and stays within the service file's 4,000 bytes. */
    size_t big = 64 * 1024;
    char *text = malloc(big), *comment = malloc(6001);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(comment);
    for (int i = 0; i < 2000; i++)
        memcpy(comment + 3 * i, "管", 3);
    comment[6000] = '\0';
    cr_workshop_sheet s[2];
    cr_error err;
    for (int p = 0; p < 2; p++) {
        snprintf(text, big, HEADER "s1,P%d,CR01,x,3,3,,,,,,,,%s\ns1,P%d,CR02,x,,,,,,,,,,\n"
                                   "s1,P%d,CR03,x,,,,,,,,,,\n", p, comment, p, p);
        ck_assert_int_eq(parse("l.csv", text, &s[p], &err), CR_OK);
    }
    cr_workshop_result r;
    ck_assert_int_eq(cr_workshop_merge(s, 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    const char *why = r.risks[0].rationale;
    size_t n = strlen(why);
    ck_assert_uint_le(n, CR_WORKSHOP_MAX_RATIONALE);
    ck_assert_uint_gt(n, CR_WORKSHOP_MAX_RATIONALE - 10);
    ck_assert_ptr_nonnull(strstr(why, "Impact 3, the median of 3, 3; range 3-3, MAD 0."));
    ck_assert_ptr_nonnull(strstr(why, " Comments: P0: \"管管"));
    const char *tail = "管... (comments shortened; the merge summary has them in full).";
    ck_assert_str_eq(why + n - strlen(tail), tail);
    cr_workshop_result_clear(&r);
    cr_workshop_sheet_clear(&s[0]);
    cr_workshop_sheet_clear(&s[1]);
    free(text);
    free(comment);
}
END_TEST

/* ---- output ----------------------------------------------------------------------- */

START_TEST(document_and_service_file)
{
    cr_workshop_sheet s[3];
    read3(s, sheet_aoki, sheet_baba, sheet_chiba);
    cr_workshop_result r;
    cr_error err;
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    cr_workshop_provenance prov = {"0.1.0", "cloudrisk test", "JPY"};
    cJSON *doc = cr_workshop_document_json(&r, &prov);
    cJSON *meta = cJSON_GetObjectItem(doc, "workshop");
    ck_assert_str_eq(cJSON_GetObjectItem(meta, "service_id")->valuestring, "s1");
    ck_assert_str_eq(cJSON_GetObjectItem(meta, "model_version")->valuestring, "0.1.0");
    ck_assert_str_eq(cJSON_GetObjectItem(meta, "inputs_sha256")->valuestring, r.inputs_sha256);
    cJSON *people = cJSON_GetObjectItem(meta, "participants");
    ck_assert_int_eq(cJSON_GetArraySize(people), 3);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(people, 0), "sha256")->valuestring,
                     s[0].sha256);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "risk_overrides"), "CR01"));
    cJSON_Delete(doc);

    cJSON *service = cJSON_Parse("{\"id\": \"s1\", \"name\": \"Mail\", \"risk_overrides\": "
                                 "{\"CR21\": {\"impact\": 1, \"likelihood\": 1}}, \"x\": 1}");
    cJSON *merged;
    ck_assert_int_eq(cr_workshop_into_service(service, "svc.json", "s1", &r, &merged, &err),
                     CR_OK);
    cJSON *block = cJSON_GetObjectItem(merged, "risk_overrides");
    /* A risk the workshop did not score keeps its override untouched. */
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(block, "CR21"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(block, "CR02"));
    ck_assert_str_eq(cJSON_GetObjectItem(merged, "name")->valuestring, "Mail");
    /* The block keeps its place among the keys. */
    ck_assert_str_eq(block->next->string, "x");
    /* The input is untouched. */
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(service, "risk_overrides"),
                                              "CR21"));
    cJSON_Delete(merged);
    cJSON_Delete(service);

    service = cJSON_Parse("{\"id\": \"other\"}");
    ck_assert_int_eq(cr_workshop_into_service(service, "svc.json", "other", &r, &merged, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "svc.json: service \"other\" is not the one the sheets "
                                      "are for (\"s1\"); expected the service file of the "
                                      "workshop");
    ck_assert_ptr_null(merged);
    cJSON_Delete(service);
    cr_workshop_result_clear(&r);
    free3(s);
}
END_TEST

static char *summary(const cr_workshop_result *r, cr_workshop_format format, const char *lang)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_error err;
    cr_workshop_provenance prov = {"0.1.0", "cloudrisk test", "JPY"};
    ck_assert_int_eq(cr_workshop_summary_write(fp, r, &prov, format, lang, &err), CR_OK);
    fclose(fp);
    return buf;
}

START_TEST(summaries_list_consensus_and_flags)
{
    cr_workshop_sheet s[3];
    read3(s, sheet_aoki, sheet_baba, sheet_chiba);
    cr_workshop_result r;
    cr_error err;
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    char *text = summary(&r, CR_WORKSHOP_TEXT, "en");
    ck_assert_ptr_nonnull(strstr(text, "\nCR01  Unauthorised access\n  scored by 3/3, mean "
                                       "confidence 3.0/5 (2 stated)\n  impact 4 (median 4, "
                                       "range 3-5, MAD 1)\n  likelihood 3 (median 3, range 2-3, "
                                       "MAD 0)\n  events a year, mean [P5-P95]: 3.5 ["));
    /* Amounts as people read them; the joint pool's expected annual loss
     * (1 x 51,666.67 + 6 x 2,500,000) / 2 = 7,525,833 is 7.53M. */
    ck_assert_ptr_nonnull(strstr(text, "  loss per event, mean [P5-P95]: ¥1.28M [¥"));
    ck_assert_ptr_nonnull(strstr(text, "  expected annual loss: ¥7.53M (basis current)\n"));
    ck_assert_ptr_nonnull(strstr(text, "  FLAG: impact scores 2 levels apart (3-5); loss ranges "
                                       "do not overlap: Aoki ¥10k-¥100k, Baba ¥2M-¥3M\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nCR03  Insider\n  not scored (all participants "
                                       "abstained)\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n2/3 risks scored, 1 flagged for discussion.\n"));
    ck_assert_ptr_nonnull(strstr(text, "Who stands apart\nNobody stands apart from the others "
                                       "on any risk.\n"));
    ck_assert_ptr_nonnull(strstr(text, "For discussion\n\nCR01  Unauthorised access\n"));
    ck_assert_ptr_nonnull(strstr(text, "    Aoki: impact 3, likelihood 2, frequency 0 / 1 / 2, "
                                       "loss ¥10k / ¥50k / ¥100k, confidence 5; \"Keys are "
                                       "shared\"\n"));
    free(text);

    char *html = summary(&r, CR_WORKSHOP_HTML, "en");
    ck_assert_ptr_null(strstr(html, "<script>"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "<tr id=\"row-CR01\"><td>CR01 Unauthorised access"));
    /* the flags in a few words in the table, whole above the risk's plots */
    ck_assert_ptr_nonnull(strstr(html, "<a class=\"badge\" href=\"#CR01\">FLAG</a>impact 3-5 · "
                                       "loss ranges apart</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<section id=\"CR01\">"));
    ck_assert_ptr_nonnull(strstr(html, "<svg class=\"dots\""));
    ck_assert_ptr_null(strstr(html, "http")); /* no external assets */
    free(html);

    /* In Japanese: the words and the money change, the names do not. */
    text = summary(&r, CR_WORKSHOP_TEXT, "ja");
    ck_assert_ptr_nonnull(strstr(text, "ワークショップ結果の統合\n"));
    ck_assert_ptr_nonnull(strstr(text, "  影響度 4 (中央値 4、範囲 3-5、MAD 1)\n"));
    ck_assert_ptr_nonnull(strstr(text, "  要議論: 影響度の評価が2段階離れている（3-5）、損失の範囲が"
                                       "重ならない: Aoki 1万円〜10万円、Baba 200万円〜300万円\n"));
    ck_assert_ptr_nonnull(strstr(text, "  年間予想損失: 753万円（見積りの前提: 現状）\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n2/3 リスクを評価、1 件が要議論。\n"));
    ck_assert_ptr_nonnull(strstr(text, "    Chiba: 影響度 5、発生可能性 3、発生頻度 -、損失 -\n"));
    free(text);
    html = summary(&r, CR_WORKSHOP_HTML, "ja");
    ck_assert_ptr_nonnull(strstr(html, "<html lang=\"ja\">"));
    ck_assert_ptr_nonnull(strstr(html, "<h2>見積り</h2>"));
    ck_assert_ptr_nonnull(strstr(html, "1件あたりの損失</figcaption>"));
    ck_assert_ptr_null(strstr(html, "<script>"));
    free(html);
    cr_workshop_result_clear(&r);
    free3(s);
}
END_TEST

/* ---- rounds, anchors, anonymity -------------------------------------------------- */

/* The worked example of doc/workshop.md ("Who stands apart"): impact 3, 3, 3,
 * 5 and likelihood 2, 2, 2, 5 on CR01; the fourth stands apart. */
START_TEST(outlier_worked_example)
{
    const char *rows[4][2] = {{"A", "3,2"}, {"B", "3,2"}, {"C", "3,2"}, {"D", "5,5"}};
    cr_workshop_sheet s[4];
    cr_error err;
    for (int i = 0; i < 4; i++) {
        char text[1024];
        snprintf(text, sizeof text, HEADER "s1,%s,CR01,x,%s,,,,,,,,\ns1,%s,CR02,x,2,2,,,,,,,,\n"
                 "s1,%s,CR03,x,,,,,,,,,,\n", rows[i][0], rows[i][1], rows[i][0], rows[i][0]);
        ck_assert_msg(parse("s.csv", text, &s[i], &err) == CR_OK, "%s", formatted(&err));
    }
    cr_workshop_result r;
    ck_assert_int_eq(cr_workshop_merge(s, 4, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    ck_assert_uint_eq(r.risks[0].outlier, 3);       /* D */
    ck_assert_uint_eq(r.risks[1].outlier, 4);       /* all agree: nobody */
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    ck_assert_uint_eq(cr_ws_flags_text(&sb, &r, &r.risks[0], "en"), 2);
    ck_assert_str_eq(sb.data, "impact scores 2 levels apart (3-5); likelihood scores 3 levels "
                              "apart (2-5); D stands apart from the others");
    cr_strbuf_free(&sb);
    cr_workshop_result_clear(&r);
    /* With two people nobody is "the" outlier. */
    ck_assert_int_eq(cr_workshop_merge(&s[2], 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_OK);
    ck_assert_uint_eq(r.risks[0].outlier, 2);
    cr_workshop_result_clear(&r);
    for (int i = 0; i < 4; i++)
        cr_workshop_sheet_clear(&s[i]);
}
END_TEST

START_TEST(text_summary_keeps_control_characters_off_the_terminal)
{
    /* A comment with an escape sequence and a name with a tab, on a risk
     * flagged for discussion so that the comment is printed. */
    const char *a = HEADER "s1,A\tB,CR01,x,1,1,,,,,,,,\"\x1b[31mred\"\n"
                           "s1,A\tB,CR02,x,,,,,,,,,,\ns1,A\tB,CR03,x,,,,,,,,,,\n";
    const char *b = HEADER "s1,C,CR01,x,5,5,,,,,,,,\ns1,C,CR02,x,,,,,,,,,,\n"
                           "s1,C,CR03,x,,,,,,,,,,\n";
    cr_workshop_sheet s[2];
    cr_error err;
    ck_assert_msg(parse("a.csv", a, &s[0], &err) == CR_OK, "%s", formatted(&err));
    ck_assert_msg(parse("b.csv", b, &s[1], &err) == CR_OK, "%s", formatted(&err));
    cr_workshop_result r;
    ck_assert_int_eq(cr_workshop_merge(s, 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    char *text = summary(&r, CR_WORKSHOP_TEXT, "en");
    ck_assert_ptr_null(strchr(text, '\x1b'));
    ck_assert_ptr_null(strchr(text, '\t'));
    ck_assert_ptr_nonnull(strstr(text, "    A B: impact 1, likelihood 1, frequency -, loss -; "
                                       "\" [31mred\"\n"));
    free(text);
    cr_workshop_result_clear(&r);
    cr_workshop_sheet_clear(&s[0]);
    cr_workshop_sheet_clear(&s[1]);
}
END_TEST

START_TEST(one_basis_per_risk_and_one_round_per_merge)
{
    const char *head = "service_id,participant,round,risk_id,basis,impact,likelihood,"
                       "frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,"
                       "loss_max,confidence,comment\n";
    char a[1024], b[1024], c[1024];
    snprintf(a, sizeof a, "%ss1,A,2,CR01,current,3,3,1,2,3,10,20,30,,\n", head);
    snprintf(b, sizeof b, "%ss1,B,2,CR01,inherent,3,3,1,2,3,10,20,30,,\n", head);
    snprintf(c, sizeof c, "%ss1,C,3,CR01,,3,3,,,,,,,,\n", head);
    cr_workshop_sheet s[3];
    cr_error err;
    const char *texts[3] = {a, b, c}, *names[3] = {"a.csv", "b.csv", "c.csv"};
    for (int i = 0; i < 3; i++)
        ck_assert_msg(cr_workshop_sheet_parse_partial(names[i], texts[i], strlen(texts[i]),
                                                      risks3, 3, &s[i], &err) == CR_OK,
                      "%s", formatted(&err));
    cr_workshop_result r;
    ck_assert_int_eq(cr_workshop_merge(s, 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "b.csv:2: basis inherent differs from A's current for "
                                      "risk CR01; expected the estimates of one risk on one "
                                      "basis");
    ck_assert_int_eq(cr_workshop_merge(&s[1], 2, risks3, 3, NULL, 0, "2024-05-01", &r, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "c.csv: round 3 differs from round 2 in b.csv; expected "
                                      "the sheets of one round");
    for (int i = 0; i < 3; i++)
        cr_workshop_sheet_clear(&s[i]);
}
END_TEST

START_TEST(money_for_people)
{
    static const struct {
        double x;
        const char *currency, *lang, *text;
    } cases[] = {
        {3.42e9, "JPY", "ja", "34.2億円"},      {160000, "JPY", "ja", "16万円"},
        {8000, "JPY", "ja", "8,000円"},         {1.5e7, "JPY", "ja", "1,500万円"},
        {1.2e13, "JPY", "ja", "12兆円"},        {509833333, "JPY", "ja", "5.1億円"},
        {3.42e9, "JPY", "en", "¥3.42B"},        {160000, "JPY", "en", "¥160k"},
        {999, "JPY", "en", "¥999"},             {2.5e6, "USD", "en", "USD 2.5M"},
        {2.5e6, "USD", "ja", "250万USD"},        {0, "JPY", "en", "¥0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        cr_ws_format_money(buf, sizeof buf, cases[i].x, cases[i].currency, cases[i].lang);
        ck_assert_str_eq(buf, cases[i].text);
    }
}
END_TEST

START_TEST(japanese_sheet_reads_back)
{
    /* Japanese headers in another order, levels with their names, 高 and 低,
     * the basis 固有 and round 2; a sheet of a later round may cover some
     * risks only. */
    const char *text =
        "参加者,サービスID,ラウンド,リスクID,見積りの前提,影響度,発生可能性,年間発生回数_最小,"
        "年間発生回数_最頻,年間発生回数_最大,1件あたり損失_最小,1件あたり損失_最頻,"
        "1件あたり損失_最大,確信度,コメント\n"
        "佐藤,s1,2,CR02,固有,4 大,2 起こりにくい,0.1,0.5,1,\"1,000\",\"5,000\",\"9,000\",高,\n"
        "佐藤,s1,2,CR03,固有,3: 中,1（まれ）,,,,,,,低,\n";
    cr_workshop_sheet s;
    cr_error err;
    ck_assert_int_eq(cr_workshop_sheet_parse("ja.csv", text, strlen(text), risks3, 3, &s, &err),
                     CR_ERR_INPUT); /* a complete sheet is expected by default */
    ck_assert_msg(cr_workshop_sheet_parse_partial("ja.csv", text, strlen(text), risks3, 3, &s,
                                                  &err) == CR_OK, "%s", formatted(&err));
    ck_assert_int_eq(s.round, 2);
    ck_assert_int_eq(s.entries[0].line, 0); /* CR01 not handed out */
    ck_assert_int_eq(s.entries[1].impact, 4);
    ck_assert_int_eq(s.entries[1].likelihood, 2);
    ck_assert_int_eq(s.entries[1].confidence, 5);
    ck_assert_int_eq(s.entries[1].basis, CR_WS_BASIS_INHERENT);
    ck_assert_int_eq(s.entries[2].impact, 3);
    ck_assert_int_eq(s.entries[2].likelihood, 1);
    ck_assert_int_eq(s.entries[2].confidence, 1);
    cr_workshop_sheet_clear(&s);
    /* A round-1 sheet must still cover every risk. */
    const char *round1 = HEADER "s,P,CR01,x,3,3,,,,,,,,\n";
    ck_assert_int_eq(cr_workshop_sheet_parse_partial("r1.csv", round1, strlen(round1), risks3, 3,
                                                     &s, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "r1.csv: 2 rows are missing (CR02, CR03); expected one "
                                      "row for each of the 3 risks");
}
END_TEST

START_TEST(anonymous_merge_keeps_letters)
{
    cr_workshop_sheet s[3];
    read3(s, sheet_aoki, sheet_baba, sheet_chiba);
    cr_workshop_result r;
    cr_error err;
    ck_assert_int_eq(cr_workshop_merge(s, 3, risks3, 3, NULL, 0, "2024-05-01", &r, &err), CR_OK);
    /* Baba was "A" in an earlier round: he keeps it; the others get B and C. */
    cJSON *mapping = cJSON_Parse("{\"service_id\": \"s1\", \"participants\": {\"A\": \"Baba\"}}");
    ck_assert_int_eq(cr_workshop_mapping_check(mapping, "m.json", "s1", &err), CR_OK);
    ck_assert_int_eq(cr_workshop_mapping_check(mapping, "m.json", "s2", &err), CR_ERR_INPUT);
    ck_assert_int_eq(cr_workshop_anonymise(&r, mapping, &err), CR_OK);
    ck_assert_str_eq(r.participants[0].name, "B"); /* Aoki */
    ck_assert_str_eq(r.participants[1].name, "A"); /* Baba */
    ck_assert_str_eq(r.participants[2].name, "C"); /* Chiba */
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(mapping, "participants"), "C")
                         ->valuestring, "Chiba");
    cJSON *block = cr_workshop_overrides_json(&r);
    char *json = cJSON_Print(block);
    cr_workshop_provenance prov = {"0.1.0", "cloudrisk test", "JPY"};
    cJSON *doc = cr_workshop_document_json(&r, &prov);
    char *whole = cJSON_Print(doc);
    for (int i = 0; i < 3; i++) {
        const char *names[3] = {"Aoki", "Baba", "Chiba"};
        ck_assert_ptr_null(strstr(json, names[i]));
        ck_assert_ptr_null(strstr(whole, names[i]));
    }
    ck_assert_ptr_null(strstr(whole, "a.csv")); /* sheet names carry names */
    ck_assert_ptr_nonnull(strstr(json, "loss ranges do not overlap: B ¥10k-¥100k, A ¥2M-¥3M"));
    free(json);
    free(whole);
    cJSON_Delete(block);
    cJSON_Delete(doc);
    cJSON_Delete(mapping);
    cr_workshop_result_clear(&r);
    free3(s);
}
END_TEST

START_TEST(number_cells)
{
    /* The forms spreadsheets write are accepted ... */
    double v = 0;
    ck_assert(cr_ws_parse_number("1,000,000", &v) && v == 1e6);
    ck_assert(cr_ws_parse_number("12,345.5", &v) && v == 12345.5);
    ck_assert(cr_ws_parse_number("1.5E+06", &v) && v == 1.5e6);
    ck_assert(cr_ws_parse_number("0.25", &v) && v == 0.25);
    ck_assert(cr_ws_parse_number(".5", &v) && v == 0.5);
    ck_assert(cr_ws_parse_number("-3", &v) && v == -3);
    /* ... and the near misses that strtod would take or misread are not. */
    const char *refused[] = {"", "0x10", "inf", "nan", "1,00", "1,0000", "1,000.5,0", "1 000",
                             "+5", "1e", ".", "-", "1e999", "12,34,567", ",123"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ck_assert_msg(!cr_ws_parse_number(refused[i], &v), "accepted \"%s\"", refused[i]);
    int n;
    ck_assert(cr_ws_parse_small_int("5", &n) && n == 5);
    ck_assert(!cr_ws_parse_small_int("5.0", &n));
    ck_assert(!cr_ws_parse_small_int("-1", &n));

    char buf[64];
    cr_ws_format_number(buf, sizeof buf, 1.0 / 12.0);
    ck_assert_str_eq(buf, "0.08333");
    cr_ws_format_number(buf, sizeof buf, 12.5);
    ck_assert_str_eq(buf, "12.5");
    cr_ws_format_number(buf, sizeof buf, 999.5);
    ck_assert_str_eq(buf, "999.5");
    cr_ws_format_number(buf, sizeof buf, 9999.5);
    ck_assert_str_eq(buf, "10,000"); /* never an exponent */
    cr_ws_format_number(buf, sizeof buf, 1250000);
    ck_assert_str_eq(buf, "1,250,000");
    cr_ws_format_number(buf, sizeof buf, 123456);
    ck_assert_str_eq(buf, "123,456");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workshop");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, sheet_reads_scores_estimates_and_abstentions);
    tcase_add_test(tc, sheet_errors_name_file_row_and_expectation);
    tcase_add_test(tc, shift_jis_sheet_is_converted);
    tcase_add_test(tc, written_sheet_reads_back);
    tcase_add_test(tc, median_mad_and_disagreement);
    tcase_add_test(tc, pool_moments_equal_and_unequal_weights);
    tcase_add_test(tc, pool_flags_ranges_that_do_not_overlap);
    tcase_add_test(tc, pool_quantiles);
    tcase_add_test(tc, merge_consensus_pools_and_rationale);
    tcase_add_test(tc, merge_with_weights);
    tcase_add_test(tc, merge_errors);
    tcase_add_test(tc, rationale_fits_a_service_file);
    tcase_add_test(tc, document_and_service_file);
    tcase_add_test(tc, summaries_list_consensus_and_flags);
    tcase_add_test(tc, number_cells);
    tcase_add_test(tc, outlier_worked_example);
    tcase_add_test(tc, money_for_people);
    tcase_add_test(tc, one_basis_per_risk_and_one_round_per_merge);
    tcase_add_test(tc, text_summary_keeps_control_characters_off_the_terminal);
    tcase_add_test(tc, japanese_sheet_reads_back);
    tcase_add_test(tc, anonymous_merge_keeps_letters);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
