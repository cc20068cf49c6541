/*
 * batch_summary_page.c -- the fleet summary as one self-contained HTML page
 * (inline CSS and SVG, no scripts, no fetches), built on the report's
 * document model (report_iface.h), in English or in Japanese (batch --lang).
 *
 * The Japanese page uses the standard's words (残留リスク, 管理策, リスク受容
 * 可能レベル, 経営陣 ...; doc/glossary.md), the acceptance criteria's own
 * names of the levels (高/中/低), amounts in 万/億/兆 through the one money
 * formatter (util/money.h), with 円 when the amounts are yen, Japanese dates
 * and punctuation.  Text from the register (service names, ids) is shown as
 * written; the writers escape it.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch_internal.h"
#include "cloudrisk/date.h"
#include "register/register_iface.h"
#include "report/report_iface.h"
#include "util/money.h"
#include "util/text.h"

/* English or Japanese, as the page is written. */
#define W(f, en, ja_text) ((f)->ja ? (ja_text) : (en))

/* An amount as the page's reader writes it: "1,234,567" in English; in
 * Japanese units with the yen's word, "123万4,567円" (the yen's word only
 * when the amounts are yen; other currencies are named in the page's head). */
static void money(char *buf, size_t size, double v, const fleet_summary *f)
{
    if (!f->ja || !isfinite(v)) {
        cr_money_grouped(buf, size, v);
        return;
    }
    cr_money_ja(buf, size, v);
    size_t len = strlen(buf);
    if (f->currency && strcmp(f->currency, "JPY") == 0 && len + sizeof "円" <= size)
        memcpy(buf + len, "円", sizeof "円");
}

/* A level's name: the criteria's Japanese name on a Japanese page, else its
 * id (the register records ids). */
static const char *level_word(const fleet_summary *f, const char *id)
{
    if (f->ja && f->criteria && id)
        for (size_t i = 0; i < f->criteria->n_levels; i++)
            if (strcmp(f->criteria->levels[i].id, id) == 0 && f->criteria->levels[i].name.ja &&
                *f->criteria->levels[i].name.ja)
                return f->criteria->levels[i].name.ja;
    return id ? id : "";
}

/* The batch's run time (YYYY-MM-DDTHH:MM:SSZ) as the page's reader writes
 * it: as recorded in English, "2026年12月3日 15:04（UTC）" in Japanese. */
static void run_time_text(const fleet_summary *f, char *buf, size_t size)
{
    const char *t = f->run_time ? f->run_time : "";
    char day[11];
    cr_date date;
    snprintf(day, sizeof day, "%s", t);
    if (!f->ja || strlen(t) < 16 || !cr_date_parse(day, &date)) {
        snprintf(buf, size, "%s", t);
        return;
    }
    char ja[CR_DATE_JA_BUF];
    cr_date_format_ja(date, ja);
    snprintf(buf, size, "%s %.5s（UTC）", ja, t + 11);
}

/* Why a subject awaits a decision, in Japanese, from the reason's code
 * (register approvals --pending; doc/register.md). */
static const char *pending_why_ja(const char *reason)
{
    static const struct {
        const char *code, *text;
    } words[] = {
        {"new", "新たに承認の対象となった（計画実施後もリスク受容可能レベルを超える）。未決定"},
        {"none", "未決定"},
        {"revoked", "決定が取り消された"},
        {"expired", "リスクの受容の期限が過ぎた"},
        {"state_changed", "承認時から状態が大きく変化した"},
        {"level_rose", "承認時からリスクのレベルが上がった"},
        {"plan_changed", "承認時からリスク対応計画の管理策が変わった"},
        {"off_sheet", "承認の対象から外れた"},
        {"unknown_state", "承認時の状態が記録されていない"},
    };
    for (size_t i = 0; reason && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].code, reason) == 0)
            return words[i].text;
    return "再承認が必要";
}

/* What ranks the controls that would treat the most risk, in words. */
static const char *treat_measure_words(const fleet_summary *f)
{
    static const struct {
        const char *code, *en, *ja;
    } words[] = {
        {"planned_reduction", "planned loss reduction", "計画による損失削減額"},
        {"loss_at_stake", "residual loss at stake", "関係する残留リスクの損失額"},
        {"risk_gaps", "(service, risk) gaps", "ギャップ（サービス×リスク）の数"},
    };
    for (size_t i = 0; f->treat_measure && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].code, f->treat_measure) == 0)
            return W(f, words[i].en, words[i].ja);
    return f->treat_measure ? f->treat_measure : "";
}

