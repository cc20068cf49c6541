/* json_util.c -- see json_util.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "util/json_util.h"
#include "util/text.h"

/* Deeper nesting than this is refused before cJSON recurses into it. */
#define CR_JSON_MAX_DEPTH 64

static void position_of(const char *text, size_t offset, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*column)++;
        }
    }
}

/* The brackets of a JSON text, scanned outside strings: how deep it nests
 * (checked before parsing, so that hostile input cannot drive the parser's
 * recursion deep) and whether it ends unfinished (to tell a document cut
 * short, a truncated download or an editor that stopped saving, from one
 * malformed in its middle). */
typedef struct bracket_scan {
    size_t too_deep_at;  /* the bracket that went past CR_JSON_MAX_DEPTH, or len */
    bool unfinished;     /* the text ends inside a string or with a bracket open */
    size_t string_start; /* where that unfinished string began, or len */
} bracket_scan;

static bracket_scan scan_brackets(const char *text, size_t len)
{
    bracket_scan scan = {len, false, len};
    long depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_string = false;
        } else if (ch == '"') {
            in_string = true;
            scan.string_start = i;
        } else if (ch == '{' || ch == '[') {
            if (++depth > CR_JSON_MAX_DEPTH && scan.too_deep_at == len)
                scan.too_deep_at = i;
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    if (!in_string)
        scan.string_start = len;
    scan.unfinished = in_string || depth > 0;
    return scan;
}

/* Objects with more keys than this are checked for repeats by sorting the
 * keys, O(n log n), so that a hostile object of a million keys costs a second
 * rather than hours; smaller ones by comparing each key with those before it,
 * which allocates nothing. */
#define CR_JSON_SORT_KEYS_ABOVE 32

typedef struct key_at {
    const char *key;
    size_t index;
} key_at;

static int by_key_then_index(const void *a, const void *b)
{
    const key_at *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Index (in document order) of the first key of obj that repeats an earlier
 * one, or n when none does.  Returns false when out of memory. */
static bool first_repeated_key(const cJSON *obj, size_t n, size_t *repeat)
{
    *repeat = n;
    if (n <= CR_JSON_SORT_KEYS_ABOVE) {
        size_t i = 0;
        for (const cJSON *child = obj->child; child; child = child->next, i++)
            for (const cJSON *prev = obj->child; prev != child; prev = prev->next)
                if (strcmp(prev->string, child->string) == 0) {
                    *repeat = i;
                    return true;
                }
        return true;
    }
    key_at *keys = malloc(n * sizeof *keys);
    if (!keys)
        return false;
    size_t i = 0;
    for (const cJSON *child = obj->child; child; child = child->next, i++)
        keys[i] = (key_at){child->string, i};
    qsort(keys, n, sizeof *keys, by_key_then_index);
    /* After sorting, a key equal to its neighbour before it is a repeat; the
     * earliest such in the document is the one the direct scan would find. */
    for (i = 1; i < n; i++)
        if (strcmp(keys[i - 1].key, keys[i].key) == 0 && keys[i].index < *repeat)
            *repeat = keys[i].index;
    free(keys);
    return true;
}

static cr_status check_duplicates(const char *file, const cJSON *node, const char *path,
                                  cr_error *err)
{
    char child_path[256];
    size_t n = 0, repeat = 0;
    for (const cJSON *child = node->child; child; child = child->next)
        n++;
    if (cJSON_IsObject(node) && !first_repeated_key(node, n, &repeat))
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, path, "out of memory");
    size_t index = 0;
    for (const cJSON *child = node->child; child; child = child->next, index++) {
        bool repeated = cJSON_IsObject(node) && index == repeat;
        bool container = cJSON_IsObject(child) || cJSON_IsArray(child);
        /* A child's path is written out only when it is needed (an error, or
         * a container to descend into): leaves are most of a document, and
         * formatting a path for each was a fifth of loading the catalogue. */
        if (!repeated && !container)
            continue;
        if (cJSON_IsObject(node))
            cr_jpath_key(child_path, sizeof child_path, path, child->string);
        else
            cr_jpath_index(child_path, sizeof child_path, path, index);
        if (repeated)
            return cr_error_set(err, CR_ERR_INPUT, file, 0, child_path,
                                "duplicate key \"%s\"; each key may appear once",
                                child->string);
        cr_status st = check_duplicates(file, child, child_path, err);
        if (st != CR_OK)
            return st;
    }
    return CR_OK;
}

