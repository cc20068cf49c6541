/*
 * test_catalog.c -- the committed catalogue against what the standard's
 * text is known to hold (every checklist item of STRUCTURE.md), the loader's
 * behaviour on good and bad input, and the display-width helpers used to
 * print it.
 *
 * The expected values here were read off the standard's text by hand (line
 * numbers in comments), not produced by the extractor.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/catalog.h"
#include "util/csv_util.h"
#include "util/json_util.h"
#include "util/text.h"

static const char *data_dir(void)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    ck_assert_msg(dir && *dir, "CLOUDRISK_DATA is not set; run through make check");
    return dir;
}

static cr_catalog *load_shipped(void)
{
    cr_catalog *catalog = NULL;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_catalog_load(data_dir(), &catalog, &err);
    char msg[2048];
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_msg(st == CR_OK, "loading the shipped catalogue failed: %s", msg);
    return catalog;
}

static const cr_catalog_item *control(const cr_catalog *catalog, const char *id)
{
    const cr_catalog_item *item = cr_catalog_control(catalog, id);
    ck_assert_msg(item != NULL, "no control-part item %s", id);
    return item;
}

static size_t count_at(const cr_catalog *catalog, cr_part part, int level, bool basic_only)
{
    size_t n = 0;
    for (size_t i = 0; i < cr_catalog_count(catalog, part); i++) {
        const cr_catalog_item *item = cr_catalog_at(catalog, part, i);
        n += item->level == level && (!basic_only || item->basic);
    }
    return n;
}

/* ---- counts ------------------------------------------------------------- */

START_TEST(counts_of_every_level)
{
    cr_catalog *c = load_shipped();
    ck_assert_uint_eq(count_at(c, CR_PART_GOVERNANCE, 3, false), 5);
    ck_assert_uint_eq(count_at(c, CR_PART_MANAGEMENT, 3, false), 66);
    /* Ⅴ */
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 1, false), 12);
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 2, false), 41);
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 3, false), 135);
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 4, false), 1422);
    /* Ⅵ */
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 1, true), 11);
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 2, true), 35);
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 3, true), 98);
    ck_assert_uint_eq(count_at(c, CR_PART_CONTROL, 4, true), 1073);
    /* The level index agrees with a scan. */
    const cr_catalog_item *const *items;
    ck_assert_uint_eq(cr_catalog_level(c, CR_LEVEL_CONTROL, &items), 135);
    ck_assert_str_eq(items[0]->id, "1.1.1");
    ck_assert_str_eq(items[134]->id, "C.2.1");
    ck_assert_uint_eq(cr_catalog_level(c, CR_LEVEL_DETAIL, &items), 1422);
    ck_assert_uint_eq(cr_catalog_level(c, 5, &items), 0);
    /* 41 objectives, one per subcategory. */
    size_t objectives = 0;
    ck_assert_uint_eq(cr_catalog_level(c, CR_LEVEL_SUBCATEGORY, &items), 41);
    for (size_t i = 0; i < 41; i++)
        objectives += items[i]->detail_ja != NULL && items[i]->detail_ja[0] != '\0';
    ck_assert_uint_eq(objectives, 41);
    cr_catalog_free(c);
}
END_TEST

START_TEST(governance_has_no_item_under_1_1)
{
    cr_catalog *c = load_shipped();
    static const char *const items[] = {"1.2.1", "1.3.1", "1.4.1", "1.5.1", "1.6.1"};
    for (size_t i = 0; i < 5; i++) {
        const cr_catalog_item *item = cr_catalog_find(c, CR_PART_GOVERNANCE, items[i]);
        ck_assert_ptr_nonnull(item);
        ck_assert_int_eq(item->level, 3);
        ck_assert_ptr_nonnull(item->detail_ja); /* its explanation */
    }
    ck_assert_uint_eq(cr_catalog_find(c, CR_PART_GOVERNANCE, "1.1")->n_children, 0);
    cr_catalog_free(c);
}
END_TEST

/* ---- Ⅵ against Ⅴ ---------------------------------------------------------- */

/* STRUCTURE.md: the 37 controls of Ⅴ that Ⅵ leaves out. */
static const char *const left_out_of_basic[] = {
    "1.1.2",  "2.1.2",  "2.1.4",  "2.1.5",  "2.1.7",  "2.2.3",  "3.1.1",  "3.1.2",
    "3.1.3",  "3.2.1",  "3.2.2",  "4.1.3",  "4.2.1",  "4.2.2",  "4.2.3",  "4.3.1",
    "6.1.4",  "6.7.1",  "6.7.3",  "6.7.4",  "6.8.2",  "6.8.3",  "7.7.2",  "8.2.1",
    "8.2.2",  "8.2.3",  "8.2.4",  "8.3.2",  "8.4.2",  "8.5.3",  "8.5.5",  "9.1.2",
    "11.1.2", "11.2.1", "11.2.2", "11.3.1", "11.3.2"};

START_TEST(the_37_controls_left_out_of_basic)
{
    cr_catalog *c = load_shipped();
    const cr_catalog_item *const *controls;
    size_t n = cr_catalog_level(c, CR_LEVEL_CONTROL, &controls);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (controls[i]->basic)
            continue;
        ck_assert_uint_lt(k, 37);
        ck_assert_str_eq(controls[i]->id, left_out_of_basic[k]);
        k++;
    }
    ck_assert_uint_eq(k, 37);
    cr_catalog_free(c);
}
END_TEST

START_TEST(basic_keeps_whole_controls)
{
    cr_catalog *c = load_shipped();
    const cr_catalog_item *const *details;
    size_t n = cr_catalog_level(c, CR_LEVEL_DETAIL, &details);
    size_t only_in_v = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(details[i]->basic == details[i]->parent->basic,
                      "%s differs from its control in Ⅵ membership", details[i]->id);
        only_in_v += !details[i]->basic;
    }
    ck_assert_uint_eq(only_in_v, 349);
    /* Membership flows up: a basic item's parent is basic. */
    for (size_t i = 0; i < cr_catalog_count(c, CR_PART_CONTROL); i++) {
        const cr_catalog_item *item = cr_catalog_at(c, CR_PART_CONTROL, i);
        if (item->basic && item->parent)
            ck_assert_msg(item->parent->basic, "%s in Ⅵ without its parent", item->id);
        ck_assert_msg(item->basic == (item->basic_source_line > 0), "%s: Ⅵ line", item->id);
    }
    /* Category 3 (asset management) is absent from Ⅵ. */
    ck_assert(!control(c, "3")->basic);
    cr_catalog_free(c);
}
END_TEST