/* A colour for a level: green for the lowest rank through amber to red for
 * the highest. */
static const char *level_colour(int rank, int max_rank)
{
    static const char *const ramp[] = {"#4caf50", "#cddc39", "#ffc107", "#ff7043", "#d32f2f"};
    if (max_rank <= 0)
        return ramp[0];
    int k = (int)lround(4.0 * rank / max_rank);
    return ramp[k < 0 ? 0 : k > 4 ? 4 : k];
}

static int max_rank_of(const fleet_summary *f)
{
    int m = 0;
    for (size_t i = 0; i < f->n_levels; i++)
        if (f->levels[i].rank > m)
            m = f->levels[i].rank;
    return m;
}

static int rank_of_name(const fleet_summary *f, const char *name)
{
    for (size_t i = 0; i < f->n_levels; i++)
        if (strcmp(f->levels[i].level, name) == 0)
            return f->levels[i].rank;
    return 0;
}

/* One stacked bar per risk: its services by residual level, worst on the
 * left (the report's chart module); levels_legend says which colour is
 * which. */
static void html_levels(cr_strbuf *sb, const fleet_summary *f)
{
    int max_rank = max_rank_of(f);
    size_t n = f->n_levels ? f->n_levels : 1;
    chart_part *parts = calloc(n, sizeof *parts);
    chart_stack *rows = calloc(n, sizeof *rows);
    size_t *at = calloc(n, sizeof *at);
    cr_strbuf titles;
    cr_strbuf_init(&titles);
    size_t n_rows = 0;
    for (size_t k = 0; parts && rows && at && k < f->n_levels; k++) {
        /* Each part's title: "CR01 High: 3"; offsets now, pointers once the
         * buffer has stopped growing. */
        at[k] = titles.len;
        cr_strbuf_printf(&titles, "%s %s%s%ld%s", f->levels[k].risk_id,
                         level_word(f, f->levels[k].level), W(f, ": ", "："),
                         f->levels[k].residual, W(f, "", "件"));
        cr_strbuf_append(&titles, "", 1);
        parts[k] = (chart_part){(double)f->levels[k].residual,
                                level_colour(f->levels[k].rank, max_rank), NULL};
        if (k == 0 || strcmp(f->levels[k].risk_id, f->levels[k - 1].risk_id) != 0)
            rows[n_rows++] = (chart_stack){f->levels[k].risk_id, &parts[k], 0};
        rows[n_rows - 1].n++;
    }
    if (!parts || !rows || !at || titles.failed) {
        sb->failed = true;
    } else {
        for (size_t k = 0; k < f->n_levels; k++)
            parts[k].title = titles.data + at[k];
        chart_stacks c = {W(f, "services by residual level per risk",
                            "リスクごとの残留リスクのレベル別サービス数"),
                          rows, n_rows, (double)f->services};
        chart_stacked_bars(sb, &c);
    }
    free(parts);
    free(rows);
    free(at);
    cr_strbuf_free(&titles);
}

/* Under the bars: each level's colour, its name and its (service, risk)
 * pairs over the fleet, worst first, in the style of the plan's legend. */
static void levels_legend(cr_doc *d, const fleet_summary *f)
{
    int max_rank = max_rank_of(f);
    doc_open(d, DOC_BOX, NULL, "legend-levels");
    for (size_t i = f->n_level_names; i-- > 0;) {
        doc_open(d, DOC_SPAN, NULL, NULL);
        doc_swatch(d, level_colour(rank_of_name(f, f->level_names[i]), max_rank));
        doc_text(d, level_word(f, f->level_names[i]));
        doc_textf(d, W(f, " %ld", " %ld件"), f->level_totals[i]);
        doc_close(d);
    }
    doc_close(d);
}

/* A money amount into a table cell ("–" for none). */
static void money_cell(cr_doc *d, const fleet_summary *f, double v)
{
    char buf[CR_MONEY_BUF + 8] = "–";
    if (!isnan(v))
        money(buf, sizeof buf, v, f);
    doc_leaf(d, DOC_CELL, NULL, "num", buf);
}

