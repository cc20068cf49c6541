/*
 * cloudrisk/plan.h -- the risk treatment plan (management standard 1.4, 2.1)
 * and the residual-risk approval sheet (1.4.3).
 *
 * From an assessment (score.h) and its loss model (simulate.h) the planner:
 *   - gives every risk above the acceptable level an option -- reduce,
 *     accept, avoid or transfer -- with the reason, and the alternatives it
 *     weighed (1.4.1, 1.4.2);
 *   - chooses, among the gap controls (required, not implemented), the set
 *     that buys the largest reduction in expected annual loss within the
 *     one-off and annual budgets, a control counting for every risk it treats
 *     (exact branch and bound when the candidates are few, a greedy with a
 *     stated bound otherwise; see doc/plan.md);
 *   - orders the chosen controls into plan items with owner, cost, effort,
 *     priority, start and due dates, return on security investment, and the
 *     expected residual loss after each;
 *   - re-scores and re-simulates with the plan carried out (the target), and
 *     lists on the approval sheet what stays above the acceptable level, why,
 *     and when it becomes treatable;
 *   - records management's decisions read back from a decisions file.
 *
 * A cr_plan is plain data that holds everything a report needs (report.h),
 * so that rendering never goes back to the model.  Generated explanations are
 * codes with figures, rendered in the reader's language by the report; text
 * from input files is kept as written (and escaped by every renderer).
 */
#ifndef CLOUDRISK_PLAN_H
#define CLOUDRISK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/cancel.h"
#include "cloudrisk/progress.h"
#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/date.h"
#include "cloudrisk/error.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/sensitivity.h"
#include "cloudrisk/simulate.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Treatment options and the reasons behind them ---------------------- */

typedef enum cr_treatment {
    CR_TREAT_RETAIN = 0,  /* at or below the acceptable level: no treatment needed */
    CR_TREAT_REDUCE = 1,  /* apply controls (1.4.1 "管理策の適用") */
    CR_TREAT_ACCEPT = 2,  /* knowingly accept */
    CR_TREAT_AVOID = 3,   /* stop the activity that carries the risk */
    CR_TREAT_TRANSFER = 4 /* share with an insurer or another party */
} cr_treatment;
#define CR_TREATMENT_COUNT 5

/* "retain", "reduce", "accept", "avoid", "transfer" */
CR_PUBLIC const char *cr_treatment_name(cr_treatment t);

/* Why a risk got its option.  Each code has a sentence per language in the
 * report's label table, filled in with the risk's figures. */
typedef enum cr_plan_reason {
    CR_REASON_WITHIN_ACCEPTABLE = 0,  /* residual at or below the acceptable level */
    CR_REASON_DECIDED = 1,            /* the service owner's recorded decision (text given) */
    CR_REASON_REDUCED_TO_ACCEPTABLE = 2, /* the chosen controls bring it to the acceptable level */
    CR_REASON_REDUCED_PARTLY_BUDGET = 3, /* controls chosen; the rest of its gap exceeds the budget */
    CR_REASON_REDUCED_PARTLY_TECHNICAL = 4, /* its whole gap is in the plan, yet it stays above */
    CR_REASON_ACCEPT_NO_GAP = 5,      /* no required control is left to implement */
    CR_REASON_ACCEPT_NO_BUDGET = 6,   /* gap controls exist but none fits the budget */
    CR_REASON_ACCEPT_NO_BENEFIT = 7   /* gap controls exist but none lowers its expected loss */
} cr_plan_reason;
#define CR_PLAN_REASON_COUNT 8
CR_PUBLIC const char *cr_plan_reason_name(cr_plan_reason r); /* stable code for JSON/CSV */

/* Why an alternative that was weighed was not (or could not be) chosen. */
typedef enum cr_alt_note {
    CR_ALT_CHOSEN = 0,            /* this is the chosen option */
    CR_ALT_LESS_REDUCTION = 1,    /* reduces expected loss less than the chosen option */
    CR_ALT_OVER_BUDGET = 2,       /* would exceed the budget */
    CR_ALT_ABOVE_ACCEPTABLE = 3,  /* leaves the risk above the acceptable level */
    CR_ALT_NO_QUOTE = 4,          /* transfer: no insurance cover or premium given */
    CR_ALT_BUSINESS_DECISION = 5, /* avoid: withdrawing the activity is management's call */
    CR_ALT_NO_CONTROLS = 6,       /* reduce: no gap control lowers this risk */
    CR_ALT_OVERRIDDEN = 7,        /* a recorded decision chose another option */
    CR_ALT_COSTLIER = 8           /* transfer: premium exceeds the loss it would cover */
} cr_alt_note;
#define CR_ALT_NOTE_COUNT 9
CR_PUBLIC const char *cr_alt_note_name(cr_alt_note n);

