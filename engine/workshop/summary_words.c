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
    .method = "Impact and likelihood: the median of the participants' scores (for an even "
              "count, the two middle scores averaged and rounded half up); spread as min-max "
              "and MAD (median absolute deviation). Frequency and loss: a joint pool of each "
              "participant's own judgement (their frequency with their loss), shown as the "
              "pool's mean [5th-95th percentile] and, per risk, as a dot plot on a log scale "
              "(dot: most likely value, line: min-max, band: the pool's 5th-95th percentile, "
              "diamond: its mean). Flagged: scores two or more levels apart, or ranges that "
              "do not overlap.",
    .scored_by = "scored by",
    .confidence = "mean confidence",
    .stated = "stated",
    .impact = "impact",
    .likelihood = "likelihood",
    .median = "median",
    .range = "range",
    .frequency_pool = "events a year, mean [P5-P95]",
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
    .round = "Round",
    .annual_loss = "expected annual loss",
    .frequency_axis = "events a year",
    .loss_axis = "loss per event",
    .pool = "pool",
    .basis = "basis",
    .anonymous = "anonymous: participants are shown by letter",
    .estimates = "Estimates",
    .outliers = "Who stands apart",
    .no_outlier = "Nobody stands apart from the others on any risk.",
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
    .method = "影響度と発生可能性: 参加者の評価の中央値（人数が偶数のときは中央の2つの平均を"
              "切り上げ）。ばらつきは最小-最大とMAD（中央絶対偏差）。発生頻度と損失: 参加者ごとの"
              "判断（本人の発生頻度と本人の損失の組）の統合。統合結果の平均 [5パーセンタイル-"
              "95パーセンタイル] と、リスクごとに対数目盛の図（点: 最頻値、線: 最小-最大、帯: "
              "統合結果の5〜95パーセンタイル、菱形: 平均）で示す。要議論: 評価が2段階以上離れて"
              "いるもの、又は範囲が重ならないもの。",
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
    .round = "ラウンド",
    .annual_loss = "年間予想損失",
    .frequency_axis = "年間発生回数",
    .loss_axis = "1件あたりの損失",
    .pool = "統合",
    .basis = "見積りの前提",
    .anonymous = "匿名: 参加者は記号で示す",
    .estimates = "見積り",
    .outliers = "他の参加者から離れている参加者",
    .no_outlier = "他の参加者から離れている参加者はいない。",
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

size_t cr_ws_outliers_text(cr_strbuf *sb, const cr_workshop_result *r, const cr_ws_words *w,
                           const char *separator)
{
    bool ja = strcmp(w->lang, "ja") == 0;
    size_t scored = 0, listed = 0;
    for (size_t k = 0; k < r->n_risks; k++)
        scored += r->risks[k].impact.n > 0;
    for (size_t i = 0; i < r->n_participants; i++) {
        size_t apart = 0;
        for (size_t k = 0; k < r->n_risks; k++)
            apart += r->risks[k].impact.n > 0 && r->risks[k].outlier == i;
        if (!apart)
            continue;
        cr_strbuf_puts(sb, listed++ ? separator : "");
        if (ja)
            cr_strbuf_printf(sb, "%sは%zu件中%zu件のリスクで他の参加者から離れている。",
                             r->participants[i].name, scored, apart);
        else
            cr_strbuf_printf(sb, "%s stands apart from the others in %zu of %zu risks.",
                             r->participants[i].name, apart, scored);
    }
    return listed;
}
