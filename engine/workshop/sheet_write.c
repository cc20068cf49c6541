/*
 * sheet_write.c -- a blank sheet for one participant.
 *
 * Everything a participant must not change (service, name, risk) is filled
 * in; the scores, estimates, confidence and comment are left empty, so that
 * nobody is anchored on the current assessment while scoring.  What this
 * writes is read back by cr_workshop_sheet_read as a sheet of abstentions.
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

cr_status cr_workshop_sheet_write(FILE *fp, const char *service_id, const char *participant,
                                  const cr_workshop_risk *risks, size_t n_risks, cr_error *err)
{
    const char *names[2] = {"service id", "participant"};
    const char *values[2] = {service_id, participant};
    for (int i = 0; i < 2; i++) {
        if (!cr_workshop_name_valid(values[i]))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                                "%s \"%.60s\" cannot head a sheet; expected 1 to %d bytes of "
                                "UTF-8 text without leading or trailing spaces", names[i],
                                values[i], CR_WORKSHOP_MAX_NAME);
    }
    fputs("\xEF\xBB\xBF", fp);
    cr_csv_write_row(fp, cr_workshop_columns, CR_WORKSHOP_N_COLUMNS);
    for (size_t k = 0; k < n_risks; k++) {
        const char *row[CR_WORKSHOP_N_COLUMNS] = {service_id, participant, risks[k].id,
                                                  risks[k].name};
        for (size_t c = 4; c < CR_WORKSHOP_N_COLUMNS; c++)
            row[c] = "";
        cr_csv_write_row(fp, row, CR_WORKSHOP_N_COLUMNS);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the sheet");
    return CR_OK;
}