/* Why a risk is still above the acceptable level after the plan. */
typedef enum cr_residual_cause {
    CR_RESIDUAL_BUDGET = 0,    /* more gap controls would help but exceed the budget */
    CR_RESIDUAL_TECHNICAL = 1, /* even its whole gap leaves it above: exposure dominates */
    CR_RESIDUAL_ACCEPTED = 2,  /* accepted by a recorded decision */
    CR_RESIDUAL_TRANSFERRED = 3 /* transferred: the gross risk stays, the loss is shared */
} cr_residual_cause;
#define CR_RESIDUAL_CAUSE_COUNT 4
CR_PUBLIC const char *cr_residual_cause_name(cr_residual_cause c);

/* ---- Management decisions: the approval record ---------------------------
 *
 * One decision object serves the plan, the register and every export
 * (doc/register.md, "The decision object"): who decided what about which
 * subject (a risk on the approval sheet, a plan item, or the plan as a
 * whole), when, under which minutes, on which conditions and until when,
 * and the exact state shown on the sheet that was signed, with that sheet's
 * hash.  One rule (cr_decision_judge) says whether a decision still holds. */

typedef enum cr_decision_kind {
    CR_DECISION_NONE = 0, /* not yet decided */
    CR_DECISION_APPROVED = 1,
    CR_DECISION_REJECTED = 2,
    CR_DECISION_APPROVED_WITH_CONDITIONS = 3, /* approved on the conditions written down */
    CR_DECISION_REVOKED = 4 /* an earlier decision withdrawn, with the reason */
} cr_decision_kind;
/* The former name of approved-with-conditions; "changed" is still read. */
#define CR_DECISION_CHANGED CR_DECISION_APPROVED_WITH_CONDITIONS
/* "", "approved", "rejected", "approved_with_conditions", "revoked" */
CR_PUBLIC const char *cr_decision_name(cr_decision_kind k);
/* A decision word as a decisions file or the command line gives it: the
 * names above, "changed" (approved_with_conditions), case-insensitive; the
 * empty word and "revoked" only when allow_revoked.  False otherwise. */
CR_PUBLIC bool cr_decision_parse(const char *word, bool allow_revoked,
                                 cr_decision_kind *out);

typedef enum cr_subject_kind {
    CR_SUBJECT_RISK = 0, /* a risk on the approval sheet */
    CR_SUBJECT_ITEM = 1, /* a plan item, by its control id */
    CR_SUBJECT_PLAN = 2  /* the plan as a whole, id "plan" */
} cr_subject_kind;
CR_PUBLIC const char *cr_subject_kind_name(cr_subject_kind k); /* "risk", "item", "plan" */
CR_PUBLIC bool cr_subject_kind_parse(const char *word, cr_subject_kind *out);

/* Which state of a subject a sheet asked management to accept. */
typedef enum cr_signed_basis {
    CR_SIGNED_RESIDUAL = 0, /* as it stands today (decisions recorded before the
                               register kept the sheet: the run's residual) */
    CR_SIGNED_AFTER_PLAN = 1 /* as it will stand once the plan is carried out */
} cr_signed_basis;
CR_PUBLIC const char *cr_signed_basis_name(cr_signed_basis b); /* "residual", "after_plan" */
CR_PUBLIC bool cr_signed_basis_parse(const char *word, cr_signed_basis *out);

/* The state shown on an approval sheet for one subject: what a signature
 * on that sheet accepts. */
typedef struct cr_signed_state {
    bool present;             /* false: not known (nothing to compare with) */
    cr_signed_basis basis;
    int level;                /* rank in the criteria's levels, 0 = lowest; -1 none */
    char level_id[41];        /* the level's id ("medium"); "" when none */
    double expected_loss;     /* expected annual loss as the sheet shows it; NAN none */
    double expected_loss_se;  /* its standard error: 0 for a closed form; NAN unknown */
    double p95;               /* 95th percentile of annual loss; NAN when not shown */
    char items_sha256[65];    /* the plan: SHA-256 of its items' control ids, in plan
                                 order, one per line; "" for other subjects */
    char sheet_sha256[65];    /* the sheet's hash: the plan's input_sha256; "" unknown */
} cr_signed_state;

