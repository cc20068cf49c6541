/*
 * serve_round.c -- a round of the live workshop: its cards' anchors, each
 * participant's sheet, the in-memory merge the projector shows, and the
 * files the round leaves when it ends.
 *
 * A live round is a paper round with the typing done in a browser.  Each
 * participant's sheet is the one `workshop sheet` writes (same anchors,
 * same writer) with the answers as typed; the files are merged by the
 * command's own `workshop merge`.  So a live workshop and a paper one with
 * the same answers leave byte-identical sheets and merged files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cloudrisk/io.h"
#include "workshop/serve.h"

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

cr_status ws_round_prepare(ws_state *s, cr_error *err)
{
    cr_workshop_anchors_clear(&s->anchors);
    cr_assessment_clear(&s->assessment);
    cr_service_free(s->service);
    s->service = NULL;
    cr_status st = cr_service_load(s->model, s->into, &s->service, err);
    if (st == CR_OK)
        st = cr_assess(s->model, s->service, &s->assessment, err);
    if (st == CR_OK)
        st = cr_workshop_anchors_build(&s->assessment, s->service, NULL, s->risks, s->n_risks,
                                       s->cfg->lang, &s->anchors, err);
    return st;
}

static void sheet_path(const ws_state *s, int round, size_t who, char *buf, size_t size)
{
    snprintf(buf, size, "%s/round-%d/sheet-%02zu.csv", s->cfg->out_dir, round, who + 1);
}

cr_status ws_sheet_text(const ws_state *s, const ws_participant *p, bool own_anchors, char **text,
                        size_t *len, cr_error *err)
{
    *text = NULL;
    *len = 0;
    size_t who = (size_t)(p - s->people);
    cr_workshop_risk *risks = calloc(s->n_risks, sizeof *risks);
    const char **answers = calloc(s->n_risks * CR_WORKSHOP_N_COLUMNS, sizeof *answers);
    if (!risks || !answers) {
        free(risks);
        free(answers);
        return oom(err);
    }
    for (size_t i = 0; i < s->n_risks; i++) {
        risks[i] = s->all[s->risks[i]];
        const ws_answer *a = &p->answers[s->risks[i]];
        for (int c = 0; a->given && c < WS_N_CELLS; c++)
            answers[i * CR_WORKSHOP_N_COLUMNS + WS_FIRST_CELL + (size_t)c] = a->cells[c];
    }
    /* A later round's sheet shows the participant's own previous answer, read
     * from the sheet the previous round wrote (as `--previous` reads it). */
    cr_workshop_sheet own;
    memset(&own, 0, sizeof own);
    cr_workshop_anchors mine;
    memset(&mine, 0, sizeof mine);
    const cr_workshop_anchors *anchors = &s->anchors;
    cr_status st = CR_OK;
    char path[4200];
    struct stat sb;
    if (own_anchors && s->round > s->cfg->first_round) {
        sheet_path(s, s->round - 1, who, path, sizeof path);
        if (stat(path, &sb) == 0) {
            st = cr_workshop_sheet_read_partial(path, s->all, s->n_all, &own, err);
            if (st == CR_OK)
                st = cr_workshop_anchors_build(&s->assessment, s->service, &own, s->risks,
                                               s->n_risks, s->cfg->lang, &mine, err);
            anchors = &mine;
        }
    }
    FILE *fp = st == CR_OK ? open_memstream(text, len) : NULL;
    if (st == CR_OK && !fp)
        st = oom(err);
    if (st == CR_OK) {
        cr_workshop_sheet_spec spec = {
            .service_id = cr_service_id(s->service), .participant = p->name,
            .lang = s->cfg->lang, .round = s->round, .basis = CR_WS_BASIS_CURRENT,
            .impact_scale = anchors->impact_scale, .likelihood_scale = anchors->likelihood_scale,
            .risks = risks, .anchors = anchors->anchors, .n_risks = s->n_risks,
            .answers = answers};
        st = cr_workshop_sheet_write_spec(fp, &spec, err);
        if (fclose(fp) != 0 && st == CR_OK)
            st = oom(err);
    }
    if (st != CR_OK) {
        free(*text);
        *text = NULL;
    }
    cr_workshop_anchors_clear(&mine);
    cr_workshop_sheet_clear(&own);
    free(answers);
    free(risks);
    return st;
}

