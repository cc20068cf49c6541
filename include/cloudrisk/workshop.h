/*
 * cloudrisk/workshop.h -- risk workshops: the sheets participants fill in,
 * the merge of what they wrote into the service file's per-risk overrides,
 * the merge summary, and the printable pack for the room.
 *
 * The sheet (CSV, UTF-8, one row per risk; doc/workshop.md has the full rules):
 *
 *   service_id,participant,risk_id,risk_name,impact,likelihood,
 *   frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,loss_max,
 *   confidence,comment
 *
 * Every row repeats the service id and the participant, so the sheet is a
 * plain rectangle that survives sorting, filtering and re-saving in a
 * spreadsheet; columns may come in any order.  A row whose impact and
 * likelihood are both empty is an abstention; otherwise both are required
 * (1-5).  Frequency (events per year) and loss (money per event) are optional
 * triples min <= likely <= max, each given whole or left empty.  Confidence is
 * low | medium | high (= 1, 3, 5) or 1-5, or empty.
 *
 * The merge, per risk, over the participants who scored it:
 *   consensus level = median, an even count's two middle values averaged and
 *                     rounded half up ((a + b + 1) / 2 in integers);
 *   spread          = min-max and the median absolute deviation (MAD);
 *   flags           = max - min >= 2 on impact or likelihood, and two
 *                     participants' [min, max] ranges that do not overlap;
 *   frequency, loss = linear opinion pool: the mixture sum_i w_i PERT_i / sum w
 *                     over the participants who gave the estimate (w = 1 unless
 *                     weighted), mean sum w_i (min_i + 4 likely_i + max_i) / 6
 *                     / sum w, variance by the law of total variance.
 *
 * No global state; every result owns what it holds.
 */
#ifndef CLOUDRISK_WORKSHOP_H
#define CLOUDRISK_WORKSHOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sheet's columns, in the order `sheet` writes them. */
#define CR_WORKSHOP_N_COLUMNS 14
extern const char *const cr_workshop_columns[CR_WORKSHOP_N_COLUMNS];

/* Limits on what a sheet may hold (refused with a clear error beyond them). */
#define CR_WORKSHOP_MAX_NAME 200            /* bytes of a participant or service id */
#define CR_WORKSHOP_MAX_FREQUENCY 1e6       /* events per year */
#define CR_WORKSHOP_MAX_LOSS 1e15           /* money per event */
#define CR_WORKSHOP_MAX_RATIONALE 4000      /* bytes of a generated rationale, the
                                               most a service file accepts */
#define CR_WORKSHOP_MIN_WEIGHT 0.001        /* a participant's weight in the pools */
#define CR_WORKSHOP_MAX_WEIGHT 1000.0

/* A risk the sheets are about, as the model names it in the sheet's language. */
typedef struct cr_workshop_risk {
    const char *id;   /* "CR01" */
    const char *name; /* written to risk_name; ignored when read back */
} cr_workshop_risk;

/* A three-point estimate: min <= likely <= max, or not given. */
typedef struct cr_workshop_range {
    bool given;
    double min, likely, max;
} cr_workshop_range;

/* One participant's row for one risk. */
typedef struct cr_workshop_entry {
    long line;                   /* 1-based line of the row in its sheet */
    bool scored;                 /* false: the participant abstained */
    int impact, likelihood;      /* 1-5 when scored, else 0 */
    cr_workshop_range frequency; /* events per year */
    cr_workshop_range loss;      /* money per event */
    int confidence;              /* 1-5, 0 when not stated */
    char *comment;               /* trimmed; "" when none */
} cr_workshop_entry;

/* A participant's sheet, read and checked. */
typedef struct cr_workshop_sheet {
    char *file;        /* as given, named in errors */
    char *service_id;
    char *participant;
    char sha256[65];   /* of the file's bytes */
    size_t n_entries;  /* = the number of risks; entries[i] is risks[i]'s row */
    cr_workshop_entry *entries;
} cr_workshop_sheet;

/* Read a sheet and check every row against the risks it must cover (each
 * exactly once).  Errors name the file and the row's line. */
CR_PUBLIC cr_status cr_workshop_sheet_read(const char *path, const cr_workshop_risk *risks, size_t n_risks,
                                           cr_workshop_sheet *sheet, cr_error *err);
