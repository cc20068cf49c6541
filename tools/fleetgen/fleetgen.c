/*
 * fleetgen -- write a synthetic fleet of N cloud services for `cloudrisk
 * batch` tests and benchmarks.
 *
 *   fleetgen --count N --out DIR [--seed S] [--revision R --changed F]
 *            [--checklists F] [--data-dir DIR]
 *
 * Each service svc-NNNNN gets an archetype (public SaaS with personal data,
 * public IaaS, private cloud, small SaaS, community PaaS, hybrid), a profile
 * and asset values varied around it, and a control maturity from which the
 * status of each of the 135 controls is drawn (implemented, partial with an
 * effectiveness, planned, not implemented, now and then not applicable).  A
 * fraction of the services (--checklists) keeps its control states in a
 * checklist NAME.csv beside NAME.json instead of in the service file.
 *
 * Everything is drawn from a SplitMix64 stream seeded by (seed, service
 * index), so a fleet is the same bytes for the same seed whatever else is
 * asked, and service i does not depend on N.
 *
 * --revision R --changed F rewrites the fleet with revision R applied to the
 * fraction F of services chosen by a hash of (seed, R, index): a few of their
 * controls move one status up (work done) or down (a lapse).  The other
 * services are written byte for byte as before, which is how a benchmark
 * makes "1% of the fleet changed".
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"

/* SplitMix64 (Steele, Lea and Flood 2014): a small generator that passes
 * BigCrush and, keyed per service, lets service i be drawn on its own. */
typedef struct rng {
    uint64_t state;
} rng;

static uint64_t next_u64(rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(rng *r)
{
    return (double)(next_u64(r) >> 11) * 0x1.0p-53;
}

static long between(rng *r, long lo, long hi)
{
    return lo + (long)(uniform(r) * (double)(hi - lo + 1));
}

static rng stream(uint64_t seed, uint64_t a, uint64_t b)
{
    rng r = {seed};
    r.state = next_u64(&r) ^ a;
    r.state = next_u64(&r) ^ (b * 0xD1B54A32D192ED03ULL);
    (void)next_u64(&r);
    return r;
}

typedef struct archetype {
    const char *name;
    const char *service_model, *deployment;
    bool multi_tenant, internet_exposed, personal_data;
    long users_lo, users_hi;
    int assets[3];
    double maturity_lo, maturity_hi;
} archetype;

static const archetype archetypes[] = {
    {"public SaaS with personal data", "saas", "public", true, true, true, 1000, 500000,
     {4, 3, 3}, 0.3, 0.9},
    {"public IaaS", "iaas", "public", true, true, false, 100, 50000, {3, 3, 4}, 0.5, 0.95},
    {"private cloud", "iaas", "private", false, false, false, 50, 5000, {3, 4, 4}, 0.4, 0.9},
    {"small SaaS", "saas", "public", true, true, false, 10, 500, {3, 2, 2}, 0.05, 0.5},
    {"community PaaS", "paas", "community", true, true, true, 200, 20000, {3, 3, 3}, 0.3, 0.8},
    {"hybrid business system", "saas", "hybrid", false, true, true, 100, 10000, {4, 4, 3},
     0.3, 0.85},
};
#define N_ARCHETYPES (sizeof archetypes / sizeof archetypes[0])

static const char *const countries[] = {"JP", "US", "SG", "DE", "IE", "AU", "GB", "KR"};
#define N_COUNTRIES (sizeof countries / sizeof countries[0])

static int clamp_level(int v)
{
    return v < 1 ? 1 : v > 5 ? 5 : v;
}

/* Draw a control's state for a maturity in [0, 1]. */
static void draw_state(rng *r, double maturity, cr_control_state *s)
{
    memset(s, 0, sizeof *s);
    s->listed = true;
    s->effectiveness = -1;
    double u = uniform(r);
    if (u < 0.03) {
        s->status = CR_CONTROL_NOT_APPLICABLE;
    } else if (u < 0.03 + 0.75 * maturity) {
        s->status = CR_CONTROL_IMPLEMENTED;
        if (uniform(r) < 0.3)
            s->effectiveness = 0.5 + 0.05 * (double)between(r, 0, 10);
    } else if (u < 0.03 + 0.9 * maturity) {
        s->status = CR_CONTROL_PARTIAL;
        s->effectiveness = 0.2 + 0.05 * (double)between(r, 0, 12);
    } else if (u < 0.08 + 0.9 * maturity) {
        s->status = CR_CONTROL_PLANNED;
    } else {
        s->status = CR_CONTROL_NOT_IMPLEMENTED;
    }
}

/* A revision moves a few controls one status along. */
static void revise(rng *r, cr_control_state *states, size_t n)
{
    long moves = between(r, 1, 4);
    for (long k = 0; k < moves; k++) {
        cr_control_state *s = &states[between(r, 0, (long)n - 1)];
        if (s->status == CR_CONTROL_NOT_APPLICABLE)
            continue;
        bool up = uniform(r) < 0.6;
        if (up && s->status < CR_CONTROL_IMPLEMENTED)
            s->status = (cr_control_status)(s->status + 1);
        else if (!up && s->status > CR_CONTROL_NOT_IMPLEMENTED)
            s->status = (cr_control_status)(s->status - 1);
        s->effectiveness = s->status == CR_CONTROL_PARTIAL ? 0.5 : -1;
    }
}

static cJSON *controls_json(const cr_model *model, const cr_control_state *states)
{
    cJSON *controls = cJSON_CreateObject();
    for (size_t i = 0; i < cr_model_control_count(model); i++) {
        const cr_control_state *s = &states[i];
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "status", cr_control_status_name(s->status));
        if (s->effectiveness >= 0)
            cJSON_AddNumberToObject(c, "effectiveness", s->effectiveness);
        cJSON_AddItemToObject(controls, cr_model_control(model, i)->id, c);
    }
    return controls;
}

