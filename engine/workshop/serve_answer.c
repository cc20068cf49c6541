/*
 * serve_answer.c -- one risk's answer from the participant page, checked by
 * the sheet's own rules.
 *
 * There is one set of rules for an answer, the sheet reader's
 * (sheet_read.c): the cells typed into a card are written as a one-row sheet
 * by the sheet writer and read back by the reader, so that the page accepts
 * exactly what a paper sheet would, and refuses it with the same message.
 * The message is then placed beside the field it is about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workshop/serve.h"

const char *ws_cell_key(int i)
{
    return cr_workshop_column_info(WS_FIRST_CELL + i)->key;
}

void ws_answer_clear(ws_answer *a)
{
    for (int i = 0; i < WS_N_CELLS; i++)
        free(a->cells[i]);
    memset(a, 0, sizeof *a);
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The cell a reader's message is about: the column it names first, or for
 * a pair that goes together, the one that is missing. */
static int cell_of_message(const char *m)
{
    if (strstr(m, "given but impact and likelihood are empty"))
        return CR_WS_IMPACT - WS_FIRST_CELL;
    if (starts(m, "frequency given without"))
        return CR_WS_LOSS_MIN - WS_FIRST_CELL;
    if (starts(m, "loss given without"))
        return CR_WS_FREQ_MIN - WS_FIRST_CELL;
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < WS_N_CELLS; i++) {
        const char *key = ws_cell_key(i);
        size_t n = strlen(key);
        if (n > best_len && strncmp(m, key, n) == 0 && (m[n] == ' ' || m[n] == '"')) {
            best = i;
            best_len = n;
        }
    }
    if (best >= 0)
        return best;
    if (starts(m, "frequency "))
        return CR_WS_FREQ_MIN - WS_FIRST_CELL;
    if (starts(m, "loss "))
        return CR_WS_LOSS_MIN - WS_FIRST_CELL;
    return -1;
}

cr_status ws_answer_check(const char *service_id, const char *participant, int round,
                          const cr_workshop_risk *risk, const ws_answer *a, int *bad_cell,
                          cr_error *err)
{
    *bad_cell = -1;
    const char *answers[CR_WORKSHOP_N_COLUMNS] = {NULL};
    for (int i = 0; i < WS_N_CELLS; i++)
        answers[WS_FIRST_CELL + i] = a->cells[i];
    cr_workshop_sheet_spec spec = {.service_id = service_id, .participant = participant,
                                   .lang = "en", .round = round, .basis = CR_WS_BASIS_CURRENT,
                                   .risks = risk, .n_risks = 1, .answers = answers};
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_status st = cr_workshop_sheet_write_spec(fp, &spec, err);
    if (fclose(fp) != 0 && st == CR_OK)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_workshop_sheet sheet;
    memset(&sheet, 0, sizeof sheet);
    if (st == CR_OK)
        st = cr_workshop_sheet_parse(risk->id, text, len, risk, 1, &sheet, err);
    if (st == CR_ERR_INPUT) {
        *bad_cell = cell_of_message(err->message);
        err->file[0] = '\0'; /* the message is about the card, not a file */
        err->line = 0;
    }
    cr_workshop_sheet_clear(&sheet);
    free(text);
    return st;
}