/* The same for text in memory; `name` stands for the file in errors. */
CR_PUBLIC cr_status cr_workshop_sheet_parse(const char *name, const char *text, size_t len,
                                            const cr_workshop_risk *risks, size_t n_risks,
                                            cr_workshop_sheet *sheet, cr_error *err);
CR_PUBLIC void cr_workshop_sheet_clear(cr_workshop_sheet *sheet);

/* A service id or participant name a sheet can carry: 1 to
 * CR_WORKSHOP_MAX_NAME bytes of UTF-8 without leading or trailing blanks (the
 * reader trims cells, so such a name would not read back as written). */
CR_PUBLIC bool cr_workshop_name_valid(const char *name);

/* Write a blank sheet for one participant: the header, then one row per risk
 * with service_id, participant, risk_id and risk_name filled in.  Starts with a
 * UTF-8 byte-order mark so that spreadsheets open Japanese text correctly
 * (the reader skips it). */
CR_PUBLIC cr_status cr_workshop_sheet_write(FILE *fp, const char *service_id, const char *participant,
                                            const cr_workshop_risk *risks, size_t n_risks, cr_error *err);
/* The same sheet as an XLSX workbook (headers and words in lang, "en" or
 * "ja"; scores, frequencies and losses checked as typed; confidence from a
 * drop-down; fixed columns locked; an instructions sheet).
 * cr_workshop_sheet_read takes it back. */
CR_PUBLIC cr_status cr_workshop_sheet_write_xlsx(FILE *fp, const char *service_id,
                                                 const char *participant,
                                                 const cr_workshop_risk *risks,
                                                 size_t n_risks, const char *lang,
                                                 cr_error *err);

/* ---- merge ------------------------------------------------------------------ */

/* The group's view of one qualitative score (impact or likelihood). */
typedef struct cr_workshop_levels {
    size_t n;          /* participants who scored; 0 leaves the rest zero */
    int consensus;     /* the median, rounded half up for an even count */
    double median;     /* the exact median (mean of the two middle values) */
    int min, max;
    double mad;        /* median of |x_i - median| */
    bool disagreement; /* max - min >= 2 */
} cr_workshop_levels;

/* Consensus and spread of n scores (any order, each 1-5). */
CR_PUBLIC cr_status cr_workshop_levels_of(const int *scores, size_t n, cr_workshop_levels *out,
                                          cr_error *err);

/* The group's pooled estimate of one quantity (frequency or loss). */
typedef struct cr_workshop_pool {
    size_t n;          /* participants who gave the estimate; 0: no pool */
    cr_dist dist;      /* the opinion pool, a mixture with one PERT (or
                          constant, when min = max) per participant */
    bool disjoint;     /* two participants' [min, max] do not overlap */
    size_t above;      /* then: index (into the inputs) of the range lying */
    size_t below;      /* wholly above, and of the one wholly below */
} cr_workshop_pool;

/* Pool ranges[i] (those with given) with weights[i] > 0.  Fills pool->n = 0
 * when no range is given. */
CR_PUBLIC cr_status cr_workshop_pool_of(const cr_workshop_range *ranges, const double *weights, size_t n,
                                        cr_workshop_pool *pool, cr_error *err);
CR_PUBLIC void cr_workshop_pool_clear(cr_workshop_pool *pool);

/* The p-quantile (0 < p < 1) of a pool built by cr_workshop_pool_of: the
 * smallest x with F(x) >= p, where F = sum w_i F_i and F_i is a component's
 * Beta CDF, found by bisection to a relative 1e-12 of the support. */
CR_PUBLIC double cr_workshop_pool_quantile(const cr_dist *pool, double p);

/* A participant's weight in the opinion pools (default 1). */
typedef struct cr_workshop_weight {
    char participant[CR_WORKSHOP_MAX_NAME + 1];
    double weight;
} cr_workshop_weight;

/* Parse "NAME=W" (W from CR_WORKSHOP_MIN_WEIGHT to CR_WORKSHOP_MAX_WEIGHT;
 * NAME up to the last '='). */
CR_PUBLIC cr_status cr_workshop_weight_parse(const char *arg, cr_workshop_weight *out, cr_error *err);

