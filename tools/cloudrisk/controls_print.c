/*
 * controls_print.c -- printing catalogue items for `cloudrisk controls`.
 *
 * Tables are aligned by display width, not bytes or characters: a Japanese
 * character takes two terminal columns (cr_utf8_display_width).  Only the
 * last column is cut, and only when writing to a terminal, so that a pipe
 * gets every word; JSON and CSV are never cut.  Labels are ASCII so that
 * their width is the same in every terminal (Ⅵ is an "ambiguous width"
 * character, one column in some terminals and two in others).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "controls_print.h"
#include "util/csv_util.h"
#include "util/text.h"

#define COLUMN_GAP "  "
#define LABEL_WIDTH 13

size_t controls_terminal_width(FILE *fp)
{
    if (!isatty(fileno(fp)))
        return 0;
    struct winsize ws;
    if (ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *columns = getenv("COLUMNS");
    long n = columns ? strtol(columns, NULL, 10) : 0;
    return n > 0 && n < 10000 ? (size_t)n : 80;
}

/* ---- cells ----------------------------------------------------------------- */

/* The text a table shows for an item, one line (list entries joined). */
static char *flat_text(const cr_catalog_item *item, const controls_view *view)
{
    const char *text = item->text_ja;
    if (view->lang == CONTROLS_EN && item->text_en)
        text = item->text_en;
    else if (view->basic_wording && item->basic_text_ja)
        text = item->basic_text_ja;
    char *flat = strdup(text);
    if (flat)
        for (char *p = flat; *p; p++)
            if (*p == '\n')
                *p = ' ';
    return flat;
}

/* "VI" when Ⅵ includes the item, "VI*" when it also words it differently. */
static const char *basic_mark(const cr_catalog_item *item)
{
    if (!item->basic)
        return "-";
    return item->basic_text_ja || item->basic_detail_ja ? "VI*" : "VI";
}

/* ---- tables ------------------------------------------------------------------ */

typedef struct table {
    size_t n_cols, n_rows;
    const char *const *header;
    char **cells; /* n_rows * n_cols, owned */
} table;

static void table_free(table *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    free(t->cells);
}

static void print_table(FILE *fp, const table *t, size_t width)
{
    size_t col_width[8] = {0};
    for (size_t c = 0; c + 1 < t->n_cols; c++) {
        col_width[c] = cr_utf8_display_width(t->header[c]);
        for (size_t r = 0; r < t->n_rows; r++) {
            size_t w = cr_utf8_display_width(t->cells[r * t->n_cols + c]);
            if (w > col_width[c])
                col_width[c] = w;
        }
    }
    for (size_t r = 0; r <= t->n_rows; r++) {
        size_t used = 0;
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *cell = r == 0 ? t->header[c] : t->cells[(r - 1) * t->n_cols + c];
            if (c + 1 < t->n_cols) {
                cr_fput_padded(fp, cell, col_width[c]);
                fputs(COLUMN_GAP, fp);
                used += col_width[c] + strlen(COLUMN_GAP);
            } else if (width > used + 1 && cr_utf8_display_width(cell) > width - used - 1) {
                /* Leave the terminal's last column free: writing into it
                 * wraps the line in some terminals. */
                cr_fput_padded(fp, cell, width - used - 1);
            } else {
                fputs(cell, fp);
            }
        }
        fputc('\n', fp);
    }
}

static bool print_items_table(FILE *fp, const cr_catalog_item *const *items, size_t n,
                              const controls_view *view)
{
    static const char *const with_kind[] = {"ID", "KIND", "VI", "TEXT"};
    static const char *const without_kind[] = {"ID", "VI", "TEXT"};
    table t = {view->show_kind ? 4 : 3, n, view->show_kind ? with_kind : without_kind, NULL};
    bool ok = (t.cells = calloc(n * t.n_cols + 1, sizeof *t.cells)) != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        char **row = t.cells + i * t.n_cols;
        size_t c = 0;
        row[c++] = strdup(items[i]->id);
        if (view->show_kind)
            row[c++] = strdup(items[i]->level == CR_LEVEL_DETAIL
                                  ? "detail"
                                  : cr_catalog_level_name(items[i]->part, items[i]->level));
        row[c++] = strdup(basic_mark(items[i]));
        row[c++] = flat_text(items[i], view);
        for (size_t k = 0; k < c; k++)
            ok = ok && row[k];
    }
    if (ok)
        print_table(fp, &t, view->width);
    if (t.cells)
        table_free(&t);
    return ok;
}

