/*
 * batch_list.c -- which services make up a fleet.
 *
 * A directory: every NAME.json is a service.  Beside it, NAME.csv or
 * NAME.xlsx, when present, is its control-status checklist, and
 * NAME.decisions.json, NAME.decisions.csv or NAME.decisions.xlsx
 * management's decisions on its plan (plan.h; so a file named
 * *.decisions.json is never a service).  The readers tell a workbook from a
 * CSV file by its bytes, so a checklist or decisions file is the same
 * whichever form people filled in.  Two checklists, or two decisions files,
 * for one service are kept as a conflict, which fails that service alone:
 * which one holds the answers is for people to say.  Names are taken in
 * byte order, so the fleet's order (and with it the order of run ids and of
 * the change report) does not depend on the file system.  Subdirectories are
 * not searched.  A name that is not a regular file (a directory, a named
 * pipe, a link to nothing) is listed all the same, and fails its service
 * when read (batch_eval.c), so that nothing is skipped without a word.
 *
 * A single NAME.json is a fleet of one, with its files beside it as above.
 *
 * A manifest: a CSV file whose header has a "service" column and optionally
 * "controls" and "decisions" columns; each row names one service file, in
 * "controls" its checklist and in "decisions" its decisions file (either
 * CSV or XLSX; empty for none).  Relative paths are relative to the
 * manifest's own directory, so a manifest can travel with its fleet.
 */
/* realpath(3) is an X/Open interface; the entry types readdir(3) gives
 * (d_type, DT_REG) are a BSD one. */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch/batch_internal.h"
#include "util/csv_util.h"

static void batch_item_clear(batch_item *item)
{
    free(item->service_path);
    free(item->controls_path);
    free(item->source);
    free(item->decisions_path);
    free(item->decisions_other);
    free(item->controls_other);
}

void batch_items_free(batch_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        batch_item_clear(&items[i]);
    free(items);
}

static char *join_path(const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !*dir)
        return strdup(name);
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p) {
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + 1, name, b + 1);
    }
    return p;
}

/* Whether a name is there at all (a link to nothing included). */
static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static cr_status push(batch_item **items, size_t *n, size_t *cap, batch_item item,
                      cr_error *err)
{
    if (!item.service_path) {
        batch_item_clear(&item);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        batch_item *grown = realloc(*items, ncap * sizeof *grown);
        if (!grown) {
            batch_item_clear(&item);
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        }
        *items = grown, *cap = ncap;
    }
    (*items)[(*n)++] = item;
    return CR_OK;
}

/* A directory entry, as readdir(3) describes it. */
typedef struct dir_entry {
    char *name;
    unsigned char type; /* DT_REG, DT_LNK, DT_UNKNOWN, ... */
} dir_entry;

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static const dir_entry *find_entry(const dir_entry *entries, size_t n, const char *name)
{
    dir_entry key = {(char *)name, 0};
    return bsearch(&key, entries, n, sizeof *entries, compare_entries);
}

static cr_status read_entries(const char *dir, dir_entry **out, size_t *n_out, cr_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL, "cannot read the directory: %s",
                            strerror(errno));
    dir_entry *entries = NULL;
    size_t n = 0, cap = 0;
    cr_status s = CR_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !(ends_with(e->d_name, ".json") || ends_with(e->d_name, ".csv") ||
                                     ends_with(e->d_name, ".xlsx")))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            dir_entry *grown = realloc(entries, ncap * sizeof *grown);
            if (!grown) {
                s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
                break;
            }
            entries = grown, cap = ncap;
        }
        if (!(entries[n].name = strdup(e->d_name))) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        entries[n++].type = e->d_type;
    }
    closedir(d);
    if (!s)
        qsort(entries, n, sizeof *entries, compare_entries);
    *out = entries;
    *n_out = n;
    return s;
}

/* NAME + suffix for a service file NAME.json (name without its directory),
 * or NULL when out of memory. */
static char *sibling_name(const char *json_name, const char *suffix)
{
    size_t len = strlen(json_name) - 5, k = strlen(suffix);
    char *p = malloc(len + k + 1);
    if (p) {
        memcpy(p, json_name, len);
        memcpy(p + len, suffix, k + 1);
    }
    return p;
}

/* The suffixes of a service's files beside it (NAME.json -> NAME + suffix):
 * its checklist in either form, then its decisions in any form. */
