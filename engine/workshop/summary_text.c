/*
 * summary_text.c -- the merge summary as plain text, and the dispatch to
 * the HTML form.
 *
 * First who took part and how the numbers are combined, then one block per
 * risk (consensus, spread, pooled estimates, flags), then the flagged risks
 * again with every participant's answers and comments: the facilitator's
 * agenda for the discussion round.
 */
#include <stdio.h>
#include <string.h>

#include "cloudrisk/workshop.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

/* Comments may hold line breaks and tabs; a text summary keeps one line per
 * answer. */
static void put_flat(FILE *fp, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, fp);
}

static void put_levels(FILE *fp, const char *what, const cr_workshop_levels *l)
{
    fprintf(fp, "%s %d (median %g, range %d-%d, MAD %g)", what, l->consensus, l->median, l->min,
            l->max, l->mad);
}

static void put_answers(FILE *fp, const cr_workshop_result *r, const cr_workshop_consensus *c)
{
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_entry *e = &c->entries[i];
        fprintf(fp, "    ");
        put_flat(fp, r->participants[i].name);
        if (!e->scored) {
            fprintf(fp, ": abstained");
        } else {
            char freq[160], loss[160];
            cr_ws_range_brief(freq, sizeof freq, &e->frequency);
            cr_ws_range_brief(loss, sizeof loss, &e->loss);
            fprintf(fp, ": impact %d, likelihood %d, frequency %s, loss %s", e->impact,
                    e->likelihood, freq, loss);
            if (e->confidence)
                fprintf(fp, ", confidence %d", e->confidence);
        }
        if (e->comment[0]) {
            fprintf(fp, "; \"");
            put_flat(fp, e->comment);
            fputc('"', fp);
        }
        fputc('\n', fp);
    }
}

static cr_status write_text(FILE *fp, const cr_workshop_result *r,
                            const cr_workshop_provenance *prov, cr_error *err)
{
    fprintf(fp, "Workshop merge summary\n\nService:      ");
    put_flat(fp, r->service_id);
    fprintf(fp, "\nDate:         %s\n", r->date);
    if (prov && prov->model_version)
        fprintf(fp, "Model:        %s\n", prov->model_version);
    fprintf(fp, "Inputs:       SHA-256 %s\n", r->inputs_sha256);
    fprintf(fp, "Participants: %zu\n", r->n_participants);
    for (size_t i = 0; i < r->n_participants; i++) {
        fprintf(fp, "  ");
        put_flat(fp, r->participants[i].name);
        fprintf(fp, " (weight %g, ", r->participants[i].weight);
        put_flat(fp, r->participants[i].file);
        fprintf(fp, ")\n");
    }
    fputs("\n" CR_WS_METHOD_TEXT "\n", fp);

    size_t flagged = 0, scored = 0;
    cr_strbuf flags;
    cr_strbuf_init(&flags);
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        fprintf(fp, "\n%s  ", c->risk_id);
        put_flat(fp, c->risk_name);
        fputc('\n', fp);
        if (!c->impact.n) {
            fprintf(fp, "  not scored (all %zu participants abstained)\n", r->n_participants);
            continue;
        }
        scored++;
        fprintf(fp, "  scored by %zu of %zu", c->impact.n, r->n_participants);
        if (c->n_confidence)
            fprintf(fp, "; mean confidence %.1f of 5 (%zu stated)", c->confidence_mean,
                    c->n_confidence);
        fprintf(fp, "\n  ");
        put_levels(fp, "impact", &c->impact);
        fprintf(fp, "\n  ");
        put_levels(fp, "likelihood", &c->likelihood);
        char pool[200];
        cr_ws_pool_brief(pool, sizeof pool, &c->frequency);
        fprintf(fp, "\n  frequency per year, mean [P5-P95]: %s\n", pool);
        cr_ws_pool_brief(pool, sizeof pool, &c->loss);
        fprintf(fp, "  loss per event, mean [P5-P95]: %s\n", pool);
        flags.len = 0;
        if (cr_ws_flags_text(&flags, r, c)) {
            flagged++;
            fprintf(fp, "  FLAG: %s\n", flags.data);
        }
    }
    fprintf(fp, "\n%zu of %zu risks scored, %zu flagged for discussion.\n", scored, r->n_risks,
            flagged);
    if (flagged) {
        fprintf(fp, "\nFor discussion\n");
        for (size_t k = 0; k < r->n_risks; k++) {
            const cr_workshop_consensus *c = &r->risks[k];
            flags.len = 0;
            if (!c->impact.n || !cr_ws_flags_text(&flags, r, c))
                continue;
            fprintf(fp, "\n%s  ", c->risk_id);
            put_flat(fp, c->risk_name);
            fprintf(fp, "\n  %s\n", flags.data);
            put_answers(fp, r, c);
        }
    }
    bool failed = flags.failed;
    cr_strbuf_free(&flags);
    if (failed)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return CR_OK;
}

cr_status cr_workshop_summary_write(FILE *fp, const cr_workshop_result *result,
                                    const cr_workshop_provenance *prov,
                                    cr_workshop_format format, cr_error *err)
{
    cr_status st = format == CR_WORKSHOP_HTML ? cr_ws_summary_html(fp, result, prov, err)
                                              : write_text(fp, result, prov, err);
    if (st == CR_OK && ferror(fp))
        st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the merge summary");
    return st;
}
