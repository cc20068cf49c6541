/*
 * serve_form.c -- the forms the live workshop's pages post, decoded
 * (application/x-www-form-urlencoded: name=value pairs joined by "&", "+"
 * for a space, "%XX" for any byte), and the text the server refuses in
 * names and comments.
 *
 * Every refusal says what is wrong and what is expected, for the person at
 * the browser: a malformed escape, more than WS_MAX_FIELDS fields, a field
 * over WS_MAX_FIELD bytes, text that is not UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "workshop/serve.h"

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

/* Decode text[0..len) into a new string; NULL with *bad set when malformed. */
static char *decode(const char *text, size_t len, bool *bad)
{
    char *out = malloc(len + 1);
    size_t n = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '+') {
            out[n++] = ' ';
        } else if (text[i] == '%') {
            int hi = i + 2 < len ? hex_value(text[i + 1]) : -1;
            int lo = i + 2 < len ? hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *bad = true;
                free(out);
                return NULL;
            }
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[n++] = text[i];
        }
    }
    out[n] = '\0';
    if (memchr(out, '\0', n)) { /* a %00: no text field holds one */
        *bad = true;
        free(out);
        return NULL;
    }
    return out;
}

void ws_form_free(ws_form *form)
{
    for (size_t i = 0; i < form->n; i++) {
        free(form->fields[i].name);
        free(form->fields[i].value);
    }
    free(form->fields);
    memset(form, 0, sizeof *form);
}

cr_status ws_form_parse(const char *body, size_t len, const char *lang, ws_form *form,
                        cr_error *err)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    memset(form, 0, sizeof *form);
    form->fields = calloc(WS_MAX_FIELDS, sizeof *form->fields);
    if (!form->fields)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    size_t at = 0;
    while (at < len) {
        const char *start = body + at;
        const char *amp = memchr(start, '&', len - at);
        size_t piece = amp ? (size_t)(amp - start) : len - at;
        at += piece + 1;
        if (piece == 0)
            continue;
        if (form->n == WS_MAX_FIELDS) {
            ws_form_free(form);
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                                ja ? "フォームの項目が%d個を超えています。ページのフォームから送信してください。"
                                   : "the form has more than %d fields; expected the page's own "
                                     "form", WS_MAX_FIELDS);
        }
        const char *eq = memchr(start, '=', piece);
        size_t name_len = eq ? (size_t)(eq - start) : piece;
        bool bad = false;
        ws_field *f = &form->fields[form->n];
        f->name = decode(start, name_len, &bad);
        f->value = f->name ? decode(eq ? eq + 1 : start + piece, eq ? piece - name_len - 1 : 0,
                                    &bad)
                           : NULL;
        if (f->name && f->value)
            form->n++;
        else {
            free(f->name);
            f->name = NULL;
        }
        long line;
        cr_status st = CR_OK;
        if (bad)
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "%s",
                              ja ? "フォームの形式が正しくありません（%の後が2桁の16進数でない、またはNULバイトを含む）。ページのフォームから送信してください。"
                                 : "the form is malformed (a %-escape that is not two hex digits, "
                                   "or a NUL byte); expected the page's own form");
        else if (!f->name || !f->value)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        else if (strlen(f->value) > WS_MAX_FIELD || strlen(f->name) > 64)
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                              ja ? "項目「%.40s」が%dバイトを超えています。"
                                 : "field \"%.40s\" is longer than %d bytes; expected at most that",
                              f->name, WS_MAX_FIELD);
        else if (!cr_utf8_valid(f->name, strlen(f->name), &line) ||
                 !cr_utf8_valid(f->value, strlen(f->value), &line))
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                              ja ? "項目「%.40s」がUTF-8として正しくありません。UTF-8の文字で送信してください。"
                                 : "field \"%.40s\" is not valid UTF-8; expected UTF-8 text (the "
                                   "page's encoding)", cr_utf8_valid(f->name, strlen(f->name), &line)
                                                      ? f->name : "?");
        if (st != CR_OK) {
            ws_form_free(form);
            return st;
        }
    }
    return CR_OK;
}

const char *ws_form_get(const ws_form *form, const char *name)
{
    for (size_t i = 0; i < form->n; i++)
        if (strcmp(form->fields[i].name, name) == 0)
            return form->fields[i].value;
    return NULL;
}

const char *ws_text_refusal(const char *s, bool multiline, const char *lang)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool line_break = *p == '\n' || *p == '\r';
        if ((*p < 0x20 && !(multiline && (line_break || *p == '\t'))) || *p == 0x7f ||
            (!multiline && line_break))
            return ja ? "制御文字は使えません。通常の文字で入力してください。"
                      : "contains a control character; expected plain text";
        if (*p == '<' && (((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') || p[1] == '/' ||
                          p[1] == '!' || p[1] == '?'))
            return ja ? "HTMLのタグは使えません。プレーンテキストで入力してください。"
                      : "contains HTML markup; expected plain text (write \"less than\" as "
                        "\"< \" with a space)";
    }
    return NULL;
}