typedef struct cr_decision {
    cr_decision_kind kind;
    char *by;                 /* who decided */
    cr_date date;
    char *note;               /* "" when none; the reason of a revocation */
    char *minutes;            /* reference to the minutes (1.4.3); NULL when none */
    char *conditions;         /* approved_with_conditions: the conditions; NULL otherwise */
    cr_date accepted_until;   /* expiry; unset: the date plus the review interval */
    char *source;             /* "file:line" or "file:$.path" where it was read */
    cr_signed_state signed_state; /* the state the decision accepted */
    /* cr_decision_judge found it no longer holds for this plan: re-approval
     * needed; stale_reason says why. */
    bool stale;
    char *stale_reason;
} cr_decision;
/* Free what a decision owns and zero it. */
CR_PUBLIC void cr_decision_clear(cr_decision *d);

/* Whether a decision holds.  Superseded is the register's to say (a later
 * decision on the same subject); the rule decides the rest. */
typedef enum cr_decision_status {
    CR_DSTATUS_CURRENT = 0,
    CR_DSTATUS_STALE = 1,
    CR_DSTATUS_REVOKED = 2,
    CR_DSTATUS_SUPERSEDED = 3
} cr_decision_status;
CR_PUBLIC const char *cr_decision_status_name(cr_decision_status s); /* "current", "stale", ... */

typedef enum cr_stale_reason {
    CR_STALE_NONE = 0,
    CR_STALE_STATE_CHANGED = 1, /* the signed state changed materially */
    CR_STALE_LEVEL_ROSE = 2,    /* the subject's level rose */
    CR_STALE_PLAN_CHANGED = 3,  /* the plan's items are not those signed */
    CR_STALE_EXPIRED = 4,       /* past its accepted-until date */
    CR_STALE_OFF_SHEET = 5,     /* the subject is no longer on the approval sheet */
    CR_STALE_UNKNOWN_STATE = 6  /* taken on another sheet whose state is not known */
} cr_stale_reason;
/* The stable code of a reason: "state_changed", "level_rose", ... */
CR_PUBLIC const char *cr_stale_reason_name(cr_stale_reason r);

typedef struct cr_decision_verdict {
    cr_decision_status status;
    cr_stale_reason reason;
    char text[320];           /* the reason in words, with the figures; "" when current */
} cr_decision_verdict;

/* The share of the signed expected loss a change must reach to count. */
#define CR_DECISION_DEFAULT_MATERIALITY 0.10

/* THE staleness rule (doc/register.md), used by plan, batch, diff and
 * register alike.  Given a decision (its kind, signed state and
 * accepted-until date) and the same subject's state now (NULL: no longer on
 * the sheet), on date as_of (unset: no expiry check):
 *   revoked                                       -> revoked;
 *   as_of after accepted_until                    -> stale, expired;
 *   not on the sheet now                          -> stale, off the sheet;
 *   signed state unknown                          -> stale, unknown state;
 *   the plan's items differ (the plan)            -> stale, plan changed;
 *   level higher now                              -> stale, level rose;
 *   level lower now                               -> stale, state changed;
 *   |loss now - signed| > 2 sqrt(se_now^2 + se_signed^2) and
 *   |loss now - signed| >= materiality * signed   -> stale, state changed;
 *   otherwise                                     -> current.
 * materiality <= 0 means the default. */
CR_PUBLIC void cr_decision_judge(cr_decision_kind kind, const cr_signed_state *signed_state,
                                 cr_date accepted_until, const cr_signed_state *now,
                                 cr_date as_of, double materiality, cr_decision_verdict *out);

/* A date a number of calendar months later (the day clamped to the month's
 * last): 2025-01-31 + 1 = 2025-02-28. */
CR_PUBLIC cr_date cr_date_add_months(cr_date d, int months);

typedef struct cr_former_decision {
    char *id;              /* the control or risk id the file names */
    cr_decision decision;  /* always stale */
} cr_former_decision;


/* ---- The plan ----------------------------------------------------------- */

/* A risk's position on the 5x5 matrix; level is an index into the plan's
 * levels (0 = lowest) or -1 when the risk is gone (avoided). */
typedef struct cr_plan_cell {
    int impact;     /* 1..5, 0 when gone */
    int likelihood; /* 1..5, 0 when gone */
    int level;
} cr_plan_cell;

