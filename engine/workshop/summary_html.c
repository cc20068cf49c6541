/*
 * summary_html.c -- the merge summary as one self-contained HTML page.
 *
 * Read top to bottom by the facilitator before the discussion round: who
 * took part; who stands apart from the room and on how many risks; one
 * table row per risk with the consensus, the pooled figures in money and
 * events a year, and the flags on one line; then per risk the dot plots of
 * the estimates (summary_plot.c) and, for a flagged risk, every answer and
 * comment.
 *
 * No scripts, fonts or images: the project's one style sheet is inline
 * (util/html_style.h), with the few rules the plots add, and the page prints
 * as it shows.  The page is built as a document (report/report_iface.h)
 * and written by the report's HTML writer, which escapes every string that
 * came from a sheet (names, comments, file names, the service id).
 */
#include <stdio.h>
#include <string.h>

#include "report/report_iface.h"
#include "util/text.h"
#include "workshop/cells.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

/* What the summary adds to the shared style sheet: the flag badge and the
 * dot plots. */
const char cr_ws_summary_style[] =
    "a.badge{text-decoration:none}"
    ".badge{display:inline-block;background:#fff4e0;color:#8a4b00;border:1px solid #f0c36d;"
    "border-radius:3px;padding:0 .35em;font-size:.85em;margin-right:.4em}"
    "td.num{text-align:right;white-space:nowrap}"
    "p.flagline{margin:.2em 0}p.method{color:#57606a;font-size:.9em}p.apart{font-weight:600}"
    ".plots{display:flex;flex-wrap:wrap;gap:1.5em}.plots figure{margin:0}"
    ".plots figcaption{font-size:.85em;color:#57606a}"
    "svg.dots text{font-size:10px;fill:#1f2933}svg.dots text.who{text-anchor:end}"
    "svg.dots text.tick{text-anchor:middle;fill:#57606a}"
    "svg.dots .band{fill:#dbe9f7}svg.dots .axis{stroke:#8c959f;stroke-width:1}"
    "svg.dots .whisker{stroke:#57606a;stroke-width:1.5}svg.dots .dot{fill:#1f6feb}"
    "svg.dots .mean{fill:#0b3d91}svg.dots .out{stroke:#c2410c;fill:#c2410c}"
    "svg.dots text.out{stroke:none}section{page-break-inside:avoid}";

static void levels_cell(cr_doc *d, const cr_workshop_levels *l)
{
    doc_open(d, DOC_CELL, NULL, "num");
    doc_open(d, DOC_STRONG, NULL, NULL);
    doc_textf(d, "%d", l->consensus);
    doc_close(d);
    doc_textf(d, " (%d–%d)", l->min, l->max);
    doc_close(d);
}

static void number_cell(cr_doc *d, const char *text)
{
    doc_leaf(d, DOC_CELL, NULL, "num", text);
}

/* A row of the facts table: its name, then its value's cell left open. */
static void fact_open(cr_doc *d, const char *name)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    doc_leaf(d, DOC_HEADCELL, NULL, NULL, name);
    doc_open(d, DOC_CELL, NULL, NULL);
}

static void fact_close(cr_doc *d)
{
    doc_close(d);
    doc_close(d);
}

static void heads(cr_doc *d, const char *const *names, size_t n)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, names[i]);
    doc_close(d);
}

static void header(cr_doc *d, const cr_ws_words *w, const cr_workshop_result *r,
                   const cr_workshop_provenance *prov)
{
    doc_heading(d, 1, NULL, w->title);
    doc_open(d, DOC_TABLE, NULL, NULL);
    fact_open(d, w->service);
    doc_text(d, r->service_id);
    fact_close(d);
    fact_open(d, w->date);
    doc_text(d, r->date);
    fact_close(d);
    fact_open(d, w->round);
    doc_textf(d, "%d", r->round);
    fact_close(d);
    if (prov && prov->model_version) {
        fact_open(d, w->model);
        doc_text(d, prov->model_version);
        fact_close(d);
    }
    fact_open(d, w->inputs);
    doc_text(d, "SHA-256 ");
    doc_leaf(d, DOC_SPAN, NULL, "hash", r->inputs_sha256);
    fact_close(d);
    fact_open(d, w->participants);
    for (size_t i = 0; i < r->n_participants; i++) {
        if (i)
            doc_break(d);
        doc_text(d, r->participants[i].name);
        doc_text(d, " (");
        doc_text(d, w->weight);
        doc_textf(d, " %g", r->participants[i].weight);
        if (r->participants[i].file[0]) {
            doc_text(d, w->comma);
            doc_text(d, r->participants[i].file);
        }
        doc_text(d, ")");
    }
    if (r->anonymous) {
        doc_break(d);
        doc_text(d, w->anonymous);
    }
    fact_close(d);
    doc_close(d);
    doc_leaf(d, DOC_PARA, NULL, "method", w->method);
}