/* ---- JSON and CSV --------------------------------------------------------- */

static bool print_json(FILE *fp, cJSON *doc)
{
    char *text = doc ? cJSON_Print(doc) : NULL;
    if (text) {
        fputs(text, fp);
        fputc('\n', fp);
    }
    free(text);
    cJSON_Delete(doc);
    return text != NULL;
}

static bool print_items_json(FILE *fp, const cr_catalog *catalog,
                             const cr_catalog_item *const *items, size_t n, cJSON *query)
{
    /* Every listing names its query: none means building it ran out of
     * memory, and the listing is not printed without it. */
    cJSON *doc = query ? cJSON_CreateObject() : NULL;
    bool ok = doc && cJSON_AddItemToObject(doc, "catalog", cr_catalog_source_to_json(catalog));
    if (ok) {
        ok = cJSON_AddItemToObject(doc, "query", query);
        if (ok)
            query = NULL; /* the document owns it now */
    }
    ok = ok && cJSON_AddNumberToObject(doc, "count", (double)n);
    cJSON *list = ok ? cJSON_AddArrayToObject(doc, "items") : NULL;
    ok = list != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        cJSON *item = cr_catalog_item_to_json(items[i]);
        ok = item && cJSON_AddItemToArray(list, item);
        if (!ok)
            cJSON_Delete(item);
    }
    cJSON_Delete(query);
    if (!ok) {
        cJSON_Delete(doc);
        return false;
    }
    return print_json(fp, doc);
}

static void print_items_csv(FILE *fp, const cr_catalog_item *const *items, size_t n)
{
    static const char *const header[] = {
        "id",       "level",         "kind",            "parent",      "basic",
        "text_ja",  "text_en",       "detail_ja",       "basic_text_ja", "basic_detail_ja",
        "source_line", "basic_source_line"};
    cr_csv_write_row(fp, header, sizeof header / sizeof header[0]);
    for (size_t i = 0; i < n; i++) {
        const cr_catalog_item *item = items[i];
        char level[8], line[24], basic_line[24];
        snprintf(level, sizeof level, "%d", item->level);
        snprintf(line, sizeof line, "%ld", item->source_line);
        snprintf(basic_line, sizeof basic_line, "%ld", item->basic_source_line);
        const char *row[] = {item->id,
                             level,
                             cr_catalog_level_name(item->part, item->level),
                             item->parent ? item->parent->id : "",
                             item->basic ? "true" : "false",
                             item->text_ja,
                             item->text_en,
                             item->detail_ja,
                             item->basic_text_ja,
                             item->basic_detail_ja,
                             line,
                             item->basic_source_line ? basic_line : ""};
        cr_csv_write_row(fp, row, sizeof row / sizeof row[0]);
    }
}

bool controls_print_items(FILE *fp, const cr_catalog *catalog, const cr_catalog_item *const *items,
                          size_t n, const controls_view *view, cJSON *query)
{
    switch (view->format) {
    case CONTROLS_JSON:
        return print_items_json(fp, catalog, items, n, query);
    case CONTROLS_CSV:
        print_items_csv(fp, items, n);
        break;
    case CONTROLS_TABLE:
        cJSON_Delete(query);
        return print_items_table(fp, items, n, view);
    }
    cJSON_Delete(query);
    return true;
}

/* ---- show ------------------------------------------------------------------ */

/* Print text; after each of its line breaks, indent the next line. */
static void put_indented(FILE *fp, const char *text, size_t indent)
{
    for (const char *p = text; *p; p++) {
        fputc(*p, fp);
        if (*p == '\n')
            fprintf(fp, "%*s", (int)indent, "");
    }
}