static void count_cell(cr_doc *d, long v)
{
    doc_open(d, DOC_CELL, NULL, "num");
    doc_textf(d, "%ld", v);
    doc_close(d);
}

/* A table's heading row of plain words. */
static void table_open(cr_doc *d, const char *const *heads, size_t n)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, heads[i]);
    doc_close(d);
}

static void html_controls(cr_doc *d, const fleet_summary *f, const fleet_control_row *rows,
                          size_t n)
{
    static const char *const en[] = {"control",          "services with the gap",
                                     "(service, risk) gaps", "residual loss at stake",
                                     "planned by",       "planned loss reduction"};
    static const char *const ja[] = {"管理策",
                                     "ギャップのあるサービス数",
                                     "ギャップ（サービス×リスク）の数",
                                     "関係する残留リスクの損失額",
                                     "計画に含めたサービス数",
                                     "計画による損失削減額"};
    table_open(d, f->ja ? ja : en, sizeof en / sizeof en[0]);
    for (size_t i = 0; i < n; i++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, rows[i].control_id);
        count_cell(d, rows[i].services);
        count_cell(d, rows[i].risk_gaps);
        money_cell(d, f, rows[i].loss_at_stake);
        count_cell(d, rows[i].planned_services);
        money_cell(d, f, rows[i].planned_reduction);
        doc_close(d);
    }
    doc_close(d);
}

/* Services by expected annual loss, a bar per bin (the report's chart
 * module); every third bin's lower edge labels the axis. */
static void html_histogram(cr_strbuf *sb, const fleet_summary *f)
{
    char tips[FLEET_HISTOGRAM_BINS][3 * CR_MONEY_BUF + 64];
    char labels[FLEET_HISTOGRAM_BINS][CR_MONEY_BUF + 8];
    const char *tip[FLEET_HISTOGRAM_BINS], *label[FLEET_HISTOGRAM_BINS];
    for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++) {
        char from[CR_MONEY_BUF + 8], to[CR_MONEY_BUF + 8];
        money(from, sizeof from, k == 0 ? 0 : f->bin_edges[k], f);
        money(to, sizeof to, f->bin_edges[k + 1], f);
        snprintf(tips[k], sizeof tips[k], "%s%s%s%s%ld%s", from, W(f, " to ", "～"), to,
                 W(f, ": ", "："), f->bin_counts[k], W(f, " services", "件"));
        /* The axis in Japanese: three significant digits in 万/億 (the whole
         * amount would overlap the next label). */
        if (f->ja)
            cr_money_ja_short(labels[k], sizeof labels[k], k == 0 ? 0 : f->bin_edges[k]);
        else
            snprintf(labels[k], sizeof labels[k], "%s", from);
        tip[k] = tips[k];
        label[k] = labels[k];
    }
    chart_bins c = {W(f, "services by expected annual loss", "年間予想損失の階級別サービス数"),
                    f->bin_counts, FLEET_HISTOGRAM_BINS, tip, label};
    chart_histogram(sb, &c);
}

/* An axis label: 1 to 999 as is, then K, M, B, T (powers of ten only); in
 * Japanese units on a Japanese page (ctx: the summary). */
static void short_amount(char *buf, size_t size, double v, const void *ctx)
{
    const fleet_summary *f = ctx;
    if (f->ja) {
        cr_money_ja_short(buf, size, v);
        return;
    }
    static const char *const suffix[] = {"", "K", "M", "B", "T"};
    int k = 0;
    while (k < 4 && v >= 1000) {
        v /= 1000;
        k++;
    }
    snprintf(buf, size, "%g%s", v, suffix[k]);
}

/* The total's exceedance curve on log-log axes, the thresholds some year
 * exceeded and the appetite marked (the report's chart module). */
