/*
 * batch_list.c -- which services make up a fleet.
 *
 * A directory: every regular file NAME.json is a service, and NAME.csv beside
 * it, when present, is its control-status checklist.  Names are taken in byte
 * order, so the fleet's order (and with it the order of run ids and of the
 * change report) does not depend on the file system.  Subdirectories are not
 * searched.
 *
 * A single NAME.json is a fleet of one, with NAME.csv as above.
 *
 * A manifest: a CSV file whose header has a "service" column and optionally a
 * "controls" column; each row names one service file and, in "controls", its
 * checklist (empty for none).  Relative paths are relative to the manifest's
 * own directory, so a manifest can travel with its fleet.
 */
/* realpath(3) is an X/Open interface; the entry types readdir(3) gives
 * (d_type, DT_REG) are a BSD one. */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "register/batch_internal.h"
#include "util/csv_util.h"

void batch_items_free(batch_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].service_path);
        free(items[i].controls_path);
        free(items[i].source);
    }
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

static bool is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
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
        free(item.controls_path);
        free(item.source);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        batch_item *grown = realloc(*items, ncap * sizeof *grown);
        if (!grown) {
            free(item.service_path);
            free(item.controls_path);
            free(item.source);
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

/* Whether an entry is a regular file.  The type readdir gives spares a
 * stat(2) per file, which counts in a re-run over a large fleet; a symbolic
 * link, or a file system that gives no type, is asked with stat, which
 * follows links as before. */
static bool entry_is_regular(const char *dir, const dir_entry *e)
{
    if (e->type == DT_REG)
        return true;
    if (e->type != DT_LNK && e->type != DT_UNKNOWN)
        return false;
    char *path = join_path(dir, e->name);
    bool regular = path && is_regular(path);
    free(path);
    return regular;
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
        if (e->d_name[0] == '.' || !(ends_with(e->d_name, ".json") || ends_with(e->d_name, ".csv")))
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
        if (!ends_with(entry->name, ".json") || !entry_is_regular(dir, entry))
            continue;
        batch_item item = {join_path(dir, entry->name), NULL, 0, NULL};
        if (real_dir && entry->type == DT_REG && !(item.source = join_path(real_dir, entry->name))) {
            free(item.service_path);
            item.service_path = NULL; /* push reports it */
        }
        /* NAME.json -> NAME.csv */
        size_t len = strlen(entry->name);
        char *csv_name = malloc(len);
        if (csv_name) {
            memcpy(csv_name, entry->name, len - 5);
            memcpy(csv_name + len - 5, ".csv", 5);
            const dir_entry *csv = find_entry(entries, n_entries, csv_name);
            if (csv && entry_is_regular(dir, csv))
                item.controls_path = join_path(dir, csv_name);
            free(csv_name);
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
    if (service_col < 0) {
        cr_csv_table_free(&table);
        return cr_error_set(err, CR_ERR_INPUT, path, 1, NULL,
                            "expected a manifest header with a \"service\" column and "
                            "optionally a \"controls\" column");
    }
    for (size_t c = 0; c < table.rows[0].n_fields; c++) {
        if ((int)c != service_col && (int)c != controls_col) {
            s = cr_error_set(err, CR_ERR_INPUT, path, 1, NULL,
                             "unknown manifest column \"%s\"; expected service and controls",
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
        if (!*service) {
            s = cr_error_set(err, CR_ERR_INPUT, path, row->line, NULL,
                             "empty \"service\": expected the path of a service file");
            break;
        }
        batch_item item = {join_path(dir, service), *controls ? join_path(dir, controls) : NULL,
                           row->line, NULL};
        if (*controls && !item.controls_path) {
            free(item.service_path);
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
        /* One service file is a fleet of one (with NAME.csv beside it). */
        size_t cap = 0, len = strlen(input);
        batch_item item = {strdup(input), malloc(len), 0, NULL};
        if (item.controls_path) {
            memcpy(item.controls_path, input, len - 5);
            memcpy(item.controls_path + len - 5, ".csv", 5);
            if (!is_regular(item.controls_path)) {
                free(item.controls_path);
                item.controls_path = NULL;
            }
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
