/*
 * fuzz_model.c -- the risk model's files (engine/model/): model.json and the
 * files it lists (risks, scales, criteria, mapping, modifiers, the service
 * schema).  The model is shipped data, but it is read like any other input.
 *
 * The first byte of the input picks the file; the rest is its text, which
 * replaces that file while the other files stay the shipped ones.  To load a
 * model without writing files for every input, the target builds once a data
 * directory whose models/NAME are symbolic links to /proc/self/fd/N, one
 * descriptor per file: the shipped file normally, an in-memory file holding
 * the input for the file under test.
 *
 * Properties: a refusal is an input error (an I/O error when model.json names
 * a file that does not exist) with a message; an accepted model has 1-5
 * scales, an acceptable level among its levels, and every service file can
 * be checked against it (the small example loads and is assessed).
 */
#define _GNU_SOURCE /* mkdtemp, symlink */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cloudrisk/score.h"
#include "fuzz.h"
#include "fuzz_data.h"

#define N_FILES 7
#define FD_BASE 500
static const char *const file_names[N_FILES] = {
    "model.json",   "risks.json",     "scales.json",        "criteria.json",
    "mapping.json", "modifiers.json", "service.schema.json"};

/* The directory and the shipped files' descriptors, made on first use and
 * kept for the process's life (a target is single-threaded). */
static char data_dir[256];
static const cr_catalog *catalog;

static void prepare(void)
{
    const char *real = fuzz_data_dir();
    const char *tmp = getenv("TMPDIR");
    snprintf(data_dir, sizeof data_dir, "%s/cloudrisk-fuzz-model-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FUZZ_CHECK(mkdtemp(data_dir) != NULL);
    char path[1024], target[1024];
    snprintf(path, sizeof path, "%s/models", data_dir);
    FUZZ_CHECK(mkdir(path, 0700) == 0);
    for (int i = 0; i < N_FILES; i++) {
        snprintf(target, sizeof target, "%s/models/%s", real, file_names[i]);
        int fd = open(target, O_RDONLY);
        FUZZ_CHECK(fd >= 0);
        FUZZ_CHECK(dup2(fd, FD_BASE + i) == FD_BASE + i);
        close(fd);
        snprintf(path, sizeof path, "%s/models/%s", data_dir, file_names[i]);
        snprintf(target, sizeof target, "/proc/self/fd/%d", FD_BASE + i);
        FUZZ_CHECK(symlink(target, path) == 0);
    }
    catalog = cr_model_catalog(fuzz_model());
}

static void remove_dir(void)
{
    char path[1024];
    for (int i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "%s/models/%s", data_dir, file_names[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/models", data_dir);
    rmdir(path);
    rmdir(data_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!catalog) {
        prepare();
        atexit(remove_dir);
    }
    if (size < 1)
        return 0;
    int which = data[0] % N_FILES;
    int saved = dup(FD_BASE + which);
    FUZZ_CHECK(saved >= 0);
    fuzz_file f;
    FUZZ_CHECK(fuzz_file_open(&f, data + 1, size - 1) != NULL);
    FUZZ_CHECK(dup2(f.fd, FD_BASE + which) == FD_BASE + which);
    fuzz_file_close(&f);

    cr_model *model = NULL;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_model_load(data_dir, catalog, &model, &err);
    /* The shipped file back in its place (a fresh open, at offset 0). */
    FUZZ_CHECK(dup2(saved, FD_BASE + which) == FD_BASE + which);
    close(saved);
    if (st != CR_OK) {
        FUZZ_CHECK(model == NULL);
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY || (which == 0 && st == CR_ERR_IO));
        FUZZ_CHECK(err.message[0] != '\0');
        return 0;
    }
    const cr_criteria *criteria = cr_model_criteria(model);
    FUZZ_CHECK(criteria->n_levels >= 1);
    FUZZ_CHECK(criteria->acceptable >= 0 && (size_t)criteria->acceptable < criteria->n_levels);
    for (int i = 0; i < CR_SCALE_MAX; i++)
        for (int k = 0; k < CR_SCALE_MAX; k++)
            FUZZ_CHECK(criteria->matrix[i][k] >= 0 && (size_t)criteria->matrix[i][k] < criteria->n_levels);
    for (int level = 1; level <= CR_SCALE_MAX; level++) {
        FUZZ_CHECK(cr_model_impact_level(model, level) != NULL);
        FUZZ_CHECK(cr_model_likelihood_level(model, level) != NULL);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/datasets/examples/small-saas.json", fuzz_data_dir());
    cr_service *service = NULL;
    st = cr_service_load(model, path, &service, &err);
    if (st == CR_OK) {
        cr_assessment a;
        FUZZ_CHECK(cr_assess(model, service, &a, &err) == CR_OK);
        for (size_t r = 0; r < a.n_risks; r++) {
            const cr_risk_score *s = &a.risks[r].score;
            FUZZ_CHECK(s->inherent_impact >= 1 && s->inherent_impact <= CR_SCALE_MAX);
            FUZZ_CHECK(s->inherent_likelihood >= 1 && s->inherent_likelihood <= CR_SCALE_MAX);
            FUZZ_CHECK(s->residual_level >= 0 && s->residual_level <= s->inherent_level);
        }
        cr_assessment_clear(&a);
        cr_service_free(service);
    } else {
        /* A model may legitimately refuse the example (fewer risks, other
         * enumerations), but only as an input error. */
        FUZZ_CHECK(st == CR_ERR_INPUT);
    }
    cr_model_free(model);
    return 0;
}
