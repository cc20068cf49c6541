/*
 * summary_text.c -- the merge summary as plain text.
 *
 * First who took part and how the numbers are combined, who stands apart
 * from the room, then one block per risk (consensus, spread, pooled
 * estimates in people's units, flags on one line), then the flagged risks
 * again with every participant's answers and comments: the facilitator's
 * agenda for the discussion round.
 */
#include <stdio.h>
#include <string.h>

#include "workshop/cells.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

/* Comments and names may hold line breaks, tabs and other control
 * characters (an escape sequence would reach the reader's terminal); a text
 * summary keeps one line per answer and shows each control character as a
 * space. */
static void put_flat(FILE *fp, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? ' ' : c, fp);
    }
}

/* English prose wrapped at 78 columns on spaces; other text as it is. */
static void put_paragraph(FILE *fp, const char *s, const char *lang)
{
    if (strcmp(lang, "en") != 0) {
        fprintf(fp, "%s\n", s);
        return;
    }
    size_t column = 0;
    while (*s) {
        size_t word = strcspn(s, " ");
        if (column && column + 1 + word > 78) {
            fputc('\n', fp);
            column = 0;
        } else if (column) {
            fputc(' ', fp);
            column++;
        }
        fwrite(s, 1, word, fp);
        column += word;
        s += word;
        while (*s == ' ')
            s++;
    }
    fputc('\n', fp);
}

static void put_levels(FILE *fp, const cr_ws_words *w, const char *what,
                       const cr_workshop_levels *l)
{
    fprintf(fp, "  %s %d (%s %g%s%s %d-%d%sMAD %g)\n", what, l->consensus, w->median, l->median,
            w->comma, w->range, l->min, l->max, w->comma, l->mad);
}

static void put_answers(FILE *fp, const cr_ws_words *w, const cr_workshop_result *r,
                        const cr_workshop_consensus *c)
{
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_entry *e = &c->entries[i];
        if (!e->line)
            continue;
        fprintf(fp, "    ");
        put_flat(fp, r->participants[i].name);
        if (!e->scored) {
            fprintf(fp, ": %s", w->abstained);
        } else {
            char freq[160], loss[160];
            cr_ws_range_brief(freq, sizeof freq, &e->frequency, NULL, w->lang);
            cr_ws_range_brief(loss, sizeof loss, &e->loss, r->currency, w->lang);
            fprintf(fp, ": %s %d%s%s %d%s%s %s%s%s %s", w->impact, e->impact, w->comma,
                    w->likelihood, e->likelihood, w->comma, w->frequency, freq, w->comma,
                    w->loss, loss);
            if (e->confidence)
                fprintf(fp, "%s%s %d", w->comma, w->confidence_short, e->confidence);
        }
        if (e->comment[0]) {
            fprintf(fp, "; \"");
            put_flat(fp, e->comment);
            fputc('"', fp);
        }
        fputc('\n', fp);
    }
}

static void put_header(FILE *fp, const cr_ws_words *w, const cr_workshop_result *r,
                       const cr_workshop_provenance *prov)
{
    fprintf(fp, "%s\n\n%s: ", w->title, w->service);
    put_flat(fp, r->service_id);
    fprintf(fp, "\n%s: %s\n%s: %d\n", w->date, r->date, w->round, r->round);
    if (prov && prov->model_version)
        fprintf(fp, "%s: %s\n", w->model, prov->model_version);
    fprintf(fp, "%s: SHA-256 %s\n%s: %zu", w->inputs, r->inputs_sha256, w->participants,
            r->n_participants);
    if (r->anonymous)
        fprintf(fp, " (%s)", w->anonymous);
    fputc('\n', fp);
    for (size_t i = 0; i < r->n_participants; i++) {
        fprintf(fp, "  ");
        put_flat(fp, r->participants[i].name);
        fprintf(fp, " (%s %g", w->weight, r->participants[i].weight);
        if (r->participants[i].file[0]) {
            fputs(w->comma, fp);
            put_flat(fp, r->participants[i].file);
        }
        fprintf(fp, ")\n");
    }
    fputc('\n', fp);
    put_paragraph(fp, w->method, w->lang);
}

