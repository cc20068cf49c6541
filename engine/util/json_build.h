/*
 * json_build.h -- building JSON output with cJSON, checked once
 * (library-internal).
 *
 * cJSON's builders return NULL when an allocation fails, and its adders
 * then quietly add nothing (or drop the item): a document built without
 * checking every call is printed with keys missing, which is worse than no
 * output.  A builder (cr_jb) records the first failure; every call taking
 * it tolerates a NULL parent or item (what an earlier failure left), frees
 * an item it could not attach, and never crashes.  Writers build the whole
 * document, then test b.failed once and report out of memory instead of
 * printing:
 *
 *   cr_jb b = {0};
 *   cJSON *root = cr_jb_object(&b);
 *   cr_jb_str(&b, root, "format", "cloudrisk-plan/1");
 *   cJSON *risks = cr_jb_add_array(&b, root, "risks");
 *   cr_jb_push(&b, risks, risk_json(&b, risk));
 *   if (b.failed) { cJSON_Delete(root); return out_of_memory(err); }
 *
 * Conventions kept from the writers: a NULL string and a non-finite number
 * are written as null.
 */
#ifndef CR_UTIL_JSON_BUILD_H
#define CR_UTIL_JSON_BUILD_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "cloudrisk/error.h"

typedef struct cr_jb {
    bool failed; /* an allocation failed: the document is incomplete */
} cr_jb;

/* New detached values (NULL, and b->failed, when memory runs out). */
cJSON *cr_jb_object(cr_jb *b);
cJSON *cr_jb_array(cr_jb *b);
cJSON *cr_jb_string(cr_jb *b, const char *s); /* NULL s: null */
cJSON *cr_jb_number(cr_jb *b, double v);      /* non-finite: null */
cJSON *cr_jb_null_value(cr_jb *b);

/* Members of obj.  The add_ forms return the new container. */
cJSON *cr_jb_add_object(cr_jb *b, cJSON *obj, const char *key);
cJSON *cr_jb_add_array(cr_jb *b, cJSON *obj, const char *key);
void cr_jb_str(cr_jb *b, cJSON *obj, const char *key, const char *v);
void cr_jb_num(cr_jb *b, cJSON *obj, const char *key, double v);
void cr_jb_bool(cr_jb *b, cJSON *obj, const char *key, bool v);
void cr_jb_null(cr_jb *b, cJSON *obj, const char *key);
/* Attach item (built by the caller) as obj's member key, or append it to
 * array arr; the container takes it, or it is freed. */
void cr_jb_put(cr_jb *b, cJSON *obj, const char *key, cJSON *item);
void cr_jb_push(cr_jb *b, cJSON *arr, cJSON *item);
void cr_jb_push_str(cr_jb *b, cJSON *arr, const char *s);
void cr_jb_push_num(cr_jb *b, cJSON *arr, double v);

/* The end of a build that hands its value on: root, or NULL (root
 * deleted) when the build failed. */
cJSON *cr_jb_result(cr_jb *b, cJSON *root);
/* The end of a build: CR_OK, or (root deleted, *root NULL) out of memory
 * in err. */
cr_status cr_jb_finish(cr_jb *b, cJSON **root, cr_error *err);

#endif
