/*
 * sheet_write.c -- a blank sheet for one participant.
 *
 * Everything a participant must not change (service, name, round, risk) is
 * filled in, with the reference columns a participant reads before scoring:
 * the scales' meaning in money and frequency, today's score, and in a later
 * round the group's previous result and the participant's own previous
 * answer.  The basis is prefilled (current unless the facilitator asks for
 * inherent estimates).  The scores, estimates, confidence and comment are
 * left empty; what this writes reads back as a sheet of abstentions.  A live
 * workshop (serve_round.c) writes the same sheet with the answers its
 * participants typed.
 */
#include <string.h>

#include "cloudrisk/workshop.h"
#include "util/csv_util.h"
#include "util/text.h"

bool cr_workshop_name_valid(const char *name)
{
    size_t n = strlen(name);
    long line;
    return n > 0 && n <= CR_WORKSHOP_MAX_NAME && cr_utf8_valid(name, n, &line) &&
           name[0] != ' ' && name[0] != '\t' && name[n - 1] != ' ' && name[n - 1] != '\t';
}

cr_status cr_workshop_sheet_write_spec(FILE *fp, const cr_workshop_sheet_spec *spec,
                                       cr_error *err)
{
    const char *names[2] = {"service id", "participant"};
    const char *values[2] = {spec->service_id, spec->participant};
    for (int i = 0; i < 2; i++) {
        if (!cr_workshop_name_valid(values[i]))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                                "%s \"%.60s\" cannot head a sheet; expected 1 to %d bytes of "
                                "UTF-8 text without leading or trailing spaces", names[i],
                                values[i], CR_WORKSHOP_MAX_NAME);
    }
    if (spec->round < 1 || spec->round > 1000)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "round %d; expected 1 to 1000", spec->round);
    const char *header[CR_WORKSHOP_N_COLUMNS];
    for (int c = 0; c < CR_WORKSHOP_N_COLUMNS; c++)
        header[c] = cr_workshop_column_header(c, spec->lang);
    fputs("\xEF\xBB\xBF", fp);
    cr_csv_write_row(fp, header, CR_WORKSHOP_N_COLUMNS);
    char round[16];
    snprintf(round, sizeof round, "%d", spec->round);
    for (size_t k = 0; k < spec->n_risks; k++) {
        const cr_workshop_anchor *a = spec->anchors ? &spec->anchors[k] : NULL;
        const char *row[CR_WORKSHOP_N_COLUMNS];
        for (int c = 0; c < CR_WORKSHOP_N_COLUMNS; c++)
            row[c] = "";
        row[CR_WS_SERVICE] = spec->service_id;
        row[CR_WS_PARTICIPANT] = spec->participant;
        row[CR_WS_ROUND] = round;
        row[CR_WS_RISK_ID] = spec->risks[k].id;
        row[CR_WS_RISK_NAME] = spec->risks[k].name ? spec->risks[k].name : "";
        row[CR_WS_IMPACT_SCALE] = spec->impact_scale ? spec->impact_scale : "";
        row[CR_WS_LIKELIHOOD_SCALE] = spec->likelihood_scale ? spec->likelihood_scale : "";
        if (a) {
            row[CR_WS_CURRENT] = a->current ? a->current : "";
            row[CR_WS_PREVIOUS] = a->previous ? a->previous : "";
            row[CR_WS_YOUR_PREVIOUS] = a->your_previous ? a->your_previous : "";
        }
        row[CR_WS_BASIS] = cr_workshop_basis_label(spec->basis, spec->lang);
        for (int c = CR_WS_BASIS; spec->answers && c < CR_WORKSHOP_N_COLUMNS; c++) {
            const char *given = spec->answers[k * CR_WORKSHOP_N_COLUMNS + (size_t)c];
            if (given && *given)
                row[c] = given;
        }
        cr_csv_write_row(fp, row, CR_WORKSHOP_N_COLUMNS);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the sheet");
    return CR_OK;
}

cr_status cr_workshop_sheet_write(FILE *fp, const char *service_id, const char *participant,
                                  const cr_workshop_risk *risks, size_t n_risks, cr_error *err)
{
    cr_workshop_sheet_spec spec = {.service_id = service_id, .participant = participant,
                                   .lang = "en", .round = 1, .basis = CR_WS_BASIS_CURRENT,
                                   .risks = risks, .n_risks = n_risks};
    return cr_workshop_sheet_write_spec(fp, &spec, err);
}
