/* test_workshop_serve.c -- the live workshop's pieces that need no network:
 * form decoding, the text it refuses, tokens, the rate limit, a card checked
 * by the sheet's rules with the error placed beside its field, and the
 * journal's torn last line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "workshop/serve.h"

static int cell(int column) { return column - WS_FIRST_CELL; }

static void pause_ms(long ms)
{
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

START_TEST(form_decodes_and_refuses)
{
    ws_form f;
    cr_error err;
    const char *body = "t=abc&&comment=a%20b+c&risk=CR01&empty=&bare";
    ck_assert_int_eq(ws_form_parse(body, strlen(body), "en", &f, &err), CR_OK);
    ck_assert_uint_eq(f.n, 5); /* the empty piece between && is skipped */
    ck_assert_str_eq(ws_form_get(&f, "comment"), "a b c");
    ck_assert_str_eq(ws_form_get(&f, "empty"), "");
    ck_assert_str_eq(ws_form_get(&f, "bare"), "");
    ck_assert_ptr_null(ws_form_get(&f, "missing"));
    ws_form_free(&f);

    const char *bad[] = {"a=%G1", "a=%4", "a=%00", "a=%FF%FE", "%C3=1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_int_eq(ws_form_parse(bad[i], strlen(bad[i]), "en", &f, &err), CR_ERR_INPUT);
        ck_assert_uint_eq(f.n, 0);
    }
    ck_assert_int_eq(ws_form_parse("a=%FF", 5, "ja", &f, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "UTF-8"));

    char many[WS_MAX_FIELDS * 4 + 8] = "";
    for (int i = 0; i <= WS_MAX_FIELDS; i++)
        strcat(many, "a=1&");
    ck_assert_int_eq(ws_form_parse(many, strlen(many), "en", &f, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "more than 40 fields"));

    char *longer = malloc(WS_MAX_FIELD + 8);
    ck_assert_ptr_nonnull(longer);
    memcpy(longer, "a=", 2);
    memset(longer + 2, 'x', WS_MAX_FIELD + 1);
    ck_assert_int_eq(ws_form_parse(longer, WS_MAX_FIELD + 3, "en", &f, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "longer than 4000 bytes"));
    free(longer);
}
END_TEST

START_TEST(markup_and_controls_are_refused)
{
    ck_assert_ptr_null(ws_text_refusal("a < b and c <= d; 3<4", false, "en"));
    ck_assert_ptr_null(ws_text_refusal("two\nlines\tand a tab", true, "en"));
    ck_assert_ptr_nonnull(ws_text_refusal("<script>x</script>", true, "en"));
    ck_assert_ptr_nonnull(ws_text_refusal("</b>", true, "en"));
    ck_assert_ptr_nonnull(ws_text_refusal("<!-- x", true, "en"));
    ck_assert_ptr_nonnull(ws_text_refusal("<?xml", true, "en"));
    ck_assert_ptr_nonnull(ws_text_refusal("<IMG src=x>", true, "ja"));
    ck_assert_ptr_nonnull(ws_text_refusal("two\nlines", false, "en")); /* a name is one line */
    ck_assert_ptr_nonnull(ws_text_refusal("bell\a", true, "en"));
    ck_assert_ptr_nonnull(ws_text_refusal("esc\x1b[2J", true, "en"));
    ck_assert_ptr_nonnull(strstr(ws_text_refusal("<b>", false, "ja"), "HTML"));
}
END_TEST