static cr_status parse_text(const char *name, const char *text, size_t len, cr_json_doc *doc,
                            cr_error *err)
{
    size_t skip = cr_utf8_bom_length(text, len);
    text += skip;
    len -= skip;
    /* One byte-order mark is how spreadsheets and editors mark UTF-8; a
     * second is a character (U+FEFF) that no JSON input may start with, and
     * would otherwise be taken by one reader and refused by another. */
    if (skip && cr_utf8_bom_length(text, len))
        return cr_error_set(err, CR_ERR_INPUT, name, 1, NULL,
                            "starts with two byte-order marks; expected at most one");
    long bad_line = 0;
    const char *utf16 = cr_utf16_guess(text, len);
    if (utf16)
        return cr_error_set(err, CR_ERR_INPUT, name, 1, NULL,
                            "looks like %s text; expected UTF-8 JSON text: save the file as "
                            "UTF-8",
                            utf16);
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return cr_error_set(err, CR_ERR_INPUT, name, cr_line_at(text, (size_t)(nul - text)),
                            NULL, "contains a NUL byte; expected UTF-8 JSON text");
    if (!cr_utf8_valid(text, len, &bad_line))
        return cr_error_set(err, CR_ERR_INPUT, name, bad_line, NULL,
                            "invalid UTF-8; expected UTF-8 JSON text");
    bracket_scan brackets = scan_brackets(text, len);
    if (brackets.too_deep_at < len) {
        long line, column;
        position_of(text, brackets.too_deep_at, &line, &column);
        return cr_error_set(err, CR_ERR_INPUT, name, line, NULL,
                            "column %ld: JSON nested deeper than %d levels", column,
                            CR_JSON_MAX_DEPTH);
    }
    cr_json_syntax bad;
    if (!cr_json_syntax_check(text, len, CR_JSON_MAX_DEPTH, &bad)) {
        size_t offset = bad.offset;
        long line, column;
        position_of(text, offset, &line, &column);
        /* cJSON puts an error at the end of the text on its last byte, one
         * in an unterminated string at the string's start, and one in a
         * literal or number cut short at that token.  When the text is also
         * unfinished and nothing but that last token follows the error, the
         * file was cut short, which is more use to know than the column of
         * its last character. */
        bool cut = brackets.unfinished;
        size_t string_start = brackets.string_start;
        bool last_token = offset < len;
        for (size_t i = offset; i < len && last_token; i++)
            last_token = !strchr(" \t\r\n,:[]{}\"", text[i]);
        if (len == 0 || offset >= len ||
            (cut && (offset + 1 >= len || offset == string_start || offset == string_start + 1 ||
                     last_token))) {
            position_of(text, len, &line, &column);
            return cr_error_set(err, CR_ERR_INPUT, name, line, NULL,
                                "malformed JSON: unexpected end of file (a string or bracket "
                                "is not closed: the file looks cut short); expected a "
                                "complete JSON document");
        }
        if (bad.too_large)
            return cr_error_set(err, CR_ERR_INPUT, name, line, NULL,
                                "column %ld: too large; expected %s", column, bad.expected);
        if (bad.after_end)
            return cr_error_set(err, CR_ERR_INPUT, name, line, NULL,
                                "column %ld: unexpected text after the JSON document", column);
        return cr_error_set(err, CR_ERR_INPUT, name, line, NULL,
                            "column %ld: malformed JSON; expected %s", column, bad.expected);
    }
    /* The text is JSON, so cJSON can fail on it only for want of memory. */
    doc->root = cJSON_ParseWithLength(text, len);
    if (!doc->root)
        return cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory while reading it");
    cr_status st = check_duplicates(name, doc->root, "$", err);
    if (st != CR_OK) {
        cJSON_Delete(doc->root);
        doc->root = NULL;
    }
    return st;
}

cr_status cr_json_parse_text(const char *name, const char *text, size_t len, cr_json_doc *doc,
                             cr_error *err)
{
    doc->root = NULL;
    doc->file = strdup(name);
    if (!doc->file)
        return cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory");
    cr_status st = parse_text(name, text, len, doc, err);
    /* A refused document owns nothing, so that a caller may return at once. */
    if (st != CR_OK)
        cr_json_doc_free(doc);
    return st;
}

cr_status cr_json_load_file(const char *path, cr_json_doc *doc, cr_error *err)
{
    char *text;
    size_t len;
    doc->root = NULL;
    doc->file = NULL;
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    if (len == 0) {
        free(text);
        return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                            "file is empty; expected a JSON document");
    }
    st = cr_json_parse_text(path, text, len, doc, err);
    free(text);
    return st;
}

void cr_json_doc_free(cr_json_doc *doc)
{
    cJSON_Delete(doc->root);
    free(doc->file);
    doc->root = NULL;
    doc->file = NULL;
}

static bool is_identifier(const char *key)
{
    if (!*key || !(isalpha((unsigned char)*key) || *key == '_'))
        return false;
    for (const char *p = key; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return false;
    return true;
}

void cr_jpath_key(char *out, size_t size, const char *parent, const char *key)
{
    if (is_identifier(key))
        snprintf(out, size, "%s.%s", parent, key);
    else
        snprintf(out, size, "%s[\"%.60s\"]", parent, key);
}

void cr_jpath_index(char *out, size_t size, const char *parent, size_t index)
{
    snprintf(out, size, "%s[%zu]", parent, index);
}

const char *cr_json_type_name(const cJSON *node)
{
    if (!node)
        return "nothing";
    if (cJSON_IsString(node))
        return "a string";
    if (cJSON_IsNumber(node))
        return "a number";
    if (cJSON_IsBool(node))
        return "a boolean";
    if (cJSON_IsNull(node))
        return "null";
    if (cJSON_IsArray(node))
        return "an array";
    if (cJSON_IsObject(node))
        return "an object";
    return "an unknown value";
}

/* Look up obj[key]; handles the missing and required cases. */
static cr_status fetch(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                       bool required, const cJSON **node, char *child, size_t child_size)
{
    cr_jpath_key(child, child_size, path, key);
    if (!cJSON_IsObject(obj))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected an object, got %s", cr_json_type_name(obj));
    *node = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!*node && required)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child, "missing required field");
    return CR_OK;
}

