/*
 * drivers_words.c -- the words of the sections on what drives the loss
 * (tornado, control values, uncertainty bands), in English and in the
 * standard's Japanese (管理策, 発生頻度, 残留リスク ...), and the few
 * phrases built from them.
 */
#include <math.h>
#include <string.h>

#include "report/drivers.h"
#include "report/labels.h"

static const char *const words[DW_COUNT][2] = {
    [DW_SECTION] = {"What drives the loss, and what each control is worth",
                    "損失を左右する要因と管理策の価値"},
    [DW_TORNADO] = {"Sensitivity of the target's expected annual loss (tornado)",
                    "目標の年間予想損失の感度（トルネード図）"},
    [DW_TORNADO_NOTE_1] = {"Each input moved alone to its 10th and then its 90th percentile, "
                           "everything else as estimated. Expected annual loss by the closed "
                           "form; the 95th percentile simulated on the same ",
                           "各入力だけを分布の10パーセンタイル、次に90パーセンタイルに置き、"
                           "他は見積りのままとした場合の変化。年間予想損失は解析式により、"
                           "95パーセンタイルは同じ"},
    [DW_TORNADO_NOTE_2] = {" years (common random numbers). ",
                           "年分の模擬（共通乱数）による。"},
    [DW_TORNADO_NOTE_3] = {"The largest swings first; every row is in the JSON and CSV.",
                           "変化の大きい順。全行はJSONとCSVに記載。"},
    [DW_TORNADO_SHORT] = {"The tornado needs a run of at least 10,000 simulated years; this one "
                          "has ",
                          "感度分析（トルネード図）には10,000年以上の模擬が必要である。この実行は"},
    [DW_FREQUENCY] = {"Frequency", "発生頻度"},
    [DW_LOSS] = {"Loss per event", "1件当たりの損失額"},
    [DW_PREVENTIVE] = {"Effect of the preventive controls", "予防的な管理策の効果"},
    [DW_DETECTIVE] = {"Effect of the detective and corrective controls",
                      "発見的・是正的な管理策の効果"},
    [DW_AT_LOW] = {"input at its 10th percentile", "入力が10パーセンタイルのとき"},
    [DW_AT_HIGH] = {"input at its 90th percentile", "入力が90パーセンタイルのとき"},
    [DW_AS_ESTIMATED] = {"as estimated", "見積りどおり"},
    [DW_INPUT] = {"Input", "入力"},
    [DW_RANGE] = {"10th – 90th percentile", "10〜90パーセンタイル"},
    [DW_ALE_LOW] = {"Expected loss at P10", "P10での年間予想損失"},
    [DW_ALE_HIGH] = {"Expected loss at P90", "P90での年間予想損失"},
    [DW_P95_LOW] = {"P95 at P10", "P10での95パーセンタイル"},
    [DW_P95_HIGH] = {"P95 at P90", "P90での95パーセンタイル"},
    [DW_EVENTS_PER_YEAR] = {" events/yr", "回／年"},
    [DW_LEVELS] = {" levels", "段階"},
    [DW_VALUES] = {"The value of each control", "管理策ごとの価値"},
    [DW_VALUES_NOTE_1] = {"Expected annual loss each control removes from the residual: on its "
                          "own, given the rest of the plan (marginal), and its share of the "
                          "plan's reduction (Shapley value: what it adds, averaged over the "
                          "orders in which the plan could be carried out)",
                          "各管理策が残留リスクの年間予想損失から減らす額。単独で適用した場合、"
                          "計画の他の管理策に加えた場合（限界）、および計画全体の削減額の配分"
                          "（シャープレイ値：計画を実施し得るすべての順序で平均した追加の削減額）"},
    [DW_VALUES_NOTE_EXACT] = {", computed exactly", "を、厳密に計算した"},
    [DW_VALUES_NOTE_SAMPLED] = {", estimated from sampled orderings with a fixed seed (± one "
                                "standard error",
                                "を、乱数シードを固定した無作為な順序により推定した（±は標準誤差。"},
    [DW_VALUES_NOTE_2] = {". The shares add up to the plan's reduction, ",
                          "。配分の合計は計画による削減額"},
    [DW_RANK] = {"Rank", "順位"},
    [DW_CONTROL] = {"Control", "管理策"},
    [DW_ALONE] = {"Alone", "単独"},
    [DW_MARGINAL] = {"Marginal", "限界"},
    [DW_SHAPLEY] = {"Share (Shapley)", "配分（シャープレイ値）"},
    [DW_SHARE] = {"Share of the reduction", "削減額に占める割合"},
    [DW_NOT_IN_PLAN] = {"Gap controls not in the plan", "計画に含めなかった管理策"},
    [DW_WOULD_ADD] = {"Would add to the plan", "計画に加えた場合の削減額"},
    [DW_BANDS] = {"Uncertainty bands", "不確実性の幅"},
    [DW_BANDS_NOTE] = {"Two-level Monte Carlo: each risk's rate, the participant whose "
                       "estimate holds and the controls' effect are drawn once per outer "
                       "sample and held for its years, so that what is not known is kept "
                       "apart from what varies from year to year. The shaded band on the "
                       "loss-exceedance chart spans the 5th to the 95th percentile over the "
                       "outer samples.",
                       "二段階モンテカルロ法。リスクごとの発生頻度、採用される参加者の見積り"
                       "および管理策の効果を外側の標本ごとに一度だけ抽出し、その標本の年の間"
                       "固定する。これにより、分かっていないことと年ごとに変動することを分けて"
                       "示す。損失超過確率の図の網掛けは、外側の標本の5〜95パーセンタイルの"
                       "範囲である。"},
    [DW_BANDS_MEAN] = {"Expected annual loss, 5th – 95th percentile over the outer samples",
                       "年間予想損失（外側の標本の5〜95パーセンタイル）"},
    [DW_MEDIAN] = {"median", "中央値"},
    [DW_OUTER] = {"outer samples", "外側の標本数"},
    [DW_YEARS_EACH] = {"years each", "標本ごとの年数"},
    [DW_BAND_LEGEND] = {"Shaded: 5–95% over the outer samples", "網掛け：外側の標本の5〜95%"},
};

