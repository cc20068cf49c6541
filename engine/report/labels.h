/*
 * labels.h -- every word a report shows, in English and Japanese, and the
 * sentences that explain a plan's choices (library-internal).
 *
 * The table lives in labels.c alone.  Sentences are plain text; each
 * renderer escapes them for its format like any other text.
 */
#ifndef CR_REPORT_LABELS_H
#define CR_REPORT_LABELS_H

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "util/text.h"

typedef enum report_label {
    RL_TITLE,
    RL_STANDARD,
    RL_SERVICE,
    RL_SERVICE_ID,
    RL_OWNER,
    RL_PLAN_START,
    RL_START_FROM_CLOCK,
    RL_MODEL,
    RL_INPUTS,
    RL_SEED,
    RL_TRIALS,
    RL_CATALOG,
    RL_GENERATED_BY,
    RL_SUMMARY,
    RL_ALE_NOW,
    RL_ALE_AFTER,
    RL_PLAN_COST,
    RL_ONE_OFF,
    RL_ANNUAL,
    RL_EFFORT,
    RL_PERSON_DAYS,
    RL_ROSI,
    RL_ROSI_NOTE,
    RL_RISKS_ABOVE,
    RL_NOW,
    RL_AFTER_PLAN,
    RL_P_EXCEED,
    RL_APPETITE,
    RL_BUDGET,
    RL_NO_LIMIT,
    RL_CRITERIA,
    RL_ACCEPTABLE_LEVEL,
    RL_HEATMAPS,
    RL_HEATMAP_NOTE,
    RL_INHERENT,
    RL_RESIDUAL,
    RL_TARGET,
    RL_IMPACT,
    RL_LIKELIHOOD,
    RL_LEC,
    RL_LEC_NOTE,
    RL_ANNUAL_LOSS,
    RL_EXCEEDANCE,
    RL_SCENARIO,
    RL_MEAN,
    RL_SE,
    RL_P50,
    RL_P90,
    RL_VAR95,
    RL_ES95,
    RL_VAR99,
    RL_ES99,
    RL_NO_SIMULATION,
    RL_RISKS,
    RL_RISK,
    RL_LEVEL,
    RL_OPTION,
    RL_REASON,
    RL_ALTERNATIVES,
    RL_NOTE,
    RL_ALE_SHORT,
    RL_PLAN,
    RL_PLAN_NOTE,
    RL_NO_ITEMS,
    RL_ITEM_NO,
    RL_CONTROL,
    RL_RISKS_TREATED,
    RL_PRIORITY,
    RL_START,
    RL_DUE,
    RL_LOSS_REDUCTION,
    RL_LOSS_AFTER,
    RL_DECISION,
    RL_GAPS,
    RL_GAPS_NOTE,
    RL_STATUS,
    RL_IN_PLAN,
    RL_NOT_IN_PLAN,
    RL_COST_CLASS,
    RL_REQUIRED_BY,
    RL_APPROVAL,
    RL_APPROVAL_NOTE,
    RL_NONE_ABOVE,
    RL_CAUSE,
    RL_WHEN_TREATABLE,
    RL_REVIEW_BY,
    RL_APPROVER,
    RL_DATE,
    RL_SIGNATURE,
    RL_TITLE_ROLE,
    RL_WHOLE_PLAN,
    RL_STATE,
    RL_STALE,
    RL_FORMER_DECISIONS,
    RL_DECIDED_FROM,
    RL_METHOD,
    RL_DECISION_APPROVED,
    RL_DECISION_REJECTED,
    RL_DECISION_CHANGED,
    RL_DECISION_PENDING,
    RL_OPT_RETAIN,
    RL_OPT_REDUCE,
    RL_OPT_ACCEPT,
    RL_OPT_AVOID,
    RL_OPT_TRANSFER,
    RL_STATUS_NOT_IMPLEMENTED,
    RL_STATUS_PLANNED,
    RL_STATUS_PARTIAL,
    RL_PER_YEAR,
    RL_GONE,
    RL_ROSI_SHORT,
    RL_SCHEDULE,
    RL_COST,
    RL_LEC_TABLE_NOTE,
    RL_TARGET_GROSS,
    RL_PREMIUM,
    RL_PAST_DUE,
    RL_NEEDED_FOR_ACCEPTABLE,
    RL_DETAILS_LINK,
    RL_ITEMS_COUNT,
    RL_PAPER_TITLE,
    RL_DOC_NUMBER,
    RL_DOC_VERSION,
    RL_ASKED,
    RL_FIGURES,
    RL_BUDGET_ASKED,
    RL_BAD_YEAR,
    RL_COMPLETION,
    RL_ACCOUNTABLE,
    RL_ITEM_OWNERS,
    RL_TOP_ITEMS,
    RL_MORE_ITEMS,
    RL_TO_ACCEPT,
    RL_ACCEPT_UNTIL,
    RL_IF_REFUSED,
    RL_DECISION_BLOCK,
    RL_CONDITIONS,
    RL_MINUTES,
    RL_ROUTE_DEFAULT,
    RL_SEAL_HINT,
    RL_DETAIL,
    RL_ANNEX,
    RL_TITLE_NOTE_EN,
    RL_WITHIN_BUDGET,
    RL_ALE_INHERENT,
    RL_PLAUSIBLE_WITHIN,
    RL_PLAUSIBLE_OUTSIDE,
    RL_LOSS_REMOVED,
    RL_ANNUALISED_COST,
    /* the register's lists (engine/register/reg_doc*.c) */
    RL_REG_RUN,
    RL_REG_FIRST_RUN,
    RL_REG_CHANGED,
    RL_REG_INPUTS,
    RL_REG_MODEL,
    RL_REG_CRITERIA,
    RL_REG_SEED,
    RL_REG_TRIALS,
    RL_REG_CONFIG,
    RL_REG_CURRENCY_NOW,
    RL_REG_LOSSES_NOT_COMPARED,
    RL_REG_INHERENT,
    RL_REG_RESIDUAL,
    RL_REG_ARROW,
    RL_REG_SEP,
    RL_REG_GAPS_OPENED,
    RL_REG_GAPS_CLOSED,
    RL_REG_LOSS_RESIDUAL,
    RL_REG_NOISE,
    RL_REG_SIGNIFICANT,
    RL_REG_WITHIN_NOISE,
    RL_REG_NEEDS_REAPPROVAL,
    RL_REG_DECISION,
    RL_REG_NO_CHANGE,
    RL_REG_NOW_MISSING,
    RL_REG_NO_LONGER_MISSING,
    RL_REG_ITEMS_ADDED,
    RL_REG_ITEMS_DROPPED,
    RL_REG_SHEET,
    RL_REG_NONE,
    RL_REG_NEWLY_ON_SHEET,
    RL_REG_OFF_SHEET,
    RL_REG_ASSESSOR,
    RL_REG_NOT_RECORDED,
    RL_REG_ASSESSED_BY,
    RL_REG_REVIEW_DUE,
    RL_REG_GAPS_COUNT,
    RL_REG_ALE,
    RL_REG_SE,
    RL_REG_SIGNED,
    RL_REG_LEVEL,
    RL_REG_P95,
    RL_REG_SHEET_HASH,
    RL_REG_MINUTES,
    RL_REG_CONDITIONS,
    RL_REG_ACCEPTED_UNTIL,
    RL_REG_NOTE,
    RL_REG_SUPERSEDED_BY,
    RL_REG_STALE_SINCE,
    RL_REG_STALE_EXPIRED,
    RL_REG_NOTHING_PENDING,
    RL_REG_PENDING_COUNT,
    RL_REG_NO_ITEMS,
    RL_REG_NO_OWNER,
    RL_REG_DUE,
    RL_REG_PLANNED_SINCE,
    RL_REG_NOT_IN_LATEST,
    RL_REG_KIND_PLAN,
    RL_REG_KIND_RISK,
    RL_REG_KIND_ITEM,
    RL_REG_DS_CURRENT,
    RL_REG_DS_STALE,
    RL_REG_DS_REVOKED,
    RL_REG_DS_SUPERSEDED,
    RL_REG_BASIS_RESIDUAL,
    RL_REG_BASIS_AFTER_PLAN,
    RL_REG_DECISION_REVOKED,
    RL_REG_IT_PLANNED,
    RL_REG_IT_IN_PROGRESS,
    RL_REG_IT_DONE,
    RL_REG_IT_LATE,
    RL_REG_IT_DROPPED,
    RL_REG_LV_LOW,
    RL_REG_LV_MEDIUM,
    RL_REG_LV_HIGH,
    RL_REG_WHY_NONE,
    RL_REG_WHY_NEW,
    RL_REG_WHY_EXPIRED,
    RL_REG_WHY_REVOKED,
    RL_REG_WHY_LEVEL_ROSE,
    RL_REG_WHY_STATE_CHANGED,
    RL_REG_WHY_PLAN_CHANGED,
    RL_REG_WHY_OFF_SHEET,
    RL_REG_WHY_UNKNOWN_STATE,
    RL_REG_LEVEL_FELL,
    RL_REG_LOSS_WENT,
    RL_REG_PARTS_ESTIMATE,
    RL_REG_PARTS_CRITERIA,
    RL_REG_PARTS_MODEL,
    RL_REG_PARTS_CHANGED,
    RL_REG_PART_ADDED,
    RL_REG_PART_REMOVED,
    RL_REG_PARTS_UNKNOWN,
    RL_REG_PARTS_UNKNOWN_WHY,
    RL_REG_OLDER_THAN,
    RL_REG_ON_RECORD_FOR,
    /* `cloudrisk simulate`'s text (engine/report/simulate_doc.c, sensitivity_doc.c):
     * the English parts are the text as it has always been written */
    RL_SIM_TITLE,
    RL_SIM_MODEL,
    RL_SIM_CALIBRATION,
    RL_SIM_INPUTS,
    RL_SIM_SEED,
    RL_SIM_TRIALS_BEFORE,
    RL_SIM_TRIALS_AFTER,
    RL_SIM_AMOUNTS_IN,
    RL_SIM_PRECISION,
    RL_SIM_REACHED_1,
    RL_SIM_REACHED_2,
    RL_SIM_REACHED_3,
    RL_SIM_NOT_REACHED_1,
    RL_SIM_NOT_REACHED_2,
    RL_SIM_RSE_1,
    RL_SIM_RSE_2,
    RL_SIM_RSE_3,
    RL_SIM_TOTAL,
    RL_SIM_EXPECTED,
    RL_SIM_MEAN,
    RL_SIM_SE,
    RL_SIM_P50,
    RL_SIM_P90,
    RL_SIM_P95,
    RL_SIM_ES95,
    RL_SIM_P99,
    RL_SIM_ES99,
    RL_SIM_MAX,
    RL_SIM_P_LOSS,
    RL_SIM_P_ABOVE_1,
    RL_SIM_P_ABOVE_2,
    RL_SIM_WITHIN,
    RL_SIM_YES,
    RL_SIM_NO,
    RL_SIM_TOLERATED,
    RL_SIM_TRANSFER,
    RL_SIM_TRANSFER_RISKS,
    RL_SIM_TRANSFER_NOTE,
    RL_SIM_PREMIUMS,
    RL_SIM_PREMIUMS_NOTE,
    RL_SIM_WARNINGS,
    RL_SIM_FLAGGED_OF,
    RL_SIM_FLAGGED_NOTE,
    RL_SIM_SHARE,
    RL_SIM_COLUMNS_1,
    RL_SIM_COLUMNS_2,
    RL_SIM_SC_INHERENT,
    RL_SIM_SC_RESIDUAL,
    RL_SIM_SC_GROSS,
    RL_SIM_SC_PORTFOLIO,
    RL_SIM_SENS_1,
    RL_SIM_SENS_2,
    RL_SIM_EXPECTED_LOSS,
    RL_SIM_CLOSED,
    RL_SIM_CLOSED_INSURED,
    RL_SIM_SENS_P95,
    RL_SIM_SENS_FIRST,
    RL_SIM_SENS_TOP,
    RL_SIM_SENS_OF,
    RL_SIM_BANDS_1,
    RL_SIM_BANDS_2,
    RL_SIM_BANDS_3,
    RL_SIM_BANDS_4,
    RL_SIM_P5,
    RL_SIM_P95_SHORT,
    RL_SIM_EXCEEDED_1,
    RL_SIM_EXCEEDED_2,
    RL_COUNT
} report_label;

