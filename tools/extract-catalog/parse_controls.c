/*
 * parse_controls.c -- parts Ⅴ (control standard) and Ⅵ (basic declaration
 * requirements): categories, subcategories with objectives, controls and
 * detailed controls.
 *
 *   7 アクセス制御                                   category (level 1)
 *   7.4 ネットワークのアクセス制御                     subcategory (level 2)
 *   目的：ネットワークを利用したサービスへの…          its objective
 *   7.4.1  利用することを特別に認可したサービスへの…     control (level 3)
 *   7.4.1.1  …                                       detailed control (level 4)
 *
 * An item's lines are joined with nothing between them (a wrapped line has
 * no trailing space, and joining mends words the PDF split, "Netw|ork").  A
 * line ending in white space closes the item's sentence; what may still
 * follow before the next id is a list, kept one entry per line ("\n"):
 *   "1.敷地の…" / "1. 組織の…" (numbered, with or without a space, possibly
 *   indented nine spaces), "a) …", "・…".  Once (Ⅴ 6.1.1.13) two numbered
 *   entries share a line ("…手順書2.クラウド…"); we split them as Ⅵ prints
 *   them.
 * Any other line after a closed one continues the sentence: the PDF put a
 * space at a line end that is no item end ("…電子証明書やIC " 6622, Ⅵ
 * 7.2.2.16 at 12790).
 *
 * Ⅵ reuses Ⅴ's ids and leaves whole controls (and subcategories, and
 * category 3) out, so there an id is taken when Ⅴ has it later in its order
 * and its parent is the latest item of Ⅵ one level up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static const char objective_mark[] = "目的：";

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* "1.要員", "1. 要員", "a) …", "・…" */
static bool is_list_entry(const char *s)
{
    if (is_digit(s[0])) {
        while (is_digit(*s))
            s++;
        return *s == '.' && !is_digit(s[1]);
    }
    if (s[0] >= 'a' && s[0] <= 'z' && s[1] == ')' && s[2] == ' ')
        return true;
    return strncmp(s, "・", strlen("・")) == 0;
}

/* In a numbered entry "k.…", the byte offset of a glued "k+1." that starts
 * a second entry on the same line, or 0. */
static size_t second_entry(const char *s)
{
    if (!is_digit(s[0]))
        return 0;
    int k = atoi(s);
    char next[16];
    snprintf(next, sizeof next, "%d.", k + 1);
    size_t m = strlen(next);
    for (const char *p = s + 1; *p; p++)
        if (strncmp(p, next, m) == 0 && !is_digit(p[-1]) && p[m] && !is_digit(p[m]))
            return (size_t)(p - s);
    return 0;
}

static cr_status append_list_entry(char **text, const char *entry)
{
    size_t split = second_entry(entry);
    if (!split)
        return str_append(text, "\n", entry) ? CR_OK : CR_ERR_MEMORY;
    char *first = malloc(split + 1);
    if (!first)
        return CR_ERR_MEMORY;
    memcpy(first, entry, split);
    first[split] = '\0';
    bool ok = str_append(text, "\n", first) && str_append(text, "\n", entry + split);
    free(first);
    return ok ? CR_OK : CR_ERR_MEMORY;
}

typedef struct parse_state {
    const source_text *st;
    const item_list *reference; /* Ⅴ, when parsing Ⅵ */
    item_list *out;
    item_id prev;
    long prev_ref;    /* Ⅵ: index in Ⅴ of the previous id */
    ext_item *item;   /* current item */
    bool in_objective;
    bool open;        /* the current text or objective goes on */
} parse_state;

/* Is `id` the next item's id here? */
static bool accept_id(parse_state *ps, const item_id *id, const char *id_text)
{
    if (!ps->reference)
        return item_id_follows(&ps->prev, id, 4, 11);
    long ref = item_list_find(ps->reference, id_text);
    if (ref < 0 || ref <= ps->prev_ref)
        return false;
    /* Its parent must be the item Ⅵ is in: the previous id cut to n-1 parts. */
    if (id->n - 1 > ps->prev.n)
        return false;
    for (int i = 0; i < id->n - 1; i++)
        if (id->part[i] != ps->prev.part[i])
            return false;
    ps->prev_ref = ref;
    return true;
}

static long parent_of(const item_list *list, int level)
{
    for (size_t i = list->n; i-- > 0;)
        if (list->v[i].level == level - 1)
            return (long)i;
    return -1;
}

static cr_status start_item(parse_state *ps, const src_line *line, const item_id *id,
                            const char *id_text, size_t taken, cr_error *err)
{
    long parent = parent_of(ps->out, id->n);
    ext_item *item = item_list_add(ps->out);
    if (!item)
        return cr_error_set(err, CR_ERR_MEMORY, ps->st->path, line->no, NULL, "out of memory");
    item->part = PART_CONTROL;
    item->level = id->n;
    item->parent = id->n > 1 ? parent : -1;
    snprintf(item->id, sizeof item->id, "%s", id_text);
    item->line = line->no;
    item->text = xstrdup(line->text + taken);
    if (!item->text)
        return cr_error_set(err, CR_ERR_MEMORY, ps->st->path, line->no, NULL, "out of memory");
    ps->item = item;
    ps->in_objective = false;
    ps->open = !line->closed;
    ps->prev = *id;
    return CR_OK;
}

