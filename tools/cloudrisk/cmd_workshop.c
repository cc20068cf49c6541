/*
 * cmd_workshop.c -- `cloudrisk workshop pack|sheet|merge|serve`: the material for a
 * risk workshop, the participants' sheets, and the merge of what they wrote
 * into the service file's risk overrides (doc/workshop.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "workshop_cli.h"

static void usage_workshop(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop COMMAND [ARGS]\n"
            "\n"
            "Prepare a risk workshop and merge what its participants wrote.\n"
            "\n"
            "Commands:\n"
            "  pack SERVICE.json    printable HTML pack for the room (profile, scales,\n"
            "                       risks with current scores, gaps, blank scoring table)\n"
            "  sheet SERVICE.json   a participant's CSV sheet to fill in\n"
            "  merge SHEET.csv...   merge the sheets into the service's risk overrides\n"
            "  serve SERVICE.json   a live workshop in the browser, with a projector view\n"
            "\n"
            "Run 'cloudrisk workshop COMMAND --help' for a command's options.\n"
            "Sheet format and merge rules: doc/workshop.md.\n");
}

static void usage_pack(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop pack SERVICE.json [--controls FILE.csv]\n"
            "                                [--lang ja|en] [--out FILE.html]\n"
            "\n"
            "Write the workshop pack: one self-contained, printable HTML page with the\n"
            "service's profile, how to score, the impact and likelihood scales with\n"
            "their money and frequency bands, the risk matrix, the risks with their\n"
            "descriptions and current inherent and residual scores, the gaps of each\n"
            "risk that needs treatment, and a blank scoring table.\n"
            "\n"
            "Options:\n"
            "  --controls FILE.csv  control status from a checklist (see 'cloudrisk checklist')\n"
            "  --lang ja|en         language of the pack (default en)\n"
            "  --out FILE.html      write here instead of standard output\n"
            "  -h, --help           print this help and exit\n");
}

bool ws_lang_ok(const char *lang) { return strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0; }

void ws_loaded_free(ws_loaded *l)
{
    cr_context_free(l->context);
    memset(l, 0, sizeof *l);
}

cr_status ws_load(const cli_context *ctx, const cr_context_options *options, ws_loaded *l,
                  cr_error *err)
{
    memset(l, 0, sizeof *l);
    cr_context_options co = *options;
    co.parts |= CR_CONTEXT_MODEL;
    cr_status st = cr_context_open(ctx->data_dir, &co, &l->context, err);
    if (st == CR_OK) {
        l->model = cr_context_model(l->context);
        l->service = cr_context_service(l->context);
    }
    return st;
}

cr_context_options ws_service_options(const char *service_path, const char *controls)
{
    cr_context_options co;
    cr_context_options_init(&co);
    co.service_path = service_path;
    co.controls_csv = controls;
    return co;
}

cr_workshop_risk *ws_risk_list(const cr_model *model, const char *lang, size_t *n)
{
    *n = cr_model_risk_count(model);
    cr_workshop_risk *risks = calloc(*n, sizeof *risks);
    for (size_t k = 0; risks && k < *n; k++) {
        const cr_risk *r = cr_model_risk(model, k);
        risks[k].id = r->id;
        risks[k].name = cr_text_get(&r->name, lang);
    }
    return risks;
}

int ws_out_of_memory(void)
{
    cr_error err;
    cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return cli_fail(&err);
}

/* ---- pack --------------------------------------------------------------------- */