static bool answered(const ws_state *s, const ws_participant *p)
{
    for (size_t i = 0; i < s->n_risks; i++)
        if (p->answers[s->risks[i]].given)
            return true;
    return false;
}

cr_status ws_round_preview(const ws_state *s, cr_workshop_result *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    cr_workshop_sheet *sheets = calloc(s->n_people ? s->n_people : 1, sizeof *sheets);
    if (!sheets)
        return oom(err);
    size_t n = 0;
    cr_status st = CR_OK;
    for (size_t i = 0; st == CR_OK && i < s->n_people; i++) {
        if (!answered(s, &s->people[i]))
            continue;
        char *text;
        size_t len;
        st = ws_sheet_text(s, &s->people[i], false, &text, &len, err);
        if (st == CR_OK)
            st = cr_workshop_sheet_parse_partial(s->people[i].name, text, len, s->all, s->n_all,
                                                 &sheets[n], err);
        if (st == CR_OK)
            n++;
        free(text);
    }
    if (st == CR_OK && n == 0)
        st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "nobody has answered yet");
    if (st == CR_OK)
        st = cr_workshop_merge(sheets, n, s->all, s->n_all, NULL, 0, "2000-01-01", out, err);
    if (st == CR_OK) {
        snprintf(out->lang, sizeof out->lang, "%s", s->cfg->lang);
        snprintf(out->currency, sizeof out->currency, "%s", cr_model_currency(s->model));
    }
    for (size_t i = 0; i < n; i++)
        cr_workshop_sheet_clear(&sheets[i]);
    free(sheets);
    return st;
}

static cr_status add_output(ws_state *s, const char *path, cr_error *err)
{
    char **more = realloc(s->outputs, (s->n_outputs + 1) * sizeof *more);
    if (!more)
        return oom(err);
    s->outputs = more;
    if (!(s->outputs[s->n_outputs] = strdup(path)))
        return oom(err);
    s->n_outputs++;
    return CR_OK;
}

cr_status ws_round_write(ws_state *s, const char *date, cr_error *err)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/round-%d", s->cfg->out_dir, s->round);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL, "cannot create the directory: %s",
                            strerror(errno));
    char **paths = calloc(s->n_people ? s->n_people : 1, sizeof *paths);
    if (!paths)
        return oom(err);
    size_t n = 0;
    cr_status st = CR_OK;
    for (size_t i = 0; st == CR_OK && i < s->n_people; i++) {
        if (!answered(s, &s->people[i]))
            continue;
        char path[4200], *text = NULL;
        size_t len;
        sheet_path(s, s->round, i, path, sizeof path);
        st = ws_sheet_text(s, &s->people[i], true, &text, &len, err);
        cr_outfile out;
        if (st == CR_OK)
            st = cr_outfile_open(&out, path, err);
        if (st == CR_OK) {
            fwrite(text, 1, len, out.fp);
            st = cr_outfile_commit(&out, err);
        }
        free(text);
        if (st == CR_OK && !(paths[n] = strdup(path)))
            st = oom(err);
        if (st == CR_OK)
            n++;
    }
    if (st == CR_OK && n == 0)
        st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                          s->cfg->lang[0] == 'j' ? "このラウンドではまだ誰も回答していません。"
                                                 : "nobody has answered in this round yet");
    char json[4200], summary[4200];
    snprintf(json, sizeof json, "%s/round-%d.json", s->cfg->out_dir, s->round);
    snprintf(summary, sizeof summary, "%s/round-%d-summary.html", s->cfg->out_dir, s->round);
    if (st == CR_OK) {
        cr_workshop_serve_round round = {.round = s->round, .sheets = (const char *const *)paths,
                                         .n_sheets = n, .into = s->into,
                                         .risks = s->risk_list, .out_json = json,
                                         .summary = summary, .date = date};
        st = s->cfg->merge(s->cfg->merge_user, &round, err);
    }
    for (size_t i = 0; st == CR_OK && i < n; i++)
        st = add_output(s, paths[i], err);
    if (st == CR_OK)
        st = add_output(s, json, err);
    if (st == CR_OK)
        st = add_output(s, summary, err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return st;
}
