/* json_build.c -- cJSON building with the first failure recorded (json_build.h). */
#include <math.h>

#include "util/json_build.h"

static cJSON *made(cr_jb *b, cJSON *item)
{
    if (!item)
        b->failed = true;
    return item;
}

cJSON *cr_jb_object(cr_jb *b) { return made(b, cJSON_CreateObject()); }
cJSON *cr_jb_array(cr_jb *b) { return made(b, cJSON_CreateArray()); }
cJSON *cr_jb_null_value(cr_jb *b) { return made(b, cJSON_CreateNull()); }

cJSON *cr_jb_string(cr_jb *b, const char *s)
{
    return made(b, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

cJSON *cr_jb_number(cr_jb *b, double v)
{
    return made(b, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

void cr_jb_put(cr_jb *b, cJSON *obj, const char *key, cJSON *item)
{
    if (!obj || !item || !cJSON_AddItemToObject(obj, key, item)) {
        b->failed = true;
        cJSON_Delete(item);
    }
}

void cr_jb_push(cr_jb *b, cJSON *arr, cJSON *item)
{
    if (!arr || !item || !cJSON_AddItemToArray(arr, item)) {
        b->failed = true;
        cJSON_Delete(item);
    }
}

cJSON *cr_jb_add_object(cr_jb *b, cJSON *obj, const char *key)
{
    cJSON *o = cr_jb_object(b);
    cr_jb_put(b, obj, key, o);
    return b->failed ? NULL : o;
}

cJSON *cr_jb_add_array(cr_jb *b, cJSON *obj, const char *key)
{
    cJSON *a = cr_jb_array(b);
    cr_jb_put(b, obj, key, a);
    return b->failed ? NULL : a;
}

void cr_jb_str(cr_jb *b, cJSON *obj, const char *key, const char *v)
{
    cr_jb_put(b, obj, key, cr_jb_string(b, v));
}

void cr_jb_num(cr_jb *b, cJSON *obj, const char *key, double v)
{
    cr_jb_put(b, obj, key, cr_jb_number(b, v));
}

void cr_jb_bool(cr_jb *b, cJSON *obj, const char *key, bool v)
{
    cr_jb_put(b, obj, key, made(b, cJSON_CreateBool(v)));
}

void cr_jb_null(cr_jb *b, cJSON *obj, const char *key)
{
    cr_jb_put(b, obj, key, cr_jb_null_value(b));
}

void cr_jb_push_str(cr_jb *b, cJSON *arr, const char *s)
{
    cr_jb_push(b, arr, cr_jb_string(b, s));
}

void cr_jb_push_num(cr_jb *b, cJSON *arr, double v)
{
    cr_jb_push(b, arr, cr_jb_number(b, v));
}

cJSON *cr_jb_result(cr_jb *b, cJSON *root)
{
    if (!b->failed && root)
        return root;
    cJSON_Delete(root);
    return NULL;
}

cr_status cr_jb_finish(cr_jb *b, cJSON **root, cr_error *err)
{
    if (!b->failed && *root)
        return CR_OK;
    cJSON_Delete(*root);
    *root = NULL;
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}