typedef struct options {
    unsigned long count;
    uint64_t seed;
    const char *out;
    unsigned long revision;
    double changed;
    double checklists;
} options;

/* Write a file unless it already holds exactly these bytes: a revision then
 * touches only the services it changes, as an edit would. */
static int write_text(const char *path, const char *text, size_t len, cr_error *err)
{
    char *old = NULL;
    size_t old_len = 0;
    cr_error ignored;
    if (cr_read_file(path, CR_MAX_INPUT_BYTES, &old, &old_len, &ignored) == CR_OK &&
        old_len == len && memcmp(old, text, len) == 0) {
        free(old);
        return 0;
    }
    free(old);
    cr_outfile out;
    if (cr_outfile_open(&out, path, err))
        return 1;
    fwrite(text, 1, len, out.fp);
    return cr_outfile_commit(&out, err) ? 1 : 0;
}

static int write_service(const cr_model *model, const options *o, unsigned long index,
                         cr_control_state *states, cr_error *err)
{
    rng r = stream(o->seed, index, 0);
    const archetype *a = &archetypes[between(&r, 0, N_ARCHETYPES - 1)];
    char id[32], name[160], path[4200];
    snprintf(id, sizeof id, "svc-%05lu", index);
    snprintf(name, sizeof name, "Synthetic service %lu (%s)", index, a->name);

    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", CR_SERVICE_SCHEMA);
    cJSON_AddStringToObject(doc, "id", id);
    cJSON_AddStringToObject(doc, "name", name);
    cJSON *owner = cJSON_AddObjectToObject(doc, "owner");
    char owner_name[64], email[96];
    snprintf(owner_name, sizeof owner_name, "Owner of %s", id);
    snprintf(email, sizeof email, "owner+%s@example.jp", id);
    cJSON_AddStringToObject(owner, "name", owner_name);
    cJSON_AddStringToObject(owner, "email", email);
    cJSON *profile = cJSON_AddObjectToObject(doc, "profile");
    cJSON_AddStringToObject(profile, "service_model", a->service_model);
    cJSON_AddStringToObject(profile, "deployment", a->deployment);
    cJSON_AddBoolToObject(profile, "multi_tenant", uniform(&r) < 0.9 ? a->multi_tenant
                                                                      : !a->multi_tenant);
    cJSON_AddBoolToObject(profile, "internet_exposed", a->internet_exposed);
    /* users log-uniform in the archetype's range */
    double lu = (double)a->users_lo, hu = (double)a->users_hi;
    long users = (long)(lu * exp(uniform(&r) * log(hu / lu)));
    cJSON_AddNumberToObject(profile, "users", (double)users);
    cJSON_AddNumberToObject(profile, "subcontractors", (double)between(&r, 0, 8));
    cJSON *juris = cJSON_AddArrayToObject(profile, "jurisdictions");
    cJSON_AddItemToArray(juris, cJSON_CreateString("JP"));
    long extra = between(&r, 0, 2);
    for (long k = 0; k < extra; k++) {
        const char *c = countries[between(&r, 1, N_COUNTRIES - 1)];
        bool seen = false;
        for (int m = 0; m < cJSON_GetArraySize(juris); m++)
            seen = seen || strcmp(cJSON_GetArrayItem(juris, m)->valuestring, c) == 0;
        if (!seen)
            cJSON_AddItemToArray(juris, cJSON_CreateString(c));
    }
    cJSON_AddBoolToObject(profile, "personal_data",
                          uniform(&r) < 0.85 ? a->personal_data : !a->personal_data);
    cJSON *assets = cJSON_AddObjectToObject(doc, "assets");
    static const char *const dims[] = {"confidentiality", "integrity", "availability"};
    for (int d = 0; d < 3; d++)
        cJSON_AddNumberToObject(assets, dims[d],
                                clamp_level(a->assets[d] + (int)between(&r, -1, 1)));

    double maturity = a->maturity_lo + (a->maturity_hi - a->maturity_lo) * uniform(&r);
    size_t n_controls = cr_model_control_count(model);
    for (size_t i = 0; i < n_controls; i++)
        draw_state(&r, maturity, &states[i]);
    bool checklist = uniform(&r) < o->checklists;
    if (o->revision > 0) {
        rng pick = stream(o->seed ^ 0x5245564953494F4EULL, index, o->revision);
        if (uniform(&pick) < o->changed)
            revise(&pick, states, n_controls);
    }

    snprintf(path, sizeof path, "%s/%s.csv", o->out, id);
    int failed = 0;
    if (checklist) {
        char *csv = NULL;
        size_t csv_len = 0;
        FILE *mem = open_memstream(&csv, &csv_len);
        failed = !mem || cr_checklist_write(model, states, false, mem, err) != CR_OK;
        if (mem)
            fclose(mem);
        failed = failed || write_text(path, csv, csv_len, err);
        free(csv);
    } else {
        remove(path); /* a checklist from an earlier fleet would override the file */
        cJSON_AddItemToObject(doc, "controls", controls_json(model, states));
    }
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text)
        return 1;
    snprintf(path, sizeof path, "%s/%s.json", o->out, id);
    failed = failed || write_text(path, text, strlen(text), err);
    cJSON_free(text);
    return failed;
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: fleetgen --count N --out DIR [--seed S] [--revision R --changed F]\n"
            "                [--checklists F] [--data-dir DIR]\n"
            "Write N synthetic services (svc-NNNNN.json, some with svc-NNNNN.csv) into DIR.\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"count", required_argument, NULL, 'n'},
                                             {"out", required_argument, NULL, 'o'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"revision", required_argument, NULL, 'r'},
                                             {"changed", required_argument, NULL, 'c'},
                                             {"checklists", required_argument, NULL, 'k'},
                                             {"data-dir", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    options o = {0, 1, NULL, 0, 0.0, 0.2};
    const char *data_dir = getenv("CLOUDRISK_DATA");
    if (!data_dir || !*data_dir)
        data_dir = CLOUDRISK_SOURCE_DIR;
    int opt;
    char *end;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        errno = 0;
        switch (opt) {
        case 'n':
            o.count = strtoul(optarg, &end, 10);
            if (*end || errno || o.count == 0 || o.count > 10000000) {
                fprintf(stderr, "fleetgen: --count: expected 1 to 10000000\n");
                return 2;
            }
            break;
        case 'o':
            o.out = optarg;
            break;
        case 's':
            o.seed = strtoull(optarg, &end, 10);
            if (*end || errno) {
                fprintf(stderr, "fleetgen: --seed: expected a non-negative integer\n");
                return 2;
            }
            break;
        case 'r':
            o.revision = strtoul(optarg, &end, 10);
            if (*end || errno) {
                fprintf(stderr, "fleetgen: --revision: expected a non-negative integer\n");
                return 2;
            }
            break;
        case 'c':
        case 'k': {
            double f = strtod(optarg, &end);
            if (*end || !(f >= 0 && f <= 1)) {
                fprintf(stderr, "fleetgen: expected a fraction from 0 to 1, got '%s'\n",
                        optarg);
                return 2;
            }
            if (opt == 'c')
                o.changed = f;
            else
                o.checklists = f;
            break;
        }
        case 'd':
            data_dir = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (!o.count || !o.out || optind != argc) {
        usage(stderr);
        return 2;
    }
    if (mkdir(o.out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "fleetgen: %s: %s\n", o.out, strerror(errno));
        return 4;
    }
    cr_error err;
    cr_error_clear(&err);
    cr_catalog *catalog = NULL;
    cr_model *model = NULL;
    cr_status s = cr_catalog_load(data_dir, &catalog, &err);
    if (!s)
        s = cr_model_load(data_dir, catalog, &model, &err);
    cr_control_state *states =
        s ? NULL : calloc(cr_model_control_count(model) + 1, sizeof *states);
    if (!s && !states)
        s = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (unsigned long i = 0; !s && i < o.count; i++)
        if (write_service(model, &o, i, states, &err))
            s = err.status ? err.status : CR_ERR_IO;
    free(states);
    cr_model_free(model);
    cr_catalog_free(catalog);
    if (s) {
        char text[2048];
        cr_error_format(&err, text, sizeof text);
        fprintf(stderr, "fleetgen: %s\n", text);
        return (int)s;
    }
    return 0;
}
