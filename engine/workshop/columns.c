/*
 * columns.c -- the workshop sheet's columns: one table for every form of the
 * sheet (the CSV writer and reader here; a workbook writer reads the same
 * table), with each column's English key, its Japanese header and its role.
 */
#include <string.h>

#include "cloudrisk/workshop.h"

static const cr_workshop_column columns[CR_WORKSHOP_N_COLUMNS] = {
    [CR_WS_SERVICE] = {"service_id", "サービスID", CR_WS_COL_KEY},
    [CR_WS_PARTICIPANT] = {"participant", "参加者", CR_WS_COL_KEY},
    [CR_WS_ROUND] = {"round", "ラウンド", CR_WS_COL_OPTIONAL},
    [CR_WS_RISK_ID] = {"risk_id", "リスクID", CR_WS_COL_KEY},
    [CR_WS_RISK_NAME] = {"risk_name", "リスク名", CR_WS_COL_REFERENCE},
    [CR_WS_CURRENT] = {"current_score", "現在の評価", CR_WS_COL_REFERENCE},
    [CR_WS_IMPACT_SCALE] = {"impact_scale", "影響度の尺度", CR_WS_COL_REFERENCE},
    [CR_WS_LIKELIHOOD_SCALE] = {"likelihood_scale", "発生可能性の尺度", CR_WS_COL_REFERENCE},
    [CR_WS_PREVIOUS] = {"previous_round", "前回の統合結果", CR_WS_COL_REFERENCE},
    [CR_WS_YOUR_PREVIOUS] = {"your_previous", "あなたの前回の回答", CR_WS_COL_REFERENCE},
    [CR_WS_BASIS] = {"basis", "見積りの前提", CR_WS_COL_OPTIONAL},
    [CR_WS_IMPACT] = {"impact", "影響度", CR_WS_COL_ANSWER},
    [CR_WS_LIKELIHOOD] = {"likelihood", "発生可能性", CR_WS_COL_ANSWER},
    [CR_WS_FREQ_MIN] = {"frequency_min", "年間発生回数_最小", CR_WS_COL_ANSWER},
    [CR_WS_FREQ_LIKELY] = {"frequency_likely", "年間発生回数_最頻", CR_WS_COL_ANSWER},
    [CR_WS_FREQ_MAX] = {"frequency_max", "年間発生回数_最大", CR_WS_COL_ANSWER},
    [CR_WS_LOSS_MIN] = {"loss_min", "1件あたり損失_最小", CR_WS_COL_ANSWER},
    [CR_WS_LOSS_LIKELY] = {"loss_likely", "1件あたり損失_最頻", CR_WS_COL_ANSWER},
    [CR_WS_LOSS_MAX] = {"loss_max", "1件あたり損失_最大", CR_WS_COL_ANSWER},
    [CR_WS_CONFIDENCE] = {"confidence", "確信度", CR_WS_COL_ANSWER},
    [CR_WS_COMMENT] = {"comment", "コメント", CR_WS_COL_ANSWER},
};

const cr_workshop_column *cr_workshop_column_info(int c)
{
    return c >= 0 && c < CR_WORKSHOP_N_COLUMNS ? &columns[c] : NULL;
}

const char *cr_workshop_column_header(int c, const char *lang)
{
    if (c < 0 || c >= CR_WORKSHOP_N_COLUMNS)
        return "";
    return lang && strcmp(lang, "ja") == 0 ? columns[c].ja : columns[c].key;
}

const char *cr_workshop_basis_name(cr_workshop_basis basis)
{
    return basis == CR_WS_BASIS_INHERENT ? "inherent" : "current";
}

/* 現状: with the controls as they are today; 固有: the inherent risk, before
 * any control (固有リスク). */
const char *cr_workshop_basis_label(cr_workshop_basis basis, const char *lang)
{
    if (lang && strcmp(lang, "ja") == 0)
        return basis == CR_WS_BASIS_INHERENT ? "固有" : "現状";
    return cr_workshop_basis_name(basis);
}
