/*
 * names.c -- the stable words for the plan's enumerations, as they appear in
 * JSON and CSV output and in decisions files.  Sentences for people are in
 * the report's label table, not here.
 */
#include "cloudrisk/plan.h"

#define NAME_OF(table, value) \
    ((size_t)(value) < sizeof table / sizeof table[0] ? table[(size_t)(value)] : "unknown")

const char *cr_treatment_name(cr_treatment t)
{
    static const char *const names[CR_TREATMENT_COUNT] = {"retain", "reduce", "accept", "avoid",
                                                          "transfer"};
    return NAME_OF(names, t);
}

const char *cr_plan_reason_name(cr_plan_reason r)
{
    static const char *const names[CR_PLAN_REASON_COUNT] = {
        "within_acceptable", "decided",          "reduced_to_acceptable",
        "reduced_partly_budget", "reduced_partly_technical", "accept_no_gap",
        "accept_no_budget",  "accept_no_benefit"};
    return NAME_OF(names, r);
}

const char *cr_alt_note_name(cr_alt_note n)
{
    static const char *const names[CR_ALT_NOTE_COUNT] = {
        "chosen",    "less_reduction",    "over_budget", "above_acceptable", "no_quote",
        "business_decision", "no_controls", "overridden", "costlier"};
    return NAME_OF(names, n);
}

const char *cr_residual_cause_name(cr_residual_cause c)
{
    static const char *const names[CR_RESIDUAL_CAUSE_COUNT] = {"budget", "technical", "accepted",
                                                               "transferred"};
    return NAME_OF(names, c);
}


const char *cr_select_method_name(cr_select_method m)
{
    static const char *const names[] = {"none", "all_fit", "exact", "exact_enumeration",
                                        "exact_node_limit", "greedy"};
    return NAME_OF(names, m);
}
