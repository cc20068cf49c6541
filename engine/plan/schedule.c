/*
 * schedule.c -- priority, dates and return on security investment of plan
 * items (doc/plan.md, "Priority and dates" and "ROSI").
 *
 * Priority follows the worst risk an item treats: an item treating a risk at
 * the worst level present among the risks needing treatment is priority 1,
 * one level lower priority 2, and so on.
 * Priority p works in the window of days [90 (p-1), 90 p] from the plan
 * start: the first quarter for priority 1, the second for 2, the third for 3.
 * The due date is the end of the window, or later when the effort does not
 * fit: one person full time does 5 person-days in 7 calendar days, so an
 * effort of E person-days needs ceil(7 E / 5) calendar days from the start.
 * Dates come from the plan start alone, so the schedule is reproducible.
 *
 * ROSI (Sonnenreich, Albanese and Stout, "Return on security investment",
 * J. Research and Practice in IT 38 (2006), with the one-off cost spread over
 * its useful life):
 *     cost = annual + one_off / amortisation_years
 *     ROSI = (ALE reduction - cost) / cost
 * A ROSI of 1 means the control saves twice what it costs each year; below 0
 * it costs more than the loss it removes.
 */
#include <math.h>

#include "plan/problem.h"

int plan_priority(int worst_level, int highest_treated_level)
{
    int p = 1 + (worst_level - highest_treated_level);
    if (p < 1)
        p = 1;
    if (p > CR_PLAN_PRIORITIES)
        p = CR_PLAN_PRIORITIES;
    return p;
}

long plan_calendar_days(double effort_days)
{
    if (!(effort_days > 0.0))
        return 0;
    /* A tiny epsilon keeps exact multiples (7 * 5 / 5 = 7) from rounding up
     * through floating-point noise. */
    return (long)ceil(effort_days * 7.0 / 5.0 - 1e-9);
}

void plan_schedule(cr_date plan_start, int priority, double effort_days, cr_date *start,
                   cr_date *due)
{
    long offset = (long)PLAN_WINDOW_DAYS * (priority - 1);
    long window_end = (long)PLAN_WINDOW_DAYS * priority;
    *start = cr_date_add_days(plan_start, offset);
    long needed = offset + plan_calendar_days(effort_days);
    *due = cr_date_add_days(plan_start, needed > window_end ? needed : window_end);
}

double cr_plan_rosi(double ale_reduction, double one_off, double annual,
                    double amortisation_years)
{
    double years = amortisation_years > 0.0 ? amortisation_years : 1.0;
    double cost = annual + one_off / years;
    if (!(cost > 0.0))
        return NAN;
    return (ale_reduction - cost) / cost;
}

void plan_level(double effort_days, double capacity, cr_date *cursor, cr_date *start,
                cr_date *due)
{
    double per_month = capacity > 0.0 ? capacity : CR_ORG_DEFAULT_CAPACITY;
    long days = effort_days > 0.0 ? (long)ceil(effort_days / per_month * 365.25 / 12.0 - 1e-9) : 0;
    if (days < 1)
        days = 1;
    *start = *cursor;
    *due = cr_date_add_days(*cursor, days);
    *cursor = *due;
}
