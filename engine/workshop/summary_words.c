/*
 * summary_words.c -- the merge summary's words in English and Japanese, and
 * the entry point that picks a form.
 */
#include <string.h>

#include "workshop/summary.h"

static const cr_ws_words english = {
    .lang = "en",
    .title = "Workshop merge summary",
    .service = "Service",
    .date = "Date",
    .model = "Model",
    .inputs = "Inputs",
    .participants = "Participants",
    .weight = "weight",
    .method = "Impact and likelihood: the median of the participants' scores (for an even\n"
              "count, the two middle scores averaged and rounded half up); spread as min-max\n"
              "and MAD (median absolute deviation).  Frequency and loss: linear opinion pool\n"
              "of the participants' PERT estimates, shown as mean [5th-95th percentile].\n"
              "Flagged: scores two or more levels apart, or ranges that do not overlap.",
    .scored_by = "scored by",
    .confidence = "mean confidence",
    .stated = "stated",
    .impact = "impact",
    .likelihood = "likelihood",
    .median = "median",
    .range = "range",
    .frequency_pool = "frequency per year, mean [P5-P95]",
    .loss_pool = "loss per event, mean [P5-P95]",
    .flag = "FLAG",
    .not_scored = "not scored (all participants abstained)",
    .risks_scored = "risks scored",
    .flagged = "flagged for discussion",
    .comma = ", ",
    .period = ".",
    .for_discussion = "For discussion",
    .abstained = "abstained",
    .frequency = "frequency",
    .loss = "loss",
    .comment = "Comment",
    .participant = "Participant",
    .risk = "Risk",
    .scored = "Scored",
    .flags = "Flags",
    .no_flags = "No risk is flagged for discussion.",
    .consensus = "Consensus",
    .min_likely_max = "min / likely / max",
    .confidence_short = "confidence",
};

static const cr_ws_words japanese = {
    .lang = "ja",
    .title = "ワークショップ結果の統合",
    .service = "サービス",
    .date = "日付",
    .model = "モデル",
    .inputs = "入力",
    .participants = "参加者",
    .weight = "重み",
    .method = "影響度と発生可能性: 参加者の評価の中央値（人数が偶数のときは中央の2つの平均を\n"
              "四捨五入）。ばらつきは最小-最大とMAD（中央絶対偏差）。発生頻度と損失: 参加者の\n"
              "PERT見積りの線形意見プール。平均 [5パーセンタイル-95パーセンタイル] で示す。\n"
              "要議論: 評価が2段階以上離れているもの、又は範囲が重ならないもの。",
    .scored_by = "評価者",
    .confidence = "確信度の平均",
    .stated = "名が記入",
    .impact = "影響度",
    .likelihood = "発生可能性",
    .median = "中央値",
    .range = "範囲",
    .frequency_pool = "年間発生回数 平均 [P5-P95]",
    .loss_pool = "1件あたりの損失 平均 [P5-P95]",
    .flag = "要議論",
    .not_scored = "未評価（全員が棄権）",
    .risks_scored = "リスクを評価",
    .flagged = "件が要議論",
    .comma = "、",
    .period = "。",
    .for_discussion = "要議論のリスク",
    .abstained = "棄権",
    .frequency = "発生頻度",
    .loss = "損失",
    .comment = "コメント",
    .participant = "参加者",
    .risk = "リスク",
    .scored = "評価者",
    .flags = "要議論",
    .no_flags = "要議論のリスクはない。",
    .consensus = "合意",
    .min_likely_max = "最小／最頻／最大",
    .confidence_short = "確信度",
};

const cr_ws_words *cr_ws_words_for(const char *lang)
{
    return lang && strcmp(lang, "ja") == 0 ? &japanese : &english;
}

cr_status cr_workshop_summary_write(FILE *fp, const cr_workshop_result *result,
                                    const cr_workshop_provenance *prov,
                                    cr_workshop_format format, const char *lang, cr_error *err)
{
    const cr_ws_words *w = cr_ws_words_for(lang);
    cr_status st = format == CR_WORKSHOP_HTML ? cr_ws_summary_html(fp, result, prov, w, err)
                                              : cr_ws_summary_text(fp, result, prov, w, err);
    if (st == CR_OK && ferror(fp))
        st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the merge summary");
    return st;
}