START_TEST(tokens_are_random_hex_and_compared_whole)
{
    char a[WS_TOKEN_CHARS + 1], b[WS_TOKEN_CHARS + 1];
    cr_error err;
    ck_assert_int_eq(ws_token_new(a, &err), CR_OK);
    ck_assert_int_eq(ws_token_new(b, &err), CR_OK);
    ck_assert_uint_eq(strlen(a), 32);
    ck_assert(ws_token_wellformed(a));
    ck_assert_str_ne(a, b); /* 2^-128 to fail */
    ck_assert(ws_token_equal(a, a));
    ck_assert(!ws_token_equal(a, b));
    ck_assert(!ws_token_equal(a, NULL));
    ck_assert(!ws_token_equal(a, ""));
    char shorter[WS_TOKEN_CHARS];
    memcpy(shorter, a, WS_TOKEN_CHARS - 1);
    shorter[WS_TOKEN_CHARS - 1] = '\0';
    ck_assert(!ws_token_equal(a, shorter));
    ck_assert(!ws_token_wellformed("0123456789ABCDEF0123456789abcdef")); /* lowercase only */
    ck_assert(ws_token_wellformed("0123456789abcdef0123456789abcdef"));
}
END_TEST

START_TEST(bucket_allows_the_burst_then_the_rate)
{
    ws_bucket b = {0};
    /* A burst of 3 at a rate far too slow to refill within the test. */
    for (int i = 0; i < 3; i++)
        ck_assert(ws_bucket_take(&b, 1e-6, 3.0));
    ck_assert(!ws_bucket_take(&b, 1e-6, 3.0));
    /* A fast rate refills at once. */
    ws_bucket fast = {0};
    ck_assert(ws_bucket_take(&fast, 1.0, 1.0));
    pause_ms(20);
    ck_assert(!ws_bucket_take(&fast, 1.0, 1.0)); /* 0.02 of a token */
    ws_bucket quick = {0};
    ck_assert(ws_bucket_take(&quick, 1000.0, 1.0));
    pause_ms(20);
    ck_assert(ws_bucket_take(&quick, 1000.0, 1.0)); /* 20 tokens' worth, capped at 1 */
}
END_TEST

static const cr_workshop_risk risk = {"CR01", "Unauthorised access"};

static int check_cells(const char *const values[WS_N_CELLS], cr_status want)
{
    ws_answer a = {.given = true};
    for (int i = 0; i < WS_N_CELLS; i++)
        a.cells[i] = values[i] ? strdup(values[i]) : NULL;
    int bad = -2;
    cr_error err;
    cr_error_clear(&err);
    ck_assert_int_eq(ws_answer_check("sakura-hr", "Aoki", 1, &risk, &a, &bad, &err), want);
    ck_assert_str_eq(err.file, ""); /* about the card, not a file */
    ws_answer_clear(&a);
    return bad;
}

START_TEST(card_checked_by_the_sheet_rules)
{
    /* basis, impact, likelihood, f min/likely/max, l min/likely/max, confidence, comment */
    const char *good[WS_N_CELLS] = {"current", "4", "2", "0.2", "0.6", "2", "1,000,000",
                                    "3e6", "6000000", "高", "=cmd() stays text"};
    ck_assert_int_eq(check_cells(good, CR_OK), -1);
    const char *abstain[WS_N_CELLS] = {"current"};
    ck_assert_int_eq(check_cells(abstain, CR_OK), -1);

    const char *letters[WS_N_CELLS] = {"current", "4", "2", "abc", "0.6", "2", "1", "2", "3"};
    ck_assert_int_eq(check_cells(letters, CR_ERR_INPUT), cell(CR_WS_FREQ_MIN));
    const char *order[WS_N_CELLS] = {"current", "4", "2", "3", "2", "1", "1", "2", "3"};
    ck_assert_int_eq(check_cells(order, CR_ERR_INPUT), cell(CR_WS_FREQ_MIN));
    const char *loss_order[WS_N_CELLS] = {"current", "4", "2", "1", "2", "3", "9", "2", "3"};
    ck_assert_int_eq(check_cells(loss_order, CR_ERR_INPUT), cell(CR_WS_LOSS_MIN));
    const char *impact_only[WS_N_CELLS] = {"current", "4"};
    ck_assert_int_eq(check_cells(impact_only, CR_ERR_INPUT), cell(CR_WS_LIKELIHOOD));
    const char *range[WS_N_CELLS] = {"current", "9", "2"};
    ck_assert_int_eq(check_cells(range, CR_ERR_INPUT), cell(CR_WS_IMPACT));
    const char *no_loss[WS_N_CELLS] = {"current", "4", "2", "1", "2", "3"};
    ck_assert_int_eq(check_cells(no_loss, CR_ERR_INPUT), cell(CR_WS_LOSS_MIN));
    const char *no_freq[WS_N_CELLS] = {"current", "4", "2", NULL, NULL, NULL, "1", "2", "3"};
    ck_assert_int_eq(check_cells(no_freq, CR_ERR_INPUT), cell(CR_WS_FREQ_MIN));
    const char *unscored[WS_N_CELLS] = {"current", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                        NULL, "high"};
    ck_assert_int_eq(check_cells(unscored, CR_ERR_INPUT), cell(CR_WS_IMPACT));
    const char *confidence[WS_N_CELLS] = {"current", "4", "2", NULL, NULL, NULL, NULL, NULL,
                                          NULL, "sure"};
    ck_assert_int_eq(check_cells(confidence, CR_ERR_INPUT), cell(CR_WS_CONFIDENCE));
    const char *basis[WS_N_CELLS] = {"maybe", "4", "2"};
    ck_assert_int_eq(check_cells(basis, CR_ERR_INPUT), cell(CR_WS_BASIS));
}
END_TEST