START_TEST(exactly_ten_wording_differences)
{
    cr_catalog *c = load_shipped();
    static const char *const differ[] = {"2.1.3.8",  "2.2.1.19", "6.3.1",   "6.4.1",
                                         "6.4.2",    "7.2.1.15", "7.4.5.2", "7.4.7",
                                         "C.1.1.5",  "C.2.1"};
    size_t k = 0;
    for (size_t i = 0; i < cr_catalog_count(c, CR_PART_CONTROL); i++) {
        const cr_catalog_item *item = cr_catalog_at(c, CR_PART_CONTROL, i);
        if (!item->basic_text_ja && !item->basic_detail_ja)
            continue;
        ck_assert_uint_lt(k, 10);
        ck_assert_str_eq(item->id, differ[k]);
        ck_assert(item->basic);
        ck_assert_str_ne(item->basic_text_ja, item->text_ja);
        k++;
    }
    ck_assert_uint_eq(k, 10);
    const cr_catalog_item *c21 = control(c, "C.2.1");
    ck_assert_ptr_nonnull(strstr(c21->text_ja, "一部の障害が"));
    ck_assert_ptr_nonnull(strstr(c21->basic_text_ja, "一部の機能の喪失が"));
    /* 2.2.1.19: a full-width comma in Ⅴ (2498), an ideographic one in Ⅵ. */
    ck_assert_ptr_nonnull(strstr(control(c, "2.2.1.19")->text_ja, "定義し，クラウド"));
    ck_assert_ptr_nonnull(strstr(control(c, "2.2.1.19")->basic_text_ja, "定義し、クラウド"));
    cr_catalog_free(c);
}
END_TEST

/* ---- clean text ------------------------------------------------------------ */

static void assert_clean(const cr_catalog_item *item, const char *field, const char *text)
{
    if (!text)
        return;
    for (const char *p = text; *p; p++) {
        ck_assert_msg(!(p[0] == '*' && p[1] >= '0' && p[1] <= '9'),
                      "%s %s: footnote marker in \"%s\"", item->id, field, text);
        ck_assert_msg(!(p[0] == ' ' && p[1] == ' '), "%s %s: run of spaces in \"%s\"",
                      item->id, field, text);
        ck_assert_msg(*p != '\t' && *p != '\r', "%s %s: tab or CR", item->id, field);
    }
    ck_assert_msg(!strstr(text, "日本セキュリティ監査協会"), "%s %s: page footer in \"%s\"",
                  item->id, field, text);
    ck_assert_msg(!strstr(text, "\n\n"), "%s %s: empty line", item->id, field);
    size_t n = strlen(text);
    ck_assert_msg(n > 0 && text[0] != ' ' && text[n - 1] != ' ' && text[0] != '\n' &&
                      text[n - 1] != '\n',
                  "%s %s: untrimmed \"%s\"", item->id, field, text);
    ck_assert_msg(cr_utf8_valid(text, n, NULL), "%s %s: bad UTF-8", item->id, field);
}

START_TEST(no_markers_footers_or_space_runs)
{
    cr_catalog *c = load_shipped();
    for (int p = 0; p < 3; p++)
        for (size_t i = 0; i < cr_catalog_count(c, (cr_part)p); i++) {
            const cr_catalog_item *item = cr_catalog_at(c, (cr_part)p, i);
            assert_clean(item, "text_ja", item->text_ja);
            assert_clean(item, "detail_ja", item->detail_ja);
            assert_clean(item, "basic_text_ja", item->basic_text_ja);
            assert_clean(item, "basic_detail_ja", item->basic_detail_ja);
            assert_clean(item, "text_en", item->text_en);
        }
    cr_catalog_free(c);
}
END_TEST

/* ---- order ------------------------------------------------------------------- */

static int parse_id(const char *id, int parts[4])
{
    int n = 0;
    for (const char *p = id; *p && n < 4;) {
        parts[n++] = *p == 'C' ? 100 : atoi(p);
        while (*p && *p != '.')
            p++;
        if (*p == '.')
            p++;
    }
    return n;
}

/* Does b come right after a in a numbering with no gaps (first child, or the
 * next sibling of a or of an ancestor; "C" after 11)? */
static bool follows(const char *a, const char *b)
{
    int x[4], y[4];
    int nx = parse_id(a, x), ny = parse_id(b, y);
    if (ny == nx + 1) {
        for (int i = 0; i < nx; i++)
            if (x[i] != y[i])
                return false;
        return y[nx] == 1;
    }
    if (ny > nx)
        return false;
    for (int i = 0; i < ny - 1; i++)
        if (x[i] != y[i])
            return false;
    int want = ny == 1 && x[0] == 11 ? 100 : x[ny - 1] + 1;
    return y[ny - 1] == want;
}

START_TEST(control_part_runs_in_order_without_gaps)
{
    cr_catalog *c = load_shipped();
    size_t n = cr_catalog_count(c, CR_PART_CONTROL);
    ck_assert_str_eq(cr_catalog_at(c, CR_PART_CONTROL, 0)->id, "1");
    ck_assert_str_eq(cr_catalog_at(c, CR_PART_CONTROL, 1)->id, "1.1");
    ck_assert_str_eq(cr_catalog_at(c, CR_PART_CONTROL, 2)->id, "1.1.1");
    ck_assert_str_eq(cr_catalog_at(c, CR_PART_CONTROL, 3)->id, "1.1.1.1");
    ck_assert_str_eq(cr_catalog_at(c, CR_PART_CONTROL, n - 1)->id, "C.2.1.4");
    long last_line = 0;
    for (size_t i = 1; i < n; i++) {
        const cr_catalog_item *a = cr_catalog_at(c, CR_PART_CONTROL, i - 1);
        const cr_catalog_item *b = cr_catalog_at(c, CR_PART_CONTROL, i);
        ck_assert_msg(follows(a->id, b->id), "Ⅴ: %s after %s", b->id, a->id);
        ck_assert_msg(b->source_line > a->source_line, "Ⅴ lines of %s", b->id);
        /* Ⅴ lies between lines 2025 and 9546. */
        ck_assert(b->source_line > 2025 && b->source_line <= 9546);
    }
    /* Ⅵ: the same order, from 1 to C.2.1.4, in its own lines 9547-15355. */
    const cr_catalog_item *first = NULL, *last = NULL;
    for (size_t i = 0; i < n; i++) {
        const cr_catalog_item *item = cr_catalog_at(c, CR_PART_CONTROL, i);
        if (!item->basic)
            continue;
        ck_assert_msg(item->basic_source_line > last_line, "Ⅵ order at %s", item->id);
        ck_assert(item->basic_source_line >= 9547 && item->basic_source_line <= 15355);
        last_line = item->basic_source_line;
        if (!first)
            first = item;
        last = item;
    }
    ck_assert_str_eq(first->id, "1");
    ck_assert_str_eq(last->id, "C.2.1.4");
    /* Ⅵ opens 1, 1.1, 1.1.1, 1.1.1.1 like Ⅴ */
    for (size_t i = 0; i < 4; i++)
        ck_assert(cr_catalog_at(c, CR_PART_CONTROL, i)->basic);
    /* In Ⅵ each control's detailed controls run 1..n as in Ⅴ: checked by
     * whole-control membership above plus Ⅴ's order here. */
    cr_catalog_free(c);
}
END_TEST

