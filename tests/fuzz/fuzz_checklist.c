/*
 * fuzz_checklist.c -- control-status checklists (CSV) read against the
 * shipped model (engine/score/checklist.c).
 *
 * Properties of an accepted checklist: every state it sets is in range
 * (effectiveness in [0, 1] or not given, costs finite and not negative), and
 * written back with cr_checklist_write it reads back to the same states.
 */
#include <math.h>
#include <string.h>

#include "cloudrisk/score.h"
#include "fuzz.h"
#include "fuzz_data.h"

static void check_same(const cr_control_state *a, const cr_control_state *b, size_t n)
{
    for (size_t i = 0; i < n; i++, a++, b++) {
        FUZZ_CHECK(a->listed == b->listed);
        if (!a->listed)
            continue;
        FUZZ_CHECK(a->status == b->status);
        FUZZ_CHECK(a->effectiveness == b->effectiveness ||
                   (a->effectiveness < 0 && b->effectiveness < 0));
        FUZZ_CHECK(a->has_cost_one_off == b->has_cost_one_off);
        FUZZ_CHECK(a->has_cost_annual == b->has_cost_annual);
        FUZZ_CHECK(!a->has_cost_one_off || a->cost_one_off == b->cost_one_off);
        FUZZ_CHECK(!a->has_cost_annual || a->cost_annual == b->cost_annual);
        FUZZ_CHECK(strcmp(a->evidence ? a->evidence : "", b->evidence ? b->evidence : "") == 0);
        FUZZ_CHECK(strcmp(a->owner ? a->owner : "", b->owner ? b->owner : "") == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cr_model *m = fuzz_model();
    size_t n = cr_model_control_count(m);
    cr_control_state *states = calloc(n + 1, sizeof *states);
    cr_control_state *back = calloc(n + 1, sizeof *back);
    FUZZ_CHECK(states && back);
    cr_checklist_pool pool = {0}, pool_back = {0};
    char hex[65];
    cr_error err;
    cr_error_clear(&err);
    fuzz_file f;
    const char *path = fuzz_file_open(&f, data, size);
    FUZZ_CHECK(path != NULL);
    cr_status st = cr_checklist_read(m, path, states, &pool, hex, &err);
    fuzz_file_close(&f);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(!states[i].listed);
    } else {
        for (size_t i = 0; i < n; i++) {
            const cr_control_state *s = &states[i];
            if (!s->listed)
                continue;
            FUZZ_CHECK((int)s->status >= 0 && (int)s->status < CR_N_CONTROL_STATUSES);
            FUZZ_CHECK(s->effectiveness < 0 || (s->effectiveness >= 0 && s->effectiveness <= 1));
            FUZZ_CHECK(!s->has_cost_one_off || (isfinite(s->cost_one_off) && s->cost_one_off >= 0));
            FUZZ_CHECK(!s->has_cost_annual || (isfinite(s->cost_annual) && s->cost_annual >= 0));
        }
        char *text = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        FUZZ_CHECK(fp != NULL);
        FUZZ_CHECK(cr_checklist_write(m, states, false, fp, &err) == CR_OK);
        FUZZ_CHECK(fclose(fp) == 0);
        path = fuzz_file_open(&f, (const uint8_t *)text, len);
        FUZZ_CHECK(path != NULL);
        st = cr_checklist_read(m, path, back, &pool_back, hex, &err);
        if (st != CR_OK) {
            char msg[2048];
            cr_error_format(&err, msg, sizeof msg);
            fprintf(stderr, "written checklist does not read back: %s\n", msg);
        }
        FUZZ_CHECK(st == CR_OK);
        check_same(states, back, n);
        fuzz_file_close(&f);
        free(text);
    }
    cr_checklist_pool_clear(&pool);
    cr_checklist_pool_clear(&pool_back);
    free(states);
    free(back);
    return 0;
}
