/*
 * reg_json.h -- JSON forms of register records (library-internal).  Each
 * builds into the caller's document builder (util/json_build.h), which the
 * caller checks once, or reg_json_write checks before printing.
 */
#ifndef CR_REGISTER_REG_JSON_H
#define CR_REGISTER_REG_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "cloudrisk/register.h"
#include "register/register_iface.h"
#include "util/json_build.h"

cJSON *reg_loss_to_json(cr_jb *b, const cr_reg_loss *l);
cJSON *reg_gap_to_json(cr_jb *b, const cr_reg_gap *g);
/* whole: with risks, gaps and plan; otherwise the run's identity and totals. */
cJSON *reg_run_to_json(cr_jb *b, const cr_reg_run *run, bool whole);
cJSON *reg_approval_to_json(cr_jb *b, const cr_reg_approval *a);

#endif
