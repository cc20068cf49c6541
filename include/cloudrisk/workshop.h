/*
 * cloudrisk/workshop.h -- risk workshops: the sheets participants fill in,
 * the merge of what they wrote into the service file's per-risk overrides,
 * the merge summary, and the printable pack for the room.
 *
 * The sheet (CSV, UTF-8, one row per risk handed out; the columns are the
 * table of cr_workshop_column_info, by English key or Japanese header; doc/workshop.md
 * has the full rules).  Every row repeats the service id, the participant and
 * the round, so the sheet is a plain rectangle that survives sorting,
 * filtering and re-saving in a spreadsheet.  Reference columns (today's score,
 * the scales, the previous round) are written for the participant and ignored
 * when read.  A row whose impact and likelihood are both empty is an
 * abstention; otherwise both are required (1-5, optionally followed by the
 * level's name).  Frequency (events per year) and loss (money per event) are
 * triples min <= likely <= max, given together or not at all.  Confidence is
 * low | medium | high | 低 | 中 | 高 (= 1, 3, 5) or 1-5, or empty; the basis
 * current (現状, default) or inherent (固有).
 *
 * The merge, per risk, over the participants who scored it:
 *   consensus level = median, an even count's two middle values averaged and
 *                     rounded half up ((a + b + 1) / 2 in integers);
 *   spread          = min-max and the median absolute deviation (MAD);
 *   flags           = max - min >= 2 on impact or likelihood, and two
 *                     participants' [min, max] ranges that do not overlap;
 *                     the participant who stands apart is named (outlier.c);
 *   estimates       = a joint linear opinion pool of whole judgements: a year
 *                     draws participant i with probability w_i / sum w, then
 *                     i's frequency and i's loss; expected annual loss
 *                     sum w_i E[F_i] E[L_i] / sum w.  The marginal pools
 *                     (mixtures of the PERTs) are what the summary shows.
 *
 * No global state; every result owns what it holds.
 */
#ifndef CLOUDRISK_WORKSHOP_H
#define CLOUDRISK_WORKSHOP_H

#include <signal.h>
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

/* The sheet's columns, in the order `sheet` writes them: one table, read by
 * the CSV writer and reader (and by any other form of the sheet).  The reader
 * accepts a column by its key or by its Japanese header. */
typedef enum cr_workshop_column_role {
    CR_WS_COL_KEY,       /* identifies the row; required */
    CR_WS_COL_OPTIONAL,  /* read when present, else its default */
    CR_WS_COL_REFERENCE, /* written for the participant to read; ignored when read */
    CR_WS_COL_ANSWER     /* the participant's answer; required (the cell may be empty) */
} cr_workshop_column_role;

typedef struct cr_workshop_column {
    const char *key; /* "impact": the English header */
    const char *ja;  /* "影響度": the Japanese header */
    cr_workshop_column_role role;
} cr_workshop_column;

enum cr_workshop_column_id {
    CR_WS_SERVICE, CR_WS_PARTICIPANT, CR_WS_ROUND, CR_WS_RISK_ID, CR_WS_RISK_NAME,
    CR_WS_CURRENT, CR_WS_IMPACT_SCALE, CR_WS_LIKELIHOOD_SCALE, CR_WS_PREVIOUS,
    CR_WS_YOUR_PREVIOUS, CR_WS_BASIS, CR_WS_IMPACT, CR_WS_LIKELIHOOD, CR_WS_FREQ_MIN,
    CR_WS_FREQ_LIKELY, CR_WS_FREQ_MAX, CR_WS_LOSS_MIN, CR_WS_LOSS_LIKELY, CR_WS_LOSS_MAX,
    CR_WS_CONFIDENCE, CR_WS_COMMENT, CR_WORKSHOP_N_COLUMNS
};
/* Column c (0 <= c < CR_WORKSHOP_N_COLUMNS) of the table, or NULL. */
CR_PUBLIC const cr_workshop_column *cr_workshop_column_info(int c);

/* The header of column c in lang ("ja" or anything else: the key). */
CR_PUBLIC const char *cr_workshop_column_header(int c, const char *lang);

/* The basis of an estimate (doc/simulation.md): with today's controls
 * ("current", the default) or before any control ("inherent"). */
typedef enum cr_workshop_basis { CR_WS_BASIS_CURRENT = 0, CR_WS_BASIS_INHERENT = 1 } cr_workshop_basis;
CR_PUBLIC const char *cr_workshop_basis_name(cr_workshop_basis basis);             /* "current" */
CR_PUBLIC const char *cr_workshop_basis_label(cr_workshop_basis basis, const char *lang); /* "現状" */

/* Limits on what a sheet may hold (refused with a clear error beyond them). */
#define CR_WORKSHOP_MAX_NAME 200            /* bytes of a participant or service id */
#define CR_WORKSHOP_MAX_FREQUENCY CR_DIST_MAX_RATE /* events per year: what the
                                                      simulation takes */
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
    long line;                   /* 1-based line of the row in its sheet; 0: the
                                    sheet has no row for the risk */
    bool scored;                 /* false: the participant abstained */
    int impact, likelihood;      /* 1-5 when scored, else 0 */
    cr_workshop_range frequency; /* events per year */
    cr_workshop_range loss;      /* money per event */
    int confidence;              /* 1-5, 0 when not stated */
    cr_workshop_basis basis;     /* of the estimates (current when not stated) */
    char *comment;               /* trimmed; "" when none */
} cr_workshop_entry;

