#include "report/drivers.h"
void report_html_drivers(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang){(void)sb;(void)plan;(void)lang;}
void report_md_drivers(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang){(void)sb;(void)plan;(void)lang;}