static cr_status continue_item(parse_state *ps, const src_line *line, bool verbose,
                               cr_error *err)
{
    ext_item *item = ps->item;
    const char *path = ps->st->path;
    cr_status status = CR_OK;
    if (!ps->open && item->level == 2 && !item->detail && line->indent == 0 &&
        strncmp(line->text, objective_mark, strlen(objective_mark)) == 0) {
        /* Once (6479) a space follows the colon. */
        const char *objective = line->text + strlen(objective_mark);
        while (*objective == ' ')
            objective++;
        item->detail = xstrdup(objective);
        if (!item->detail)
            status = CR_ERR_MEMORY;
        ps->in_objective = true;
    } else if (ps->in_objective) {
        if (!ps->open)
            return cr_error_set(err, CR_ERR_INPUT, path, line->no, NULL,
                                "unexpected text after the objective of %s; expected the "
                                "next numbered item",
                                item->id);
        status = str_append(&item->detail, "", line->text) ? CR_OK : CR_ERR_MEMORY;
    } else if (ps->open) {
        status = str_append(&item->text, "", line->text) ? CR_OK : CR_ERR_MEMORY;
    } else if (item->level <= 2) {
        return cr_error_set(err, CR_ERR_INPUT, path, line->no, NULL,
                            "unexpected text after the heading %s; expected %s", item->id,
                            item->level == 2 ? "its objective \"目的：...\"" : "a subcategory");
    } else if (is_list_entry(line->text)) {
        status = append_list_entry(&item->text, line->text);
    } else {
        if (verbose)
            fprintf(stderr, "%s:%ld: %s goes on after a line ending in a space\n", path,
                    line->no, item->id);
        status = str_append(&item->text, "", line->text) ? CR_OK : CR_ERR_MEMORY;
    }
    if (status != CR_OK)
        return cr_error_set(err, status, path, line->no, NULL, "out of memory");
    ps->open = !line->closed;
    return CR_OK;
}

cr_status parse_control_part(const source_text *st, size_t from, size_t to,
                             const item_list *reference, bool verbose, item_list *out,
                             cr_error *err)
{
    parse_state ps = {st, reference, out, {0, {0}}, -1, NULL, false, false};
    for (size_t i = from; i < to; i++) {
        const src_line *line = &st->lines[i];
        item_id id;
        char id_text[32];
        size_t taken = line->indent == 0 ? item_id_parse(line->text, true, &id) : 0;
        if (taken) {
            item_id_format(&id, id_text, sizeof id_text);
            if (accept_id(&ps, &id, id_text)) {
                cr_status status = start_item(&ps, line, &id, id_text, taken, err);
                if (status != CR_OK)
                    return status;
                continue;
            }
        }
        if (!ps.item) {
            if (reference)
                continue; /* Ⅵ's introduction, before its category 1 */
            return cr_error_set(err, CR_ERR_INPUT, st->path, line->no, NULL,
                                "text before the first category; expected \"1 ...\"");
        }
        cr_status status = continue_item(&ps, line, verbose, err);
        if (status != CR_OK)
            return status;
    }
    if (!ps.item)
        return cr_error_set(err, CR_ERR_INPUT, st->path, 0, NULL, "no numbered items found");
    /* Every subcategory states its objective. */
    for (size_t i = 0; i < out->n; i++)
        if (out->v[i].level == 2 && !out->v[i].detail)
            return cr_error_set(err, CR_ERR_INPUT, st->path, out->v[i].line, NULL,
                                "subcategory %s has no objective \"目的：...\"",
                                out->v[i].id);
    return CR_OK;
}

cr_status merge_basic(item_list *control, const item_list *basic, const char *file,
                      cr_error *err)
{
    for (size_t i = 0; i < basic->n; i++) {
        const ext_item *b = &basic->v[i];
        long at = item_list_find(control, b->id);
        if (at < 0)
            return cr_error_set(err, CR_ERR_INPUT, file, b->line, NULL,
                                "%s is in Ⅵ but not in Ⅴ; expected Ⅵ to use Ⅴ's ids", b->id);
        ext_item *v = &control->v[at];
        v->basic = true;
        v->basic_line = b->line;
        if (strcmp(v->text, b->text) != 0 && !(v->basic_text = xstrdup(b->text)))
            return cr_error_set(err, CR_ERR_MEMORY, file, b->line, NULL, "out of memory");
        bool both = v->detail && b->detail;
        if (both ? strcmp(v->detail, b->detail) != 0 : v->detail != b->detail)
            return cr_error_set(err, CR_ERR_INPUT, file, b->line, NULL,
                                "%s has an objective in only one of Ⅴ and Ⅵ", b->id);
        if (both && strcmp(v->detail, b->detail) != 0 &&
            !(v->basic_detail = xstrdup(b->detail)))
            return cr_error_set(err, CR_ERR_MEMORY, file, b->line, NULL, "out of memory");
    }
    /* Ⅵ includes a control whole: with every detailed control of Ⅴ. */
    for (size_t i = 0; i < control->n; i++) {
        const ext_item *v = &control->v[i];
        if (v->level == 4 && v->basic != control->v[v->parent].basic)
            return cr_error_set(err, CR_ERR_INPUT, file, v->line, NULL,
                                "Ⅵ %s %s but %s its control; expected whole controls",
                                v->basic ? "includes" : "leaves out", v->id,
                                v->basic ? "leaves out" : "includes");
    }
    return CR_OK;
}