/* One risk's block; returns whether it is flagged. */
static bool put_risk(FILE *fp, const cr_ws_words *w, const cr_workshop_result *r,
                     const cr_workshop_consensus *c, cr_strbuf *flags)
{
    fprintf(fp, "\n%s  ", c->risk_id);
    put_flat(fp, c->risk_name);
    fputc('\n', fp);
    if (!c->impact.n) {
        fprintf(fp, "  %s\n", w->not_scored);
        return false;
    }
    fprintf(fp, "  %s %zu/%zu", w->scored_by, c->impact.n, r->n_participants);
    if (c->n_confidence)
        fprintf(fp, "%s%s %.1f/5 (%zu %s)", w->comma, w->confidence, c->confidence_mean,
                c->n_confidence, w->stated);
    fputc('\n', fp);
    put_levels(fp, w, w->impact, &c->impact);
    put_levels(fp, w, w->likelihood, &c->likelihood);
    char pool[200];
    cr_ws_pool_brief(pool, sizeof pool, &c->frequency, NULL, w->lang);
    fprintf(fp, "  %s: %s\n", w->frequency_pool, pool);
    cr_ws_pool_brief(pool, sizeof pool, &c->loss, r->currency, w->lang);
    fprintf(fp, "  %s: %s\n", w->loss_pool, pool);
    if (c->frequency.n) {
        cr_ws_format_money(pool, sizeof pool, c->annual_loss, r->currency, w->lang);
        bool ja = strcmp(w->lang, "ja") == 0;
        fprintf(fp, ja ? "  %s: %s（%s: %s）\n" : "  %s: %s (%s %s)\n", w->annual_loss, pool,
                w->basis, cr_workshop_basis_label(c->basis, w->lang));
    }
    flags->len = 0;
    if (!cr_ws_flags_text(flags, r, c, w->lang))
        return false;
    fprintf(fp, "  %s: ", w->flag);
    put_flat(fp, flags->data);
    fputc('\n', fp);
    return true;
}

cr_status cr_ws_summary_text(FILE *fp, const cr_workshop_result *r,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err)
{
    put_header(fp, w, r, prov);
    cr_strbuf flags;
    cr_strbuf_init(&flags);
    fprintf(fp, "\n%s\n", w->outliers);
    if (cr_ws_outliers_text(&flags, r, w, " ")) {
        put_flat(fp, flags.data);
        fputc('\n', fp);
    } else {
        fprintf(fp, "%s\n", w->no_outlier);
    }
    size_t flagged = 0, scored = 0, handed_out = 0;
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        if (!c->handed_out)
            continue; /* not in this round's sheets */
        handed_out++;
        scored += c->impact.n > 0;
        flagged += put_risk(fp, w, r, c, &flags);
    }
    fprintf(fp, "\n%zu/%zu %s%s%zu %s%s\n", scored, handed_out, w->risks_scored, w->comma,
            flagged, w->flagged, w->period);
    if (flagged) {
        fprintf(fp, "\n%s\n", w->for_discussion);
        for (size_t k = 0; k < r->n_risks; k++) {
            const cr_workshop_consensus *c = &r->risks[k];
            flags.len = 0;
            if (!c->impact.n || !cr_ws_flags_text(&flags, r, c, w->lang))
                continue;
            fprintf(fp, "\n%s  ", c->risk_id);
            put_flat(fp, c->risk_name);
            fprintf(fp, "\n  ");
            put_flat(fp, flags.data);
            fputc('\n', fp);
            put_answers(fp, w, r, c);
        }
    }
    bool failed = flags.failed;
    cr_strbuf_free(&flags);
    if (failed)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return CR_OK;
}