START_TEST(headed_parts_run_in_order)
{
    cr_catalog *c = load_shipped();
    for (int p = 0; p < 2; p++) {
        size_t n = cr_catalog_count(c, (cr_part)p);
        ck_assert_str_eq(cr_catalog_at(c, (cr_part)p, 0)->id, "1");
        for (size_t i = 1; i < n; i++) {
            const cr_catalog_item *a = cr_catalog_at(c, (cr_part)p, i - 1);
            const cr_catalog_item *b = cr_catalog_at(c, (cr_part)p, i);
            ck_assert_msg(follows(a->id, b->id), "part %d: %s after %s", p, b->id, a->id);
        }
    }
    ck_assert_str_eq(cr_catalog_at(c, CR_PART_MANAGEMENT,
                                   cr_catalog_count(c, CR_PART_MANAGEMENT) - 1)->id,
                     "6.3.6");
    cr_catalog_free(c);
}
END_TEST

/* ---- spot checks ------------------------------------------------------------ */

START_TEST(spot_checks_exact_text)
{
    cr_catalog *c = load_shipped();
    ck_assert_str_eq(control(c, "1.1")->detail_ja,
                     "情報セキュリティのための経営陣の方向性及び支持を、事業上の要求事項、関連"
                     "する法令及び規制に従って規定するため");
    ck_assert_str_eq(control(c, "2.1.1.2")->text_ja,
                     "経営陣は、情報セキュリティ基本方針を明確に表現し、レビューし、承認する");
    /* id glued to its text at 9193 */
    ck_assert_str_eq(control(c, "11.1.3.10")->text_ja,
                     "記録の保持期間が、契約及び事業上の要求事項から定められる場合には、その保"
                     "持期間の明確化を確実にする");
    /* starts at 6511, cut by the footnote 6513-6516, resumes at 6517 */
    ck_assert_str_eq(control(c, "7.4.1.4")->text_ja,
                     "ネットワーク及びネットワークサービスの利用に関する方針は、ネットワーク接"
                     "続及びネットワークサービスへのアクセスを保護するための運用管理面からの管"
                     "理策及び管理手順を対象にする");
    ck_assert_str_eq(control(c, "C.2.1.4")->text_ja,
                     "一地域の災害がクラウドサービスを全面的に停止させないために、地理的に離れ"
                     "た複数の地域に設備を設ける");
    ck_assert_str_eq(cr_catalog_find(c, CR_PART_GOVERNANCE, "1.2.1")->text_ja,
                     "経営陣は、経営戦略に基づくリスク管理方針を提示する");
    ck_assert_str_eq(cr_catalog_find(c, CR_PART_MANAGEMENT, "1.4.3")->text_ja,
                     "残留リスクについて経営陣の承認を得る");
    cr_catalog_free(c);
}
END_TEST

