/*
 * json_check.c -- is a text one JSON value, as RFC 8259 defines it?
 *
 * cJSON is lenient where the RFC is not: it reads "060" as 60 and "12." as
 * 12, and a string holding \u0000 ends early, silently ("Evil\u0000<script>"
 * became "Evil").  cJSON also returns the same NULL for a syntax error and for
 * an allocation that failed, so an out-of-memory condition looked like a
 * malformed file.  This checker runs first, allocating nothing: a text it
 * accepts that cJSON then fails on can only have failed for want of memory.
 *
 * The grammar (RFC 8259, sections 2 to 7), with the one restriction we add:
 *   value  = object / array / string / number / "true" / "false" / "null"
 *   object = "{" [ string ":" value *( "," string ":" value ) ] "}"
 *   array  = "[" [ value *( "," value ) ] "]"
 *   number = [ "-" ] ( "0" / digit1-9 *digit ) [ "." 1*digit ]
 *            [ ( "e" / "E" ) [ "+" / "-" ] 1*digit ]
 *   string = quote *char quote; char is any code point from U+0020 except
 *            quote and backslash, or an escape \" \\ \/ \b \f \n \r \t \uXXXX
 *            -- where we refuse \u0000: C strings end at a NUL, so no reader
 *            of ours could keep what follows it.
 * White space is space, tab, line feed and carriage return.  The text is
 * already known to be valid UTF-8.  Nesting deeper than max_depth is refused,
 * with an explicit stack, so the check itself never recurses.
 */
#include <string.h>

#include "util/json_util.h"
#include "util/limits.h"

#define CR_STR_(x) #x
#define CR_STR(x) CR_STR_(x)

static size_t skip_space(const char *t, size_t n, size_t i)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A string starting at t[*i] == '"'; on success *i is past its closing quote. */
static bool check_string(const char *t, size_t n, size_t *i, cr_json_syntax *bad)
{
    size_t p = *i + 1;
    while (p < n) {
        unsigned char c = (unsigned char)t[p];
        if (c == '"') {
            *i = p + 1;
            return true;
        }
        if (c < 0x20) {
            *bad = (cr_json_syntax){p, "a control character written as an escape (such as \\n "
                                       "or \\t) inside a string", false, false};
            return false;
        }
        if (c != '\\') {
            p++;
            continue;
        }
        if (p + 1 >= n)
            break;
        char e = t[p + 1];
        if (e == 'u') {
            unsigned cp = 0;
            for (size_t k = 2; k < 6; k++) {
                int h = p + k < n ? hex_value(t[p + k]) : -1;
                if (h < 0) {
                    *bad = (cr_json_syntax){p, "\\u followed by four hexadecimal digits", false, false};
                    return false;
                }
                cp = cp * 16 + (unsigned)h;
            }
            if (cp == 0) {
                *bad = (cr_json_syntax){p, "a string without \\u0000 (the NUL character, which no text may hold)", false, false};
                return false;
            }
            p += 6;
        } else if (strchr("\"\\/bfnrt", e) && e != '\0') {
            p += 2;
        } else {
            *bad = (cr_json_syntax){p, "one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                                       "\\uXXXX", false, false};
            return false;
        }
    }
    *bad = (cr_json_syntax){n, "a closing quote", false, false};
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number starting at t[*i]; on success *i is past it. */
static bool check_number(const char *t, size_t n, size_t *i, cr_json_syntax *bad)
{
    static const char *const form = "a JSON number such as 12, -0.5 or 1e6 (no leading zero, "
                                    "no '+', and digits after a decimal point)";
    size_t p = *i;
    if (p < n && t[p] == '-')
        p++;
    if (p < n && t[p] == '0') {
        p++;
    } else if (p < n && is_digit(t[p])) {
        while (p < n && is_digit(t[p]))
            p++;
    } else {
        *bad = (cr_json_syntax){*i, form, false, false};
        return false;
    }
    if (p < n && t[p] == '.') {
        p++;
        if (p >= n || !is_digit(t[p])) {
            *bad = (cr_json_syntax){*i, form, false, false};
            return false;
        }
        while (p < n && is_digit(t[p]))
            p++;
    }
    if (p < n && (t[p] == 'e' || t[p] == 'E')) {
        p++;
        if (p < n && (t[p] == '+' || t[p] == '-'))
            p++;
        if (p >= n || !is_digit(t[p])) {
            *bad = (cr_json_syntax){*i, form, false, false};
            return false;
        }
        while (p < n && is_digit(t[p]))
            p++;
    }
    /* "060", "1.2.3", "12a": a number must end where a value may end. */
    if (p < n && (is_digit(t[p]) || t[p] == '.' || t[p] == 'e' || t[p] == 'E' ||
                  t[p] == '-' || t[p] == '+' || (t[p] >= 'a' && t[p] <= 'z'))) {
        *bad = (cr_json_syntax){*i, form, false, false};
        return false;
    }
    *i = p;
    return true;
}

static bool check_literal(const char *t, size_t n, size_t *i)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t len = strlen(words[k]);
        if (n - *i >= len && memcmp(t + *i, words[k], len) == 0) {
            *i += len;
            return true;
        }
    }
    return false;
}