static void overview(cr_doc *d, const cr_ws_words *w, const cr_workshop_result *r,
                     cr_strbuf *flags)
{
    const char *const names[] = {w->risk,           w->scored,      w->impact,
                                 w->likelihood,     w->frequency_pool, w->loss_pool,
                                 w->annual_loss,    w->flags};
    heads(d, names, sizeof names / sizeof names[0]);
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        if (!c->handed_out)
            continue;
        char id[80];
        snprintf(id, sizeof id, "row-%s", c->risk_id);
        doc_open(d, DOC_ROW, id, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_text(d, c->risk_id);
        doc_text(d, " ");
        doc_text(d, c->risk_name);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "num");
        doc_textf(d, "%zu/%zu", c->impact.n, r->n_participants);
        doc_close(d);
        if (!c->impact.n) {
            doc_open(d, DOC_CELL, NULL, NULL);
            doc_set_colspan(d, 6);
            doc_text(d, w->not_scored);
            doc_close(d);
            doc_close(d);
            continue;
        }
        levels_cell(d, &c->impact);
        levels_cell(d, &c->likelihood);
        char text[200];
        cr_ws_pool_brief(text, sizeof text, &c->frequency, NULL, w->lang);
        number_cell(d, text);
        cr_ws_pool_brief(text, sizeof text, &c->loss, r->currency, w->lang);
        number_cell(d, text);
        if (c->frequency.n)
            cr_ws_format_money(text, sizeof text, c->annual_loss, r->currency, w->lang);
        else
            snprintf(text, sizeof text, "-");
        number_cell(d, text);
        doc_open(d, DOC_CELL, NULL, NULL);
        flags->len = 0;
        if (cr_ws_flags_short(flags, r, c, w->lang)) {
            char href[80];
            snprintf(href, sizeof href, "#%s", c->risk_id);
            doc_open_link(d, href, "badge");
            doc_text(d, w->flag);
            doc_close(d);
            doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
            doc_text(d, flags->data);
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

static void answers(cr_doc *d, const cr_ws_words *w, const cr_workshop_result *r,
                    const cr_workshop_consensus *c)
{
    char freq_head[160], loss_head[160];
    snprintf(freq_head, sizeof freq_head, "%s %s", w->frequency, w->min_likely_max);
    snprintf(loss_head, sizeof loss_head, "%s %s", w->loss, w->min_likely_max);
    const char *const names[] = {w->participant, w->impact,           w->likelihood, freq_head,
                                 loss_head,      w->confidence_short, w->comment};
    heads(d, names, sizeof names / sizeof names[0]);
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_entry *e = &c->entries[i];
        if (!e->line)
            continue;
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, r->participants[i].name);
        if (e->scored) {
            char freq[160], loss[160], num[16];
            cr_ws_range_brief(freq, sizeof freq, &e->frequency, NULL, w->lang);
            cr_ws_range_brief(loss, sizeof loss, &e->loss, r->currency, w->lang);
            snprintf(num, sizeof num, "%d", e->impact);
            number_cell(d, num);
            snprintf(num, sizeof num, "%d", e->likelihood);
            number_cell(d, num);
            number_cell(d, freq);
            number_cell(d, loss);
            num[0] = '\0';
            if (e->confidence)
                snprintf(num, sizeof num, "%d", e->confidence);
            number_cell(d, num);
        } else {
            doc_open(d, DOC_CELL, NULL, NULL);
            doc_set_colspan(d, 5);
            doc_text(d, w->abstained);
            doc_close(d);
        }
        doc_leaf(d, DOC_CELL, NULL, NULL, e->comment);
        doc_close(d);
    }
    doc_close(d);
}

