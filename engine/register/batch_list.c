/*
 * batch_list.c -- which services make up a fleet.
 *
 * A directory: every regular file NAME.json is a service, and NAME.csv beside
 * it, when present, is its control-status checklist, and NAME.decisions.json
 * or NAME.decisions.csv management's decisions on its plan (plan.h; so a file
 * named *.decisions.json is never a service).  Both decisions files at once
 * are kept as a conflict, which fails that service alone.  Names are taken in
 * byte order, so the fleet's order (and with it the order of run ids and of
 * the change report) does not depend on the file system.  Subdirectories are
 * not searched.
 *
 * A single NAME.json is a fleet of one, with its files beside it as above.
 *
 * A manifest: a CSV file whose header has a "service" column and optionally
 * "controls" and "decisions" columns; each row names one service file, in
 * "controls" its checklist and in "decisions" its decisions file (empty for
 * none).  Relative paths are relative to the manifest's own directory, so a
 * manifest can travel with its fleet.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "register/batch_internal.h"
#include "util/csv_util.h"

static void batch_item_clear(batch_item *item)
{
    free(item->service_path);
    free(item->controls_path);
    free(item->decisions_path);
    free(item->decisions_other);
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

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
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

/* base + suffix when that is a regular file, else NULL; *failed on memory. */
static char *beside(const char *base, size_t len, const char *suffix, bool *failed)
{
    size_t k = strlen(suffix);
    char *p = malloc(len + k + 1);
    if (!p) {
        *failed = true;
        return NULL;
    }
    memcpy(p, base, len);
    memcpy(p + len, suffix, k + 1);
    if (is_regular(p))
        return p;
    free(p);
    return NULL;
}

/* The files found beside a service file NAME.json: NAME.csv (checklist),
 * NAME.decisions.json and NAME.decisions.csv. */
static cr_status find_beside(batch_item *item, cr_error *err)
{
    size_t len = strlen(item->service_path) - 5; /* without ".json" */
    bool failed = false;
    item->controls_path = beside(item->service_path, len, ".csv", &failed);
    char *json = beside(item->service_path, len, ".decisions.json", &failed);
    char *csv = beside(item->service_path, len, ".decisions.csv", &failed);
    item->decisions_path = json ? json : csv;
    item->decisions_other = json ? csv : NULL;
    return failed ? cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory") : CR_OK;
}

static cr_status list_directory(const char *dir, batch_item **items, size_t *n, cr_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL, "cannot read the directory: %s",
                            strerror(errno));
    char **names = NULL;
    size_t n_names = 0, cap_names = 0;
    cr_status s = CR_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".json") ||
            ends_with(e->d_name, ".decisions.json"))
            continue;
        if (n_names == cap_names) {
            size_t ncap = cap_names ? cap_names * 2 : 64;
            char **grown = realloc(names, ncap * sizeof *grown);
            if (!grown) {
                s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
                break;
            }
            names = grown, cap_names = ncap;
        }
        if (!(names[n_names] = strdup(e->d_name))) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        n_names++;
    }
    closedir(d);
    if (!s)
        qsort(names, n_names, sizeof *names, compare_names);
    size_t cap = 0;
    for (size_t i = 0; !s && i < n_names; i++) {
        batch_item item = {join_path(dir, names[i]), NULL, 0, NULL, NULL};
        if (item.service_path && !is_regular(item.service_path)) {
            free(item.service_path);
            continue;
        }
        if (item.service_path && (s = find_beside(&item, err)) != CR_OK) {
            batch_item_clear(&item);
            break;
        }
        s = push(items, n, &cap, item, err);
    }
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
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
        batch_item item = {join_path(dir, service), *controls ? join_path(dir, controls) : NULL,
                           row->line, *decisions ? join_path(dir, decisions) : NULL, NULL};
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
        /* One service file is a fleet of one (with NAME.csv beside it). */
        size_t cap = 0;
        batch_item item = {strdup(input), NULL, 0, NULL, NULL};
        s = item.service_path ? find_beside(&item, err) : CR_OK;
        if (s)
            batch_item_clear(&item);
        else
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