const char *report_label_text(report_label label, cr_report_lang lang);
/* Separators in the reader's language: ": " or "：", ", " or "、",
 * " (" or "（" and ")" or "）". */
const char *report_colon(cr_report_lang lang);
const char *report_comma(cr_report_lang lang);
const char *report_open_paren(cr_report_lang lang);
const char *report_close_paren(cr_report_lang lang);

/* Names of the plan's codes in the reader's language. */
const char *report_option_text(cr_treatment option, cr_report_lang lang);
const char *report_level_text(const cr_plan *plan, int level, cr_report_lang lang);
const char *report_status_text(const char *status, cr_report_lang lang);
const char *report_decision_text(cr_decision_kind kind, cr_report_lang lang);
const char *report_alt_note_text(cr_alt_note note, cr_report_lang lang);
const char *report_cause_text(cr_residual_cause cause, cr_report_lang lang);
/* The same in a few words, for the decision paper. */
const char *report_cause_short(cr_residual_cause cause, cr_report_lang lang);
/* Where a control's cost came from: its effort class ("M"), or the service
 * file or the treatment section, in words. */
const char *report_cost_class_text(const char *cost_class, cr_report_lang lang);
/* A simulation scenario's name ("inherent", "residual", "residual_gross",
 * "portfolio") in the reader's language; any other name as it is. */