static int replayed;
static cr_status count_event(void *user, const cJSON *event, long line, cr_error *err)
{
    (void)user;
    (void)err;
    ck_assert_int_eq(line, replayed + 1);
    ck_assert(cJSON_IsObject(event));
    replayed++;
    return CR_OK;
}

START_TEST(journal_cuts_a_torn_last_line)
{
    char dir[] = "/tmp/cloudrisk-journal-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ws_journal j;
    bool existing;
    cr_error err;
    ck_assert_int_eq(ws_journal_open(&j, dir, &existing, &err), CR_OK);
    ck_assert(!existing);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "event", "join");
    unsigned long long end1, end2;
    ck_assert_int_eq(ws_journal_append(&j, e, &end1, &err), CR_OK);
    ck_assert_int_eq(ws_journal_append(&j, e, &end2, &err), CR_OK);
    ck_assert_uint_eq(end2, 2 * end1); /* {"event":"join"}\n twice */
    ck_assert_int_eq(ws_journal_sync(&j, end2, &err), CR_OK);
    cJSON_Delete(e);
    ck_assert_int_eq(write(j.fd, "{\"event\":\"ans", 13), 13); /* a crash mid-write */
    char path[256];
    snprintf(path, sizeof path, "%s", j.path);
    ws_journal_close(&j);

    ck_assert_int_eq(ws_journal_open(&j, dir, &existing, &err), CR_OK);
    ck_assert(existing);
    replayed = 0;
    ck_assert_int_eq(ws_journal_replay(&j, count_event, NULL, &err), CR_OK);
    ck_assert_int_eq(replayed, 2);
    ck_assert_uint_eq(j.written, end2); /* the torn line is cut off the file */
    FILE *fp = fopen(path, "r");
    fseek(fp, 0, SEEK_END);
    ck_assert_int_eq(ftell(fp), (long)end2);
    fclose(fp);

    /* A line that is not an event is refused with the file and the line. */
    ck_assert_int_eq(write(j.fd, "not json\n", 9), 9);
    ws_journal_close(&j);
    ck_assert_int_eq(ws_journal_open(&j, dir, &existing, &err), CR_OK);
    replayed = 0;
    ck_assert_int_eq(ws_journal_replay(&j, count_event, NULL, &err), CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 3);
    ck_assert_str_eq(err.file, path);
    ws_journal_close(&j);
    unlink(path);
    rmdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workshop serve");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, form_decodes_and_refuses);
    tcase_add_test(tc, markup_and_controls_are_refused);
    tcase_add_test(tc, tokens_are_random_hex_and_compared_whole);
    tcase_add_test(tc, bucket_allows_the_burst_then_the_rate);
    tcase_add_test(tc, card_checked_by_the_sheet_rules);
    tcase_add_test(tc, journal_cuts_a_torn_last_line);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