static void html_exceedance_chart(cr_strbuf *sb, const fleet_summary *f,
                                  const fleet_total_loss *t)
{
    chart_mark *marks = calloc(t->n_thresholds ? t->n_thresholds : 1, sizeof *marks);
    if (!marks) {
        sb->failed = true;
        return;
    }
    for (size_t k = 0; k < t->n_thresholds; k++) {
        bool appetite = !isnan(t->appetite) && t->threshold[k] == t->appetite;
        marks[k] = (chart_mark){t->threshold[k], appetite,
                                t->p_exceed[k] > 0 || t->threshold[k] == t->appetite};
    }
    chart_log_lec c = {W(f, "probability that the total annual loss exceeds an amount",
                         "年間損失の合計がある金額を超える確率"),
                       W(f, "No simulated year had a loss.",
                         "損失の生じたシミュレーション年はなかった。"),
                       W(f, "total annual loss (log scale)", "年間損失の合計（対数目盛）"),
                       W(f, "P(total > amount)", "合計が金額を超える確率"),
                       W(f, "risk appetite", "リスク選好"),
                       W(f, "threshold", "しきい値"),
                       t->stats.lec.loss,
                       t->stats.lec.exceedance,
                       t->stats.lec.n,
                       marks,
                       t->n_thresholds,
                       short_amount,
                       f};
    chart_lec_log(sb, &c);
    free(marks);
}

/* What the total's figures cannot be trusted for (loss_summary.h), in the
 * page's language. */
static void loss_warnings(cr_doc *d, const fleet_summary *f, const cr_sim_stats *st)
{
    bool listed = false;
    for (int w = 0; w < CR_LOSS_WARNINGS; w++) {
        if (!(st->warnings & (1u << w)))
            continue;
        char text[512];
        cr_loss_warning_text((cr_loss_warning)(1u << w), st, f->ja ? "ja" : "en", text,
                             sizeof text);
        if (!listed)
            doc_open(d, DOC_LIST, NULL, "warn");
        listed = true;
        doc_leaf(d, DOC_ITEM, NULL, NULL, text);
    }
    if (listed)
        doc_close(d);
}

