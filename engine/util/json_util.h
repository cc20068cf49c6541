/*
 * json_util.h -- reading JSON input with errors a person can act on
 * (library-internal).
 *
 * cJSON parses but does not say where a value came from, and silently keeps
 * the first of two duplicate keys.  These helpers add what input checking
 * needs: the line and column of a syntax error, a refusal of duplicate keys,
 * UTF-8 validation, and typed getters that name the JSON path and the expected
 * form in their errors ("$.assets.confidentiality: expected an integer from 1
 * to 5, got 7").
 */
#ifndef CR_UTIL_JSON_UTIL_H
#define CR_UTIL_JSON_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloudrisk/error.h"

/* A parsed document; `file` names it in errors. */
typedef struct cr_json_doc {
    cJSON *root;
    char *file;
} cr_json_doc;

/* Where a text stops being JSON, and what was expected there. */
typedef struct cr_json_syntax {
    size_t offset;        /* byte offset of the fault */
    const char *expected; /* "',' or '}'", "a JSON value", ... */
    bool after_end;       /* the fault is text after a complete document */
    bool too_large;       /* the text is JSON, but beyond util/limits.h */
} cr_json_syntax;

/* True when text[0..len) (valid UTF-8) is exactly one JSON value per RFC 8259,
 * with white space around it, nested at most max_depth deep, and with no
 * \u0000 in any string; otherwise *bad says where and what was expected.
 * Allocates nothing (json_check.c). */
bool cr_json_syntax_check(const char *text, size_t len, int max_depth, cr_json_syntax *bad);

/* Read, validate (size, UTF-8, syntax, duplicate keys) and parse a file.  A
 * leading UTF-8 byte-order mark is accepted and skipped.  On failure doc is
 * left empty (freeing it is allowed but not needed). */
cr_status cr_json_load_file(const char *path, cr_json_doc *doc, cr_error *err);
/* The same for text already in memory; `name` is used in errors. */
cr_status cr_json_parse_text(const char *name, const char *text, size_t len, cr_json_doc *doc,
                             cr_error *err);
void cr_json_doc_free(cr_json_doc *doc);

/* Build child paths: parent + ".key" (or ["key"] when key is not an
 * identifier) and parent + "[index]". */
void cr_jpath_key(char *out, size_t size, const char *parent, const char *key);
void cr_jpath_index(char *out, size_t size, const char *parent, size_t index);

/* Context for the getters: the file named in errors, and the error to fill. */
typedef struct cr_jctx {
    const char *file;
    cr_error *err;
} cr_jctx;

/* Each getter reads obj[key] where obj is at JSON path `path`.  When the key
 * is absent: if `required`, an error "missing required field"; otherwise the
 * output is left unchanged and *present (if given) is false.  Returns CR_OK or
 * CR_ERR_INPUT. */
cr_status cr_json_get_object(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                             bool required, const cJSON **out);
cr_status cr_json_get_array(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                            bool required, const cJSON **out);
cr_status cr_json_get_string(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                             bool required, size_t max_len, const char **out);
cr_status cr_json_get_number(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                             bool required, double min, double max, double *out, bool *present);
cr_status cr_json_get_int(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, long min, long max, long *out, bool *present);
cr_status cr_json_get_bool(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                           bool required, bool *out, bool *present);
/* A string that must be one of names[0..n); *out is its index. */
cr_status cr_json_get_enum(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                           bool required, const char *const *names, size_t n, int *out,
                           bool *present);
/* Refuse keys of obj not in allowed[0..n) ("unknown field \"x\"; expected one
 * of ..."), which catches typos that would otherwise be silently ignored. */
cr_status cr_json_check_keys(cr_jctx *c, const cJSON *obj, const char *path,
                             const char *const *allowed, size_t n);

/* The node's type as a word for messages ("a string", "an array", ...). */
const char *cr_json_type_name(const cJSON *node);

#endif
