/* fuzz_data.c -- see fuzz_data.h. */
#include <stdlib.h>

#include "fuzz.h"
#include "fuzz_data.h"

const char *fuzz_data_dir(void)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    if (!dir || !*dir)
        dir = getenv("top_srcdir");
    if (!dir || !*dir) {
        fprintf(stderr, "fuzz: set CLOUDRISK_DATA to the data directory (the source tree)\n");
        abort();
    }
    return dir;
}

const cr_model *fuzz_model(void)
{
    /* Loaded on first use and kept for the life of the process (see
     * fuzz_data.h); a target is single-threaded. */
    static cr_catalog *catalog;
    static cr_model *model;
    if (model)
        return model;
    cr_error err;
    cr_error_clear(&err);
    if (cr_catalog_load(fuzz_data_dir(), &catalog, &err) != CR_OK ||
        cr_model_load(fuzz_data_dir(), catalog, &model, &err) != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "fuzz: cannot load the model: %s\n", msg);
        abort();
    }
    return model;
}
