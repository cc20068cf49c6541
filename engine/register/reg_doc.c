/*
 * reg_doc.c -- the pieces the register's documents are made of (reg_doc.h):
 * lines, labelled values, indented boxes, tables; and a document written
 * out in the format asked for.
 */
#include <stdarg.h>

#include "register/reg_doc.h"

cr_status reg_doc_write(cr_doc *d, cr_reg_format format, FILE *out, cr_error *err)
{
    bool ok = doc_write(d, format == CR_REG_CSV ? DOC_OUT_CSV : DOC_OUT_TEXT, out);
    doc_free(d);
    return ok ? CR_OK : cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

void reg_doc_line(cr_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_vtextf(d, fmt, ap);
    doc_close(d);
    va_end(ap);
}

void reg_doc_pair_open(cr_doc *d, const char *label)
{
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_leaf(d, DOC_TERM, NULL, NULL, label);
    doc_open(d, DOC_DESC, NULL, NULL);
}

void reg_doc_pair(cr_doc *d, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    reg_doc_pair_open(d, label);
    doc_vtextf(d, fmt, ap);
    doc_close(d);
    doc_close(d);
    va_end(ap);
}

void reg_doc_indent(cr_doc *d)
{
    doc_open(d, DOC_BOX, NULL, "indent");
}

void reg_doc_table(cr_doc *d, const char *const *heads, size_t n)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, heads[i]);
    doc_close(d);
}

void reg_doc_row(cr_doc *d, const char *const *fields, size_t n)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_CELL, NULL, NULL, fields[i]);
    doc_close(d);
}
