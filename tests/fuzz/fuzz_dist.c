/*
 * fuzz_dist.c -- distributions in their JSON form (engine/util/dist.c).
 *
 * The first byte picks the bounds the numbers must lie in (those of a
 * probability, a count of events per year, or a loss), as the model and
 * service parsers do; the rest is the JSON text.
 *
 * Properties of an accepted distribution: its closed-form mean and variance
 * are finite numbers, the variance is not negative, the mean lies between
 * the smallest and largest values the distribution can take, and its JSON
 * form reads back to a distribution of the same kind and moments.
 */
#include <math.h>
#include <string.h>

#include "cloudrisk/dist.h"
#include "fuzz.h"
#include "util/json_util.h"

static const double bounds[][2] = {{0.0, 1.0}, {0.0, 1e6}, {0.0, 1e12}, {-1e12, 1e12}};

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) || fabs(a - b) < 1e-300;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const double lo = bounds[data[0] % 4][0], hi = bounds[data[0] % 4][1];
    cr_json_doc doc;
    cr_error err;
    cr_error_clear(&err);
    if (cr_json_parse_text("fuzz.json", (const char *)data + 1, size - 1, &doc, &err) != CR_OK) {
        cr_json_doc_free(&doc);
        return 0;
    }
    cr_dist d;
    cr_status st = cr_dist_from_json(doc.root, "fuzz.json", "$", lo, hi, &d, &err);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0' && err.path[0] == '$');
        cr_json_doc_free(&doc);
        return 0;
    }
    double mean = cr_dist_mean(&d), var = cr_dist_variance(&d);
    double lower = cr_dist_lower(&d), upper = cr_dist_upper(&d);
    FUZZ_CHECK(isfinite(mean));
    FUZZ_CHECK(isfinite(var));
    FUZZ_CHECK(var >= 0.0);
    FUZZ_CHECK(lower <= upper);
    FUZZ_CHECK((mean >= lower || close_to(mean, lower)) && (mean <= upper || close_to(mean, upper)));

    cJSON *json = cr_dist_to_json(&d);
    FUZZ_CHECK(json != NULL);
    cr_dist back;
    cr_error_clear(&err);
    st = cr_dist_from_json(json, "written", "$", lo, hi, &back, &err);
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "written distribution does not read back: %s\n", msg);
    }
    FUZZ_CHECK(st == CR_OK);
    FUZZ_CHECK(back.kind == d.kind);
    FUZZ_CHECK(close_to(cr_dist_mean(&back), mean));
    FUZZ_CHECK(close_to(cr_dist_variance(&back), var) || var < 1e-9 * mean * mean);

    cr_dist copy;
    FUZZ_CHECK(cr_dist_copy(&copy, &d, &err) == CR_OK);
    FUZZ_CHECK(cr_dist_mean(&copy) == mean);
    cr_dist_clear(&copy);
    cr_dist_clear(&back);
    cJSON_Delete(json);
    cr_dist_clear(&d);
    cr_json_doc_free(&doc);
    return 0;
}