/* One participant of a merged workshop. */
typedef struct cr_workshop_participant {
    char *name;
    char *file;        /* the sheet */
    char sha256[65];
    double weight;     /* as given (1 by default); pools normalise */
} cr_workshop_participant;

/* The merge of one risk. */
typedef struct cr_workshop_consensus {
    char *risk_id;
    char *risk_name;
    cr_workshop_entry *entries;  /* one per participant, in participant order (copies) */
    cr_workshop_levels impact, likelihood;
    cr_workshop_pool frequency, loss;
    size_t n_confidence;         /* participants who stated a confidence */
    double confidence_mean;
    char *rationale;             /* generated, at most CR_WORKSHOP_MAX_RATIONALE
                                    bytes (comments shortened to fit); NULL when
                                    nobody scored the risk */
} cr_workshop_consensus;

typedef struct cr_workshop_result {
    char *service_id;
    char date[11];                       /* YYYY-MM-DD */
    char inputs_sha256[65];              /* of the sheets' hashes, in participant order */
    size_t n_participants;
    cr_workshop_participant *participants; /* sorted by name (bytewise) */
    size_t n_risks;
    cr_workshop_consensus *risks;        /* in the order of the risk list */
} cr_workshop_result;

/* Merge sheets (in any order: the result depends only on their content).
 * Checks that all are for one service, that no participant appears twice and
 * that every weight names a participant; date is YYYY-MM-DD.  At least one
 * risk must be scored. */
CR_PUBLIC cr_status cr_workshop_merge(const cr_workshop_sheet *sheets, size_t n_sheets,
                                      const cr_workshop_risk *risks, size_t n_risks,
                                      const cr_workshop_weight *weights, size_t n_weights,
                                      const char *date, cr_workshop_result *out, cr_error *err);
CR_PUBLIC void cr_workshop_result_clear(cr_workshop_result *result);

/* ---- output ----------------------------------------------------------------- */

/* The service file's block: {"CRnn": {"impact", "likelihood", "frequency",
 * "loss", "participants", "rationale", "date"}, ...} for every scored risk. */
CR_PUBLIC cJSON *cr_workshop_overrides_json(const cr_workshop_result *result);

/* Facts recorded beside the overrides. */
typedef struct cr_workshop_provenance {
    const char *model_version;
    const char *generator; /* "cloudrisk 0.1.0" */
} cr_workshop_provenance;

/* The merge output: {"workshop": {service_id, date, participants, weights,
 * inputs_sha256, model_version, generator}, "risk_overrides": {...}}. */
CR_PUBLIC cJSON *cr_workshop_document_json(const cr_workshop_result *result,
                                           const cr_workshop_provenance *prov);

/* A copy of a service file's JSON (`service`, not modified) with its
 * "risk_overrides" replaced by the result's (added when absent).  The
 * service's id (as the service file states it) must be the sheets' service
 * id. */
CR_PUBLIC cr_status cr_workshop_into_service(const cJSON *service, const char *service_file,
                                             const char *service_id, const cr_workshop_result *result,
                                             cJSON **out, cr_error *err);

typedef enum cr_workshop_format {
    CR_WORKSHOP_TEXT = 0,
    CR_WORKSHOP_HTML = 1
} cr_workshop_format;

/* The merge summary in lang ("ja" or "en"): each risk's consensus, spread,
 * pooled estimates and flags, then the flagged risks with every
 * participant's answers and comments.  HTML is one self-contained page; all
 * input text is escaped. */
CR_PUBLIC cr_status cr_workshop_summary_write(FILE *fp, const cr_workshop_result *result,
                                              const cr_workshop_provenance *prov,
                                              cr_workshop_format format, const char *lang,
                                              cr_error *err);

/* ---- the pack -------------------------------------------------------------- */

struct cr_assessment; /* score.h */

/* The printable workshop pack for an assessed service, in lang "ja" or "en":
 * one self-contained HTML page with the service's profile and the exposure
 * rules it triggers, how to score, the impact and likelihood scales with their
 * money and frequency bands, the risk matrix, every risk with its description
 * and current inherent and residual scores, the gaps of each risk that needs
 * treatment, and a blank scoring table.  `generator` (may be NULL) names the
 * program in the page. */
CR_PUBLIC cr_status cr_workshop_pack_write(FILE *fp, const struct cr_assessment *assessment,
                                           const char *lang, const char *generator, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
