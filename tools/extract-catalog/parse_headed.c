/*
 * parse_headed.c -- parts Ⅲ (governance) and Ⅳ (management): numbered
 * headings, each followed by an explanation.
 *
 *   1 情報セキュリティマネジメントの確立          section (level 1)
 *    情報セキュリティマネジメントを確立するために…   its explanation
 *   1.1 適用範囲の定義                             subsection (level 2)
 *   1.1.1 情報セキュリティマネジメントの適用範囲…     item (level 3): heading,
 *    組織は以下の点を考慮して…                       then explanation paragraphs
 *     ・自らの事業                                  and "・" bullets
 *
 * A heading may wrap (Ⅳ 2.2.2 at 926-928): it ends at the first line that
 * ends in white space.  The explanation is a series of paragraphs and
 * bullets, each also ending at such a line; we keep one per line of
 * detail_ja, joined with "\n", without their indentation.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

void item_list_free(item_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->v[i].text);
        free(list->v[i].detail);
        free(list->v[i].basic_text);
        free(list->v[i].basic_detail);
    }
    free(list->v);
    memset(list, 0, sizeof *list);
}

ext_item *item_list_add(item_list *list)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 256;
        ext_item *grown = realloc(list->v, cap * sizeof *grown);
        if (!grown)
            return NULL;
        list->v = grown;
        list->cap = cap;
    }
    ext_item *item = &list->v[list->n++];
    memset(item, 0, sizeof *item);
    item->parent = -1;
    return item;
}

long item_list_find(const item_list *list, const char *id)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->v[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* The parent of a new item at `level` is the latest item one level up. */
static long parent_of(const item_list *list, int level)
{
    for (size_t i = list->n; i-- > 0;)
        if (list->v[i].level == level - 1)
            return (long)i;
    return -1;
}

cr_status parse_headed_part(const source_text *st, size_t from, size_t to, int part,
                            item_list *out, cr_error *err)
{
    item_id prev = {0, {0}};
    ext_item *item = NULL;
    bool heading_open = false;   /* the heading has not ended yet */
    bool paragraph_open = false; /* the explanation's last paragraph goes on */
    for (size_t i = from; i < to; i++) {
        const src_line *line = &st->lines[i];
        item_id id;
        size_t taken = line->indent == 0 ? item_id_parse(line->text, false, &id) : 0;
        if (taken && item_id_follows(&prev, &id, 3, 0)) {
            long parent = parent_of(out, id.n);
            item = item_list_add(out);
            if (!item)
                return cr_error_set(err, CR_ERR_MEMORY, st->path, line->no, NULL,
                                    "out of memory");
            item->part = part;
            item->level = id.n;
            item->parent = id.n > 1 ? parent : -1;
            item_id_format(&id, item->id, sizeof item->id);
            item->line = line->no;
            item->text = xstrdup(line->text + taken);
            if (!item->text)
                return cr_error_set(err, CR_ERR_MEMORY, st->path, line->no, NULL,
                                    "out of memory");
            heading_open = !line->closed;
            paragraph_open = false;
            prev = id;
            continue;
        }
        if (!item)
            return cr_error_set(err, CR_ERR_INPUT, st->path, line->no, NULL,
                                "text before the part's first numbered heading; expected "
                                "\"1 ...\"");
        bool ok;
        if (heading_open) {
            ok = str_append(&item->text, "", line->text);
            heading_open = !line->closed;
        } else {
            ok = str_append(&item->detail, paragraph_open ? "" : "\n", line->text);
            paragraph_open = !line->closed;
        }
        if (!ok)
            return cr_error_set(err, CR_ERR_MEMORY, st->path, line->no, NULL, "out of memory");
    }
    if (!item)
        return cr_error_set(err, CR_ERR_INPUT, st->path, 0, NULL,
                            "part has no numbered headings");
    return CR_OK;
}