/* One option weighed for a risk (1.4.2).  Figures are NAN when the option
 * cannot be quantified from the inputs (e.g. avoid's lost business). */
typedef struct cr_plan_alternative {
    cr_treatment option;
    bool chosen;
    cr_alt_note note;
    size_t n_controls;   /* reduce: controls it takes */
    double one_off;      /* cost to carry it out */
    double annual;       /* running cost per year (transfer: the premium) */
    double ale_after;    /* the risk's expected annual loss afterwards */
    int level_after;     /* qualitative level afterwards, -1 when unknown */
} cr_plan_alternative;

typedef struct cr_plan_risk {
    char *id;       /* "CR01" */
    char *name_en;
    char *name_ja;
    cr_plan_cell inherent, residual, target;
    double ale_inherent, ale_residual, ale_target; /* closed-form expected annual loss */
    bool needs_treatment;        /* residual above the acceptable level */
    bool target_above;           /* still above after the plan */
    cr_treatment option;
    cr_plan_reason reason;
    char *decision_reason;       /* the owner's reason when decided in the service file */
    char *contested;             /* its workshop estimate is still contested: the flag's
                                    reason (risk_overrides.CRnn.contested), else NULL */
    char *decided_by;            /* optional, from the service file */
    cr_date decided_on;          /* optional */
    double transfer_cover;       /* transfer: limit per year, the most the insurer
                                    pays in a year (NAN: none) */
    double transfer_premium;     /* transfer: premium per year (NAN if none) */
    double transfer_retention;   /* transfer: retained per event before the insurer pays */
    double transfer_limit_event; /* transfer: most paid for one event (INFINITY: none) */
    double ale_retained;         /* transfer: simulated mean of the target's retained
                                    (net) loss; NAN otherwise */
    double ale_target_se;        /* standard error of ale_target: 0 for a closed form,
                                    the simulation's for a transfer's retained loss */
    char *transfer_party;        /* insurer or counterparty, or NULL */
    size_t n_alternatives;
    cr_plan_alternative alternatives[CR_TREATMENT_COUNT];
    size_t n_gap;                /* its gap controls, indices into cr_plan.gaps */
    size_t *gap;
    size_t n_items;              /* plan items that treat it, indices into cr_plan.items */
    size_t *items;
} cr_plan_risk;

typedef struct cr_plan_detail {
    char *id;      /* "7.4.1.4" */
    char *text_ja; /* the standard's wording (the standard is Japanese only) */
} cr_plan_detail;

/* A required control that is not (fully) implemented. */
typedef struct cr_plan_gap {
    char *control_id;
    char *title_en, *title_ja; /* title_ja: the standard's whole wording of the control */
    char *short_title_ja;      /* the Japanese short title (catalog.h title_ja), or NULL */
    char *status;              /* its current status as assessed ("not_implemented", ...) */
    size_t n_details;
    cr_plan_detail *details;   /* the detailed controls to carry out */
    size_t n_risks;
    size_t *risks;             /* risks that require it (indices into cr_plan.risks) */
    double one_off, annual, effort_days;
    char *cost_class;          /* "S", "M", ... or "override" */
    double ale_reduction_alone; /* reduction if it were the only control added */
    bool candidate;            /* considered by the selection (treats a risk to reduce) */
    bool below_rosi_floor;     /* a candidate left out: on its own it would return less
                                  than the plan's min_rosi (so it would in any plan) */
    bool selected;             /* in the plan */
    bool needed_for_acceptable; /* added, beyond the net benefit, to bring a high risk to
                                   the acceptable level */
    long item;                 /* index into cr_plan.items, -1 if not selected */
} cr_plan_gap;

typedef struct cr_plan_item {
    size_t gap;                /* the control, index into cr_plan.gaps */
    size_t n_risks;
    size_t *risks;             /* risks it treats (indices into cr_plan.risks) */
    int priority;              /* 1 (first) .. CR_PLAN_PRIORITIES */
    char *owner;
    double one_off, annual, effort_days;
    cr_date start, due;
    double ale_reduction;      /* marginal, in plan order: residual loss before minus after */
    double rosi;               /* NAN when the cost is zero */
    double ale_after;          /* expected annual loss (all risks) after this item and those above */
    bool past_due;             /* its due date is before the day of the run (cr_plan.as_of) */
    cr_decision decision;
} cr_plan_item;
#define CR_PLAN_PRIORITIES 3