START_TEST(quirks_are_mended)
{
    cr_catalog *c = load_shipped();
    /* 4.1.2.2 starts at 3003, a 29-line footnote follows, it resumes at 3035 */
    ck_assert_str_eq(control(c, "4.1.2.2")->text_ja,
                     "採用の選考では、関係する法令上許される場合には、事業上の要求事項、アクセ"
                     "スされる情報の分類及び認識されたリスクに応じて、満足のいく推薦状（例えば"
                     "、業務についてのもの、人物についてのもの）の入手を行う");
    /* words split across lines (5948/5950, 2731/2733, 7479/7481) */
    ck_assert_ptr_nonnull(strstr(control(c, "6.10.6.5")->text_ja, "Network"));
    ck_assert_ptr_nonnull(strstr(control(c, "2.2.2.13")->text_ja, "（IPR）"));
    ck_assert_ptr_nonnull(strstr(control(c, "7.7.2.24")->text_ja, "RAS装置"));
    /* a line ending in a space that is no item end (6622, Ⅵ 12790) */
    ck_assert_ptr_nonnull(strstr(control(c, "7.4.3.4")->text_ja, "電子証明書やICチップ"));
    ck_assert_ptr_null(control(c, "7.2.2.16")->basic_text_ja);
    /* glued footnote markers (2947, 4515, 6439, 7257, 9032) */
    ck_assert_str_eq(control(c, "4")->text_ja, "人的資源のセキュリティ");
    ck_assert_str_eq(control(c, "6.4")->text_ja, "悪意のあるコード及びモバイルコードからの保護");
    ck_assert_str_eq(control(c, "7.7")->text_ja, "モバイルコンピューティング及びテレワーキング");
    ck_assert_str_eq(control(c, "11.1")->text_ja, "法的要求事項の順守");
    size_t n = strlen(control(c, "7.3.3")->text_ja);
    ck_assert_str_eq(control(c, "7.3.3")->text_ja + n - strlen("方針を適用する"), "方針を適用する");
    /* one space after the id (2201), a page start (2104), glued (2498) */
    ck_assert_str_eq(control(c, "2.1.3.2")->text_ja,
                     "情報セキュリティ責任の割当ては、情報セキュリティ基本方針に従って行う");
    ck_assert_str_eq(control(c, "1.1.2.4")->text_ja,
                     "改訂された情報セキュリティ基本方針は、経営陣から承認を得る");
    ck_assert_int_eq(control(c, "2.2.1.19")->source_line, 2498);
    /* lists: "1." (3401), "1. " (2624), indented (9004), two on one line
     * (4003), "a) " (2940), "・" (5519) -- one entry per line */
    ck_assert_ptr_nonnull(strstr(control(c, "5.1.1.2")->text_ja,
                                 "以下の4点を行う\n1.敷地の外周壁を堅固な構造物とする\n2."));
    ck_assert_ptr_nonnull(strstr(control(c, "2.2.3.6")->text_ja, "を含める\n1. 組織の情報"));
    ck_assert_ptr_nonnull(strstr(control(c, "10.1.5.16")->text_ja,
                                 "判断する\n1. 要員\n2. あて名又は電話番号\n"));
    ck_assert_str_eq(control(c, "6.1.1.13")->text_ja,
                     "クラウドサービスを利用するための操作手順の作成に資する情報を提供する方針を"
                     "定め、例えば次のような情報をクラウド利用者に提示する\n1.クラウドサービスの"
                     "利用者向け操作手順書\n2.クラウドサービスの利用者向け問合せ窓口");
    ck_assert_ptr_nonnull(strstr(control(c, "3.2.2.9")->text_ja,
                                 "\na) ラベル付けを行うための機能\nb) "));
    ck_assert_ptr_nonnull(strstr(control(c, "6.9.2")->text_ja, "保護する。\n・不完全な通信\n"));
    /* an objective with a space after the colon (6479) */
    ck_assert_str_eq(control(c, "7.4")->detail_ja,
                     "ネットワークを利用したサービスへの認可されていないアクセスを防止するため");
    /* characters kept as written */
    ck_assert_ptr_nonnull(strstr(control(c, "3.2.2.10")->text_ja, "(例えば、マーキング機能など)"));
    ck_assert_ptr_nonnull(strstr(control(c, "7.5.1.6")->text_ja, "利用者ＩＤ"));
    ck_assert_ptr_nonnull(strstr(control(c, "5.2.1.9")->text_ja, "震度階７"));
    ck_assert_ptr_nonnull(strstr(control(c, "5.2.3.11")->text_ja, "配線盤･端子盤"));
    ck_assert_ptr_nonnull(strstr(control(c, "7.3.1.5")->text_ja, "①覚えやすい、②"));
    ck_assert_ptr_nonnull(strstr(control(c, "7.5.1.20")->text_ja,
                                 "クラウド利用者（クラウドのサービス）利用を検討する者を含む。）"));
    ck_assert_ptr_nonnull(strstr(cr_catalog_find(c, CR_PART_MANAGEMENT, "3.1.1")->text_ja,
                                 "リスクコミュニケ―ション"));
    cr_catalog_free(c);
}
END_TEST

START_TEST(management_items_heading_and_explanation)
{
    cr_catalog *c = load_shipped();
    /* a heading that wraps (926 -> 928) */
    const cr_catalog_item *item = cr_catalog_find(c, CR_PART_MANAGEMENT, "2.2.2");
    ck_assert_str_eq(item->text_ja, "選択した管理策または一連の管理策の有効性をどのように評価す"
                                    "るか、また評価の結果をどのように活用するかを定義する");
    ck_assert_ptr_nonnull(strstr(item->detail_ja, "考慮する。\n・結果の比較ができること\n"));
    /* a bullet at a page start (681) */
    item = cr_catalog_find(c, CR_PART_MANAGEMENT, "1.2.2");
    ck_assert_ptr_nonnull(
        strstr(item->detail_ja, "\n・文書化された情報セキュリティ基本方針への署名\n"));
    /* bullets counted over the whole part: 261 */
    size_t bullets = 0;
    for (size_t i = 0; i < cr_catalog_count(c, CR_PART_MANAGEMENT); i++) {
        const char *d = cr_catalog_at(c, CR_PART_MANAGEMENT, i)->detail_ja;
        for (const char *p = d; p && (p = strstr(p, "・")); p += strlen("・"))
            bullets += p == d || p[-1] == '\n';
    }
    ck_assert_uint_eq(bullets, 261);
    cr_catalog_free(c);
}
END_TEST

/* ---- structure against the table of contents --------------------------------- */

/* Ⅱ's table of contents of Ⅴ, lines 276-380. */
static const char *const toc[][2] = {
    {"1", "セキュリティ基本方針"},
    {"1.1", "情報セキュリティ基本方針"},
    {"2", "情報セキュリティのための組織"},
    {"2.1", "内部組織"},
    {"2.2", "外部組織"},
    {"3", "資産の管理"},
    {"3.1", "資産に対する責任"},
    {"3.2", "情報の分類"},
    {"4", "人的資源のセキュリティ"},
    {"4.1", "雇用前"},
    {"4.2", "雇用期間中"},
    {"4.3", "雇用の終了又は変更"},
    {"5", "物理的及び環境的セキュリティ"},
    {"5.1", "セキュリティを保つべき領域"},
    {"5.2", "装置のセキュリティ"},
    {"6", "通信及び運用管理"},
    {"6.1", "運用の手順及び責任"},
    {"6.2", "第三者が提供するサービスの管理"},
    {"6.3", "システムの計画作成及び受入れ"},
    {"6.4", "悪意のあるコード及びモバイルコードからの保護"},
    {"6.5", "バックアップ"},
    {"6.6", "ネットワークセキュリティ管理"},
    {"6.7", "媒体の取扱い"},
    {"6.8", "情報の交換"},
    {"6.9", "電子商取引サービス"},
    {"6.10", "監視"},
    {"7", "アクセス制御"},
    {"7.1", "アクセス制御に対する業務上の要求事項"},
    {"7.2", "利用者アクセスの管理"},
    {"7.3", "利用者の責任"},
    {"7.4", "ネットワークのアクセス制御"},
    {"7.5", "オペレーティングシステムのアクセス制御"},
    {"7.6", "業務用ソフトウェア及び情報のアクセス制御"},
    {"7.7", "モバイルコンピューティング及びテレワーキング"},
    {"8", "情報システムの取得、開発及び保守"},
    {"8.1", "情報システムのセキュリティ要求事項"},
    {"8.2", "業務用ソフトウェアでの正確な処理"},
    {"8.3", "暗号による管理策"},
    {"8.4", "システムファイルのセキュリティ"},
    {"8.5", "開発及びサポートプロセスにおけるセキュリティ"},
    {"8.6", "技術的ぜい弱性管理"},
    {"9", "情報セキュリティインシデントの管理"},
    {"9.1", "情報セキュリティの事象及び弱点の報告"},
    {"9.2", "情報セキュリティインシデントの管理及びその改善"},
    {"10", "事業継続管理"},
    {"10.1", "事業継続管理における情報セキュリティの側面"},
    {"11", "順守"},
    {"11.1", "法的要求事項の順守"},
    {"11.2", "セキュリティ方針及び標準の順守並びに技術的順守"},
    {"11.3", "情報システムの監査に対する考慮事項"},
    {"C", "クラウドサービスにおいて特に考慮すべき管理策"},
    {"C.1", "冗長化"},
    {"C.2", "分散化"},
};