static void html_annual_total(cr_doc *d, const fleet_summary *f)
{
    fleet_total_scope scope = fleet_summary_scope(f);
    char note[600];
    fleet_coverage_note(f, f->ja, note, sizeof note);
    doc_heading(d, 2, NULL, W(f, "Fleet's total annual loss", "サービス群の年間損失の合計"));
    if (scope == TOTAL_NOT_SIMULATED) {
        doc_leaf(d, DOC_PARA, NULL, NULL, note);
        return;
    }
    char mean[CR_MONEY_BUF + 8], se[CR_MONEY_BUF + 8];
    money(mean, sizeof mean, f->total_mean, f);
    money(se, sizeof se, f->total_se, f);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              W(f,
                "Expected annual loss of the fleet, all %ld simulated services, from their "
                "recorded runs: ",
                "サービス群の年間予想損失（シミュレーションした全%ld件の記録された実行から）："),
              f->simulated);
    doc_leaf(d, DOC_STRONG, NULL, NULL, mean);
    doc_textf(d, W(f, " (standard error %s).", "（標準誤差 %s）。"), se);
    doc_close(d);
    doc_leaf(d, DOC_PARA, NULL, scope == TOTAL_FLEET ? NULL : "warn", note);
    if (scope == TOTAL_NONE)
        return;
    const fleet_total_loss *t = f->annual_total;
    const cr_sim_stats *st = &t->stats;
    char years[CR_MONEY_BUF];
    cr_money_grouped(years, sizeof years, (double)t->trials);
    doc_open(d, DOC_PARA, NULL, NULL);
    if (f->ja)
        doc_textf(d,
                  "シミュレーションした%s年のそれぞれについて、%sの損失を合計した。"
                  "サービスは互いに独立にシミュレーションしている。原因を共有する場合（一つの"
                  "事業者の障害、一つの委託先の侵害など）、実際の裾はこれより重い。",
                  years, scope == TOTAL_FLEET ? "サービス群の全サービス" : "再評価したサービスのみ");
    else
        doc_textf(d,
                  "The total of each of the %s simulated years, summed over the %s. "
                  "Services are simulated independently of one another: where they share causes "
                  "(one provider's outage, one supplier's breach) the real tail is heavier than "
                  "this one.",
                  years,
                  scope == TOTAL_FLEET ? "fleet's services" : "re-assessed services only");
    doc_close(d);
    if (t->common_prefix) {
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d,
                  W(f,
                    "In precision mode the services took different numbers of trials: the "
                    "total is over the first %s years of every service, the fewest "
                    "any of them took. Each service's first years are exactly those of a run "
                    "of that many trials (its random numbers are drawn block by block).",
                    "目標精度による実行では、サービスごとに試行回数が異なる。合計は、各サービス"
                    "の最初の%s年（いずれかのサービスが要した最少の試行回数）について"
                    "とった。各サービスの最初の年は、その試行回数で実行した場合の年と正確に"
                    "一致する（乱数はブロックごとに生成される）。"),
                  years);
        doc_close(d);
    }
    /* The table is of the services it covers, and says so in its heading,
     * so that it never reads as the fleet's figure when it is not. */
    char head[200];
    if (scope == TOTAL_FLEET)
        snprintf(head, sizeof head, W(f, "statistic (all %ld services)", "統計量（全%ld件）"),
                 f->services);
    else
        snprintf(head, sizeof head,
                 W(f, "statistic (the %zu re-assessed services only, not the fleet)",
                   "統計量（再評価した%zu件のみ。サービス群全体ではない）"),
                 t->covered);
    const char *const heads[] = {head, W(f, "amount", "金額"),
                                 W(f, "standard error", "標準誤差")};
    table_open(d, heads, 3);
    const struct {
        const char *name;
        double value, se;
    } rows[] = {{W(f, "mean", "平均"), st->mean, st->mean_se},
                {W(f, "median (P50)", "中央値（P50）"), st->p50, st->p50_se},
                {"P90", st->p90, st->p90_se},
                {"P95", st->p95, st->p95_se},
                {"P99", st->p99, st->p99_se},
                {W(f, "expected shortfall 95%", "期待ショートフォール 95%"), st->es95, st->es95_se},
                {W(f, "expected shortfall 99%", "期待ショートフォール 99%"), st->es99, st->es99_se},
                {W(f, "largest simulated year", "シミュレーション上の最大の年"), st->max, NAN}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, rows[k].name);
        money_cell(d, f, rows[k].value);
        money_cell(d, f, rows[k].se);
        doc_close(d);
    }
    doc_close(d);
    loss_warnings(d, f, st);
    if (t->n_thresholds) {
        const char *const theads[] = {W(f, "total annual loss above", "年間損失の合計が超える金額"),
                                      W(f, "basis", "根拠"), W(f, "probability", "確率"),
                                      W(f, "standard error", "標準誤差")};
        table_open(d, theads, 4);
        for (size_t k = 0; k < t->n_thresholds; k++) {
            doc_open(d, DOC_ROW, NULL, NULL);
            money_cell(d, f, t->threshold[k]);
            doc_leaf(d, DOC_CELL, NULL, NULL, fleet_threshold_basis(t, k, f->ja));
            doc_open(d, DOC_CELL, NULL, "num");
            doc_textf(d, "%.2f%%", 100 * t->p_exceed[k]);
            doc_close(d);
            doc_open(d, DOC_CELL, NULL, "num");
            doc_textf(d, "%.2f%%", 100 * t->p_exceed_se[k]);
            doc_close(d);
            doc_close(d);
        }
        doc_close(d);
    }
    cr_strbuf svg;
    cr_strbuf_init(&svg);
    html_exceedance_chart(&svg, f, t);
    doc_graphic(d, &svg);
    doc_leaf(d, DOC_PARA, NULL, "meta",
             W(f,
               "The curve: the probability that the total annual loss exceeds an amount. "
               "Dashed lines: the thresholds of the table (red: the risk appetite).",
               "曲線は、年間損失の合計がある金額を超える確率。破線は表のしきい値（赤はリスク"
               "選好）。"));
}