static const char *const checklist_suffixes[] = {".csv", ".xlsx"};
static const char *const decisions_suffixes[] = {".decisions.json", ".decisions.csv",
                                                 ".decisions.xlsx"};
#define N_CHECKLIST_SUFFIXES (sizeof checklist_suffixes / sizeof checklist_suffixes[0])
#define N_DECISIONS_SUFFIXES (sizeof decisions_suffixes / sizeof decisions_suffixes[0])

/* Of the files found for one purpose (found[k] for suffix k, NULL when not
 * there), the first is the one read and the second, if any, the conflict
 * that fails the service; the rest are freed. */
static void choose(char **found, size_t n, char **path, char **other)
{
    *path = *other = NULL;
    for (size_t k = 0; k < n; k++) {
        if (!found[k])
            continue;
        if (!*path)
            *path = found[k];
        else if (!*other)
            *other = found[k];
        else
            free(found[k]);
    }
}

/* A sibling of a directory entry NAME.json: dir/NAME+suffix when the
 * directory lists it, whatever its type (one that is not a regular file
 * fails its service when read, rather than being silently left out);
 * *failed when out of memory. */
static char *sibling_entry(const char *dir, const dir_entry *entries, size_t n_entries,
                           const char *json_name, const char *suffix, bool *failed)
{
    char *name = sibling_name(json_name, suffix);
    if (!name) {
        *failed = true;
        return NULL;
    }
    const dir_entry *e = find_entry(entries, n_entries, name);
    char *path = e ? join_path(dir, name) : NULL;
    if (e && !path)
        *failed = true;
    free(name);
    return path;
}

/* A sibling of a single service file: its path when the name is there at
 * all (a link to nothing included), else NULL; *failed when out of memory. */
static char *sibling_file(const char *json_path, const char *suffix, bool *failed)
{
    char *p = sibling_name(json_path, suffix);
    if (!p)
        *failed = true;
    else if (!exists(p)) {
        free(p);
        p = NULL;
    }
    return p;
}

static cr_status list_directory(const char *dir, batch_item **items, size_t *n, cr_error *err)
{
    dir_entry *entries = NULL;
    size_t n_entries = 0;
    cr_status s = read_entries(dir, &entries, &n_entries, err);
    /* The directory resolved once: a regular file in it (not a link) then
     * resolves to this path and its name. */
    char *real_dir = s ? NULL : realpath(dir, NULL);
    size_t cap = 0;
    for (size_t i = 0; !s && i < n_entries; i++) {
        const dir_entry *entry = &entries[i];
        /* Every NAME.json is a service, whatever its type: a directory, a
         * pipe or a link to nothing so named is reported as a failed
         * service, not dropped without a word. */
        if (!ends_with(entry->name, ".json") || ends_with(entry->name, ".decisions.json"))
            continue;
        batch_item item = {.service_path = join_path(dir, entry->name)};
        if (real_dir && entry->type == DT_REG && !(item.source = join_path(real_dir, entry->name))) {
            free(item.service_path);
            item.service_path = NULL; /* push reports it */
        }
        /* NAME.json -> NAME.csv or NAME.xlsx, NAME.decisions.{json,csv,xlsx} */
        bool failed = false;
        char *checklists[N_CHECKLIST_SUFFIXES], *decisions[N_DECISIONS_SUFFIXES];
        for (size_t k = 0; k < N_CHECKLIST_SUFFIXES; k++)
            checklists[k] = sibling_entry(dir, entries, n_entries, entry->name,
                                          checklist_suffixes[k], &failed);
        for (size_t k = 0; k < N_DECISIONS_SUFFIXES; k++)
            decisions[k] = sibling_entry(dir, entries, n_entries, entry->name,
                                         decisions_suffixes[k], &failed);
        choose(checklists, N_CHECKLIST_SUFFIXES, &item.controls_path, &item.controls_other);
        choose(decisions, N_DECISIONS_SUFFIXES, &item.decisions_path, &item.decisions_other);
        if (failed) {
            free(item.service_path);
            item.service_path = NULL; /* push reports it */
        }
        s = push(items, n, &cap, item, err);
    }
    free(real_dir);
    for (size_t i = 0; i < n_entries; i++)
        free(entries[i].name);
    free(entries);
    if (!s && *n == 0)
        s = cr_error_set(err, CR_ERR_INPUT, dir, 0, NULL,
                         "no service files (*.json) in this directory");
    return s;
}