const char *report_sim_scenario_text(const char *name, cr_report_lang lang);

/* Plain-text sentences (append to sb): */
/* why the risk got its option */
void report_reason(cr_strbuf *sb, const cr_plan *plan, const cr_plan_risk *risk,
                   cr_report_lang lang);
/* why a plan item is there: the risks it treats at their levels and what it
 * removes */
void report_item_reason(cr_strbuf *sb, const cr_plan *plan, const cr_plan_item *item,
                        cr_report_lang lang);
/* when a residual risk becomes treatable */
void report_treatable(cr_strbuf *sb, const cr_plan *plan, const cr_plan_residual *res,
                      cr_report_lang lang);
/* how the controls were chosen, with the bound */
void report_method(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);
/* "(loss removed ¥X/yr, annualised cost ¥Y/yr)": what the plan's ROSI is
 * computed from, (X - Y) / Y. */
void report_rosi_inputs(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);
/* The inherent total, and with a profile's plausible range whether it lies
 * within it: "¥X (within the organisation's plausible range ¥L–¥U)". */
void report_inherent_total(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);
/* The decision paper's sentences: what management is asked to decide, and
 * what refusing the plan leaves in place. */
void report_decision_asked(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);
void report_if_refused(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);
/* The latest due date of the plan's items (unset when it has none). */
cr_date report_completion_date(const cr_plan *plan);
/* "name (id)" of a risk, and a control's title */
const char *report_risk_name(const cr_plan_risk *risk, cr_report_lang lang);
const char *report_control_title(const cr_plan_gap *gap, cr_report_lang lang);
/* A control's short title for tables: the English title, or the Japanese
 * short title when the catalogue has one; *english is set when a Japanese
 * reader is shown the English title. */