START_TEST(subcategory_titles_match_table_of_contents)
{
    cr_catalog *c = load_shipped();
    size_t n_toc = sizeof toc / sizeof toc[0], subcategories = 0;
    const cr_catalog_item *const *headings;
    ck_assert_uint_eq(cr_catalog_level(c, CR_LEVEL_SUBCATEGORY, &headings), 41);
    for (size_t i = 0; i < n_toc; i++) {
        const cr_catalog_item *item = control(c, toc[i][0]);
        ck_assert_str_eq(item->text_ja, toc[i][1]);
        subcategories += item->level == CR_LEVEL_SUBCATEGORY;
    }
    ck_assert_uint_eq(subcategories, 41);
    cr_catalog_free(c);
}
END_TEST

/* When the standard's text is at hand, read its table of contents directly. */
START_TEST(table_of_contents_read_from_the_source)
{
    const char *path = getenv("CLOUDRISK_STANDARD_TEXT");
    FILE *fp = path ? fopen(path, "r") : NULL;
    if (!fp) {
        fprintf(stderr, "table_of_contents_read_from_the_source: standard text absent, "
                        "checked against the transcribed table only\n");
        return;
    }
    cr_catalog *c = load_shipped();
    char line[4096];
    long no = 0;
    size_t seen = 0;
    while (fgets(line, sizeof line, fp)) {
        if (++no < 276 || no > 380)
            continue;
        char *s = line + (line[0] == ' ');
        char *space = strchr(s, ' ');
        if (!space || !((s[0] >= '1' && s[0] <= '9') || s[0] == 'C'))
            continue;
        *space = '\0';
        char *title = space + 1;
        size_t n = strlen(title);
        while (n && (title[n - 1] == ' ' || title[n - 1] == '\n'))
            title[--n] = '\0';
        const cr_catalog_item *item = control(c, s);
        ck_assert_msg(strcmp(item->text_ja, title) == 0, "line %ld: %s \"%s\" vs \"%s\"", no,
                      s, title, item->text_ja);
        seen++;
    }
    fclose(fp);
    ck_assert_uint_eq(seen, 53);
    cr_catalog_free(c);
}
END_TEST

START_TEST(management_items_per_subsection)
{
    cr_catalog *c = load_shipped();
    static const struct {
        const char *id;
        size_t items;
    } expected[] = {{"1.1", 1}, {"1.2", 2}, {"1.3", 4}, {"1.4", 4}, {"2.1", 3},
                    {"2.2", 2}, {"2.3", 3}, {"2.4", 7}, {"3.1", 1}, {"3.2", 2},
                    {"4.1", 1}, {"4.2", 3}, {"4.3", 9}, {"4.4", 6}, {"5.1", 4},
                    {"5.2", 2}, {"5.3", 2}, {"6.1", 2}, {"6.2", 2}, {"6.3", 6}};
    size_t subsections = 0;
    for (size_t i = 0; i < cr_catalog_count(c, CR_PART_MANAGEMENT); i++)
        subsections += cr_catalog_at(c, CR_PART_MANAGEMENT, i)->level == 2;
    ck_assert_uint_eq(subsections, 20);
    for (size_t i = 0; i < 20; i++) {
        const cr_catalog_item *s = cr_catalog_find(c, CR_PART_MANAGEMENT, expected[i].id);
        ck_assert_ptr_nonnull(s);
        ck_assert_msg(s->n_children == expected[i].items, "%s has %zu items", s->id,
                      s->n_children);
        for (size_t k = 0; k < s->n_children; k++) {
            ck_assert_ptr_eq(s->children[k]->parent, s);
            ck_assert_ptr_nonnull(s->children[k]->detail_ja);
        }
    }
    cr_catalog_free(c);
}
END_TEST

START_TEST(controls_per_category_and_details_per_control)
{
    cr_catalog *c = load_shipped();
    static const char *const categories[] = {"1", "2", "3", "4", "5", "6",
                                             "7", "8", "9", "10", "11", "C"};
    static const size_t controls[] = {2, 11, 5, 9, 13, 32, 25, 16, 5, 5, 10, 2};
    for (size_t i = 0; i < 12; i++) {
        const cr_catalog_item *cat = control(c, categories[i]);
        size_t n = 0;
        for (size_t s = 0; s < cat->n_children; s++)
            n += cat->children[s]->n_children;
        ck_assert_msg(n == controls[i], "category %s has %zu controls", categories[i], n);
    }
    const cr_catalog_item *const *items;
    size_t n = cr_catalog_level(c, CR_LEVEL_CONTROL, &items), most = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(items[i]->n_children >= 2 && items[i]->n_children <= 28,
                      "%s has %zu detailed controls", items[i]->id, items[i]->n_children);
        for (size_t k = 0; k < items[i]->n_children; k++)
            ck_assert_int_eq(items[i]->children[k]->level, CR_LEVEL_DETAIL);
        if (items[i]->n_children > most)
            most = items[i]->n_children;
    }
    ck_assert_uint_eq(most, 28);
    ck_assert_uint_eq(control(c, "9.2.1")->n_children, 28);
    ck_assert_str_eq(control(c, "9.2.1")->children[27]->id, "9.2.1.28");
    cr_catalog_free(c);
}
END_TEST

/* ---- metadata and English titles ------------------------------------------ */

START_TEST(source_identity_is_recorded)
{
    cr_catalog *c = load_shipped();
    ck_assert_str_eq(cr_catalog_source_title(c),
                     "クラウド情報セキュリティ管理基準 2013年度改正版");
    ck_assert_str_eq(cr_catalog_source_sha256(c),
                     "8c3030fc38ac599e374b8c53c33541f3f1ec0ce7cdd08a2c2ae61744dbcf059b");
    cr_catalog_free(c);
}
END_TEST