static void put_field(FILE *fp, const char *label, const char *text)
{
    fputs(COLUMN_GAP, fp);
    cr_fput_padded(fp, label, LABEL_WIDTH);
    fputs(COLUMN_GAP, fp);
    put_indented(fp, text, 2 * strlen(COLUMN_GAP) + LABEL_WIDTH);
    fputc('\n', fp);
}

/* "7.4  ネットワークのアクセス制御 (Network access control)" */
static void put_ref_field(FILE *fp, const char *label, const cr_catalog_item *item)
{
    fputs(COLUMN_GAP, fp);
    cr_fput_padded(fp, label, LABEL_WIDTH);
    fprintf(fp, "%s%s  ", COLUMN_GAP, item->id);
    put_indented(fp, item->text_ja, 0);
    if (item->text_en)
        fprintf(fp, " (%s)", item->text_en);
    fputc('\n', fp);
}

static void put_membership(FILE *fp, const cr_catalog_item *item)
{
    put_field(fp, "basic (VI)",
              !item->basic ? "no: the basic declaration requirements (Ⅵ) leave it out"
              : item->basic_text_ja || item->basic_detail_ja
                  ? "yes, in other words: Ⅵ's wording is shown below"
                  : "yes: in the basic declaration requirements (Ⅵ) as in Ⅴ");
    if (item->basic_text_ja)
        put_field(fp, "text in VI", item->basic_text_ja);
    if (item->basic_detail_ja)
        put_field(fp, "objective VI", item->basic_detail_ja);
    char source[96];
    if (item->basic_source_line)
        snprintf(source, sizeof source, "line %ld (Ⅵ: line %ld) of the standard's text",
                 item->source_line, item->basic_source_line);
    else
        snprintf(source, sizeof source, "line %ld of the standard's text", item->source_line);
    put_field(fp, "source", source);
}

static void put_heading(FILE *fp, const cr_catalog_item *item)
{
    const char *kind = item->level == CR_LEVEL_DETAIL
                           ? "detailed control"
                           : cr_catalog_level_name(item->part, item->level);
    if (item->text_en)
        fprintf(fp, "%s  %s (%s)\n", item->id, item->text_en, kind);
    else
        fprintf(fp, "%s (%s)\n", item->id, kind);
}

/* One child per line: id, mark, then text; Ⅵ's wording below when it
 * differs.  `with_en` puts the English title before the Japanese. */
static void put_children(FILE *fp, const cr_catalog_item *item, size_t indent, bool with_en,
                         bool with_ja)
{
    size_t id_width = 0;
    for (size_t i = 0; i < item->n_children; i++) {
        size_t w = strlen(item->children[i]->id);
        if (w > id_width)
            id_width = w;
    }
    size_t text_at = indent + id_width + 2 + 3 + 2;
    for (size_t i = 0; i < item->n_children; i++) {
        const cr_catalog_item *child = item->children[i];
        fprintf(fp, "%*s", (int)indent, "");
        cr_fput_padded(fp, child->id, id_width);
        fputs(COLUMN_GAP, fp);
        cr_fput_padded(fp, basic_mark(child), 3);
        fputs(COLUMN_GAP, fp);
        if (with_en && child->text_en)
            fprintf(fp, "%s%s", child->text_en, with_ja ? ": " : "");
        if (with_ja || !child->text_en)
            put_indented(fp, child->text_ja, text_at);
        fputc('\n', fp);
        if (with_ja && child->basic_text_ja) {
            fprintf(fp, "%*sⅥ: ", (int)(text_at - 4), "");
            put_indented(fp, child->basic_text_ja, text_at);
            fputc('\n', fp);
        }
    }
}

static const char legend[] =
    "VI = in the basic declaration requirements (Ⅵ); VI* = Ⅵ words it differently; - = not in Ⅵ";