const char *report_control_short_title(const cr_plan_gap *gap, cr_report_lang lang,
                                       bool *english);

/* ---- numbers ----------------------------------------------------------- */

/* Money rounded to a whole unit with thousands separators and the currency
 * ("¥1,234,567"; in Japanese "123万4,567円", "1,013億円", "1兆円", see
 * util/money.h; other currencies "1,234,567 USD"); an en dash for NAN. */
void report_money(cr_strbuf *sb, double amount, const char *currency, cr_report_lang lang);
/* An amount into buf in the reader's language: English whole units with
 * thousands separators, Japanese with 万, 億 and the currency (report_money);
 * "-" when it is not finite.  Empty when memory ran out. */
void report_money_text(char *buf, size_t size, double amount, const char *currency,
                       cr_report_lang lang);
/* Short money, three significant digits: "¥12M", "1.2億円", "3,000万円",
 * "1,013億円". */
void report_money_short(cr_strbuf *sb, double amount, const char *currency,
                        cr_report_lang lang);
/* A whole number with thousands separators. */
void report_grouped(cr_strbuf *sb, double value);
/* "12.3%" with the given decimals; an en dash for NAN. */
void report_percent(cr_strbuf *sb, double fraction, int decimals);
/* "YYYY-MM-DD", or an en dash for an unset date. */
void report_date(cr_strbuf *sb, cr_date date);
/* The risk model's name in `lang` (its Japanese name when it has one). */
const char *report_model_name(const cr_plan *plan, cr_report_lang lang);
/* A date as a reader of `lang` writes it: 2026-12-03 in English, 2026年12月3日
 * in Japanese (which never breaks at a hyphen); "–" when unset. */
#define REPORT_DATE_BUF 24
const char *report_date_text(char buf[REPORT_DATE_BUF], cr_date date, cr_report_lang lang);
void report_date_in(cr_strbuf *sb, cr_date date, cr_report_lang lang);

#endif
