/* doc_write.c -- a document (doc.h) in any of the writers' formats, or a
 * stage's JSON, to a stream. */
#include <stdlib.h>

#include "report/assess_doc.h"

bool doc_write(const cr_doc *d, doc_out format, FILE *fp)
{
    if (format == DOC_OUT_CSV)
        return doc_csv(d, fp);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    if (format == DOC_OUT_MD)
        doc_md(d, &sb);
    else if (format == DOC_OUT_HTML)
        doc_html(d, &sb);
    else
        doc_text_write(d, &sb);
    bool ok = !sb.failed;
    if (ok && sb.data)
        fwrite(sb.data, 1, sb.len, fp);
    cr_strbuf_free(&sb);
    return ok;
}

cr_status report_json_write(cJSON *root, FILE *fp, cr_error *err)
{
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    fputs(text, fp);
    fputc('\n', fp);
    cJSON_free(text);
    return CR_OK;
}