static void show_text(FILE *fp, const cr_catalog_item *item)
{
    put_heading(fp, item);
    const cr_catalog_item *category = item, *subcategory = NULL, *control = NULL;
    while (category->parent)
        category = category->parent;
    for (const cr_catalog_item *p = item; p; p = p->parent) {
        if (p->level == CR_LEVEL_SUBCATEGORY)
            subcategory = p;
        if (p->level == CR_LEVEL_CONTROL)
            control = p;
    }
    if (item->level > CR_LEVEL_CATEGORY)
        put_ref_field(fp, "category", category);
    if (item->level > CR_LEVEL_SUBCATEGORY) {
        put_ref_field(fp, "subcategory", subcategory);
        put_field(fp, "objective", subcategory->detail_ja);
    }
    if (item->level > CR_LEVEL_CONTROL)
        put_ref_field(fp, "control", control);
    switch (item->level) {
    case CR_LEVEL_CATEGORY:
        put_field(fp, "title", item->text_ja);
        break;
    case CR_LEVEL_SUBCATEGORY:
        put_field(fp, "title", item->text_ja);
        put_field(fp, "objective", item->detail_ja);
        break;
    case CR_LEVEL_CONTROL:
        if (item->title_ja)
            put_field(fp, "title (ja)", item->title_ja);
        put_field(fp, "control", item->text_ja);
        if (item->gloss_en)
            put_field(fp, "customers", item->gloss_en);
        break;
    default:
        put_field(fp, "detail", item->text_ja);
    }
    put_membership(fp, item);
    if (item->n_children == 0)
        return;
    const char *what = item->level == CR_LEVEL_CATEGORY      ? "Subcategories"
                       : item->level == CR_LEVEL_SUBCATEGORY ? "Controls"
                                                             : "Detailed controls";
    fprintf(fp, "\n%s (%zu; %s):\n", what, item->n_children, legend);
    if (item->level == CR_LEVEL_CATEGORY) {
        /* Each subcategory with its controls' English titles. */
        for (size_t i = 0; i < item->n_children; i++) {
            const cr_catalog_item *sub = item->children[i];
            fprintf(fp, "%s%s  ", COLUMN_GAP, sub->id);
            cr_fput_padded(fp, basic_mark(sub), 3);
            fprintf(fp, "  %s (%s)\n", sub->text_ja, sub->text_en ? sub->text_en : "");
            put_children(fp, sub, 2 * strlen(COLUMN_GAP), true, false);
        }
    } else {
        put_children(fp, item, strlen(COLUMN_GAP), item->level == CR_LEVEL_SUBCATEGORY, true);
    }
}

static cJSON *item_tree(const cr_catalog_item *item)
{
    cJSON *node = cr_catalog_item_to_json(item);
    if (!node || item->n_children == 0)
        return node;
    cJSON *children = cJSON_AddArrayToObject(node, "children");
    for (size_t i = 0; children && i < item->n_children; i++) {
        cJSON *child = item_tree(item->children[i]);
        if (!child || !cJSON_AddItemToArray(children, child)) {
            cJSON_Delete(child);
            children = NULL;
        }
    }
    if (!children) {
        cJSON_Delete(node);
        return NULL;
    }
    return node;
}

static bool show_json(FILE *fp, const cr_catalog *catalog, const cr_catalog_item *item)
{
    cJSON *doc = cJSON_CreateObject();
    bool ok = doc && cJSON_AddItemToObject(doc, "catalog", cr_catalog_source_to_json(catalog));
    cJSON *ancestors = ok ? cJSON_AddArrayToObject(doc, "ancestors") : NULL;
    ok = ancestors != NULL;
    for (const cr_catalog_item *p = item->parent; ok && p; p = p->parent) {
        cJSON *node = cr_catalog_item_to_json(p);
        ok = node && cJSON_InsertItemInArray(ancestors, 0, node);
        if (!ok)
            cJSON_Delete(node);
    }
    cJSON *tree = ok ? item_tree(item) : NULL;
    ok = tree && cJSON_AddItemToObject(doc, "item", tree);
    if (!ok) {
        cJSON_Delete(tree);
        cJSON_Delete(doc);
        return false;
    }
    return print_json(fp, doc);
}

bool controls_print_show(FILE *fp, const cr_catalog *catalog, const cr_catalog_item *item,
                         controls_format format)
{
    if (format == CONTROLS_JSON)
        return show_json(fp, catalog, item);
    show_text(fp, item);
    return true;
}