/* A risk left above the acceptable level after the plan (1.4.3). */
typedef struct cr_plan_residual {
    size_t risk;               /* index into cr_plan.risks */
    cr_residual_cause cause;
    /* When it becomes treatable:
     *   financially: the further gap controls (cheapest first by cost per
     *   loss avoided) that bring it to the acceptable level, their cost,
     *   and the next budget cycle (plan start + one year);
     *   technically: never with the standard's controls at this exposure
     *   (treatable_by unset); re-assess at the next yearly review. */
    bool treatable;
    size_t n_extra;
    size_t *extra;             /* indices into cr_plan.gaps */
    double extra_one_off, extra_annual;
    cr_date treatable_by;      /* earliest date, or unset */
    cr_date review_by;         /* next re-assessment (4.4.1: at least yearly) */
    cr_decision decision;
} cr_plan_residual;

/* One scenario's Monte Carlo run, as the plan keeps it. */
typedef struct cr_plan_distribution {
    /* The simulated total as the one loss summary (loss_summary.h): mean
     * and its standard error, quantiles, VaR and ES with theirs, the
     * probability of exceeding the appetite (NAN when none is set), the
     * loss-exceedance curve and the warnings.  years = 0: not simulated. */
    cr_loss_summary summary;
    double *risk_mean;        /* per risk, n_risks entries */
    double *risk_se;          /* per risk, the standard error of risk_mean */
} cr_plan_distribution;

enum { CR_SCENARIO_INHERENT = 0, CR_SCENARIO_RESIDUAL = 1, CR_SCENARIO_TARGET = 2 };
#define CR_SCENARIO_COUNT 3

typedef enum cr_select_method {
    CR_SELECT_NONE = 0,          /* no candidates */
    CR_SELECT_ALL_FIT = 1,       /* every useful candidate fits the budget: optimal */
    CR_SELECT_EXACT = 2,         /* branch and bound: optimal */
    CR_SELECT_EXACT_ENUM = 3,    /* enumeration (diminishing returns did not hold): optimal */
    CR_SELECT_EXACT_LIMIT = 4,   /* branch and bound stopped at its node limit: best found */
    CR_SELECT_GREEDY = 5         /* cost-benefit greedy with the best-single-item fix */
} cr_select_method;
CR_PUBLIC const char *cr_select_method_name(cr_select_method m);

/* What the selection maximises within the budget. */
typedef enum cr_plan_objective {
    CR_OBJECTIVE_NET_BENEFIT = 0, /* loss removed minus annualised cost (the default) */
    CR_OBJECTIVE_REDUCTION = 1    /* loss removed */
} cr_plan_objective;
CR_PUBLIC const char *cr_plan_objective_name(cr_plan_objective o); /* "net_benefit", "reduction" */

typedef struct cr_plan_selection {
    cr_plan_objective objective;
    double net_benefit;        /* net objective: the chosen set's loss removed minus its
                                  annualised cost, before additions for high risks */
    double net_upper_bound;    /* net objective: no feasible set does better (NAN if unknown) */
    size_t n_needed;           /* controls added to bring a high risk to the acceptable
                                  level (cr_plan_gap.needed_for_acceptable) */
    cr_select_method method;
    size_t n_candidates;
    double min_rosi;           /* percent, the floor applied; NAN when none */
    size_t n_below_rosi_floor; /* controls left out by it before choosing (on their own) */
    size_t n_rosi_dropped;     /* chosen controls then dropped: what each added to the
                                  rest of the plan returned less than the floor */
    size_t exact_threshold;    /* candidates up to this many are selected exactly */
    double reduction;          /* expected annual loss removed by the chosen set */
    double upper_bound;        /* no feasible set removes more (NAN if unknown) */
    double guarantee;          /* a-priori fraction of the optimum (1 when exact) */
    bool diminishing_returns;  /* no violation was seen while searching */
    unsigned long long nodes;  /* search nodes (exact) */
    unsigned long long evaluations; /* loss evaluations */
} cr_plan_selection;

typedef struct cr_plan_budget {
    bool has_one_off, has_annual;
    double one_off, annual;
} cr_plan_budget;

