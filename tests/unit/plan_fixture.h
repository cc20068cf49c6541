/* plan_fixture.h -- a small but complete plan, made by the planner from a
 * hand-made problem, for the report tests. */
#ifndef CR_TEST_PLAN_FIXTURE_H
#define CR_TEST_PLAN_FIXTURE_H

#include "cloudrisk/plan.h"

/* The service name carries markup, so that tests can check it is escaped. */
#define FIXTURE_SERVICE_NAME "Payroll <script>alert(1)</script> & \"Co\""

/* Build the fixture plan (caller frees with cr_plan_free); NULL on failure. */
cr_plan *fixture_plan(void);

#endif