START_TEST(english_titles_cover_exactly_188_items)
{
    cr_catalog *c = load_shipped();
    size_t titled = 0;
    for (size_t i = 0; i < cr_catalog_count(c, CR_PART_CONTROL); i++) {
        const cr_catalog_item *item = cr_catalog_at(c, CR_PART_CONTROL, i);
        if (item->level <= CR_LEVEL_CONTROL) {
            ck_assert_msg(item->text_en != NULL, "%s has no English title", item->id);
            titled++;
        } else {
            ck_assert_ptr_null(item->text_en);
        }
    }
    ck_assert_uint_eq(titled, 188);
    /* No extra keys in the file either (the loader refuses unknown ids). */
    char path[4096];
    snprintf(path, sizeof path, "%s/datasets/catalog/titles-en.json", data_dir());
    cr_json_doc doc;
    cr_error err;
    ck_assert_int_eq(cr_json_load_file(path, &doc, &err), CR_OK);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc.root, "titles")), 188);
    cr_json_doc_free(&doc);
    /* Category N is ISO/IEC 27002:2005 clause N+4. */
    ck_assert_str_eq(control(c, "1")->text_en, "Security policy");
    ck_assert_str_eq(control(c, "11")->text_en, "Compliance");
    ck_assert_str_eq(control(c, "7.4.7")->text_en, "Network routing control");
    ck_assert_str_eq(control(c, "9.2.1")->text_en, "Responsibilities and procedures");
    cr_catalog_free(c);
}
END_TEST

/* Every control has a Japanese short title of ours, short enough for a table
 * and unlike the standard's whole statement; nothing else has one.  Glosses
 * sit on the controls whose statement adds an obligation towards customers. */
START_TEST(japanese_short_titles_and_glosses)
{
    cr_catalog *c = load_shipped();
    size_t titled = 0, glossed = 0;
    for (size_t i = 0; i < cr_catalog_count(c, CR_PART_CONTROL); i++) {
        const cr_catalog_item *item = cr_catalog_at(c, CR_PART_CONTROL, i);
        if (item->level == CR_LEVEL_CONTROL) {
            ck_assert_msg(item->title_ja != NULL, "%s has no Japanese short title", item->id);
            ck_assert_msg(cr_utf8_display_width(item->title_ja) <= 60, "%s: too long: %s",
                          item->id, item->title_ja);
            ck_assert_str_ne(item->title_ja, item->text_ja);
            titled++;
            if (item->gloss_en) {
                glossed++;
                /* The obligation is the standard's, towards customers. */
                ck_assert_msg(strstr(item->text_ja, "クラウド利用者") != NULL,
                              "%s glossed, but its statement names no customer", item->id);
                ck_assert(strncmp(item->gloss_en, "and ", 4) == 0 ||
                          strstr(item->gloss_en, "customers") != NULL);
            }
        } else {
            ck_assert_ptr_null(item->title_ja);
            ck_assert_ptr_null(item->gloss_en);
        }
    }
    ck_assert_uint_eq(titled, 135);
    ck_assert_uint_eq(glossed, 64);
    ck_assert_str_eq(control(c, "7.5.6")->title_ja, "接続時間の制限");
    ck_assert_str_eq(control(c, "7.2.4")->gloss_en,
                     "and give customers a function to review their users' access rights");
    ck_assert_str_eq(cr_catalog_short_title(control(c, "7.2.4"), "ja"),
                     "利用者のアクセス権のレビュー");
    ck_assert_str_eq(cr_catalog_short_title(control(c, "7.2.4"), "en"),
                     "Review of user access rights");
    /* Detailed controls have neither title: the standard's words stand. */
    ck_assert_str_eq(cr_catalog_short_title(control(c, "7.2.4.1"), "ja"),
                     control(c, "7.2.4.1")->text_ja);
    cr_catalog_free(c);
}
END_TEST

/* catalog.csv holds the same rows as catalog.json. */
START_TEST(csv_has_the_same_rows)
{
    cr_catalog *c = load_shipped();
    char path[4096];
    snprintf(path, sizeof path, "%s/datasets/catalog/catalog.csv", data_dir());
    cr_csv_table t;
    cr_error err;
    ck_assert_int_eq(cr_csv_read_file(path, &t, &err), CR_OK);
    static const char *const header[] = {"part",      "id",          "level",
                                         "kind",      "parent",      "text_ja",
                                         "detail_ja", "basic",       "basic_text_ja",
                                         "basic_detail_ja", "source_line", "basic_source_line"};
    ck_assert_int_eq(cr_csv_expect_header(path, &t, header, 12, 0, &err), CR_OK);
    size_t row = 1;
    for (int p = 0; p < 3; p++)
        for (size_t i = 0; i < cr_catalog_count(c, (cr_part)p); i++, row++) {
            const cr_catalog_item *item = cr_catalog_at(c, (cr_part)p, i);
            ck_assert_uint_lt(row, t.n_rows);
            char **f = t.rows[row].fields;
            ck_assert_str_eq(f[1], item->id);
            ck_assert_int_eq(atoi(f[2]), item->level);
            ck_assert_str_eq(f[4], item->parent ? item->parent->id : "");
            ck_assert_str_eq(f[5], item->text_ja);
            ck_assert_str_eq(f[6], item->detail_ja ? item->detail_ja : "");
            ck_assert_str_eq(f[7], item->basic ? "true" : "false");
            ck_assert_str_eq(f[8], item->basic_text_ja ? item->basic_text_ja : "");
            ck_assert_int_eq(atol(f[10]), item->source_line);
            ck_assert_int_eq(atol(f[11]), item->basic_source_line);
        }
    ck_assert_uint_eq(row, t.n_rows);
    cr_csv_table_free(&t);
    cr_catalog_free(c);
}
END_TEST

/* ---- loader API --------------------------------------------------------------- */

static void collect(const cr_catalog_item *item, void *ctx)
{
    char *ids = ctx;
    if (strlen(ids) + strlen(item->id) + 2 < 4096) {
        strcat(ids, item->id);
        strcat(ids, " ");
    }
}