typedef struct cr_plan {
    /* identity and reproducibility */
    char *service_id, *service_name, *service_owner;
    char *model_name, *model_version;
    char *model_name_ja;       /* the model's Japanese name (model.json name_ja), or NULL */
    char *input_sha256;        /* of every input read, in a fixed order */
    char *catalog_sha256;      /* the standard's text the catalogue came from */
    uint64_t seed;
    unsigned long long trials;
    char *currency;
    cr_date start;             /* plan start */
    bool start_from_clock;     /* no start date given: today's date was used */
    cr_date as_of;             /* the day of the run: dates before it are flagged past */
    bool start_given;          /* the start came from the options' start_date or the
                                  service's treatment.start_date: then it is an input,
                                  in input_sha256; a defaulted start (the clock's date
                                  or default_start_date) shifts the dates only, and
                                  is not, so that a plan drawn up again on another
                                  day from the same inputs keeps its approvals */

    /* acceptance criteria (management standard 1.3.4) */
    size_t n_levels;
    char **level_id;           /* n_levels ids ("low", ...), lowest first */
    char **level_en, **level_ja; /* their names */
    int acceptable_level;      /* highest acceptable level index */
    int matrix[5][5];          /* level index at [impact-1][likelihood-1] */
    char *criteria_approver, *criteria_date, *criteria_minutes;
    char *approval_route;      /* the organisation's approval route, its stages joined
                                  by " → " (or as one sentence); NULL when not given */
    int review_interval_months; /* re-assess, and renew acceptances, this often */
    double appetite;           /* annual loss appetite, NAN if none */

    cr_plan_budget budget;
    double amortisation_years; /* one-off costs spread over this many years in ROSI */

    size_t n_risks;
    cr_plan_risk *risks;
    size_t n_gaps;
    cr_plan_gap *gaps;         /* catalogue order */
    size_t n_items;
    cr_plan_item *items;       /* plan order: priority, then the selection's order */
    size_t n_residuals;
    cr_plan_residual *residuals;

    cr_plan_selection selection;
    double total_one_off, total_annual, total_effort_days;
    double ale_residual, ale_target; /* closed-form totals before and after the plan */
    double ale_target_se;      /* its standard error: from the transfers' simulated
                                  retained losses, 0 when every term is a closed form */
    double rosi;               /* of the whole plan, NAN when it costs nothing */
    double rosi_reduction;     /* the expected loss removed a year the ROSI counts (the
                                  items' reductions summed); its cost is total_annual +
                                  total_one_off / amortisation_years */
    double ale_inherent;       /* closed-form total with no control at all */
    double plausible_lower, plausible_upper; /* the organisation's plausible range of
                                  ale_inherent (doc/simulation.md), NAN when none */

    cr_plan_distribution dist[CR_SCENARIO_COUNT];
    /* With a transfer decision, residual and target are what is retained, net
     * of insurance; this is the target's loss before insurance (gross), on
     * the same simulated years.  present is false without a transfer. */
    cr_plan_distribution target_gross;
    double premium_total;      /* premiums of the transfers, per year (0 when none) */

    cr_decision plan_decision; /* decision on the plan as a whole (id "plan") */
    /* Decisions taken on other inputs (stale) that name a risk of the model
     * no longer on the approval sheet: a risk treated since it was approved
     * drops off the sheet, and its old decision is history, not an error.
     * (Any other id this plan does not hold is refused as a mistake in the
     * file, whatever inputs it names.) */
    size_t n_former_decisions;
    cr_former_decision *former_decisions;
    cr_sim_precision precision; /* precision mode's record (target 0: not used) */
    char *decisions_file;      /* decisions read, or NULL */
    char *decisions_sha256;

    /* What drives the figures and how sure they are (doc/sensitivity.md);
     * NULL when not asked for. */
    cr_sensitivity *sensitivity;   /* the target's tornado */
    cr_control_values *values;     /* the value of each gap control */
    cr_sim_bands *bands;           /* CR_SCENARIO_COUNT entries (inherent not drawn) */
} cr_plan;

