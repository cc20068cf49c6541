/*
 * reg_parts.c -- naming what changed in a run's inputs.
 *
 * A run's inputs' hash says that something changed, not what.  Each run
 * also keeps the parts of its inputs with their own hashes (runs.input_parts,
 * schema 7): its workshop estimates by risk, the criteria and impact money in
 * effect (what an organisation profile decides), and the model's files by
 * role.  Two runs' parts compared name the estimates, profile fields and
 * model files that differ: added, removed or changed.  A run recorded before
 * parts were kept names nothing.
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "register/reg_doc.h"

/* The kinds, in the order they are told, with their words. */
static const struct {
    const char *kind;
    report_label text;
} kinds[] = {
    {"estimate", RL_REG_PARTS_ESTIMATE},
    {"criteria", RL_REG_PARTS_CRITERIA},
    {"model_file", RL_REG_PARTS_MODEL},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static const char *hash_of(const cJSON *group, const char *name)
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(group, name);
    return cJSON_IsString(h) ? h->valuestring : NULL;
}

/* Call `each` for every name of one kind whose hash differs (added: only in
 * b; removed: only in a). */
typedef void (*part_fn)(void *user, size_t kind, const char *name, const char *how);

static void walk(const cJSON *pa, const cJSON *pb, part_fn each, void *user)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        const cJSON *ga = cJSON_GetObjectItemCaseSensitive(pa, kinds[k].kind);
        const cJSON *gb = cJSON_GetObjectItemCaseSensitive(pb, kinds[k].kind);
        for (const cJSON *x = gb ? gb->child : NULL; x; x = x->next) {
            if (!cJSON_IsString(x) || !x->string)
                continue;
            const char *was = hash_of(ga, x->string);
            if (!was)
                each(user, k, x->string, "added");
            else if (strcmp(was, x->valuestring) != 0)
                each(user, k, x->string, "changed");
        }
        for (const cJSON *x = ga ? ga->child : NULL; x; x = x->next)
            if (cJSON_IsString(x) && x->string && !hash_of(gb, x->string))
                each(user, k, x->string, "removed");
    }
}

/* Each kind's names on a line of their own: "model files changed: a, b (added)". */
typedef struct doc_state {
    cr_doc *d;
    long kind; /* the kind whose line is open, -1 for none */
    cr_report_lang lang;
} doc_state;

static void doc_part(void *user, size_t kind, const char *name, const char *how)
{
    doc_state *t = user;
    cr_report_lang lang = t->lang;
    if (t->kind != (long)kind) {
        if (t->kind >= 0) {
            doc_close(t->d);
            doc_close(t->d);
        }
        char label[200];
        snprintf(label, sizeof label, "%s%s", REG_W(kinds[kind].text), REG_W(RL_REG_PARTS_CHANGED));
        reg_doc_pair_open(t->d, label);
        t->kind = (long)kind;
    } else {
        doc_text(t->d, report_comma(lang));
    }
    doc_text(t->d, name);
    if (strcmp(how, "changed") != 0)
        doc_textf(t->d, "%s%s%s", report_open_paren(lang),
                  lang == CR_LANG_JA ? REG_W(strcmp(how, "added") == 0 ? RL_REG_PART_ADDED
                                                                      : RL_REG_PART_REMOVED)
                                     : how,
                  report_close_paren(lang));
}

static bool parse_both(const cr_reg_run *a, const cr_reg_run *b, cJSON **pa, cJSON **pb)
{
    *pa = *pb = NULL;
    if (!a->input_parts || !b->input_parts)
        return false;
    *pa = cJSON_Parse(a->input_parts);
    *pb = cJSON_Parse(b->input_parts);
    if (*pa && *pb)
        return true;
    cJSON_Delete(*pa);
    cJSON_Delete(*pb);
    *pa = *pb = NULL;
    return false;
}

void reg_changed_parts_doc(cr_doc *d, const cr_reg_run *a, const cr_reg_run *b,
                           cr_report_lang lang)
{
    cJSON *pa, *pb;
    if (!parse_both(a, b, &pa, &pb)) {
        if (strcmp(a->inputs_sha256, b->inputs_sha256) != 0 && (!a->input_parts || !b->input_parts))
            reg_doc_pair(d, REG_W(RL_REG_PARTS_UNKNOWN), "%s %lld%s", REG_W(RL_REG_RUN),
                         (long long)(a->input_parts ? b->id : a->id),
                         REG_W(RL_REG_PARTS_UNKNOWN_WHY));
        return;
    }
    doc_state t = {d, -1, lang};
    walk(pa, pb, doc_part, &t);
    if (t.kind >= 0) {
        doc_close(d);
        doc_close(d);
    }
    cJSON_Delete(pa);
    cJSON_Delete(pb);
}

static void add_part(void *user, size_t kind, const char *name, const char *how)
{
    cJSON *list = user;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddStringToObject(o, "kind", kinds[kind].kind);
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "change", how);
    cJSON_AddItemToArray(list, o);
}

cJSON *reg_changed_parts_json(const cr_reg_run *a, const cr_reg_run *b)
{
    cJSON *pa, *pb;
    if (!parse_both(a, b, &pa, &pb))
        return cJSON_CreateNull();
    cJSON *list = cJSON_CreateArray();
    if (list)
        walk(pa, pb, add_part, list);
    cJSON_Delete(pa);
    cJSON_Delete(pb);
    return list ? list : cJSON_CreateNull();
}