/* What needs management's decision now, and why (doc/register.md). */
static void html_pending(cr_doc *d, const fleet_summary *f)
{
    doc_heading(d, 2, NULL, W(f, "Decisions awaiting management", "経営陣の決定を待つ事項"));
    if (f->n_pending == 0) {
        doc_leaf(d, DOC_PARA, NULL, NULL,
                 W(f,
                   "None: every subject of every approval sheet in the fleet has a current "
                   "decision.",
                   "なし。サービス群のすべての承認対象に有効な決定がある。"));
        return;
    }
    static const char *const en[] = {"service", "subject", "level", "why"};
    static const char *const ja[] = {"サービス", "対象", "レベル", "理由"};
    table_open(d, f->ja ? ja : en, 4);
    for (size_t i = 0; i < f->n_pending; i++) {
        const cr_reg_pending *p = &f->pending[i];
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, p->service_id);
        /* The plan as a whole by its name in Japanese; risks and items by id. */
        doc_leaf(d, DOC_CELL, NULL, NULL,
                 f->ja && p->kind == CR_SUBJECT_PLAN ? "リスク対応計画" : p->subject);
        doc_leaf(d, DOC_CELL, NULL, NULL, p->level ? level_word(f, p->level) : "");
        doc_open(d, DOC_CELL, NULL, NULL);
        if (f->ja && p->decision_id)
            doc_textf(d, "決定%" PRId64 "：", p->decision_id);
        doc_text(d, f->ja ? pending_why_ja(p->reason) : p->why);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

static void html_changes(cr_doc *d, const fleet_summary *f)
{
    if (f->n_changes == 0) {
        doc_leaf(d, DOC_PARA, NULL, NULL,
                 W(f, "No re-assessed service changed.", "再評価したサービスに変化はなかった。"));
        return;
    }
    static const char *const en[] = {"service",     "level changes",        "gaps opened",
                                     "gaps closed", "expected loss change", "needs re-approval"};
    static const char *const ja[] = {"サービス",         "残留リスクのレベルの変化",
                                     "新たなギャップ",   "解消したギャップ",
                                     "年間予想損失の変化", "再承認が必要な決定"};
    table_open(d, f->ja ? ja : en, 6);
    for (size_t i = 0; i < f->n_changes; i++) {
        const cr_reg_change *c = &f->changes[i].change;
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, f->changes[i].service_id);
        doc_open(d, DOC_CELL, NULL, NULL);
        for (size_t k = 0; k < c->n_risk_changes; k++) {
            const cr_reg_risk_change *r = &c->risk_changes[k];
            if (!r->residual_from)
                continue;
            doc_text(d, r->risk_id);
            doc_text(d, " ");
            doc_text(d, level_word(f, r->residual_from));
            doc_text(d, " → ");
            doc_text(d, level_word(f, r->residual_to));
            doc_break(d);
        }
        doc_close(d);
        count_cell(d, (long)c->n_opened);
        count_cell(d, (long)c->n_closed);
        doc_open(d, DOC_CELL, NULL, NULL);
        if (c->has_loss) {
            char delta[CR_MONEY_BUF + 8], noise[CR_MONEY_BUF + 8];
            money(delta, sizeof delta, c->loss_delta, f);
            money(noise, sizeof noise, c->noise, f);
            doc_textf(d, W(f, "%s%s (noise %s)", "%s%s（ノイズ %s）"),
                      c->loss_delta >= 0 ? "+" : "", delta, noise);
            if (c->loss_significant) {
                if (!f->ja)
                    doc_text(d, " ");
                doc_leaf(d, DOC_STRONG, NULL, NULL, W(f, "significant", "有意"));
            }
        }
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        for (size_t k = 0; k < c->n_stale; k++) {
            doc_text(d, c->stale[k].subject);
            if (f->ja) {
                /* The reason's words are the register's (English); the
                 * pending table above says why in Japanese. */
                doc_text(d, "（この再評価により有効でなくなった）");
            } else {
                doc_text(d, ": ");
                doc_text(d, c->stale[k].stale_reason);
            }
            doc_break(d);
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

/* A chart drawn by one of the functions above, as a graphic of d. */
static void chart(cr_doc *d, void (*draw)(cr_strbuf *, const fleet_summary *),
                  const fleet_summary *f)
{
    cr_strbuf svg;
    cr_strbuf_init(&svg);
    draw(&svg, f);
    doc_graphic(d, &svg);
}

static void by_service(cr_doc *d, const fleet_summary *f)
{
    doc_heading(d, 2, NULL, W(f, "Expected annual loss by service", "サービスごとの年間予想損失"));
    if (!f->simulated) {
        doc_leaf(d, DOC_PARA, NULL, NULL,
                 W(f, "Not simulated (qualitative runs only).",
                   "シミュレーションしていない（定性的な評価のみ）。"));
        return;
    }
    char total[CR_MONEY_BUF + 8], se[CR_MONEY_BUF + 8], p50[CR_MONEY_BUF + 8],
        p90[CR_MONEY_BUF + 8], p99[CR_MONEY_BUF + 8];
    money(total, sizeof total, f->total_mean, f);
    money(se, sizeof se, f->total_se, f);
    money(p50, sizeof p50, f->service_p50, f);
    money(p90, sizeof p90, f->service_p90, f);
    money(p99, sizeof p99, f->service_p99, f);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              W(f,
                "Sum of the expected annual losses of the %ld simulated services: %s (standard "
                "error %s). Per service: median %s, 90th percentile %s, 99th percentile %s.",
                "シミュレーションした%ld件の年間予想損失の合計：%s（標準誤差 %s）。サービスごと"
                "では、中央値 %s、90パーセンタイル %s、99パーセンタイル %s。"),
              f->simulated, total, se, p50, p90, p99);
    doc_close(d);
    chart(d, html_histogram, f);
    if ((long)f->n_top < f->simulated) {
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, W(f, "The %zu largest of the %ld:", "大きい順に%zu件（%ld件中）："),
                  f->n_top, f->simulated);
        doc_close(d);
    }
    static const char *const en[] = {"service", "name", "expected annual loss",
                                     "SE",      "P95",  "P99", "trials"};
    static const char *const ja[] = {"サービス", "名称", "年間予想損失",
                                     "標準誤差", "P95",  "P99", "試行回数"};
    /* The trials each took, in precision mode. */
    table_open(d, f->ja ? ja : en, f->precision > 0 ? 7 : 6);
    for (size_t i = 0; i < f->n_top; i++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, f->top[i].service_id);
        doc_leaf(d, DOC_CELL, NULL, NULL, f->top[i].service_name);
        money_cell(d, f, f->top[i].mean);
        money_cell(d, f, f->top[i].se);
        money_cell(d, f, f->top[i].p95);
        money_cell(d, f, f->top[i].p99);
        if (f->precision > 0) {
            char taken[CR_MONEY_BUF];
            cr_money_grouped(taken, sizeof taken, (double)f->top[i].trials);
            doc_leaf(d, DOC_CELL, NULL, "num", taken);
        }
        doc_close(d);
    }
    doc_close(d);
}

