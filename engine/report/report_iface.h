/*
 * report_iface.h -- the report stage's interface to the stages after it
 * (library-internal; the only report header another stage includes): the
 * document model and its HTML and Markdown writers (report/doc.h), so that
 * every page cloudrisk writes is built one way, with one style sheet and
 * the escaping done by the writers; and the chart module (report/chart.h),
 * so that every chart is drawn one way, its text escaped in one place; and
 * the one table of words in English and Japanese (report/labels.h).
 */
#ifndef CR_REPORT_IFACE_H
#define CR_REPORT_IFACE_H

#include "report/chart.h"
#include "report/doc.h"
#include "report/labels.h"

#endif
