/*
 * write_catalog.c -- catalog.json (canonical) and catalog.csv (the same rows).
 *
 * The JSON puts one item per line so that a change to the extraction shows
 * in a diff as the items it changed.  Nothing in either file depends on the
 * time, the machine or the path the text was read from (only its base name
 * and hash), so that re-running the extraction gives the same bytes.
 * doc/catalog.md documents every field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloudrisk/io.h"
#include "extract.h"
#include "util/csv_util.h"

static const char *const part_names[3] = {"governance", "management", "control"};
static const char *const kind_names[3][5] = {
    {"", "section", "subsection", "item", ""},
    {"", "section", "subsection", "item", ""},
    {"", "category", "subcategory", "control", "detail"},
};

static const char *parent_id(const item_list *list, const ext_item *item)
{
    return item->parent >= 0 ? list->v[item->parent].id : NULL;
}

static void add_string_or_null(cJSON *obj, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(obj, key, value);
    else
        cJSON_AddNullToObject(obj, key);
}

static void add_line_or_null(cJSON *obj, const char *key, long line)
{
    if (line > 0)
        cJSON_AddNumberToObject(obj, key, (double)line);
    else
        cJSON_AddNullToObject(obj, key);
}

static cJSON *item_json(const item_list *list, const ext_item *item)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    cJSON_AddStringToObject(obj, "part", part_names[item->part]);
    cJSON_AddStringToObject(obj, "id", item->id);
    cJSON_AddNumberToObject(obj, "level", item->level);
    cJSON_AddStringToObject(obj, "kind", kind_names[item->part][item->level]);
    add_string_or_null(obj, "parent", parent_id(list, item));
    cJSON_AddStringToObject(obj, "text_ja", item->text);
    add_string_or_null(obj, "detail_ja", item->detail);
    cJSON_AddBoolToObject(obj, "basic", item->basic);
    add_string_or_null(obj, "basic_text_ja", item->basic_text);
    add_string_or_null(obj, "basic_detail_ja", item->basic_detail);
    add_line_or_null(obj, "source_line", item->line);
    add_line_or_null(obj, "basic_source_line", item->basic_line);
    /* cJSON reports allocation failures only by leaving fields out. */
    if (cJSON_GetArraySize(obj) != 12) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* Write s as a JSON string. */
static bool put_json_string(FILE *fp, const char *s)
{
    cJSON *str = cJSON_CreateString(s);
    char *text = str ? cJSON_PrintUnformatted(str) : NULL;
    if (text)
        fputs(text, fp);
    free(text);
    cJSON_Delete(str);
    return text != NULL;
}

static size_t count_level(const item_list *list, int level)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        n += list->v[i].level == level;
    return n;
}

static size_t count_basic(const item_list *list, int level)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        n += list->v[i].level == level && list->v[i].basic;
    return n;
}

static bool write_json(FILE *fp, const source_text *st, const item_list *parts[3])
{
    const char *base = strrchr(st->path, '/');
    base = base ? base + 1 : st->path;
    const item_list *ctl = parts[PART_CONTROL];
    bool ok = true;
    fputs("{\n  \"format\": \"cloudrisk-catalog\",\n  \"format_version\": 1,\n", fp);
    fputs("  \"source\": {\"title\": ", fp);
    ok &= put_json_string(fp, st->title);
    fputs(", \"file\": ", fp);
    ok &= put_json_string(fp, base);
    fprintf(fp, ", \"sha256\": \"%s\", \"lines\": %ld},\n", st->sha256, st->n_physical);
    fprintf(fp,
            "  \"cleaning\": {\"page_starts\": %ld, \"page_footers\": %ld, "
            "\"footnote_blocks\": %ld, \"footnote_lines\": %ld, \"footnote_markers\": %ld},\n",
            st->page_starts, st->footers, st->footnote_blocks, st->footnote_lines,
            st->markers);
    fprintf(fp,
            "  \"counts\": {\"governance_items\": %zu, \"management_items\": %zu, "
            "\"categories\": %zu, \"subcategories\": %zu, \"controls\": %zu, "
            "\"detailed_controls\": %zu, \"basic_categories\": %zu, "
            "\"basic_subcategories\": %zu, \"basic_controls\": %zu, "
            "\"basic_detailed_controls\": %zu},\n",
            count_level(parts[PART_GOVERNANCE], 3), count_level(parts[PART_MANAGEMENT], 3),
            count_level(ctl, 1), count_level(ctl, 2), count_level(ctl, 3), count_level(ctl, 4),
            count_basic(ctl, 1), count_basic(ctl, 2), count_basic(ctl, 3), count_basic(ctl, 4));
    fputs("  \"items\": [\n", fp);
    size_t total = parts[0]->n + parts[1]->n + parts[2]->n, written = 0;
    for (int p = 0; p < 3 && ok; p++) {
        for (size_t i = 0; i < parts[p]->n && ok; i++) {
            cJSON *obj = item_json(parts[p], &parts[p]->v[i]);
            char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;
            ok = text != NULL;
            if (ok)
                fprintf(fp, "    %s%s\n", text, ++written < total ? "," : "");
            free(text);
            cJSON_Delete(obj);
        }
    }
    fputs("  ]\n}\n", fp);
    return ok;
}

static void write_csv(FILE *fp, const item_list *parts[3])
{
    static const char *const header[] = {
        "part",          "id",         "level",   "kind",
        "parent",        "text_ja",    "detail_ja", "basic",
        "basic_text_ja", "basic_detail_ja", "source_line", "basic_source_line"};
    cr_csv_write_row(fp, header, sizeof header / sizeof header[0]);
    for (int p = 0; p < 3; p++) {
        for (size_t i = 0; i < parts[p]->n; i++) {
            const ext_item *item = &parts[p]->v[i];
            char level[8], line[24], basic_line[24];
            snprintf(level, sizeof level, "%d", item->level);
            snprintf(line, sizeof line, "%ld", item->line);
            if (item->basic_line > 0)
                snprintf(basic_line, sizeof basic_line, "%ld", item->basic_line);
            else
                basic_line[0] = '\0';
            const char *row[] = {part_names[item->part],
                                 item->id,
                                 level,
                                 kind_names[item->part][item->level],
                                 parent_id(parts[p], item),
                                 item->text,
                                 item->detail,
                                 item->basic ? "true" : "false",
                                 item->basic_text,
                                 item->basic_detail,
                                 line,
                                 basic_line};
            cr_csv_write_row(fp, row, sizeof row / sizeof row[0]);
        }
    }
}

static cr_status write_one(const char *dir, const char *name, const source_text *st,
                           const item_list *parts[3], cr_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_outfile out;
    cr_status status = cr_outfile_open(&out, path, err);
    if (status != CR_OK)
        return status;
    bool ok = true;
    if (strstr(name, ".json"))
        ok = write_json(out.fp, st, parts);
    else
        write_csv(out.fp, parts);
    if (!ok) {
        cr_outfile_abort(&out);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    return cr_outfile_commit(&out, err);
}

cr_status write_catalog(const char *dir, const source_text *st, const item_list *parts[3],
                        cr_error *err)
{
    cr_status status = write_one(dir, "catalog.json", st, parts, err);
    if (status == CR_OK)
        status = write_one(dir, "catalog.csv", st, parts, err);
    return status;
}