static int run_pack(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"controls", required_argument, NULL, 'c'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *controls = NULL, *lang = "en", *out_path = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'c': controls = optarg; break;
        case 'l': lang = optarg; break;
        case 'o': out_path = optarg; break;
        case 'h': usage_pack(stdout); return 0;
        default: return cli_usage("workshop pack", "unknown option");
        }
    }
    if (!ws_lang_ok(lang))
        return cli_usage("workshop pack", "--lang %s: expected ja or en", lang);
    if (optind != argc - 1)
        return cli_usage("workshop pack", "expected one SERVICE.json");
    cr_error err;
    cr_error_clear(&err);
    ws_loaded l;
    cr_context_options co = ws_service_options(argv[optind], controls);
    cr_status st = ws_load(ctx, &co, &l, &err);
    if (st != CR_OK)
        return cli_fail(&err);
    cr_assessment a;
    memset(&a, 0, sizeof a);
    if (st == CR_OK)
        st = cr_assess(l.model, l.service, &a, &err);
    cr_outfile out;
    if (st == CR_OK)
        st = cr_outfile_open(&out, out_path, &err);
    if (st == CR_OK) {
        st = cr_workshop_pack_write(out.fp, &a, lang, GENERATOR, &err);
        if (st == CR_OK)
            st = cr_outfile_commit(&out, &err);
        else
            cr_outfile_abort(&out);
    }
    cr_assessment_clear(&a);
    ws_loaded_free(&l);
    return st == CR_OK ? 0 : cli_fail(&err);
}

/* ---- the risks of a round ------------------------------------------------------ */

/* The model indices of the risks handed out: --risks LIST (model order, each
 * once), or the risks `flagged` marks contested, or every risk. */
cr_status ws_select_risks(const cr_model *model, const char *list, const cr_service *flagged,
                              size_t **out, size_t *n_out, cr_error *err)
{
    size_t n = cr_model_risk_count(model);
    bool *chosen = calloc(n ? n : 1, sizeof *chosen);
    *out = calloc(n ? n : 1, sizeof **out);
    *n_out = 0;
    if (!chosen || !*out) {
        free(chosen);
        free(*out);
        *out = NULL;
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    cr_status st = CR_OK;
    if (list) {
        const char *p = list;
        while (st == CR_OK) {
            size_t len = strcspn(p, ",");
            char id[64];
            snprintf(id, sizeof id, "%.*s", (int)(len < 63 ? len : 63), p);
            const cr_risk *r = len && len < 63 ? cr_model_find_risk(model, id) : NULL;
            if (!r)
                st = cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                                  "--risks: \"%s\" is not a risk of the model; expected ids "
                                  "such as CR01,CR07", id);
            else if (chosen[r->index])
                st = cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                                  "--risks: %s is named twice", id);
            else
                chosen[r->index] = true;
            if (!p[len])
                break;
            p += len + 1;
        }
    } else {
        for (size_t k = 0; k < n; k++) {
            const cr_risk_override *o = flagged ? cr_service_override(flagged, k) : NULL;
            chosen[k] = !flagged || (o && o->contested);
        }
    }
    for (size_t k = 0; k < n; k++)
        if (chosen[k])
            (*out)[(*n_out)++] = k;
    if (st == CR_OK && *n_out == 0)
        st = cr_error_set(err, CR_ERR_INPUT, cr_service_file(flagged), 0, "$.risk_overrides",
                          "no risk is marked contested; expected a merged service file with "
                          "flagged risks, or give --risks");
    free(chosen);
    if (st != CR_OK) {
        free(*out);
        *out = NULL;
    }
    return st;
}

/* One after the latest round recorded for the chosen risks, else 1. */
int ws_next_round(const cr_service *service, const size_t *risks, size_t n)
{
    int latest = 0;
    for (size_t k = 0; k < n; k++) {
        const cr_risk_override *o = cr_service_override(service, risks[k]);
        if (o && o->round > latest)
            latest = o->round;
    }
    return latest + 1;
}

int cmd_workshop(const cli_context *ctx, int argc, char **argv)
{
    if (argc < 2) {
        usage_workshop(stderr);
        return CR_ERR_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        usage_workshop(stdout);
        return 0;
    }
    if (strcmp(sub, "pack") == 0)
        return run_pack(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "sheet") == 0)
        return ws_run_sheet(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "merge") == 0)
        return ws_run_merge(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "serve") == 0)
        return ws_run_serve(ctx, argc - 1, argv + 1);
    return cli_usage("workshop", "no workshop command '%s'; expected pack, sheet, merge or serve",
                     sub);
}
