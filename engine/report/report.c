/* report.c -- choosing a renderer, and writing what it made. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/labels.h"
#include "report/parts.h"
#include "report/report_internal.h"

bool cr_report_format_parse(const char *text, cr_report_format *out)
{
    static const char *const names[] = {"json", "csv", "md", "html", "paper", "xlsx"};
    for (int i = 0; i < 6; i++)
        if (text && strcmp(text, names[i]) == 0) {
            *out = (cr_report_format)i;
            return true;
        }
    return false;
}

bool cr_report_lang_parse(const char *text, cr_report_lang *out)
{
    if (text && strcmp(text, "en") == 0) {
        *out = CR_LANG_EN;
        return true;
    }
    if (text && strcmp(text, "ja") == 0) {
        *out = CR_LANG_JA;
        return true;
    }
    return false;
}

const char *report_scenario_name(int scenario, cr_report_lang lang)
{
    static const report_label names[REPORT_CURVES] = {RL_INHERENT, RL_RESIDUAL, RL_TARGET,
                                                      RL_TARGET_GROSS};
    return scenario >= 0 && scenario < REPORT_CURVES ? report_label_text(names[scenario], lang)
                                                     : "";
}

const cr_plan_distribution *report_distribution(const cr_plan *plan, int scenario)
{
    return scenario == REPORT_GROSS ? &plan->target_gross : &plan->dist[scenario];
}

/* The page around the document: its title, the shared style sheet, and the
 * document number and version at the head of every printed page. */
static void html_page_open(cr_strbuf *sb, const cr_plan *plan, const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    cr_strbuf title, css, head;
    cr_strbuf_init(&title);
    cr_strbuf_init(&css);
    cr_strbuf_init(&head);
    cr_strbuf_puts(&title, report_label_text(opt->format == CR_REPORT_PAPER ? RL_PAPER_TITLE
                                                                          : RL_TITLE,
                                             lang));
    cr_strbuf_puts(&title, " – ");
    cr_strbuf_puts(&title, plan->service_name ? plan->service_name : "");
    cr_strbuf_puts(&head, report_label_text(RL_DOC_NUMBER, lang));
    cr_strbuf_puts(&head, " ");
    report_doc_number(&head, plan, opt);
    cr_strbuf_puts(&head, lang == CR_LANG_JA ? "　第" : " · v");
    cr_strbuf_puts(&head, opt->doc_version && *opt->doc_version ? opt->doc_version : "1");
    if (lang == CR_LANG_JA)
        cr_strbuf_puts(&head, "版");
    cr_strbuf_puts(&css, "@page{@top-left{content:");
    rp_css_string(&css, head.data ? head.data : "");
    cr_strbuf_puts(&css, ";font-size:9pt;color:#5b6776}}");
    doc_html_page_open(sb, lang == CR_LANG_JA ? "ja" : "en", title.data ? title.data : "",
                       css.data ? css.data : "");
    if (title.failed || css.failed || head.failed)
        sb->failed = true;
    cr_strbuf_free(&title);
    cr_strbuf_free(&css);
    cr_strbuf_free(&head);
}

/* The plan's document, as an HTML page or as Markdown. */
static cr_status render_doc(const cr_plan *plan, const cr_report_options *opt, cr_strbuf *sb)
{
    cr_doc d;
    doc_init(&d);
    report_plan_doc(&d, plan, opt);
    if (opt->format == CR_REPORT_MD) {
        doc_md(&d, sb);
    } else {
        const doc_page no_extras = {0};
        html_page_open(sb, plan, opt);
        doc_html(&d, sb);
        doc_html_page_end(sb, &no_extras);
    }
    if (d.failed)
        sb->failed = true;
    doc_free(&d);
    return CR_OK;
}

void cr_report_options_init(cr_report_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->format = CR_REPORT_MD;
    opt->lang = CR_LANG_EN;
    opt->annex = true;
}

cr_status cr_report_render(const cr_plan *plan, cr_report_format format, cr_report_lang lang,
                           char **out, size_t *len, cr_error *err)
{
    cr_report_options opt;
    cr_report_options_init(&opt);
    opt.format = format;
    opt.lang = lang;
    return cr_report_render_opt(plan, &opt, out, len, err);
}

cr_status cr_report_render_opt(const cr_plan *plan, const cr_report_options *opt, char **out,
                               size_t *len, cr_error *err)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_status st;
    cr_report_lang lang = opt->lang;
    switch (opt->format) {
    case CR_REPORT_JSON: st = report_render_json(plan, lang, &sb, err); break;
    case CR_REPORT_CSV: st = report_render_csv(plan, lang, &sb, err); break;
    case CR_REPORT_MD:
    case CR_REPORT_HTML:
    case CR_REPORT_PAPER: st = render_doc(plan, opt, &sb); break;
    case CR_REPORT_XLSX: st = report_render_xlsx(plan, lang, &sb, err); break;
    default:
        st = cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "unknown report format %d",
                          (int)opt->format);
    }
    if (st == CR_OK && sb.failed)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st != CR_OK) {
        cr_strbuf_free(&sb);
        return st;
    }
    *len = sb.len;
    *out = cr_strbuf_take(&sb);
    if (!*out)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return CR_OK;
}

cr_status cr_report_write(const cr_plan *plan, cr_report_format format, cr_report_lang lang,
                          FILE *fp, cr_error *err)
{
    cr_report_options opt;
    cr_report_options_init(&opt);
    opt.format = format;
    opt.lang = lang;
    return cr_report_write_opt(plan, &opt, fp, err);
}

cr_status cr_report_write_opt(const cr_plan *plan, const cr_report_options *opt, FILE *fp,
                              cr_error *err)
{
    char *text;
    size_t len;
    cr_status st = cr_report_render_opt(plan, opt, &text, &len, err);
    if (st != CR_OK)
        return st;
    if (fwrite(text, 1, len, fp) != len)
        st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "could not write the report: %s",
                          strerror(errno));
    free(text);
    return st;
}
