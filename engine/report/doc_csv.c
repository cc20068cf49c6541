/*
 * doc_csv.c -- a document's tables (doc.h) as CSV, for spreadsheets: a line
 * a row, the heading row first, a field a cell, and an empty line between
 * two tables.  What is not in a table (headings, paragraphs) has no place
 * in CSV and is left out.
 *
 * The one place a document's text is made safe for CSV: every field goes
 * through cr_csv_write_row (util/csv_util.h), the project's one rule for
 * quoting and for neutralising what a spreadsheet would run as a formula.
 * A cell's runs are joined as plain text; a line break becomes a space.
 */
#include <stdlib.h>

#include "report/doc.h"
#include "util/csv_util.h"

static void plain(const cr_doc *d, size_t k, cr_strbuf *sb)
{
    for (size_t c = d->nodes[k].first; c; c = d->nodes[c].next) {
        const doc_node *x = &d->nodes[c];
        if (x->kind == DOC_TEXT)
            cr_strbuf_puts(sb, x->text ? x->text : "");
        else if (x->kind == DOC_BREAK)
            cr_strbuf_puts(sb, " ");
        else if (x->kind != DOC_GRAPHIC)
            plain(d, c, sb);
    }
}

/* One row; false when memory ran out. */
static bool row(const cr_doc *d, size_t r, FILE *fp)
{
    size_t n = 0;
    for (size_t c = d->nodes[r].first; c; c = d->nodes[c].next)
        n += d->nodes[c].cols > 1 ? (size_t)d->nodes[c].cols : 1;
    cr_strbuf *cells = calloc(n ? n : 1, sizeof *cells);
    const char **fields = calloc(n ? n : 1, sizeof *fields);
    bool ok = cells && fields;
    size_t i = 0;
    for (size_t c = d->nodes[r].first; ok && c; c = d->nodes[c].next) {
        cr_strbuf_init(&cells[i]);
        plain(d, c, &cells[i]);
        ok = !cells[i].failed;
        fields[i] = cells[i].data ? cells[i].data : "";
        for (int s = 1; s < d->nodes[c].cols; s++)
            fields[++i] = "";
        i++;
    }
    if (ok)
        cr_csv_write_row(fp, fields, n);
    for (size_t k = 0; cells && k < n; k++)
        cr_strbuf_free(&cells[k]);
    free(cells);
    free(fields);
    return ok;
}

static bool tables(const cr_doc *d, size_t k, FILE *fp, bool *any)
{
    for (size_t c = d->nodes[k].first; c; c = d->nodes[c].next) {
        if (d->nodes[c].kind == DOC_TABLE) {
            if (*any)
                fputc('\n', fp);
            *any = true;
            for (size_t r = d->nodes[c].first; r; r = d->nodes[r].next)
                if (!row(d, r, fp))
                    return false;
        } else if (d->nodes[c].kind < DOC_TEXT && !tables(d, c, fp, any)) {
            return false;
        }
    }
    return true;
}

bool doc_csv(const cr_doc *d, FILE *fp)
{
    bool any = false;
    return !d->failed && tables(d, 0, fp, &any);
}