/* An object's key and its colon, from t[*i]; *i is then at the value. */
static bool check_key(const char *t, size_t n, size_t *i, cr_json_syntax *bad)
{
    if (*i >= n || t[*i] != '"') {
        *bad = (cr_json_syntax){*i, "a key in double quotes", false, false};
        return false;
    }
    if (!check_string(t, n, i, bad))
        return false;
    *i = skip_space(t, n, *i);
    if (*i >= n || t[*i] != ':') {
        *bad = (cr_json_syntax){*i, "':' after the key", false, false};
        return false;
    }
    *i = skip_space(t, n, *i + 1);
    return true;
}

bool cr_json_syntax_check(const char *t, size_t n, int max_depth, cr_json_syntax *bad)
{
    char stack[256];
    size_t count[256]; /* elements so far of each open container */
    size_t values = 0;
    if (max_depth > (int)sizeof stack)
        max_depth = (int)sizeof stack;
    int depth = 0;
    size_t i = skip_space(t, n, 0);
    for (;;) {
        /* A value is expected at t[i]. */
        if (i >= n) {
            *bad = (cr_json_syntax){n, "a JSON value", false, false};
            return false;
        }
        /* Bounded before any tree is built (util/limits.h). */
        if (++values > CR_LIMIT_JSON_VALUES ||
            (depth > 0 && ++count[depth - 1] > CR_LIMIT_JSON_ELEMENTS)) {
            *bad = (cr_json_syntax){i, values > CR_LIMIT_JSON_VALUES
                                           ? "at most " CR_STR(CR_LIMIT_JSON_VALUES)
                                             " values in one document"
                                           : "at most " CR_STR(CR_LIMIT_JSON_ELEMENTS)
                                             " elements in one array or object",
                                    false, false};
            bad->too_large = true;
            return false;
        }
        char c = t[i];
        if (c == '{' || c == '[') {
            if (depth == max_depth) {
                *bad = (cr_json_syntax){i, "less deeply nested JSON", false, false};
                return false;
            }
            char close = c == '{' ? '}' : ']';
            count[depth] = 0;
            stack[depth++] = close;
            i = skip_space(t, n, i + 1);
            if (i < n && t[i] == close) {
                depth--;
                i++;
            } else {
                if (c == '{' && !check_key(t, n, &i, bad))
                    return false;
                continue;
            }
        } else if (c == '"') {
            if (!check_string(t, n, &i, bad))
                return false;
        } else if (c == '-' || is_digit(c)) {
            if (!check_number(t, n, &i, bad))
                return false;
        } else if (!check_literal(t, n, &i)) {
            *bad = (cr_json_syntax){i, c == '.' || c == '+'
                                           ? "a JSON number such as 12, -0.5 or 1e6 (no "
                                             "leading zero, no '+', and digits after a "
                                             "decimal point)"
                                           : "a JSON value", false, false};
            return false;
        }
        /* After a value: close containers, or a comma and the next value. */
        for (;;) {
            i = skip_space(t, n, i);
            if (depth == 0) {
                if (i < n) {
                    *bad = (cr_json_syntax){i, "nothing after the JSON document", true, false};
                    return false;
                }
                return true;
            }
            char close = stack[depth - 1];
            if (i < n && t[i] == close) {
                depth--;
                i++;
                continue;
            }
            if (i < n && t[i] == ',') {
                i = skip_space(t, n, i + 1);
                if (close == '}' && !check_key(t, n, &i, bad))
                    return false;
                break;
            }
            *bad = (cr_json_syntax){i, close == '}' ? "',' or '}'" : "',' or ']'", false, false};
            return false;
        }
    }
}