START_TEST(lookup_children_and_search)
{
    cr_catalog *c = load_shipped();
    const cr_catalog_item *item = control(c, "7.4.1.4");
    ck_assert_int_eq(item->level, CR_LEVEL_DETAIL);
    ck_assert_int_eq(item->part, CR_PART_CONTROL);
    ck_assert_str_eq(item->parent->id, "7.4.1");
    ck_assert_str_eq(item->parent->parent->parent->id, "7");
    ck_assert_ptr_null(item->parent->parent->parent->parent);
    ck_assert_ptr_eq(item->parent->children[3], item);
    ck_assert_int_eq(item->source_line, 6511);
    ck_assert_int_eq(item->basic_source_line, 13099);
    ck_assert_ptr_null(cr_catalog_control(c, "7.4.1.99"));
    ck_assert_ptr_null(cr_catalog_control(c, ""));
    ck_assert_ptr_null(cr_catalog_find(c, (cr_part)7, "1"));
    ck_assert_ptr_null(cr_catalog_at(c, CR_PART_CONTROL, 99999));
    /* Management and control parts share ids but not items. */
    ck_assert_ptr_ne(cr_catalog_find(c, CR_PART_MANAGEMENT, "1.1.1"), control(c, "1.1.1"));
    ck_assert_str_eq(cr_catalog_level_name(CR_PART_CONTROL, 4), "detail");
    ck_assert_str_eq(cr_catalog_level_name(CR_PART_MANAGEMENT, 3), "item");

    /* Japanese */
    char ids[4096] = "";
    size_t n = cr_catalog_search(c, "震度階", collect, ids);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(ids, "5.2.1.9 ");
    /* English, any ASCII case */
    ids[0] = '\0';
    ck_assert_uint_eq(cr_catalog_search(c, "NETWORK ROUTING", collect, ids), 1);
    ck_assert_str_eq(ids, "7.4.7 ");
    ids[0] = '\0';
    ck_assert_uint_eq(cr_catalog_search(c, "redundancy", collect, ids), 2);
    ck_assert_str_eq(ids, "C.1 C.1.1 ");
    /* Ⅵ's wording is searched too (only 7.2.1.15 in Ⅵ says "利用者IDのID") */
    ck_assert_uint_eq(cr_catalog_search(c, "利用者IDのID", NULL, NULL), 1);
    ck_assert_uint_eq(cr_catalog_search(c, "no such words anywhere", NULL, NULL), 0);
    cr_catalog_free(c);
}
END_TEST

START_TEST(require_names_the_id_and_the_form)
{
    cr_catalog *c = load_shipped();
    cr_error err;
    cr_error_clear(&err);
    ck_assert_ptr_nonnull(cr_catalog_require(c, "C.2.1.4", 0, &err));
    ck_assert_ptr_nonnull(cr_catalog_require(c, "7.4.1", CR_LEVEL_CONTROL, &err));
    ck_assert_ptr_null(cr_catalog_require(c, "7.4.9", 0, &err));
    ck_assert_int_eq(err.status, CR_ERR_INPUT);
    ck_assert_str_eq(err.message, "no control \"7.4.9\" in the catalogue; expected an id such "
                                  "as \"7.4.1\" (control) or \"C.2.1.4\" (detailed control)");
    ck_assert_ptr_null(cr_catalog_require(c, "seven", 0, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "\"seven\" is not a control id"));
    ck_assert_ptr_null(cr_catalog_require(c, "7.4.1.4", CR_LEVEL_CONTROL, &err));
    ck_assert_str_eq(err.message, "\"7.4.1.4\" is a detailed control; expected the id of a "
                                  "control, such as \"7.4.1\"");
    cr_catalog_free(c);
}
END_TEST

/* Write text to a temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/cr-catalog-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void expect_load_error(const char *json, const char *want_path, const char *want_text)
{
    const char *path = temp_file(json);
    cr_catalog *c = NULL;
    cr_error err;
    cr_error_clear(&err);
    ck_assert_int_eq(cr_catalog_load_files(path, NULL, &c, &err), CR_ERR_INPUT);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.file, path);
    ck_assert_str_eq(err.path, want_path);
    ck_assert_msg(strstr(err.message, want_text), "message \"%s\" lacks \"%s\"", err.message,
                  want_text);
    unlink(path);
}

#define HEAD                                                                              \
    "{\"format\": \"cloudrisk-catalog\", \"format_version\": 1, \"source\": {\"title\": " \
    "\"t\", \"sha256\": \"" SHA "\"}, \"items\": ["
#define SHA "0000000000000000000000000000000000000000000000000000000000000000"
#define ITEM(id, level, kind, parent)                                                     \
    "{\"part\": \"control\", \"id\": \"" id "\", \"level\": " #level ", \"kind\": \"" kind \
    "\", \"parent\": " parent ", \"text_ja\": \"x\", \"detail_ja\": null, \"basic\": true, " \
    "\"basic_text_ja\": null, \"basic_detail_ja\": null, \"source_line\": 1, "            \
    "\"basic_source_line\": null}"

START_TEST(loader_refuses_bad_catalogues)
{
    /* a small good one loads */
    const char *path = temp_file(HEAD ITEM("1", 1, "category", "null") ", " ITEM(
        "1.1", 2, "subcategory", "\"1\"") "]}");
    cr_catalog *c = NULL;
    cr_error err;
    ck_assert_int_eq(cr_catalog_load_files(path, NULL, &c, &err), CR_OK);
    ck_assert_uint_eq(control(c, "1")->n_children, 1);
    ck_assert_ptr_null(control(c, "1")->text_en);
    cr_catalog_free(c);
    unlink(path);

    expect_load_error(HEAD ITEM("1.1", 3, "control", "\"1\"") "]}", "$.items[0].id",
                      "has 2 parts but level is 3");
    expect_load_error(HEAD ITEM("1", 1, "control", "null") "]}", "$.items[0].kind",
                      "expected \"category\"");
    expect_load_error(HEAD ITEM("1.1", 2, "subcategory", "\"1\"") "]}", "$.items",
                      "has no parent \"1\" before it");
    expect_load_error(HEAD ITEM("1", 1, "category", "null") ", " ITEM("1", 1, "category",
                                                                      "null") "]}",
                      "$.items", "\"1\" twice");
    expect_load_error(HEAD ITEM("1.x", 2, "subcategory", "\"1\"") "]}", "$.items[0].id",
                      "expected an id of numbers");
    expect_load_error(HEAD ITEM("1", 5, "category", "null") "]}", "$.items[0].level",
                      "expected an integer from 1 to 4");
    expect_load_error("{\"format\": \"other\"}", "$.format", "expected \"cloudrisk-catalog\"");
    expect_load_error("{\"formats\": 1}", "$.formats", "unknown field");
    expect_load_error(HEAD "]}", "$.items", "no items of the control part");
}
END_TEST

