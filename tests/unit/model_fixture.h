/*
 * model_fixture.h -- load the shipped catalogue and model once per test
 * process (the data directory is the source tree, $CLOUDRISK_DATA under
 * make check).
 */
#ifndef CR_TEST_MODEL_FIXTURE_H
#define CR_TEST_MODEL_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/model.h"

static cr_catalog *fixture_catalog;
static cr_model *fixture_model;

static const char *fixture_data_dir(void)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    return dir && *dir ? dir : ".";
}

static void fixture_setup(void)
{
    cr_error err;
    char msg[2048];
    if (cr_catalog_load(fixture_data_dir(), &fixture_catalog, &err) != CR_OK ||
        cr_model_load(fixture_data_dir(), fixture_catalog, &fixture_model, &err) != CR_OK) {
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "cannot load the shipped model: %s\n", msg);
        exit(1);
    }
}

static void fixture_teardown(void)
{
    cr_model_free(fixture_model);
    cr_catalog_free(fixture_catalog);
    fixture_model = NULL;
    fixture_catalog = NULL;
}

/* Path of a file under the data directory. */
static const char *fixture_path(const char *relative, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", fixture_data_dir(), relative);
    return buf;
}

#endif