#define FETCH_OR_RETURN(node)                                                    \
    char child[256];                                                             \
    const cJSON *node = NULL;                                                    \
    cr_status st_ = fetch(c, obj, path, key, required, &node, child, sizeof child); \
    if (st_ != CR_OK)                                                            \
        return st_;                                                              \
    if (!node)                                                                   \
        return CR_OK;

cr_status cr_json_get_object(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                             bool required, const cJSON **out)
{
    FETCH_OR_RETURN(node);
    if (!cJSON_IsObject(node))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected an object, got %s", cr_json_type_name(node));
    *out = node;
    return CR_OK;
}

cr_status cr_json_get_array(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                            bool required, const cJSON **out)
{
    FETCH_OR_RETURN(node);
    if (!cJSON_IsArray(node))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected an array, got %s", cr_json_type_name(node));
    *out = node;
    return CR_OK;
}

cr_status cr_json_get_string(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                             bool required, size_t max_len, const char **out)
{
    FETCH_OR_RETURN(node);
    if (!cJSON_IsString(node))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected a string, got %s", cr_json_type_name(node));
    if (max_len && strlen(node->valuestring) > max_len)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "string is %zu bytes long; expected at most %zu",
                            strlen(node->valuestring), max_len);
    *out = node->valuestring;
    return CR_OK;
}

cr_status cr_json_get_number(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                             bool required, double min, double max, double *out, bool *present)
{
    if (present)
        *present = false;
    FETCH_OR_RETURN(node);
    if (!cJSON_IsNumber(node))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected a number from %g to %g, got %s", min, max,
                            cr_json_type_name(node));
    double v = node->valuedouble;
    if (!isfinite(v) || v < min || v > max)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected a number from %g to %g, got %g", min, max, v);
    *out = v;
    if (present)
        *present = true;
    return CR_OK;
}

cr_status cr_json_get_int(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, long min, long max, long *out, bool *present)
{
    if (present)
        *present = false;
    FETCH_OR_RETURN(node);
    double v = cJSON_IsNumber(node) ? node->valuedouble : NAN;
    if (!cJSON_IsNumber(node) || !isfinite(v) || v != floor(v) || v < (double)min ||
        v > (double)max) {
        if (cJSON_IsNumber(node))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                                "expected an integer from %ld to %ld, got %g", min, max, v);
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected an integer from %ld to %ld, got %s", min, max,
                            cr_json_type_name(node));
    }
    *out = (long)v;
    if (present)
        *present = true;
    return CR_OK;
}

cr_status cr_json_get_bool(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                           bool required, bool *out, bool *present)
{
    if (present)
        *present = false;
    FETCH_OR_RETURN(node);
    if (!cJSON_IsBool(node))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected true or false, got %s", cr_json_type_name(node));
    *out = cJSON_IsTrue(node);
    if (present)
        *present = true;
    return CR_OK;
}

static void join_names(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        int w = snprintf(buf + used, size - used, "%s\"%s\"", i ? ", " : "", names[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= size)
        buf[size - 1] = '\0';
}

cr_status cr_json_get_enum(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                           bool required, const char *const *names, size_t n, int *out,
                           bool *present)
{
    if (present)
        *present = false;
    FETCH_OR_RETURN(node);
    char list[400];
    join_names(list, sizeof list, names, n);
    if (!cJSON_IsString(node))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected one of %s, got %s", list, cr_json_type_name(node));
    for (size_t i = 0; i < n; i++)
        if (strcmp(node->valuestring, names[i]) == 0) {
            *out = (int)i;
            if (present)
                *present = true;
            return CR_OK;
        }
    return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                        "expected one of %s, got \"%.80s\"", list, node->valuestring);
}

cr_status cr_json_check_keys(cr_jctx *c, const cJSON *obj, const char *path,
                             const char *const *allowed, size_t n)
{
    if (!cJSON_IsObject(obj))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected an object, got %s", cr_json_type_name(obj));
    for (const cJSON *child = obj->child; child; child = child->next) {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(child->string, allowed[i]) == 0;
        if (!known) {
            char list[400], child_path[256];
            join_names(list, sizeof list, allowed, n);
            cr_jpath_key(child_path, sizeof child_path, path, child->string);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child_path,
                                "unknown field \"%.60s\"; expected one of %s", child->string,
                                list);
        }
    }
    return CR_OK;
}