START_TEST(loader_refuses_titles_for_unknown_ids)
{
    char catalog[4096];
    snprintf(catalog, sizeof catalog, "%s/datasets/catalog/catalog.json", data_dir());
    const char *titles =
        temp_file("{\"format\": \"cloudrisk-catalog-titles\", \"format_version\": 1, "
                  "\"language\": \"en\", \"about\": \"\", \"titles\": {\"7.4.1.4\": \"x\"}}");
    cr_catalog *c = NULL;
    cr_error err;
    ck_assert_int_eq(cr_catalog_load_files(catalog, titles, &c, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.titles[\"7.4.1.4\"]");
    ck_assert_ptr_nonnull(strstr(err.message, "no category, subcategory or control"));
    unlink(titles);
    /* A gloss for a subcategory: glosses are for controls only. */
    titles = temp_file("{\"format\": \"cloudrisk-catalog-titles\", \"format_version\": 1, "
                       "\"language\": \"en\", \"about\": \"\", \"titles\": {}, "
                       "\"glosses\": {\"7.4\": \"x\"}}");
    ck_assert_int_eq(cr_catalog_load_files(catalog, titles, &c, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.glosses[\"7.4\"]");
    ck_assert_ptr_nonnull(strstr(err.message, "is not a control"));
    unlink(titles);
}
END_TEST

/* ---- display width ---------------------------------------------------------- */

static char *padded(const char *s, size_t width)
{
    static char out[256];
    memset(out, 0, sizeof out);
    FILE *fp = fmemopen(out, sizeof out, "w");
    ck_assert_ptr_nonnull(fp);
    cr_fput_padded(fp, s, width);
    fclose(fp);
    return out;
}

START_TEST(display_width_of_east_asian_text)
{
    ck_assert_uint_eq(cr_utf8_display_width(""), 0);
    ck_assert_uint_eq(cr_utf8_display_width("abc"), 3);
    ck_assert_uint_eq(cr_utf8_display_width("管理策"), 6);         /* CJK */
    ck_assert_uint_eq(cr_utf8_display_width("ひらがなカタカナ"), 16); /* kana */
    ck_assert_uint_eq(cr_utf8_display_width("한국"), 4);           /* Hangul */
    ck_assert_uint_eq(cr_utf8_display_width("ＩＤ、。"), 8);        /* fullwidth forms, punctuation */
    ck_assert_uint_eq(cr_utf8_display_width("ｱｲ"), 2);             /* halfwidth katakana */
    ck_assert_uint_eq(cr_utf8_display_width("･"), 1);              /* halfwidth middle dot (3818) */
    ck_assert_uint_eq(cr_utf8_display_width("e\xCC\x81"), 1);      /* e + combining acute */
    ck_assert_uint_eq(cr_utf8_display_width("か\xE3\x82\x99"), 2); /* kana + combining voiced mark */
    ck_assert_uint_eq(cr_utf8_display_width("①―"), 2);            /* ambiguous count 1 */
    ck_assert_uint_eq(cr_utf8_display_width("\xF0\xA0\x80\x80"), 2); /* CJK extension B */
    ck_assert_uint_eq(cr_utf8_display_width("a\xFF" "b"), 3);        /* a bad byte counts 1 */
    ck_assert_int_eq(cr_codepoint_width(0x3000), 2);                 /* ideographic space */
    ck_assert_int_eq(cr_codepoint_width(0x200B), 0);                 /* zero-width space */
}
END_TEST

START_TEST(padding_and_truncation_keep_columns)
{
    ck_assert_str_eq(padded("ab", 5), "ab   ");
    ck_assert_str_eq(padded("管理策", 8), "管理策  ");
    ck_assert_str_eq(padded("管理策", 6), "管理策");
    /* Too long: cut at a character, "…" in the last column, still 5 wide. */
    ck_assert_str_eq(padded("管理策基準", 5), "管理…");
    ck_assert_str_eq(padded("管理策基準", 6), "管理… ");
    ck_assert_uint_eq(cr_utf8_display_width(padded("管理策基準", 6)), 6);
    ck_assert_str_eq(padded("abcdef", 4), "abc…");
    ck_assert_str_eq(padded("abc", 0), "");
    ck_assert_str_eq(padded("管", 1), "…");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("catalog");
    TCase *data = tcase_create("committed catalogue");
    tcase_add_test(data, counts_of_every_level);
    tcase_add_test(data, governance_has_no_item_under_1_1);
    tcase_add_test(data, the_37_controls_left_out_of_basic);
    tcase_add_test(data, basic_keeps_whole_controls);
    tcase_add_test(data, exactly_ten_wording_differences);
    tcase_add_test(data, no_markers_footers_or_space_runs);
    tcase_add_test(data, control_part_runs_in_order_without_gaps);
    tcase_add_test(data, headed_parts_run_in_order);
    tcase_add_test(data, spot_checks_exact_text);
    tcase_add_test(data, quirks_are_mended);
    tcase_add_test(data, management_items_heading_and_explanation);
    tcase_add_test(data, subcategory_titles_match_table_of_contents);
    tcase_add_test(data, table_of_contents_read_from_the_source);
    tcase_add_test(data, management_items_per_subsection);
    tcase_add_test(data, controls_per_category_and_details_per_control);
    tcase_add_test(data, source_identity_is_recorded);
    tcase_add_test(data, english_titles_cover_exactly_188_items);
    tcase_add_test(data, japanese_short_titles_and_glosses);
    tcase_add_test(data, csv_has_the_same_rows);
    suite_add_tcase(s, data);
    TCase *api = tcase_create("loader");
    tcase_add_test(api, lookup_children_and_search);
    tcase_add_test(api, require_names_the_id_and_the_form);
    tcase_add_test(api, loader_refuses_bad_catalogues);
    tcase_add_test(api, loader_refuses_titles_for_unknown_ids);
    suite_add_tcase(s, api);
    TCase *width = tcase_create("display width");
    tcase_add_test(width, display_width_of_east_asian_text);
    tcase_add_test(width, padding_and_truncation_keep_columns);
    suite_add_tcase(s, width);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
