/*
 * model_load.c -- load models/model.json and the files it lists, validate
 * them against the catalogue, and hash them.
 *
 * model.json names each file by its role; the model's SHA-256 covers, in the
 * order listed, each file's name, a NUL byte and its bytes (model.json
 * first), so that any change to any file of the model changes the hash that
 * every output records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "model/model_internal.h"

#define MODEL_SCHEMA "cloudrisk-model/1"

static const char *const file_roles[MODEL_N_FILES] = {
    "risks", "scales", "criteria", "mapping", "modifiers", "service_schema"};

static int compare_control_keys(const void *a, const void *b)
{
    return strcmp(((const struct model_control_key *)a)->id,
                  ((const struct model_control_key *)b)->id);
}

void cr_model_free(cr_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_rules; i++)
        free(m->condition_texts ? m->condition_texts[i] : NULL);
    free(m->condition_texts);
    free(m->conditions);
    free(m->rules);
    free(m->deltas);
    free(m->reference_jurisdictions);
    free(m->levels);
    free(m->mappings);
    free(m->enisa);
    free(m->enisa_ratings);
    free(m->evidence_kinds);
    free(m->risks);
    free(m->control_keys);
    free(m->own_controls);
    for (int f = 0; f < MODEL_N_FILES; f++)
        cr_json_doc_free(&m->docs[f]);
    cr_json_doc_free(&m->main_doc);
    free(m);
}

/* Read one file, add it to the hash, parse it. */
static cr_status read_hashed(const char *path, const char *name, cr_sha256 *hash,
                             cr_json_doc *doc, cr_error *err)
{
    char *text;
    size_t len;
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    cr_sha256_update(hash, name, strlen(name) + 1);
    cr_sha256_update(hash, text, len);
    if (len == 0)
        st = cr_error_set(err, CR_ERR_INPUT, path, 0, NULL, "file is empty; expected a JSON document");
    else
        st = cr_json_parse_text(path, text, len, doc, err);
    free(text);
    return st;
}

/* A file name listed in model.json must stay inside models/. */
static bool plain_file_name(const char *name)
{
    return name[0] && name[0] != '.' && !strchr(name, '/') && !strchr(name, '\\');
}

static cr_status load_main(cr_model *m, const char *dir, cr_sha256 *hash,
                           const char *names[MODEL_N_FILES], cr_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/model.json", dir);
    cr_status st = read_hashed(path, "model.json", hash, &m->main_doc, err);
    if (st != CR_OK)
        return st;
    cr_jctx c = {m->main_doc.file, err};
    const cJSON *root = m->main_doc.root;
    static const char *const keys[] = {"schema", "name", "name_ja", "version", "files", "note"};
    st = cr_json_check_keys(&c, root, "$", keys, 6);
    const char *schema = NULL;
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "schema", true, 0, &schema);
    if (st == CR_OK && strcmp(schema, MODEL_SCHEMA) != 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.schema", "expected \"%s\", got \"%.60s\"",
                            MODEL_SCHEMA, schema);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "name", true, 200, &m->name);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "name_ja", false, 200, &m->name_ja);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "version", true, 40, &m->version);
    if (st == CR_OK)
        st = cr_model_get_text(&c, root, "$", "note", &m->note);
    const cJSON *files = NULL;
    if (st == CR_OK)
        st = cr_json_get_object(&c, root, "$", "files", true, &files);
    if (st == CR_OK)
        st = cr_json_check_keys(&c, files, "$.files", file_roles, MODEL_N_FILES);
    for (int f = 0; f < MODEL_N_FILES && st == CR_OK; f++) {
        st = cr_json_get_string(&c, files, "$.files", file_roles[f], true, 200, &names[f]);
        if (st == CR_OK && !plain_file_name(names[f])) {
            char p[256];
            cr_jpath_key(p, sizeof p, "$.files", file_roles[f]);
            return cr_error_set(err, CR_ERR_INPUT, c.file, 0, p,
                                "expected a file name in models/ (no directories), got \"%.80s\"",
                                names[f]);
        }
    }
    return st;
}