static cr_status list_manifest(const char *path, batch_item **items, size_t *n, cr_error *err)
{
    cr_csv_table table;
    cr_status s = cr_csv_read_file(path, &table, err);
    if (s)
        return s;
    int service_col = table.n_rows ? cr_csv_column(&table, "service") : -1;
    int controls_col = table.n_rows ? cr_csv_column(&table, "controls") : -1;
    int decisions_col = table.n_rows ? cr_csv_column(&table, "decisions") : -1;
    if (service_col < 0) {
        cr_csv_table_free(&table);
        return cr_error_set(err, CR_ERR_INPUT, path, 1, NULL,
                            "expected a manifest header with a \"service\" column and "
                            "optionally \"controls\" and \"decisions\" columns");
    }
    for (size_t c = 0; c < table.rows[0].n_fields; c++) {
        if ((int)c != service_col && (int)c != controls_col && (int)c != decisions_col) {
            s = cr_error_set(err, CR_ERR_INPUT, path, 1, NULL,
                             "unknown manifest column \"%s\"; expected service, controls "
                             "and decisions",
                             table.rows[0].fields[c]);
            cr_csv_table_free(&table);
            return s;
        }
    }
    /* The manifest's directory, for relative paths. */
    char *dir = strdup(path);
    if (!dir) {
        cr_csv_table_free(&table);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    size_t cap = 0;
    for (size_t r = 1; !s && r < table.n_rows; r++) {
        const cr_csv_row *row = &table.rows[r];
        if (row->n_fields != table.rows[0].n_fields) {
            s = cr_error_set(err, CR_ERR_INPUT, path, row->line, NULL,
                             "expected %zu fields as in the header, got %zu",
                             table.rows[0].n_fields, row->n_fields);
            break;
        }
        const char *service = row->fields[service_col];
        const char *controls = controls_col >= 0 ? row->fields[controls_col] : "";
        const char *decisions = decisions_col >= 0 ? row->fields[decisions_col] : "";
        if (!*service) {
            s = cr_error_set(err, CR_ERR_INPUT, path, row->line, NULL,
                             "empty \"service\": expected the path of a service file");
            break;
        }
        batch_item item = {.service_path = join_path(dir, service),
                           .controls_path = *controls ? join_path(dir, controls) : NULL,
                           .manifest_line = row->line,
                           .decisions_path = *decisions ? join_path(dir, decisions) : NULL};
        if ((*controls && !item.controls_path) || (*decisions && !item.decisions_path)) {
            batch_item_clear(&item);
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        s = push(items, n, &cap, item, err);
    }
    free(dir);
    cr_csv_table_free(&table);
    if (!s && *n == 0)
        s = cr_error_set(err, CR_ERR_INPUT, path, 0, NULL, "the manifest lists no services");
    return s;
}

cr_status batch_list(const char *input, batch_item **items, size_t *n, cr_error *err)
{
    *items = NULL;
    *n = 0;
    struct stat st;
    if (stat(input, &st) != 0)
        return cr_error_set(err, CR_ERR_IO, input, 0, NULL,
                            "cannot read: %s; expected a directory of services or a manifest",
                            strerror(errno));
    cr_status s;
    if (S_ISDIR(st.st_mode)) {
        s = list_directory(input, items, n, err);
    } else if (ends_with(input, ".json")) {
        /* One service file is a fleet of one (with its files beside it). */
        size_t cap = 0;
        batch_item item = {.service_path = strdup(input)};
        char *checklists[N_CHECKLIST_SUFFIXES] = {NULL}, *decisions[N_DECISIONS_SUFFIXES] = {NULL};
        bool failed = !item.service_path;
        for (size_t k = 0; k < N_CHECKLIST_SUFFIXES && !failed; k++)
            checklists[k] = sibling_file(input, checklist_suffixes[k], &failed);
        for (size_t k = 0; k < N_DECISIONS_SUFFIXES && !failed; k++)
            decisions[k] = sibling_file(input, decisions_suffixes[k], &failed);
        choose(checklists, N_CHECKLIST_SUFFIXES, &item.controls_path, &item.controls_other);
        choose(decisions, N_DECISIONS_SUFFIXES, &item.decisions_path, &item.decisions_other);
        if (failed) {
            free(item.service_path);
            item.service_path = NULL; /* push reports it */
        }
        s = push(items, n, &cap, item, err);
    } else {
        s = list_manifest(input, items, n, err);
    }
    if (s) {
        batch_items_free(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return s;
}