/* What `cloudrisk plan` needs. */
typedef struct cr_plan_options {
    const char *data_dir;        /* holds models/ and datasets/ */
    const char *service_path;    /* the service file (JSON) */
    const char *controls_csv;    /* control status from a checklist CSV, or NULL */
    const char *org_path;        /* organisation profile replacing the service file's
                                    "organisation", or NULL (cr_plan_run only) */
    cr_plan_budget budget;       /* set fields override the service file's budget */
    const char *start_date;      /* "YYYY-MM-DD" overriding treatment.start_date, or NULL */
    const char *default_start_date; /* "YYYY-MM-DD" used, instead of the clock's date, when
                                  neither start_date nor treatment.start_date is given
                                  (a batch gives its run's date), or NULL */
    const char *decisions_path;  /* decisions file (JSON or CSV), or NULL */
    const char *as_of_date;      /* "YYYY-MM-DD": the day dates are judged past against;
                                    NULL: default_start_date when given, else today */
    cr_plan_objective objective; /* CR_OBJECTIVE_NET_BENEFIT unless asked */
    double min_rosi;             /* percent, overriding treatment.min_rosi: a control whose
                                    return on its own, (ALE reduction - annualised cost) /
                                    annualised cost, is below it is not chosen; NAN: the
                                    service file's, else no floor (cr_plan_options_init) */
    unsigned long long trials;   /* Monte Carlo trials; 0 = the simulation's default */
    uint64_t seed;
    unsigned threads;            /* 0 = all cores; never changes the numbers */
    const volatile sig_atomic_t *cancel; /* set (by a signal handler) to stop early with
                                            CR_ERR_INTERRUPTED (cancel.h); NULL: never */
    double precision;            /* > 0: precision mode in place of `trials`: the relative
                                    standard error asked of the residual total's mean and
                                    P99 (cr_simulate_to_precision); 0: off */
    uint64_t max_trials;         /* precision mode's cap; 0: CR_SIM_PRECISION_CAP */
    cr_progress_fn progress;     /* the simulations' risk-trials done out of all of
                                    them (progress.h), or NULL */
    void *progress_user;
    bool sensitivity;            /* the tornado and each control's value (default true) */
    unsigned bands;              /* outer samples of the uncertainty bands; 0: none */
} cr_plan_options;

CR_PUBLIC void cr_plan_options_init(cr_plan_options *opt);

/* Open a context for opt->service_path (CR_CONTEXT_PLAN, with
 * opt->controls_csv and opt->org_path; context.h), then cr_plan_draw: the
 * whole of `cloudrisk plan`. */
CR_PUBLIC cr_status cr_plan_run(const cr_plan_options *opt, cr_plan **out, cr_error *err);

/* Put the insurance layer of each transfer decision in the service file's
 * treatment section on the portfolio's risk of that id (the plan's own rule,
 * engine/plan/transfer.c), so that `cloudrisk simulate` shows what the plan
 * shows.  *n_transferred: layers put; *premium: the transfers' premiums a
 * year.  Errors (a malformed decision) name the file and JSON path. */
CR_PUBLIC cr_status cr_plan_apply_transfers(const cr_model *model, const cr_service *service,
                                            cr_portfolio *p, size_t *n_transferred,
                                            double *premium, cr_error *err);

/* ---- Plans for many services: inputs loaded once ------------------------ */

/* What every plan under one data directory shares -- the catalogue, model,
 * calibration and control costs -- is a context (context.h) opened with
 * CR_CONTEXT_PLAN: one context serves any number of threads drawing up
 * plans at once. */

/* One service to plan for, and what the caller has already computed for it
 * (NULL: computed here).  Giving them changes no figure of the plan: it only
 * saves doing the work twice. */
typedef struct cr_plan_subject {
    const cr_service *service;       /* loaded under the context's model, checklist applied */
    const cr_assessment *assessment; /* cr_assess(model, service), or NULL; one of
                                        another service or model is refused */
    /* The residual scenario simulated as the plan would: the portfolio
     * cr_sim_portfolio_from_scores builds from the assessment's scores with
     * credited controls (its scope, the service id, keys the random
     * streams), at opt->trials and opt->seed, with the appetite the plan
     * uses (cr_plan_appetite).  A result for other trials, seed, appetite or
     * risks, or whose expected losses are not this portfolio's, is refused
     * (CR_ERR_ARGUMENT); the result does not say which streams it drew, so a
     * portfolio built with another scope is the caller's to avoid. */
    const cr_sim_result *residual;
    /* The tables the plan's PERT draws invert (cr_dist.table), or NULL:
     * called on every portfolio the plan simulates, before it is simulated,
     * to point its PERT distributions at tables of their shapes that outlive
     * the plan (a batch hands in the tables its services share,
     * engine/batch/batch_tables.c).  A table depends on its shapes alone, so
     * this changes no figure; it only saves building it again. */
    void (*share_tables)(void *user, cr_portfolio *p);
    void *share_tables_user;
} cr_plan_subject;

