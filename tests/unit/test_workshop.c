/* test_workshop.c -- participant sheets, consensus, opinion pools, overrides,
 * merge summary.  Expected values are worked by hand in the comments. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/workshop.h"
#include "workshop/cells.h"

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

    expect_sheet_error("", "a.csv: file is empty; expected a header row: service_id,participant,"
                           "risk_id,risk_name,impact,likelihood,frequency_min,frequency_likely,"
                           "frequency_max,loss_min,loss_likely,loss_max,confidence,comment");
    expect_sheet_error("service_id,participant,risk,risk_name\n",
                       "a.csv:1: unknown column \"risk\"; expected the header row: service_id,"
                       "participant,risk_id,risk_name,impact,likelihood,frequency_min,"
                       "frequency_likely,frequency_max,loss_min,loss_likely,loss_max,"
                       "confidence,comment");
    expect_sheet_error("service_id,participant,risk_id,risk_name,impact,likelihood,"
                       "frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,"
                       "loss_max,confidence\n",
                       "a.csv:1: missing column \"comment\"; expected the header row: "
                       "service_id,participant,risk_id,risk_name,impact,likelihood,"
                       "frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,"
                       "loss_max,confidence,comment");
    expect_sheet_error("service_id,participant,participant\n",
                       "a.csv:1: column \"participant\" appears twice; expected the header "
                       "row: service_id,participant,risk_id,risk_name,impact,likelihood,"
                       "frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,"
                       "loss_max,confidence,comment");
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
                       "a.csv:2: frequency_max 2e6 is too large; expected at most 1000000");
    expect_sheet_error(ROW1("s,P,CR01,x,3,3,,,,,,,sure,\n"),
                       "a.csv:2: confidence \"sure\" is not recognised; expected low, medium, "
                       "high or an integer from 1 to 5");
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
    ck_assert(strncmp(buf, "\xEF\xBB\xBF" HEADER, strlen(HEADER) + 3) == 0);
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
    HEADER "s1,Chiba,CR01,x,5,3,,,,50000,60000,2000000,,\n"
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
    /* Loss: means (10,000 + 200,000 + 100,000)/6 = 51,666.67,
     * (2,000,000 + 10,000,000 + 3,000,000)/6 = 2,500,000,
     * (50,000 + 240,000 + 2,000,000)/6 = 381,666.67; pool mean = their
     * average = 2,933,333.33 / 3 = 977,777.78. */
    ck_assert_uint_eq(c1->loss.n, 3);
    ck_assert_double_eq_tol(cr_dist_mean(&c1->loss.dist), 2933333.3333333333 / 3, 1e-6);
    ck_assert(c1->loss.disjoint); /* Aoki <= 100,000 < 2,000,000 <= Baba */
    ck_assert_uint_eq(c1->loss.below, 0);
    ck_assert_uint_eq(c1->loss.above, 1);
    /* Confidence: high = 5, low = 1, Chiba unstated -> mean 3 of 2. */
    ck_assert_uint_eq(c1->n_confidence, 2);
    ck_assert_double_eq(c1->confidence_mean, 3.0);
    ck_assert_str_eq(
        c1->rationale,
        "Workshop of 2024-05-01: 3 of 3 participants scored this risk. Impact 4, the median of "
        "3, 4, 5; range 3-5, MAD 1. Likelihood 3, the median of 2, 3, 3; range 2-3, MAD 0. "
        "Frequency: linear opinion pool of 2 PERT estimates (Aoki, Baba; equal weights), mean "
        "3.5 per year. Loss per event: linear opinion pool of 3 PERT estimates (Aoki, Baba, "
        "Chiba; equal weights), mean 977,778 per event. Flagged for discussion: impact scores "
        "2 levels apart (3-5); loss ranges do not overlap: Aoki 10,000-100,000, Baba "
        "2,000,000-3,000,000. Comments: Aoki: \"Keys are shared\"; Baba: "
        "\"<script>alert(1)</script>\".");

    const cr_workshop_consensus *c2 = &r.risks[1];
    ck_assert_uint_eq(c2->impact.n, 2);
    ck_assert_int_eq(c2->impact.consensus, 3); /* 2, 3 -> 2.5 -> 3 */
    ck_assert_int_eq(c2->likelihood.consensus, 3);
    ck_assert(!c2->entries[2].scored);
    ck_assert_str_eq(c2->rationale,
                     "Workshop of 2024-05-01: 2 of 3 participants scored this risk. Impact 3, "
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
    cr_dist d;
    ck_assert_int_eq(cr_dist_from_json(cJSON_GetObjectItem(o1, "frequency"), "o", "$", 0, 1e6,
                                       &d, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&d), 3.5, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&d), 241.0 / 28.0, 1e-12);
    cr_dist_clear(&d);
    cJSON *o2 = cJSON_GetObjectItem(block, "CR02");
    ck_assert_ptr_null(cJSON_GetObjectItem(o2, "frequency"));
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
     * pool_moments_equal_and_unequal_weights).  Loss: weights 3, 1, 1 of 5:
     * (3 * 51,666.67 + 2,500,000 + 381,666.67) / 5 = 607,333.33. */
    const cr_workshop_consensus *c1 = &r.risks[0];
    ck_assert_double_eq_tol(cr_dist_mean(&c1->frequency.dist), 2.25, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&c1->frequency.dist), 5.9375, 1e-12);
    ck_assert_double_eq_tol(cr_dist_mean(&c1->loss.dist),
                            (3 * 310000.0 / 6 + 2500000.0 + 2290000.0 / 6) / 5, 1e-6);
    /* Weights do not move the qualitative median. */
    ck_assert_int_eq(c1->impact.consensus, 4);
    ck_assert(strstr(c1->rationale, "(Aoki 75%, Baba 25%), mean 2.25 per year") != NULL);
    ck_assert(strstr(c1->rationale, "(Aoki 60%, Baba 20%, Chiba 20%)") != NULL);
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
    cr_workshop_provenance prov = {"0.1.0", "cloudrisk test"};
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
    ck_assert_ptr_null(cJSON_GetObjectItem(block, "CR21")); /* replaced whole */
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
    cr_workshop_provenance prov = {"0.1.0", "cloudrisk test"};
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
                                       "MAD 0)\n  frequency per year, mean [P5-P95]: 3.5 ["));
    ck_assert_ptr_nonnull(strstr(text, "  FLAG: impact scores 2 levels apart (3-5); loss ranges "
                                       "do not overlap: Aoki 10,000-100,000, Baba "
                                       "2,000,000-3,000,000\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nCR03  Insider\n  not scored (all participants "
                                       "abstained)\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n2/3 risks scored, 1 flagged for discussion.\n"));
    ck_assert_ptr_nonnull(strstr(text, "For discussion\n\nCR01  Unauthorised access\n"));
    ck_assert_ptr_nonnull(strstr(text, "    Aoki: impact 3, likelihood 2, frequency 0 / 1 / 2, "
                                       "loss 10,000 / 50,000 / 100,000, confidence 5; \"Keys are "
                                       "shared\"\n"));
    free(text);

    char *html = summary(&r, CR_WORKSHOP_HTML, "en");
    ck_assert_ptr_null(strstr(html, "<script>"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "<tr class=\"flagged\"><td>CR01 Unauthorised access"));
    ck_assert_ptr_nonnull(strstr(html, "<h2>For discussion</h2>"));
    ck_assert_ptr_null(strstr(html, "http")); /* no external assets */
    free(html);

    /* In Japanese: the words change, the figures and names do not. */
    text = summary(&r, CR_WORKSHOP_TEXT, "ja");
    ck_assert_ptr_nonnull(strstr(text, "ワークショップ結果の統合\n"));
    ck_assert_ptr_nonnull(strstr(text, "  影響度 4 (中央値 4、範囲 3-5、MAD 1)\n"));
    ck_assert_ptr_nonnull(strstr(text, "  要議論: 影響度の評価が2段階離れている（3-5）、損失の範囲が"
                                       "重ならない: Aoki 10,000-100,000, Baba "
                                       "2,000,000-3,000,000\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n2/3 リスクを評価、1 件が要議論。\n"));
    ck_assert_ptr_nonnull(strstr(text, "    Chiba: 影響度 5、発生可能性 3、発生頻度 -、損失 "
                                       "50,000 / 60,000 / 2,000,000\n"));
    free(text);
    html = summary(&r, CR_WORKSHOP_HTML, "ja");
    ck_assert_ptr_nonnull(strstr(html, "<html lang=\"ja\">"));
    ck_assert_ptr_nonnull(strstr(html, "<h2>要議論のリスク</h2>"));
    ck_assert_ptr_null(strstr(html, "<script>"));
    free(html);
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
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
