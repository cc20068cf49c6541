/*
 * cmd_controls.c -- `cloudrisk controls list|show|search`: the standard's
 * control catalogue on the command line.  The catalogue is the library's
 * (cr_catalog_*); this file reads the words and picks what to print, and
 * controls_print.c prints it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "controls_print.h"

static void help_controls(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk controls list [OPTIONS]\n"
            "       cloudrisk controls show ID [--format table|json]\n"
            "       cloudrisk controls search TEXT [OPTIONS]\n"
            "\n"
            "The control catalogue of the Cloud Information Security Management Standard\n"
            "(2013 revision): 12 categories, 41 subcategories, 135 controls and 1422 detailed\n"
            "controls, each marked with whether the basic declaration requirements (Ⅵ)\n"
            "include it.  Run 'cloudrisk controls list --help' (or show, search) for details.\n");
}

static void help_list(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk controls list [OPTIONS]\n"
            "\n"
            "List the controls (or other levels) of the control standard, in its order.\n"
            "\n"
            "Options:\n"
            "  --basic              only what the basic declaration requirements (Ⅵ)\n"
            "                       include, in Ⅵ's wording\n"
            "  --category N         only category N (1 to 11, or C)\n"
            "  --level LEVEL        control (default), detail, category, subcategory, or all\n"
            "  --format FORMAT      table (default), json or csv\n"
            "  --lang ja|en         the table's text: Japanese (default) or English titles\n"
            "                       (detailed controls have Japanese text only)\n"
            "  -h, --help           print this help\n"
            "\n"
            "In the VI column: VI = in Ⅵ, VI* = in Ⅵ in other words, - = not in Ⅵ.\n"
            "A table written to a terminal is cut to its width; JSON and CSV never are.\n");
}

static void help_show(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk controls show ID [--format table|json]\n"
            "\n"
            "Show one item of the control standard whole: a control (e.g. 7.4.1) with its\n"
            "category, subcategory and objective and all its detailed controls; a detailed\n"
            "control (e.g. C.2.1.4); a subcategory (7.4) with its controls; or a category (7).\n"
            "Marks whether the basic declaration requirements (Ⅵ) include each item and\n"
            "shows Ⅵ's wording where it differs.\n"
            "\n"
            "Options:\n"
            "  --format FORMAT  table (default, text for reading) or json\n"
            "  -h, --help       print this help\n"
            "\n"
            "An unknown ID is an input error (exit status 3).\n");
}

static void help_search(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk controls search TEXT [OPTIONS]\n"
            "\n"
            "Find the items of the control standard whose id, Japanese text, English title\n"
            "or objective contains TEXT (ASCII letters match in any case).\n"
            "\n"
            "Options:\n"
            "  --basic          only what the basic declaration requirements (Ⅵ) include\n"
            "  --format FORMAT  table (default), json or csv\n"
            "  --lang ja|en     the table's text: Japanese (default) or English titles\n"
            "  -h, --help       print this help\n");
}

typedef struct list_options {
    controls_view view;
    cr_catalog_filter filter;
    bool help;
} list_options;

enum { OPT_BASIC = 1, OPT_CATEGORY, OPT_LEVEL, OPT_FORMAT, OPT_LANG };

static int parse_format(const char *command, const char *value, bool allow_csv,
                        controls_format *out)
{
    if (strcmp(value, "table") == 0)
        *out = CONTROLS_TABLE;
    else if (strcmp(value, "json") == 0)
        *out = CONTROLS_JSON;
    else if (allow_csv && strcmp(value, "csv") == 0)
        *out = CONTROLS_CSV;
    else
        return cli_usage(command, "unknown format '%s'; expected table, json%s", value,
                         allow_csv ? " or csv" : "");
    return 0;
}

static int parse_level(const char *command, const char *value, cr_catalog_filter *filter)
{
    static const struct {
        const char *name;
        int min, max;
    } levels[] = {{"category", 1, 1}, {"subcategory", 2, 2}, {"control", 3, 3},
                  {"detail", 4, 4},   {"all", 1, 4}};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(value, levels[i].name) == 0) {
            filter->min_level = levels[i].min;
            filter->max_level = levels[i].max;
            return 0;
        }
    return cli_usage(command, "unknown level '%s'; expected control, detail, category, "
                              "subcategory or all",
                     value);
}

/* Options shared by list and search; `command` names the subcommand in
 * messages.  Returns 0, or the exit code of a usage error. */