/* Precision mode: what each service's simulation was asked and what it took. */
static void precision_note(cr_doc *d, const fleet_summary *f)
{
    char cap[CR_MONEY_BUF], least[CR_MONEY_BUF], most[CR_MONEY_BUF];
    cr_money_grouped(cap, sizeof cap, (double)f->max_trials);
    cr_money_grouped(least, sizeof least, (double)f->trials_least);
    cr_money_grouped(most, sizeof most, (double)f->trials_most);
    doc_open(d, DOC_PARA, NULL, f->at_cap ? "warn" : NULL);
    doc_textf(d,
              W(f,
                "Precision mode: each service was simulated until the relative standard error "
                "of its total's mean and P99 was at most %g%%, or %s trials; the %ld "
                "simulated services took %s to %s trials.",
                "目標精度による実行：各サービスは、年間損失の合計の平均とP99の相対標準誤差が"
                "%g%%以下になるまで、または試行回数が%sに達するまでシミュレーション"
                "した。シミュレーションした%ld件の試行回数は%s～%s。"),
              100.0 * f->precision, cap, f->simulated, least, most);
    if (f->at_cap)
        doc_textf(d,
                  W(f,
                    " %ld of them ran to the cap and may not have reached the target "
                    "(see each one's trials below).",
                    "うち%ld件は上限に達しており、目標精度に届いていない可能性がある（下表の"
                    "試行回数を参照）。"),
                  f->at_cap);
    doc_close(d);
}