/* Draw up the plan for one service: assess (unless given), select,
 * schedule, re-assess the target, simulate inherent, residual (unless given)
 * and target, and read opt->decisions_path.  opt->data_dir, service_path and
 * controls_csv are not used: the context and the subject stand for them.
 * The plan is the one cr_plan_run gives for the same files and options, byte
 * for byte in every output. */
CR_PUBLIC cr_status cr_plan_draw(const cr_context *ctx, const cr_plan_subject *subject,
                                 const cr_plan_options *opt, cr_plan **out, cr_error *err);
/* The appetite a plan's simulations use: the criteria's annual-loss appetite
 * when it is positive, else NAN (none). */
CR_PUBLIC double cr_plan_appetite(const cr_model *model);

/* Read a decisions file and record its decisions in the plan.
 * JSON: {"input_sha256": "...", "decisions": [{"id": "7.4.1", "decision":
 *        "approved", "by": "...", "date": "YYYY-MM-DD", "note": "...",
 *        "minutes": "...", "conditions": "...", "accepted_until": "YYYY-MM-DD",
 *        "state": "after_plan", "level": "medium", "expected_loss": 1.5e7,
 *        "p95": 6e7, "items_sha256": "..."}]}
 * CSV:  header id,decision,by,date,note, and optionally minutes,
 *       conditions, accepted_until, input_sha256 and the signed state's
 *       columns (subject, state, level, expected_loss, p95, items_sha256) as
 *       the decisions template (cr_plan_write_decisions_template) has them;
 *       or the plan's own CSV (render_csv: control, decision, decided_by,
 *       decision_date, decision_note, inputs_sha256).  A row whose decision,
 *       by and date are all empty is a subject not yet decided.
 * An id is a plan item's control id, a risk id on the approval sheet, or
 * "plan".  Every decision is judged by cr_decision_judge against this plan's
 * sheet: one taken on another sheet holds when the state it signed (given
 * in the file) has not changed materially.  Errors name the file and the
 * line (CSV) or JSON path. */
CR_PUBLIC cr_status cr_plan_read_decisions(cr_plan *plan, const char *path, cr_error *err);

/* ---- The approval sheet as subjects ------------------------------------- */

/* One subject of the approval sheet with the state it asks management to
 * accept (after the plan): the plan as a whole (when it has items), each
 * plan item, each risk that stays above the acceptable level. */
typedef struct cr_sheet_subject {
    cr_subject_kind kind;
    const char *id;           /* "plan", a control id or a risk id (the plan's) */
    cr_signed_state state;
    const cr_decision *decision; /* the plan's decision on it (kind NONE: none) */
} cr_sheet_subject;

/* The sheet's subjects, in sheet order: the plan, its items, its risks.
 * *out is malloc'd (free it); the ids point into the plan. */
CR_PUBLIC cr_status cr_plan_sheet(const cr_plan *plan, cr_sheet_subject **out, size_t *n,
                                  cr_error *err);
/* The state the sheet shows for one subject id; false when it is not on
 * the sheet. */
CR_PUBLIC bool cr_plan_signed_state(const cr_plan *plan, const char *id, cr_subject_kind *kind,
                                    cr_signed_state *out);

/* The decisions template: one CSV row per subject of the approval sheet
 * with the state it shows and the sheet's hash, and empty decision, by,
 * date, minutes, conditions, accepted_until and note columns to fill in.
 * The filled-in copy is a decisions file (cr_plan_read_decisions). */
CR_PUBLIC cr_status cr_plan_write_decisions_template(const cr_plan *plan, FILE *out,
                                                     cr_error *err);
/* The same template as an XLSX workbook in lang ("en" or "ja"): the state
 * columns locked, a drop-down for the decision, an instructions sheet.  The
 * filled-in workbook is a decisions file too. */
CR_PUBLIC cr_status cr_plan_write_decisions_workbook(const cr_plan *plan, const char *lang,
                                                     FILE *out, cr_error *err);

CR_PUBLIC void cr_plan_free(cr_plan *plan);

/* Return on security investment of one item or the whole plan:
 *   cost = annual + one_off / amortisation_years
 *   ROSI = (ale_reduction - cost) / cost
 * NAN when cost is zero.  See doc/plan.md for a worked example. */
CR_PUBLIC double cr_plan_rosi(double ale_reduction, double one_off, double annual,
                              double amortisation_years);

#ifdef __cplusplus
}
#endif
#endif