static int parse_options(const char *command, int argc, char **argv, bool is_list,
                         list_options *o, int *first_operand)
{
    static const struct option list_long[] = {
        {"basic", no_argument, NULL, OPT_BASIC},     {"category", required_argument, NULL, OPT_CATEGORY},
        {"level", required_argument, NULL, OPT_LEVEL}, {"format", required_argument, NULL, OPT_FORMAT},
        {"lang", required_argument, NULL, OPT_LANG},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const struct option search_long[] = {
        {"basic", no_argument, NULL, OPT_BASIC},   {"format", required_argument, NULL, OPT_FORMAT},
        {"lang", required_argument, NULL, OPT_LANG}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->view.format = CONTROLS_TABLE;
    o->view.lang = CONTROLS_JA;
    o->filter.min_level = is_list ? CR_LEVEL_CONTROL : CR_LEVEL_CATEGORY;
    o->filter.max_level = is_list ? CR_LEVEL_CONTROL : CR_LEVEL_DETAIL;
    optind = 1;
    opterr = 0;
    int opt, status = 0;
    while (status == 0 &&
           (opt = getopt_long(argc, argv, ":h", is_list ? list_long : search_long, NULL)) != -1) {
        switch (opt) {
        case OPT_BASIC:
            o->filter.basic_only = true;
            break;
        case OPT_CATEGORY:
            o->filter.category = optarg;
            break;
        case OPT_LEVEL:
            status = parse_level(command, optarg, &o->filter);
            break;
        case OPT_FORMAT:
            status = parse_format(command, optarg, true, &o->view.format);
            break;
        case OPT_LANG:
            if (strcmp(optarg, "ja") == 0)
                o->view.lang = CONTROLS_JA;
            else if (strcmp(optarg, "en") == 0)
                o->view.lang = CONTROLS_EN;
            else
                status = cli_usage(command, "unknown language '%s'; expected ja or en", optarg);
            break;
        case 'h':
            o->help = true;
            break;
        case ':':
            status = cli_usage(command, "option '%s' needs a value", argv[optind - 1]);
            break;
        default:
            status = cli_usage(command, "unknown option '%s'", argv[optind - 1]);
        }
    }
    *first_operand = optind;
    o->view.basic_wording = o->filter.basic_only;
    o->view.show_kind = o->filter.min_level != o->filter.max_level;
    o->view.width = controls_terminal_width(stdout);
    return status;
}

/* The catalogue alone, as a context (context.h): *catalog is the context's. */
static cr_status load_catalog(const cli_context *ctx, cr_context **context,
                              const cr_catalog **catalog, cr_error *err)
{
    cr_status st = cr_context_open(ctx->data_dir, NULL, context, err);
    *catalog = st == CR_OK ? cr_context_catalog(*context) : NULL;
    return st;
}

/* Write through cr_outfile so that a failed write (a full disk, a closed
 * pipe) is reported rather than lost. */
static int finish_output(cr_outfile *out, bool printed, cr_error *err)
{
    if (!printed) {
        cr_outfile_abort(out);
        cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        return cli_fail(err);
    }
    if (cr_outfile_commit(out, err) != CR_OK)
        return cli_fail(err);
    return 0;
}

static cJSON *list_query(const list_options *o)
{
    static const char *const level_names[] = {"", "category", "subcategory", "control",
                                              "detail"};
    cJSON *q = cJSON_CreateObject();
    bool ok = q && cJSON_AddBoolToObject(q, "basic", o->filter.basic_only) &&
              (o->filter.category ? cJSON_AddStringToObject(q, "category", o->filter.category)
                                  : cJSON_AddNullToObject(q, "category")) &&
              cJSON_AddStringToObject(q, "level", o->filter.min_level == o->filter.max_level
                                                      ? level_names[o->filter.min_level]
                                                      : "all");
    if (!ok) { /* NULL: out of memory (controls_print_items says so) */
        cJSON_Delete(q);
        return NULL;
    }
    return q;
}

static int run_list(const cli_context *ctx, int argc, char **argv)
{
    list_options o;
    int first;
    int status = parse_options("controls list", argc, argv, true, &o, &first);
    if (status)
        return status;
    if (o.help) {
        help_list(stdout);
        return 0;
    }
    if (first < argc)
        return cli_usage("controls list", "unexpected argument '%s'", argv[first]);
    cr_error err;
    cr_error_clear(&err);
    cr_context *context = NULL;
    const cr_catalog *catalog = NULL;
    if (load_catalog(ctx, &context, &catalog, &err) != CR_OK)
        return cli_fail(&err);
    const cr_catalog_item **items = NULL;
    size_t n = 0;
    if (cr_catalog_select(catalog, &o.filter, &items, &n, &err) != CR_OK) {
        cr_context_free(context);
        return cli_fail(&err);
    }
    cr_outfile out;
    int rc = cr_outfile_open(&out, NULL, &err) == CR_OK
                 ? finish_output(&out,
                                 controls_print_items(out.fp, catalog, items, n, &o.view,
                                                      list_query(&o)),
                                 &err)
                 : cli_fail(&err);
    free(items);
    cr_context_free(context);
    return rc;
}

static int run_show(const cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    controls_format format = CONTROLS_TABLE;
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int status = 0;
        if (opt == OPT_FORMAT)
            status = parse_format("controls show", optarg, false, &format);
        else if (opt == 'h') {
            help_show(stdout);
            return 0;
        } else if (opt == ':')
            status = cli_usage("controls show", "option '%s' needs a value", argv[optind - 1]);
        else
            status = cli_usage("controls show", "unknown option '%s'", argv[optind - 1]);
        if (status)
            return status;
    }
    if (optind != argc - 1)
        return cli_usage("controls show", "%s",
                         optind == argc ? "which item? expected an ID such as 7.4.1 or C.2.1.4"
                                        : "expected one ID, got more");
    const char *id = argv[optind];
    cr_error err;
    cr_error_clear(&err);
    cr_context *context = NULL;
    const cr_catalog *catalog = NULL;
    if (load_catalog(ctx, &context, &catalog, &err) != CR_OK)
        return cli_fail(&err);
    const cr_catalog_item *item = cr_catalog_require(catalog, id, 0, &err);
    int rc;
    cr_outfile out;
    if (!item)
        rc = cli_fail(&err);
    else if (cr_outfile_open(&out, NULL, &err) != CR_OK)
        rc = cli_fail(&err);
    else
        rc = finish_output(&out, controls_print_show(out.fp, catalog, item, format), &err);
    cr_context_free(context);
    return rc;
}

typedef struct search_hits {
    const cr_catalog_item **items;
    size_t n;
    bool basic_only;
} search_hits;

static void keep_hit(const cr_catalog_item *item, void *ctx)
{
    search_hits *hits = ctx;
    if (!hits->basic_only || item->basic)
        hits->items[hits->n++] = item;
}

static int run_search(const cli_context *ctx, int argc, char **argv)
{
    list_options o;
    int first;
    int status = parse_options("controls search", argc, argv, false, &o, &first);
    if (status)
        return status;
    if (o.help) {
        help_search(stdout);
        return 0;
    }
    if (first != argc - 1)
        return cli_usage("controls search", "%s",
                         first == argc ? "search for what? expected TEXT"
                                       : "expected one TEXT (quote it if it has spaces), got more");
    const char *text = argv[first];
    if (text[0] == '\0')
        return cli_usage("controls search", "empty TEXT; expected something to look for");
    cr_error err;
    cr_error_clear(&err);
    cr_context *context = NULL;
    const cr_catalog *catalog = NULL;
    if (load_catalog(ctx, &context, &catalog, &err) != CR_OK)
        return cli_fail(&err);
    size_t total = cr_catalog_count(catalog, CR_PART_CONTROL);
    search_hits hits = {malloc((total ? total : 1) * sizeof *hits.items), 0,
                        o.filter.basic_only};
    if (!hits.items) {
        cr_context_free(context);
        cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        return cli_fail(&err);
    }
    cr_catalog_search(catalog, text, keep_hit, &hits);
    cJSON *query = cJSON_CreateObject();
    if (query && !(cJSON_AddStringToObject(query, "text", text) &&
                   cJSON_AddBoolToObject(query, "basic", o.filter.basic_only))) {
        cJSON_Delete(query); /* out of memory: controls_print_items says so */
        query = NULL;
    }
    int rc;
    cr_outfile out;
    if (cr_outfile_open(&out, NULL, &err) != CR_OK) {
        cJSON_Delete(query);
        rc = cli_fail(&err);
    } else {
        rc = finish_output(&out,
                           controls_print_items(out.fp, catalog, hits.items, hits.n, &o.view,
                                                query),
                           &err);
    }
    if (rc == 0 && hits.n == 0 && o.view.format == CONTROLS_TABLE)
        fprintf(stderr, "cloudrisk controls search: nothing matches '%s'\n", text);
    free(hits.items);
    cr_context_free(context);
    return rc;
}

int cmd_controls(const cli_context *ctx, int argc, char **argv)
{
    if (argc < 2) {
        help_controls(stderr);
        return CR_ERR_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        help_controls(stdout);
        return 0;
    }
    /* --help works without data; everything else needs the catalogue. */
    bool wants_help = false;
    for (int i = 2; i < argc; i++)
        wants_help |= strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
    if (!ctx->data_dir && !wants_help) {
        cr_error err;
        cr_error_set(&err, CR_ERR_USAGE, NULL, 0, NULL, "no data directory");
        return cli_fail(&err);
    }
    if (strcmp(sub, "list") == 0)
        return run_list(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "show") == 0)
        return run_show(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "search") == 0)
        return run_search(ctx, argc - 1, argv + 1);
    return cli_usage("controls", "no subcommand '%s'; expected list, show or search", sub);
}