/* A participant's sheet, read and checked. */
typedef struct cr_workshop_sheet {
    char *file;        /* as given, named in errors */
    char *service_id;
    char *participant;
    int round;         /* 1 unless the sheet says otherwise */
    cr_workshop_basis basis; /* of every estimate in the sheet */
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
/* The same, where a sheet of round 2 or later may have been handed out for
 * some of the risks only: risks without a row keep entries[k].line = 0.  A
 * round-1 sheet must still cover every risk.  cr_workshop_merge checks that
 * all sheets cover the same risks. */
CR_PUBLIC cr_status cr_workshop_sheet_read_partial(const char *path, const cr_workshop_risk *risks,
                                         size_t n_risks, cr_workshop_sheet *sheet,
                                         cr_error *err);
CR_PUBLIC cr_status cr_workshop_sheet_parse_partial(const char *name, const char *text, size_t len,
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

/* The reference texts of one risk's row (any may be NULL: left empty). */
typedef struct cr_workshop_anchor {
    const char *current;       /* today's qualitative score, with the levels' meaning */
    const char *previous;      /* the previous round's pooled result */
    const char *your_previous; /* this participant's own previous answer */
} cr_workshop_anchor;

/* Everything an anchored sheet carries. */
typedef struct cr_workshop_sheet_spec {
    const char *service_id, *participant;
    const char *lang;             /* "ja" or "en": headers and values */
    int round;                    /* >= 1 */
    cr_workshop_basis basis;      /* asked for (prefilled in every row) */
    const char *impact_scale;     /* the scales' meaning, repeated in every row */
    const char *likelihood_scale; /* so that a sorted sheet still shows it */
    const cr_workshop_risk *risks;
    const cr_workshop_anchor *anchors; /* one per risk, or NULL */
    size_t n_risks;
    /* A sheet filled in (NULL: blank): row k's cell of column c is
     * answers[k * CR_WORKSHOP_N_COLUMNS + c] for the basis and the answer
     * columns (NULL or "" leaves it as a blank sheet has it), written as
     * given, so that it reads back as the participant typed it. */
    const char *const *answers;
} cr_workshop_sheet_spec;

CR_PUBLIC cr_status cr_workshop_sheet_write_spec(FILE *fp, const cr_workshop_sheet_spec *spec,
                                       cr_error *err);
/* The same sheet as an XLSX workbook (headers and words in spec->lang; the
 * key and reference columns locked; scores, frequencies and losses checked
 * as typed; confidence from a drop-down; an instructions sheet).
 * cr_workshop_sheet_read takes it back. */
CR_PUBLIC cr_status cr_workshop_sheet_write_xlsx(FILE *fp, const cr_workshop_sheet_spec *spec,
                                                 cr_error *err);

struct cr_assessment; /* score.h */
struct cr_service;    /* score.h */

/* The reference texts of an anchored sheet, owned. */
typedef struct cr_workshop_anchors {
    char *impact_scale, *likelihood_scale;
    cr_workshop_anchor *anchors; /* n, its strings owned */
    size_t n;
} cr_workshop_anchors;

/* Build them in lang for the model risks risks[0..n) (indices): the scales
 * with each level's money or frequency band, each risk's residual and
 * inherent score today (from the assessment), its previous round's pooled
 * result (from `previous`'s overrides, when given) and the participant's own
 * previous answer (from `own`, a sheet read for all of the model's risks,
 * when given). */
CR_PUBLIC cr_status cr_workshop_anchors_build(const struct cr_assessment *assessment,
                                    const struct cr_service *previous,
                                    const cr_workshop_sheet *own, const size_t *risks, size_t n,
                                    const char *lang, cr_workshop_anchors *out, cr_error *err);
CR_PUBLIC void cr_workshop_anchors_clear(cr_workshop_anchors *anchors);

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
    bool handed_out;             /* the sheets have rows for this risk */
    cr_workshop_basis basis;     /* of the pooled estimates */
    double annual_loss;          /* the joint pool's expected annual loss
                                    sum w_i E[F_i] E[L_i] / sum w; NAN: no pool */
    size_t outlier;              /* the participant far from the others
                                    (outlier.c), or n_participants: none */
    char *rationale;             /* generated, at most CR_WORKSHOP_MAX_RATIONALE
                                    bytes (comments shortened to fit); NULL when
                                    nobody scored the risk */
} cr_workshop_consensus;

typedef struct cr_workshop_result {
    char *service_id;
    char date[11];                       /* YYYY-MM-DD */
    int round;                           /* the sheets' round */
    bool anonymous;                      /* names replaced by letters */
    char lang[3];                        /* of the flags' reasons written as "contested"
                                            ("en" unless set to "ja"; the rationale is
                                            always English) */
    char currency[8];                    /* ISO 4217 of the losses ("JPY" unless set) */
    char inputs_sha256[65];              /* of the sheets' hashes, in participant order */
    size_t n_participants;
    cr_workshop_participant *participants; /* sorted by name (bytewise) */
    size_t n_risks;
    cr_workshop_consensus *risks;        /* in the order of the risk list */
} cr_workshop_result;

/* Merge sheets (in any order: the result depends only on their content).
 * Checks that all are for one service and one round, cover the same risks
 * (a later round's sheets may cover some only), that no participant appears
 * twice, that the estimates of a risk share one basis and that every weight
 * names a participant; date is YYYY-MM-DD.  At least one risk must be
 * scored. */
CR_PUBLIC cr_status cr_workshop_merge(const cr_workshop_sheet *sheets, size_t n_sheets,
                            const cr_workshop_risk *risks, size_t n_risks,
                            const cr_workshop_weight *weights, size_t n_weights,
                            const char *date, cr_workshop_result *out, cr_error *err);
CR_PUBLIC void cr_workshop_result_clear(cr_workshop_result *result);

/* An anonymous merge (anonymity.c): replace every participant's name by a
 * letter, reusing the letters of `mapping` ({"service_id", "participants":
 * {"A": "name", ...}}, extended in place with newcomers), leave the sheets'
 * file names out, and write the rationales again with the letters.  Call it
 * before writing anything.  The mapping is the facilitator's and never goes
 * into a service file. */
CR_PUBLIC cr_status cr_workshop_anonymise(cr_workshop_result *result, cJSON *mapping, cr_error *err);
/* Read the mapping at path (a new, empty one when there is no such file)
 * and check it is for the service. */
CR_PUBLIC cr_status cr_workshop_mapping_load(const char *path, const char *service_id, cJSON **out,
                                   cr_error *err);
/* Check a mapping read from `file` for the service. */
CR_PUBLIC cr_status cr_workshop_mapping_check(const cJSON *mapping, const char *file,
                                    const char *service_id, cr_error *err);


/* ---- output ----------------------------------------------------------------- */

/* The service file's block: {"CRnn": {"impact", "likelihood", "frequency",
 * "loss", "participants", "rationale", "date"}, ...} for every scored risk. */
CR_PUBLIC cJSON *cr_workshop_overrides_json(const cr_workshop_result *result);

/* Facts recorded beside the overrides. */
typedef struct cr_workshop_provenance {
    const char *model_version;
    const char *generator; /* "cloudrisk 0.1.0" */
    const char *currency;  /* ISO 4217 of the losses (NULL: JPY) */
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

/* ---- a live workshop: `cloudrisk workshop serve` (doc/workshop-serve.md) ------ */

struct cr_model; /* model.h */

/* What one round hands to the merge when it ends: the sheets written (one
 * per participant who answered), the service file the round merges into,
 * the risks handed out ("CR01,CR07"; NULL: every risk) and where the merged
 * service file and the summary go.  Paths are built from the output
 * directory as given and names the server makes, never from a request. */
typedef struct cr_workshop_serve_round {
    int round;
    const char *const *sheets;
    size_t n_sheets;
    const char *into, *risks, *out_json, *summary;
    const char *date; /* YYYY-MM-DD */
} cr_workshop_serve_round;

/* Merge a round's sheets exactly as `cloudrisk workshop merge` does (the
 * command passes its own merge), filling err on failure. */
typedef cr_status (*cr_workshop_serve_merge_fn)(void *user, const cr_workshop_serve_round *round,
                                                cr_error *err);

typedef struct cr_workshop_serve_config {
    const struct cr_model *model;
    const char *service_path;  /* the service file of the workshop */
    const size_t *risks;       /* model indices handed out in the first round */
    size_t n_risks;
    const char *risk_list;     /* as given with --risks, or NULL: every risk */
    int first_round;           /* the round the workshop starts with (>= 1) */
    const char *lang;          /* "ja" or "en": pages, sheets and summaries */
    bool anonymous;            /* participants are letters, never names */
    const char *bind;          /* address to listen on ("127.0.0.1") */
    unsigned port;             /* 0: any free port */
    const char *out_dir;       /* journal, sheets and merged files */
    const char *date;          /* the merges' date (YYYY-MM-DD); NULL: the day each
                                  round ends */
    const char *generator;     /* "cloudrisk 0.1.0", shown on the pages */
    cr_workshop_serve_merge_fn merge;
    void *merge_user;
    FILE *log;                 /* the addresses, then one line per event */
} cr_workshop_serve_config;

/* Serve the workshop until *stop becomes nonzero (the command's SIGINT and
 * SIGTERM flag).  Starts from the journal in out_dir when there is one (a
 * restart: every saved answer is back), else a new journal.  Returns CR_OK
 * after a clean stop, whether or not the workshop was closed. */
CR_PUBLIC cr_status cr_workshop_serve(const cr_workshop_serve_config *config,
                                      const volatile sig_atomic_t *stop, cr_error *err);

/* ---- the pack -------------------------------------------------------------- */

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