cr_status cr_model_load(const char *data_dir, const cr_catalog *catalog, cr_model **out,
                        cr_error *err)
{
    *out = NULL;
    cr_model *m = calloc(1, sizeof *m);
    if (!m)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    m->catalog = catalog;
    m->n_controls = cr_catalog_level(catalog, CR_LEVEL_CONTROL, &m->controls);
    m->n_catalog_controls = m->n_controls;
    m->control_keys = calloc(m->n_controls ? m->n_controls : 1, sizeof *m->control_keys);
    if (!m->control_keys) {
        free(m);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < m->n_controls; i++)
        m->control_keys[i] = (struct model_control_key){m->controls[i]->id, i};
    qsort(m->control_keys, m->n_controls, sizeof *m->control_keys, compare_control_keys);
    char dir[4100];
    snprintf(dir, sizeof dir, "%s/models", data_dir);
    cr_sha256 hash;
    cr_sha256_init(&hash);
    const char *names[MODEL_N_FILES] = {0};
    cr_status st = load_main(m, dir, &hash, names, err);
    for (int f = 0; f < MODEL_N_FILES && st == CR_OK; f++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        st = read_hashed(path, names[f], &hash, &m->docs[f], err);
    }
    if (st == CR_OK && m->n_controls == 0)
        st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                          "the control catalogue holds no controls; expected the standard's 135");
    /* Order matters: the mapping refers to risks, the modifiers to risks and
     * the criteria need nothing else. */
    if (st == CR_OK)
        st = cr_model_load_risks(m, &m->docs[MODEL_FILE_RISKS], err);
    if (st == CR_OK)
        st = cr_model_load_scales(m, &m->docs[MODEL_FILE_SCALES], err);
    if (st == CR_OK)
        st = cr_model_load_criteria(m, &m->docs[MODEL_FILE_CRITERIA], err);
    if (st == CR_OK)
        st = cr_model_load_mapping(m, &m->docs[MODEL_FILE_MAPPING], err);
    if (st == CR_OK)
        st = cr_model_load_modifiers(m, &m->docs[MODEL_FILE_MODIFIERS], err);
    if (st == CR_OK && !cJSON_IsObject(m->docs[MODEL_FILE_SERVICE_SCHEMA].root))
        st = cr_error_set(err, CR_ERR_INPUT, m->docs[MODEL_FILE_SERVICE_SCHEMA].file, 0, "$",
                          "expected a JSON Schema object");
    if (st != CR_OK) {
        cr_model_free(m);
        return st;
    }
    cr_sha256_final_hex(&hash, m->sha256);
    memcpy(m->files_sha256, m->sha256, sizeof m->files_sha256);
    *out = m;
    return CR_OK;
}

cr_status cr_model_get_text(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                            cr_text *out)
{
    const cJSON *node = NULL;
    char p[256];
    cr_jpath_key(p, sizeof p, path, key);
    static const char *const langs[] = {"en", "ja"};
    cr_status st = cr_json_get_object(c, obj, path, key, true, &node);
    if (st == CR_OK)
        st = cr_json_check_keys(c, node, p, langs, 2);
    if (st == CR_OK)
        st = cr_json_get_string(c, node, p, "en", true, 0, &out->en);
    if (st == CR_OK)
        st = cr_json_get_string(c, node, p, "ja", true, 0, &out->ja);
    if (st == CR_OK && (!out->en[0] || !out->ja[0]))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "expected non-empty English (\"en\") and Japanese (\"ja\") text");
    return st;
}


size_t cr_model_files(const cr_model *model, const char **roles, const cJSON **roots, size_t max)
{
    for (size_t f = 0; f < MODEL_N_FILES && f < max; f++) {
        roles[f] = file_roles[f];
        roots[f] = model->docs[f].root;
    }
    return MODEL_N_FILES;
}
