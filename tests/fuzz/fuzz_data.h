/*
 * fuzz_data.h -- the shipped catalogue and risk model, for targets whose
 * parsers check their input against them (service files, checklists,
 * workshop sheets, decisions).  Loaded once from $CLOUDRISK_DATA (or
 * $top_srcdir): libFuzzer calls a target millions of times, and loading 1.2 MB
 * of catalogue each time would leave no time for the parser under test.
 * Aborts when the data cannot be loaded: fuzzing without it would test
 * nothing.
 */
#ifndef CR_TESTS_FUZZ_DATA_H
#define CR_TESTS_FUZZ_DATA_H

#include "cloudrisk/catalog.h"
#include "cloudrisk/model.h"

const char *fuzz_data_dir(void);
const cr_model *fuzz_model(void);

#endif