/* A risk's own section: the flag, the dot plots, the answers when flagged. */
static void risk_section(cr_doc *d, const cr_ws_words *w, const cr_workshop_result *r,
                         const cr_workshop_consensus *c, cr_strbuf *flags)
{
    flags->len = 0;
    size_t n_flags = cr_ws_flags_text(flags, r, c, w->lang);
    if (!n_flags && !c->frequency.n)
        return;
    doc_open(d, DOC_SECTION, c->risk_id, NULL);
    doc_open_heading(d, 3, NULL);
    doc_text(d, c->risk_id);
    doc_text(d, " ");
    doc_text(d, c->risk_name);
    doc_close(d);
    if (n_flags) {
        doc_open(d, DOC_PARA, NULL, "flagline");
        doc_leaf(d, DOC_SPAN, NULL, "badge", w->flag);
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
        doc_text(d, flags->data);
        doc_close(d);
    }
    if (c->frequency.n) {
        const bool kinds[2] = {true, false};
        doc_open(d, DOC_BOX, NULL, "plots");
        for (int i = 0; i < 2; i++) {
            doc_open(d, DOC_FIGURE, NULL, NULL);
            cr_strbuf svg;
            cr_strbuf_init(&svg);
            cr_ws_dot_plot(&svg, r, c, kinds[i], w);
            doc_graphic(d, &svg);
            doc_leaf(d, DOC_CAPTION, NULL, NULL, kinds[i] ? w->frequency_axis : w->loss_axis);
            doc_close(d);
        }
        doc_close(d);
    }
    if (n_flags)
        answers(d, w, r, c);
    doc_close(d);
}

static void summary_doc(cr_doc *d, const cr_workshop_result *r,
                        const cr_workshop_provenance *prov, const cr_ws_words *w,
                        cr_strbuf *flags)
{
    doc_set_lang(d, w->lang);
    header(d, w, r, prov);
    doc_heading(d, 2, NULL, w->outliers);
    doc_open(d, DOC_PARA, NULL, "apart");
    flags->len = 0;
    if (cr_ws_outliers_text(flags, r, w, " "))
        doc_text(d, flags->data);
    else
        doc_text(d, w->no_outlier);
    doc_close(d);
    doc_heading(d, 2, NULL, w->consensus);
    overview(d, w, r, flags);

    bool any = false;
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        flags->len = 0;
        if (!c->impact.n || (!c->frequency.n && !cr_ws_flags_text(flags, r, c, w->lang)))
            continue;
        if (!any)
            doc_heading(d, 2, NULL, w->estimates);
        any = true;
        risk_section(d, w, r, c, flags);
    }
    size_t flagged = 0;
    for (size_t k = 0; k < r->n_risks; k++) {
        flags->len = 0;
        flagged += r->risks[k].impact.n && cr_ws_flags_text(flags, r, &r->risks[k], w->lang);
    }
    if (!flagged)
        doc_leaf(d, DOC_PARA, NULL, NULL, w->no_flags);
}

cr_status cr_ws_summary_html(FILE *fp, const cr_workshop_result *r,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err)
{
    cr_strbuf sb, flags, title;
    cr_strbuf_init(&sb);
    cr_strbuf_init(&flags);
    cr_strbuf_init(&title);
    cr_doc d;
    doc_init(&d);
    summary_doc(&d, r, prov, w, &flags);
    cr_strbuf_puts(&title, w->title);
    cr_strbuf_puts(&title, ": ");
    cr_strbuf_puts(&title, r->service_id);
    doc_page page = {.lang = w->lang,
                     .title = title.data ? title.data : "",
                     .css = {cr_ws_summary_style}};
    doc_html_page(&sb, &page, &d);
    doc_free(&d);
    bool failed = sb.failed || flags.failed || title.failed;
    if (!failed)
        fwrite(sb.data, 1, sb.len, fp);
    cr_strbuf_free(&sb);
    cr_strbuf_free(&flags);
    cr_strbuf_free(&title);
    if (failed)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return CR_OK;
}