/* The page's head: the batch's identity and counts. */
static void head(cr_doc *d, const fleet_summary *f)
{
    char seed[24], when[80];
    reg_seed_text(f->seed, seed);
    run_time_text(f, when, sizeof when);
    doc_heading(d, 1, NULL, W(f, "Fleet summary", "サービス群の概況"));
    doc_open(d, DOC_PARA, NULL, "meta");
    doc_text(d, W(f, "Model ", "リスクモデル "));
    doc_text(d, f->model_version);
    doc_text(d, W(f, ", criteria ", "、リスク受容基準 "));
    doc_text(d, f->criteria_version);
    char trials[CR_MONEY_BUF];
    cr_money_grouped(trials, sizeof trials,
                     (double)(f->precision > 0 ? f->max_trials : f->trials));
    if (f->precision > 0)
        doc_textf(d,
                  W(f, ", seed %s, precision %g%% (at most %s trials per service), run time ",
                    "、シード %s、目標精度 %g%%（サービスごとの試行回数の上限 %s）、実行日時 "),
                  seed, 100.0 * f->precision, trials);
    else
        doc_textf(d,
                  W(f, ", seed %s, %s trials per service, run time ",
                    "、シード %s、サービスごとの試行回数 %s、実行日時 "),
                  seed, trials);
    doc_text(d, when);
    if (f->shard_count > 1)
        doc_textf(d, W(f, ", shard %u/%u", "、シャード %u/%u"), f->shard_index, f->shard_count);
    doc_text(d, W(f, ".", "。"));
    doc_break(d);
    doc_textf(d, W(f, "Fleet inputs SHA-256 %s.", "サービス群の入力のSHA-256：%s。"),
              f->fleet_sha256);
    doc_break(d);
    doc_text(d, W(f, "Amounts are annual losses in ", "金額は年間損失（通貨："));
    doc_text(d, f->currency && *f->currency ? f->currency
                                            : W(f, "the model's currency", "リスクモデルの通貨"));
    doc_text(d, W(f, ".", "）。"));
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              W(f,
                "%ld services: %zu assessed in this batch, %zu unchanged and skipped, %zu "
                "failed; %zu changed since their last run; %zu decisions made stale by this "
                "batch; %zu subjects awaiting management's decision.",
                "サービス%ld件：今回評価%zu件、変更なしで省略%zu件、失敗%zu件。前回の実行から"
                "変化したもの%zu件。今回の評価で有効でなくなった決定%zu件。経営陣の決定を待つ"
                "対象%zu件。"),
              f->services, f->stats.assessed, f->stats.skipped, f->stats.failed,
              f->stats.changed, f->stats.stale_approvals, f->n_pending);
    doc_close(d);
    if (f->precision > 0 && f->simulated)
        precision_note(d, f);
}

/* The page as a document (report_iface.h): what it says, in order. */
static void summary_doc(cr_doc *d, const fleet_summary *f)
{
    doc_set_lang(d, W(f, "en", "ja"));
    head(d, f);
    html_pending(d, f);
    doc_heading(d, 2, NULL,
                W(f, "Risks by residual level across the fleet",
                  "サービス群全体の残留リスクのレベル"));
    chart(d, html_levels, f);
    levels_legend(d, f);
    doc_heading(d, 2, NULL, W(f, "Most common gaps", "多くのサービスに共通するギャップ"));
    html_controls(d, f, f->gaps, f->n_gaps);
    doc_heading(d, 2, NULL,
                W(f, "Controls that would treat the most risk", "最も多くのリスクに対応する管理策"));
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_text(d, W(f, "Ranked by ", "順位の基準："));
    doc_text(d, treat_measure_words(f));
    doc_text(d, W(f, " (see the register documentation).", "（登録簿の説明文書を参照）。"));
    doc_close(d);
    html_controls(d, f, f->treat, f->n_treat);
    html_annual_total(d, f);
    by_service(d, f);
    doc_heading(d, 2, NULL,
                W(f, "Changes since each service's last run", "各サービスの前回の実行からの変化"));
    html_changes(d, f);
}

cr_status fleet_summary_write_html(const fleet_summary *f, FILE *out, cr_error *err)
{
    cr_doc d;
    doc_init(&d);
    summary_doc(&d, f);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    const doc_page page = {.lang = W(f, "en", "ja"),
                           .title = W(f, "cloudrisk fleet summary", "cloudrisk サービス群の概況")};
    doc_html_page(&sb, &page, &d);
    bool failed = d.failed || sb.failed;
    doc_free(&d);
    if (failed) {
        cr_strbuf_free(&sb);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    fwrite(sb.data, 1, sb.len, out);
    cr_strbuf_free(&sb);
    return CR_OK;
}