const char *drivers_word_text(drivers_word w, cr_report_lang lang)
{
    if (w < 0 || w >= DW_COUNT)
        return "";
    return words[w][lang == CR_LANG_JA ? 1 : 0];
}

void drivers_change(cr_strbuf *sb, double change, const char *currency, cr_report_lang lang)
{
    if (!isfinite(change)) {
        cr_strbuf_puts(sb, "\u2013");
        return;
    }
    cr_strbuf_puts(sb, change < 0 ? "\u2212" : "+");
    report_money_short(sb, fabs(change), currency, lang);
}

static const cr_plan_risk *find_risk(const cr_plan *plan, const char *id)
{
    for (size_t k = 0; plan && k < plan->n_risks; k++)
        if (strcmp(plan->risks[k].id, id) == 0)
            return &plan->risks[k];
    return NULL;
}

void drivers_input_name(cr_strbuf *sb, const cr_sens_row *row, const cr_plan *plan,
                        cr_report_lang lang)
{
    if (row->input == CR_SENS_CONTROLS) {
        cr_strbuf_puts(sb, drivers_word_text(row->target == CR_SIM_FREQUENCY ? DW_PREVENTIVE
                                                                             : DW_DETECTIVE,
                                             lang));
        return;
    }
    const char *kind = drivers_word_text(row->input == CR_SENS_FREQUENCY ? DW_FREQUENCY
                                                                         : DW_LOSS,
                                         lang);
    if (!plan) {
        /* Short, for the chart: "CR14 Loss per event". */
        cr_strbuf_puts(sb, row->risk);
        cr_strbuf_puts(sb, " ");
        cr_strbuf_puts(sb, kind);
        return;
    }
    cr_strbuf_puts(sb, kind);
    cr_strbuf_puts(sb, report_colon(lang));
    const cr_plan_risk *risk = find_risk(plan, row->risk);
    cr_strbuf_puts(sb, row->risk);
    if (risk) {
        cr_strbuf_puts(sb, " ");
        cr_strbuf_puts(sb, report_risk_name(risk, lang));
    }
}

static void rate(cr_strbuf *sb, double v)
{
    cr_strbuf_printf(sb, v >= 10 ? "%.0f" : v >= 1 ? "%.1f" : "%.2g", v);
}

void drivers_input_range(cr_strbuf *sb, const cr_sens_row *row, const char *currency,
                         cr_report_lang lang)
{
    const char *dash = lang == CR_LANG_JA ? "〜" : " – ";
    if (row->input == CR_SENS_LOSS) {
        report_money_short(sb, row->value_low, currency, lang);
        cr_strbuf_puts(sb, dash);
        report_money_short(sb, row->value_high, currency, lang);
        return;
    }
    rate(sb, row->value_low);
    cr_strbuf_puts(sb, dash);
    rate(sb, row->value_high);
    cr_strbuf_puts(sb, drivers_word_text(row->input == CR_SENS_FREQUENCY ? DW_EVENTS_PER_YEAR
                                                                         : DW_LEVELS,
                                         lang));
}
