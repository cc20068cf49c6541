/*
 * render_html.c -- the report as one self-contained HTML file: inline CSS,
 * inline SVG, no scripts, no fonts or images fetched from anywhere.  It
 * reads on screen and prints to A4 (print CSS: page breaks before the
 * approval sheet, rows kept whole, colours kept).
 *
 * Every piece of text that came from an input file, and every label, goes
 * through cr_strbuf_html_escaped.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/charts.h"
#include "report/labels.h"
#include "report/report_internal.h"

static const char css[] =
    ":root{--ink:#1f2933;--muted:#5b6776;--line:#dde2e8;--soft:#f4f6f9;--accent:#1f4e8c;}"
    "*{box-sizing:border-box}"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "body{margin:0;background:#e9edf2;color:var(--ink);font-size:14px;line-height:1.55;"
    "font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans','Hiragino Kaku Gothic ProN',"
    "'Noto Sans CJK JP','Noto Sans JP','Yu Gothic',Meiryo,sans-serif}"
    "main{max-width:1120px;margin:24px auto;background:#fff;padding:40px 52px 56px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.08)}"
    "header.cover{border-bottom:3px solid var(--accent);padding-bottom:16px;margin-bottom:8px}"
    ".kicker{color:var(--accent);font-weight:600;font-size:13px;letter-spacing:.02em}"
    "h1{font-size:28px;margin:4px 0 2px;line-height:1.25}"
    "h1 .service{display:block;font-size:20px;font-weight:500;color:var(--muted)}"
    "h2{font-size:20px;margin:40px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line);"
    "color:var(--accent)}"
    "h3{font-size:15px;margin:20px 0 8px}"
    ".meta{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:4px 24px;"
    "margin-top:12px;font-size:12.5px}"
    ".meta div{min-width:0}.meta dt{color:var(--muted);font-size:11.5px}"
    ".meta dd{margin:0;overflow-wrap:anywhere}"
    ".hash{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;font-size:11px;"
    "overflow-wrap:anywhere}"
    "nav{font-size:13px;margin:14px 0 0}nav a{color:var(--accent);margin-right:14px;"
    "text-decoration:none}"
    ".kpis{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px}"
    ".kpi{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:var(--soft)}"
    ".kpi .k{font-size:12px;color:var(--muted);line-height:1.35;min-height:32px}"
    ".kpi .v{font-size:21px;font-weight:700;line-height:1.3;margin-top:4px;"
    "font-variant-numeric:tabular-nums}"
    ".kpi .s{font-size:12px;color:var(--muted);margin-top:2px}"
    ".kpi .arrow{color:var(--muted);font-weight:400;margin:0 4px}"
    ".kpi .v2{font-size:14px;font-weight:600;color:#394452;margin-left:6px;white-space:nowrap}"
    ".good{color:#1e6b3a}.bad{color:#a3261b}"
    "ul.points{margin:14px 0 0;padding-left:20px}ul.points li{margin:3px 0}"
    ".muted{color:var(--muted)}.small{font-size:12px}"
    ".heatmaps{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:18px}"
    "figure{margin:0}figcaption{font-weight:600;margin:0 0 4px;font-size:14px}"
    "figcaption span{font-weight:400;color:var(--muted);font-size:12px;margin-left:6px}"
    "svg{display:block;width:100%;height:auto}"
    "svg text{font-family:inherit}"
    "svg .axis{font-size:11px;fill:#5b6776}svg .axis-title{font-size:11.5px;fill:#394452;"
    "font-weight:600}"
    "svg .count{font-size:15px;font-weight:700}svg .ids{font-size:9px}"
    "svg .grid{stroke:#e3e7ec;stroke-width:1}svg .grid.minor{stroke:#f0f2f5}"
    "svg .frame{stroke:#8893a0;stroke-width:1}"
    "svg .appetite{stroke:#a3261b;stroke-width:1.5;stroke-dasharray:3 3}"
    "svg .note{font-size:11px;fill:#a3261b}svg .legend{font-size:12px;fill:#1f2933}"
    ".legend-levels{display:flex;gap:14px;font-size:12px;margin:10px 0 0;flex-wrap:wrap}"
    ".swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px;"
    "vertical-align:-1px;border:1px solid rgba(0,0,0,.15)}"
    "table{border-collapse:collapse;width:100%;font-size:12.5px;margin:6px 0}"
    "th,td{border-bottom:1px solid var(--line);padding:6px 7px;text-align:left;"
    "vertical-align:top}"
    "th{background:var(--soft);font-weight:600;font-size:12px;color:#394452}"
    "thead th{border-bottom:2px solid #c9d0d8}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}"
    "#plan-table{font-size:12px}#plan-table th,#plan-table td{padding:6px 5px}"
    "td.dec{min-width:64px}#lec-table td:first-child{white-space:nowrap}"
    "td.ctl{min-width:230px}td.ctl .why{font-size:11.5px;color:var(--muted);margin-top:2px}"
    "td.ctl .why a{color:var(--accent);text-decoration:none;white-space:nowrap}"
    "td.nowrap{white-space:nowrap}"
    ".chip{display:inline-block;padding:1px 9px;border-radius:999px;font-size:11.5px;"
    "font-weight:600;white-space:nowrap}"
    ".opt{font-weight:600;white-space:nowrap}"
    ".prio{display:inline-block;min-width:26px;text-align:center;border-radius:4px;"
    "font-weight:700;font-size:11.5px;padding:0 4px}"
    ".p1{background:#1f4e8c;color:#fff}.p2{background:#8fb0d9;color:#10294a}"
    ".p3{background:#dbe5f2;color:#10294a}"
    "tr.chosen td{background:#f3f8ff}tr.chosen td.opt::before{content:'✓ ';color:#1f4e8c}"
    "td.risk-cell{background:#fff !important;border-right:1px solid var(--line)}"
    ".id{font-weight:600;white-space:nowrap}"
    ".gap{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}"
    ".gap h3{margin:0 0 4px;font-size:14px}"
    ".gap .facts{font-size:12px;color:var(--muted)}"
    ".gap ol{margin:6px 0 0;padding-left:0;list-style:none;font-size:12.5px}"
    ".gap li{padding:2px 0 2px 62px;text-indent:-62px}"
    ".gap li .did{display:inline-block;width:58px;text-indent:0;color:var(--muted);"
    "font-variant-numeric:tabular-nums}"
    ".tag{display:inline-block;font-size:11px;border-radius:4px;padding:0 6px;margin-left:6px;"
    "font-weight:600}"
    ".tag.in{background:#dcebdc;color:#1e5631}.tag.out{background:#eceff3;color:#4b5563}"
    ".approval{break-before:page}"
    ".box{display:inline-block;width:13px;height:13px;border:1.5px solid var(--ink);"
    "border-radius:2px;margin:0 4px -2px 0}"
    ".choices{white-space:nowrap;font-size:12px}.choices span{margin-right:10px}"
    "td .choices>span{display:block;margin:0 0 3px}"
    ".recorded{font-size:12px;margin-top:4px}"
    ".stale{color:#a3261b;font-weight:600}"
    ".sign{display:grid;grid-template-columns:1fr 1fr;gap:22px 36px;margin:16px 0 8px;"
    "border:1px solid var(--line);border-radius:10px;padding:18px 22px}"
    ".sign .f{font-size:12px;color:var(--muted)}"
    ".sign .line{border-bottom:1px solid var(--ink);height:30px}"
    ".state td:first-child{width:34%;color:var(--muted)}"
    "footer{margin-top:40px;font-size:11.5px;color:var(--muted);border-top:1px solid var(--line);"
    "padding-top:10px}"
    "@page{size:A4;margin:14mm 12mm 16mm}"
    "@media screen and (max-width:900px){.kpis{grid-template-columns:repeat(2,minmax(0,1fr))}"
    ".heatmaps{grid-template-columns:1fr}.meta{grid-template-columns:1fr}"
    "main{padding:24px}}"
    "@media print{body{background:#fff;font-size:10.5px}main{max-width:none;margin:0;"
    "padding:0;box-shadow:none}nav{display:none}h2{break-after:avoid;margin-top:24px}"
    "h3{break-after:avoid}tr,.kpi,figure,.gap li,.sign{break-inside:avoid}"
    "table{font-size:9.5px}th,td{padding:3px 4px}.kpi .v{font-size:16px}"
    ".gap{break-inside:auto}thead{display:table-header-group}"
    ".kpis{grid-template-columns:repeat(5,minmax(0,1fr));gap:6px}.kpi{padding:8px}"
    ".kpi .k{min-height:0}.heatmaps{grid-template-columns:repeat(3,minmax(0,1fr));gap:10px}"
    "td.ctl{min-width:0}.meta{grid-template-columns:repeat(3,minmax(0,1fr))}"
    ".kpi .v2{display:block;margin-left:0}.small,.kpi .s,.kpi .k{font-size:9.5px}}";

/* ---- small writers ------------------------------------------------------ */

static void esc(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

static void label(cr_strbuf *sb, report_label l, cr_report_lang lang)
{
    esc(sb, report_label_text(l, lang));
}

/* Text built in scratch by the labels module, escaped into sb. */
static void flush(cr_strbuf *sb, cr_strbuf *t)
{
    esc(sb, t->len ? t->data : "");
    t->len = 0;
}

static void money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                  cr_report_lang lang)
{
    report_money(t, v, plan->currency, lang);
    flush(sb, t);
}

/* Amounts too wide for a card or a dense table: three significant digits. */
static void short_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                        cr_report_lang lang)
{
    if (isnan(v)) {
        cr_strbuf_puts(sb, "–");
        return;
    }
    report_money_short(t, v, plan->currency, lang);
    flush(sb, t);
}

static void chip(cr_strbuf *sb, const cr_plan *plan, int level, cr_report_lang lang)
{
    const char *fill, *ink;
    chart_level_colors(plan, level, &fill, &ink);
    cr_strbuf_printf(sb, "<span class=\"chip\" style=\"background:%s;color:%s\">", fill, ink);
    esc(sb, report_level_text(plan, level, lang));
    cr_strbuf_puts(sb, "</span>");
}

static void open_section(cr_strbuf *sb, const char *id, const char *cls, report_label title,
                         cr_report_lang lang)
{
    cr_strbuf_printf(sb, "<section id=\"%s\"%s%s%s><h2>", id, cls ? " class=\"" : "",
                     cls ? cls : "", cls ? "\"" : "");
    label(sb, title, lang);
    cr_strbuf_puts(sb, "</h2>");
}

static void th(cr_strbuf *sb, report_label l, bool num, cr_report_lang lang)
{
    cr_strbuf_puts(sb, num ? "<th class=\"num\">" : "<th>");
    label(sb, l, lang);
    cr_strbuf_puts(sb, "</th>");
}

static void count_above(const cr_plan *plan, size_t *now, size_t *after)
{
    *now = *after = 0;
    for (size_t r = 0; r < plan->n_risks; r++) {
        *now += plan->risks[r].needs_treatment;
        *after += plan->risks[r].target_above;
    }
}

/* ---- cover and summary -------------------------------------------------- */

static void meta_item(cr_strbuf *sb, report_label l, const char *value, bool hash,
                      cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<div><dt>");
    label(sb, l, lang);
    cr_strbuf_puts(sb, hash ? "</dt><dd class=\"hash\">" : "</dt><dd>");
    esc(sb, value && *value ? value : "–");
    cr_strbuf_puts(sb, "</dd></div>");
}

static void cover(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<header class=\"cover\" id=\"cover\"><div class=\"kicker\">");
    label(sb, RL_STANDARD, lang);
    cr_strbuf_puts(sb, "</div><h1>");
    label(sb, RL_TITLE, lang);
    cr_strbuf_puts(sb, "<span class=\"service\" id=\"service-name\">");
    esc(sb, plan->service_name);
    cr_strbuf_puts(sb, "</span></h1><dl class=\"meta\">");
    meta_item(sb, RL_SERVICE_ID, plan->service_id, false, lang);
    meta_item(sb, RL_OWNER, plan->service_owner, false, lang);
    report_date(t, plan->start);
    if (plan->start_from_clock) {
        cr_strbuf_puts(t, " (");
        cr_strbuf_puts(t, report_label_text(RL_START_FROM_CLOCK, lang));
        cr_strbuf_puts(t, ")");
    }
    meta_item(sb, RL_PLAN_START, t->data, false, lang);
    t->len = 0;
    cr_strbuf_puts(t, plan->model_name ? plan->model_name : "");
    cr_strbuf_puts(t, " ");
    cr_strbuf_puts(t, plan->model_version ? plan->model_version : "");
    meta_item(sb, RL_MODEL, t->data, false, lang);
    t->len = 0;
    cr_strbuf_printf(t, "%llu / %llu", (unsigned long long)plan->seed, plan->trials);
    cr_strbuf_puts(sb, "<div><dt>");
    label(sb, RL_SEED, lang);
    cr_strbuf_puts(sb, " / ");
    label(sb, RL_TRIALS, lang);
    cr_strbuf_puts(sb, "</dt><dd>");
    flush(sb, t);
    cr_strbuf_puts(sb, "</dd></div>");
    meta_item(sb, RL_INPUTS, plan->input_sha256, true, lang);
    cr_strbuf_puts(sb, "</dl><nav>");
    static const struct {
        const char *id;
        report_label l;
    } toc[] = {{"summary", RL_SUMMARY}, {"heatmaps", RL_HEATMAPS}, {"lec", RL_LEC},
               {"risks", RL_RISKS},     {"plan", RL_PLAN},         {"gaps", RL_GAPS},
               {"approval", RL_APPROVAL}};
    for (size_t i = 0; i < sizeof toc / sizeof toc[0]; i++) {
        cr_strbuf_printf(sb, "<a href=\"#%s\">", toc[i].id);
        label(sb, toc[i].l, lang);
        cr_strbuf_puts(sb, "</a>");
    }
    cr_strbuf_puts(sb, "</nav></header>");
}

static void kpi_begin(cr_strbuf *sb, const char *id, report_label l, cr_report_lang lang)
{
    cr_strbuf_printf(sb, "<div class=\"kpi\" id=\"%s\"><div class=\"k\">", id);
    label(sb, l, lang);
    cr_strbuf_puts(sb, "</div><div class=\"v\">");
}

static void summary(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    size_t now, after;
    count_above(plan, &now, &after);
    bool ja = lang == CR_LANG_JA;
    open_section(sb, "summary", NULL, RL_SUMMARY, lang);
    cr_strbuf_puts(sb, "<div class=\"kpis\">");

    kpi_begin(sb, "kpi-loss", RL_ALE_AFTER, lang);
    short_money(sb, t, plan, plan->ale_target, lang);
    cr_strbuf_puts(sb, "</div><div class=\"s\">");
    money(sb, t, plan, plan->ale_target, lang);
    cr_strbuf_puts(sb, "<br>");
    label(sb, RL_NOW, lang);
    cr_strbuf_puts(sb, " ");
    money(sb, t, plan, plan->ale_residual, lang);
    if (plan->ale_residual > 0) {
        cr_strbuf_puts(sb, " <span class=\"good\">(−");
        report_percent(t, 1.0 - plan->ale_target / plan->ale_residual, 0);
        flush(sb, t);
        cr_strbuf_puts(sb, ")</span>");
    }
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-cost", RL_PLAN_COST, lang);
    report_money_short(t, plan->total_one_off, plan->currency, lang);
    flush(sb, t);
    cr_strbuf_puts(sb, "<span class=\"v2\">+ ");
    report_money_short(t, plan->total_annual, plan->currency, lang);
    flush(sb, t);
    label(sb, RL_PER_YEAR, lang);
    cr_strbuf_puts(sb, "</span></div><div class=\"s\">");
    label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " ");
    money(sb, t, plan, plan->total_one_off, lang);
    cr_strbuf_puts(sb, " · ");
    label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " ");
    money(sb, t, plan, plan->total_annual, lang);
    cr_strbuf_printf(sb, " · %.0f ", plan->total_effort_days);
    label(sb, RL_PERSON_DAYS, lang);
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-rosi", RL_ROSI, lang);
    report_percent(t, plan->rosi, 0);
    flush(sb, t);
    cr_strbuf_puts(sb, "</div><div class=\"s\">");
    cr_strbuf_printf(sb, lang == CR_LANG_JA ? "%zu" : "%zu ", plan->n_items);
    label(sb, RL_ITEMS_COUNT, lang);
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-above", RL_RISKS_ABOVE, lang);
    cr_strbuf_printf(sb, "%zu<span class=\"arrow\">→</span>%zu</div><div class=\"s\">", now,
                     after);
    label(sb, RL_NOW, lang);
    cr_strbuf_puts(sb, " → ");
    label(sb, RL_AFTER_PLAN, lang);
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-appetite", RL_P_EXCEED, lang);
    const cr_plan_distribution *res = &plan->dist[CR_SCENARIO_RESIDUAL];
    const cr_plan_distribution *tgt = &plan->dist[CR_SCENARIO_TARGET];
    if (res->present && tgt->present && !isnan(plan->appetite)) {
        report_percent(t, res->p_exceed_appetite, 1);
        flush(sb, t);
        cr_strbuf_puts(sb, "<span class=\"arrow\">→</span>");
        report_percent(t, tgt->p_exceed_appetite, 1);
        flush(sb, t);
        cr_strbuf_puts(sb, "</div><div class=\"s\">");
        label(sb, RL_APPETITE, lang);
        cr_strbuf_puts(sb, " ");
        money(sb, t, plan, plan->appetite, lang);
    } else {
        cr_strbuf_puts(sb, "–</div><div class=\"s\">");
        label(sb, RL_NO_SIMULATION, lang);
    }
    cr_strbuf_puts(sb, "</div></div></div>");

    /* Key points in sentences. */
    cr_strbuf_puts(sb, "<ul class=\"points\"><li>");
    report_method(t, plan, lang);
    flush(sb, t);
    if (plan->premium_total > 0) {
        cr_strbuf_puts(sb, "</li><li>");
        label(sb, RL_PREMIUM, lang);
        cr_strbuf_puts(sb, ja ? "：" : ": ");
        money(sb, t, plan, plan->premium_total, lang);
        label(sb, RL_PER_YEAR, lang);
    }
    cr_strbuf_puts(sb, "</li><li>");
    label(sb, RL_BUDGET, lang);
    cr_strbuf_puts(sb, ja ? "：" : ": ");
    label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " ");
    if (plan->budget.has_one_off)
        money(sb, t, plan, plan->budget.one_off, lang);
    else
        label(sb, RL_NO_LIMIT, lang);
    cr_strbuf_puts(sb, ja ? "、" : ", ");
    label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " ");
    if (plan->budget.has_annual)
        money(sb, t, plan, plan->budget.annual, lang);
    else
        label(sb, RL_NO_LIMIT, lang);
    cr_strbuf_puts(sb, ja ? "。" : ". ");
    label(sb, RL_ROSI, lang);
    cr_strbuf_puts(sb, ja ? "＝" : " = ");
    label(sb, RL_ROSI_NOTE, lang);
    cr_strbuf_printf(sb, ja ? "（初期費用は%.0f年で按分）。" : " (one-off cost spread over %.0f years).",
                     plan->amortisation_years);
    cr_strbuf_puts(sb, "</li><li>");
    label(sb, RL_CRITERIA, lang);
    cr_strbuf_puts(sb, ja ? "：" : ": ");
    label(sb, RL_ACCEPTABLE_LEVEL, lang);
    cr_strbuf_puts(sb, " ");
    chip(sb, plan, plan->acceptable_level, lang);
    cr_strbuf_puts(sb, ja ? "（" : " (");
    esc(sb, plan->criteria_approver);
    cr_strbuf_puts(sb, ja ? "、" : ", ");
    esc(sb, plan->criteria_date);
    cr_strbuf_puts(sb, ja ? "、" : ", ");
    esc(sb, plan->criteria_minutes);
    cr_strbuf_puts(sb, ja ? "）</li><li>" : ")</li><li>");
    label(sb, RL_APPROVAL, lang);
    cr_strbuf_puts(sb, ja ? "：" : ": ");
    if (plan->n_residuals == 0) {
        label(sb, RL_NONE_ABOVE, lang);
    } else {
        size_t decided = 0;
        for (size_t k = 0; k < plan->n_residuals; k++)
            decided += plan->residuals[k].decision.kind != CR_DECISION_NONE;
        cr_strbuf_printf(sb, "%zu / %zu ", decided, plan->n_residuals);
        cr_strbuf_puts(sb, ja ? "件決定済み。" : "decided. ");
        label(sb, RL_WHOLE_PLAN, lang);
        cr_strbuf_puts(sb, ja ? "：" : ": ");
        esc(sb, report_decision_text(plan->plan_decision.kind, lang));
        cr_strbuf_puts(sb, ja ? "。" : ".");
    }
    cr_strbuf_puts(sb, "</li></ul></section>");
}

/* ---- heat maps and curves ----------------------------------------------- */

static void heatmaps(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "heatmaps", NULL, RL_HEATMAPS, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    label(sb, RL_HEATMAP_NOTE, lang);
    cr_strbuf_puts(sb, "</p><div class=\"heatmaps\">");
    for (int s = 0; s < CR_SCENARIO_COUNT; s++) {
        size_t above = 0;
        for (size_t r = 0; r < plan->n_risks; r++) {
            const cr_plan_risk *risk = &plan->risks[r];
            int level = s == CR_SCENARIO_INHERENT   ? risk->inherent.level
                        : s == CR_SCENARIO_RESIDUAL ? risk->residual.level
                                                    : risk->target.level;
            above += level > plan->acceptable_level;
        }
        cr_strbuf_puts(sb, "<figure><figcaption>");
        esc(sb, report_scenario_name(s, lang));
        cr_strbuf_printf(sb, "<span>%zu / %zu</span></figcaption>", above, plan->n_risks);
        chart_heatmap(sb, plan, s, lang);
        cr_strbuf_puts(sb, "</figure>");
    }
    cr_strbuf_puts(sb, "</div><div class=\"legend-levels\">");
    for (size_t i = 0; i < plan->n_levels; i++) {
        const char *fill, *ink;
        chart_level_colors(plan, (int)i, &fill, &ink);
        cr_strbuf_printf(sb, "<span><span class=\"swatch\" style=\"background:%s\"></span>",
                         fill);
        esc(sb, report_level_text(plan, (int)i, lang));
        cr_strbuf_puts(sb, "</span>");
    }
    cr_strbuf_puts(sb, "<span class=\"muted\">");
    label(sb, RL_ACCEPTABLE_LEVEL, lang);
    cr_strbuf_puts(sb, ": ");
    esc(sb, report_level_text(plan, plan->acceptable_level, lang));
    cr_strbuf_puts(sb, "</span></div></section>");
}

static void exceedance(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "lec", NULL, RL_LEC, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    label(sb, RL_LEC_NOTE, lang);
    cr_strbuf_puts(sb, " ");
    label(sb, RL_LEC_TABLE_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    chart_lec(sb, plan, lang);
    bool any = false;
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        any = any || plan->dist[s].present;
    if (any) {
        static const report_label cols[] = {RL_MEAN, RL_SE,    RL_P50,  RL_P90,
                                            RL_VAR95, RL_ES95, RL_VAR99, RL_ES99};
        cr_strbuf_puts(sb, "<table id=\"lec-table\"><thead><tr>");
        th(sb, RL_SCENARIO, false, lang);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            th(sb, cols[c], true, lang);
        th(sb, RL_P_EXCEED, true, lang);
        cr_strbuf_puts(sb, "</tr></thead><tbody>");
        for (int s = 0; s < REPORT_CURVES; s++) {
            const cr_plan_distribution *d = report_distribution(plan, s);
            if (!d->present)
                continue;
            cr_strbuf_puts(sb, "<tr><td>");
            esc(sb, report_scenario_name(s, lang));
            cr_strbuf_puts(sb, "</td>");
            const double v[] = {d->mean, d->se,    d->p50,   d->p90,
                                d->var95, d->es95, d->var99, d->es99};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
                cr_strbuf_puts(sb, "<td class=\"num\">");
                short_money(sb, t, plan, v[k], lang);
                cr_strbuf_puts(sb, "</td>");
            }
            cr_strbuf_puts(sb, "<td class=\"num\">");
            report_percent(t, d->p_exceed_appetite, 1);
            flush(sb, t);
            cr_strbuf_puts(sb, "</td></tr>");
        }
        cr_strbuf_puts(sb, "</tbody></table>");
    }
    cr_strbuf_puts(sb, "</section>");
}

/* ---- risks, options, alternatives --------------------------------------- */

static void risks(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "risks", NULL, RL_RISKS, lang);
    cr_strbuf_puts(sb, "<table id=\"risk-table\"><thead><tr>");
    th(sb, RL_RISK, false, lang);
    th(sb, RL_INHERENT, false, lang);
    th(sb, RL_RESIDUAL, false, lang);
    th(sb, RL_TARGET, false, lang);
    th(sb, RL_ALE_SHORT, true, lang);
    th(sb, RL_OPTION, false, lang);
    th(sb, RL_REASON, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        cr_strbuf_puts(sb, "<tr><td><span class=\"id\">");
        esc(sb, risk->id);
        cr_strbuf_puts(sb, "</span> ");
        esc(sb, report_risk_name(risk, lang));
        cr_strbuf_puts(sb, "</td><td>");
        chip(sb, plan, risk->inherent.level, lang);
        cr_strbuf_puts(sb, "</td><td>");
        chip(sb, plan, risk->residual.level, lang);
        cr_strbuf_puts(sb, "</td><td>");
        chip(sb, plan, risk->target.level, lang);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        money(sb, t, plan, risk->ale_residual, lang);
        cr_strbuf_puts(sb, "<br>→ ");
        money(sb, t, plan, risk->ale_target, lang);
        cr_strbuf_puts(sb, "</td><td class=\"opt\">");
        esc(sb, report_option_text(risk->option, lang));
        cr_strbuf_puts(sb, "</td><td class=\"small\">");
        report_reason(t, plan, risk, lang);
        flush(sb, t);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");

    cr_strbuf_puts(sb, "<h3 id=\"alternatives\">");
    label(sb, RL_ALTERNATIVES, lang);
    cr_strbuf_puts(sb, "</h3><table id=\"alternatives-table\"><thead><tr>");
    th(sb, RL_RISK, false, lang);
    th(sb, RL_OPTION, false, lang);
    th(sb, RL_LEVEL, false, lang);
    th(sb, RL_ALE_SHORT, true, lang);
    th(sb, RL_ONE_OFF, true, lang);
    th(sb, RL_ANNUAL, true, lang);
    th(sb, RL_NOTE, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        for (size_t a = 0; a < risk->n_alternatives; a++) {
            const cr_plan_alternative *alt = &risk->alternatives[a];
            cr_strbuf_puts(sb, alt->chosen ? "<tr class=\"chosen\">" : "<tr>");
            if (a == 0) {
                cr_strbuf_printf(sb, "<td class=\"risk-cell\" rowspan=\"%zu\"><span class=\"id\">",
                                 risk->n_alternatives);
                esc(sb, risk->id);
                cr_strbuf_puts(sb, "</span><br><span class=\"small\">");
                esc(sb, report_risk_name(risk, lang));
                cr_strbuf_puts(sb, "</span></td>");
            }
            cr_strbuf_puts(sb, "<td class=\"opt\">");
            esc(sb, report_option_text(alt->option, lang));
            if (alt->option == CR_TREAT_REDUCE)
                cr_strbuf_printf(sb, " <span class=\"muted small\">(%zu)</span>",
                                 alt->n_controls);
            cr_strbuf_puts(sb, "</td><td>");
            if (alt->level_after >= 0 || alt->option == CR_TREAT_AVOID)
                chip(sb, plan, alt->level_after, lang);
            else
                cr_strbuf_puts(sb, "–");
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            money(sb, t, plan, alt->ale_after, lang);
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            money(sb, t, plan, alt->one_off, lang);
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            money(sb, t, plan, alt->annual, lang);
            cr_strbuf_puts(sb, "</td><td class=\"small\">");
            esc(sb, report_alt_note_text(alt->note, lang));
            cr_strbuf_puts(sb, "</td></tr>");
        }
    }
    cr_strbuf_puts(sb, "</tbody></table></section>");
}

/* ---- the plan ----------------------------------------------------------- */

static void decision_text(cr_strbuf *sb, const cr_decision *d, cr_report_lang lang)
{
    esc(sb, report_decision_text(d->kind, lang));
    if (d->kind == CR_DECISION_NONE)
        return;
    char date[11];
    cr_date_format(d->date, date);
    cr_strbuf_puts(sb, "<div class=\"recorded muted\">");
    esc(sb, d->by);
    cr_strbuf_puts(sb, ", ");
    esc(sb, date);
    if (d->note && *d->note) {
        cr_strbuf_puts(sb, ": ");
        esc(sb, d->note);
    }
    cr_strbuf_puts(sb, "</div>");
    if (d->stale) {
        cr_strbuf_puts(sb, "<div class=\"stale\">");
        label(sb, RL_STALE, lang);
        cr_strbuf_puts(sb, "</div>");
    }
}

static void items(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "plan", NULL, RL_PLAN, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    label(sb, RL_PLAN_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    if (plan->n_items == 0) {
        cr_strbuf_puts(sb, "<p>");
        label(sb, RL_NO_ITEMS, lang);
        cr_strbuf_puts(sb, "</p></section>");
        return;
    }
    cr_strbuf_puts(sb, "<table id=\"plan-table\"><thead><tr>");
    th(sb, RL_ITEM_NO, true, lang);
    th(sb, RL_CONTROL, false, lang);
    th(sb, RL_RISKS_TREATED, false, lang);
    th(sb, RL_PRIORITY, false, lang);
    th(sb, RL_OWNER, false, lang);
    th(sb, RL_SCHEDULE, false, lang);
    th(sb, RL_COST, true, lang);
    th(sb, RL_EFFORT, true, lang);
    th(sb, RL_LOSS_REDUCTION, true, lang);
    th(sb, RL_ROSI_SHORT, true, lang);
    th(sb, RL_LOSS_AFTER, true, lang);
    th(sb, RL_DECISION, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t i = 0; i < plan->n_items; i++) {
        const cr_plan_item *it = &plan->items[i];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        cr_strbuf_printf(sb, "<tr id=\"item-%zu\"><td class=\"num\">%zu</td><td class=\"ctl\">"
                             "<span class=\"id\">",
                         i + 1, i + 1);
        esc(sb, g->control_id);
        cr_strbuf_puts(sb, "</span> ");
        report_control_short(t, g, lang, 48);
        flush(sb, t);
        cr_strbuf_puts(sb, "<div class=\"why\">");
        report_item_reason(t, plan, it, lang);
        flush(sb, t);
        cr_strbuf_puts(sb, " <a href=\"#gap-");
        esc(sb, g->control_id);
        cr_strbuf_printf(sb, lang == CR_LANG_JA ? "\">%zu" : "\">%zu ", g->n_details);
        label(sb, RL_DETAILS_LINK, lang);
        cr_strbuf_puts(sb, " →</a></div></td><td class=\"small\">");
        for (size_t k = 0; k < it->n_risks; k++) {
            if (k)
                cr_strbuf_puts(sb, ", ");
            esc(sb, plan->risks[it->risks[k]].id);
        }
        cr_strbuf_printf(sb, "</td><td><span class=\"prio p%d\">P%d</span></td><td>",
                         it->priority, it->priority);
        esc(sb, it->owner ? it->owner : "–");
        cr_strbuf_puts(sb, "</td><td class=\"nowrap\">");
        report_date(t, it->start);
        flush(sb, t);
        cr_strbuf_puts(sb, "<br>→ ");
        report_date(t, it->due);
        flush(sb, t);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        money(sb, t, plan, it->one_off, lang);
        cr_strbuf_puts(sb, "<br>+ ");
        money(sb, t, plan, it->annual, lang);
        label(sb, RL_PER_YEAR, lang);
        cr_strbuf_printf(sb, "</td><td class=\"num\">%.0f</td><td class=\"num\">",
                         it->effort_days);
        short_money(sb, t, plan, it->ale_reduction, lang);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        report_percent(t, it->rosi, 0);
        flush(sb, t);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        short_money(sb, t, plan, it->ale_after, lang);
        cr_strbuf_puts(sb, "</td><td class=\"small dec\">");
        decision_text(sb, &it->decision, lang);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table></section>");
}

static void gaps(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "gaps", NULL, RL_GAPS, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    label(sb, RL_GAPS_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    for (size_t c = 0; c < plan->n_gaps; c++) {
        const cr_plan_gap *g = &plan->gaps[c];
        cr_strbuf_puts(sb, "<div class=\"gap\" id=\"gap-");
        esc(sb, g->control_id);
        cr_strbuf_puts(sb, "\"><h3><span class=\"id\">");
        esc(sb, g->control_id);
        cr_strbuf_puts(sb, "</span> ");
        esc(sb, report_control_title(g, lang));
        if (g->selected)
            cr_strbuf_printf(sb, "<span class=\"tag in\">%s #%ld</span>",
                             report_label_text(RL_IN_PLAN, lang), g->item + 1);
        else {
            cr_strbuf_puts(sb, "<span class=\"tag out\">");
            label(sb, RL_NOT_IN_PLAN, lang);
            cr_strbuf_puts(sb, "</span>");
        }
        cr_strbuf_puts(sb, "</h3><div class=\"facts\">");
        label(sb, RL_STATUS, lang);
        cr_strbuf_puts(sb, ": ");
        esc(sb, report_status_text(g->status, lang));
        cr_strbuf_puts(sb, " · ");
        label(sb, RL_REQUIRED_BY, lang);
        cr_strbuf_puts(sb, ": ");
        for (size_t k = 0; k < g->n_risks; k++) {
            if (k)
                cr_strbuf_puts(sb, ", ");
            esc(sb, plan->risks[g->risks[k]].id);
        }
        cr_strbuf_puts(sb, " · ");
        label(sb, RL_COST_CLASS, lang);
        cr_strbuf_puts(sb, " ");
        esc(sb, report_cost_class_text(g->cost_class, lang));
        cr_strbuf_puts(sb, " (");
        money(sb, t, plan, g->one_off, lang);
        cr_strbuf_puts(sb, " + ");
        money(sb, t, plan, g->annual, lang);
        label(sb, RL_PER_YEAR, lang);
        cr_strbuf_puts(sb, ")</div><ol>");
        for (size_t d = 0; d < g->n_details; d++) {
            cr_strbuf_puts(sb, "<li><span class=\"did\">");
            esc(sb, g->details[d].id);
            cr_strbuf_puts(sb, "</span>");
            esc(sb, g->details[d].text_ja);
            cr_strbuf_puts(sb, "</li>");
        }
        cr_strbuf_puts(sb, "</ol></div>");
    }
    cr_strbuf_puts(sb, "</section>");
}

/* ---- approval sheet ----------------------------------------------------- */

static void choices(cr_strbuf *sb, cr_report_lang lang)
{
    static const report_label kinds[] = {RL_DECISION_APPROVED, RL_DECISION_REJECTED,
                                         RL_DECISION_CHANGED};
    cr_strbuf_puts(sb, "<div class=\"choices\">");
    for (size_t k = 0; k < 3; k++) {
        cr_strbuf_puts(sb, "<span><span class=\"box\"></span>");
        label(sb, kinds[k], lang);
        cr_strbuf_puts(sb, "</span>");
    }
    cr_strbuf_puts(sb, "</div>");
}

static void state_row(cr_strbuf *sb, report_label l, const char *value, bool hash,
                      cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<tr><td>");
    label(sb, l, lang);
    cr_strbuf_puts(sb, hash ? "</td><td class=\"hash\">" : "</td><td>");
    esc(sb, value && *value ? value : "–");
    cr_strbuf_puts(sb, "</td></tr>");
}

static void approval(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "approval", "approval", RL_APPROVAL, lang);
    cr_strbuf_puts(sb, "<p>");
    label(sb, RL_APPROVAL_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    if (plan->n_residuals == 0) {
        cr_strbuf_puts(sb, "<p id=\"no-residuals\">");
        label(sb, RL_NONE_ABOVE, lang);
        cr_strbuf_puts(sb, "</p>");
    } else {
        cr_strbuf_puts(sb, "<table id=\"residual-table\"><thead><tr>");
        th(sb, RL_RISK, false, lang);
        th(sb, RL_LEVEL, false, lang);
        th(sb, RL_CAUSE, false, lang);
        th(sb, RL_WHEN_TREATABLE, false, lang);
        th(sb, RL_DECISION, false, lang);
        cr_strbuf_puts(sb, "</tr></thead><tbody>");
        for (size_t k = 0; k < plan->n_residuals; k++) {
            const cr_plan_residual *res = &plan->residuals[k];
            const cr_plan_risk *risk = &plan->risks[res->risk];
            cr_strbuf_puts(sb, "<tr id=\"residual-");
            esc(sb, risk->id);
            cr_strbuf_puts(sb, "\"><td><span class=\"id\">");
            esc(sb, risk->id);
            cr_strbuf_puts(sb, "</span> ");
            esc(sb, report_risk_name(risk, lang));
            cr_strbuf_puts(sb, "</td><td>");
            chip(sb, plan, risk->target.level, lang);
            cr_strbuf_puts(sb, "<div class=\"small muted\">");
            money(sb, t, plan, risk->ale_target, lang);
            label(sb, RL_PER_YEAR, lang);
            cr_strbuf_puts(sb, "</div></td><td class=\"small\">");
            esc(sb, report_cause_text(res->cause, lang));
            if (res->cause == CR_RESIDUAL_ACCEPTED || res->cause == CR_RESIDUAL_TRANSFERRED) {
                cr_strbuf_puts(sb, "<div class=\"muted\">");
                report_reason(t, plan, risk, lang);
                flush(sb, t);
                cr_strbuf_puts(sb, "</div>");
            }
            cr_strbuf_puts(sb, "</td><td class=\"small\">");
            report_treatable(t, plan, res, lang);
            flush(sb, t);
            if (res->treatable) {
                /* The sentence for the untreatable already names the review. */
                cr_strbuf_puts(sb, "<div class=\"muted\">");
                label(sb, RL_REVIEW_BY, lang);
                cr_strbuf_puts(sb, " ");
                report_date(t, res->review_by);
                flush(sb, t);
                cr_strbuf_puts(sb, "</div>");
            }
            cr_strbuf_puts(sb, "</td><td>");
            if (res->decision.kind == CR_DECISION_NONE)
                choices(sb, lang);
            else
                decision_text(sb, &res->decision, lang);
            cr_strbuf_puts(sb, "</td></tr>");
        }
        cr_strbuf_puts(sb, "</tbody></table>");
    }

    cr_strbuf_puts(sb, "<h3>");
    label(sb, RL_WHOLE_PLAN, lang);
    cr_strbuf_puts(sb, "</h3>");
    if (plan->plan_decision.kind != CR_DECISION_NONE) {
        cr_strbuf_puts(sb, "<div id=\"plan-decision\">");
        decision_text(sb, &plan->plan_decision, lang);
        cr_strbuf_puts(sb, "</div>");
    }
    if (plan->n_former_decisions) {
        cr_strbuf_puts(sb, "<div id=\"former-decisions\"><p class=\"muted small\">");
        label(sb, RL_FORMER_DECISIONS, lang);
        cr_strbuf_puts(sb, "</p><ul>");
        for (size_t k = 0; k < plan->n_former_decisions; k++) {
            cr_strbuf_puts(sb, "<li>");
            esc(sb, plan->former_decisions[k].id);
            cr_strbuf_puts(sb, ": ");
            /* History, not a decision to take again: no "approve again". */
            cr_decision shown = plan->former_decisions[k].decision;
            shown.stale = false;
            decision_text(sb, &shown, lang);
            cr_strbuf_puts(sb, "</li>");
        }
        cr_strbuf_puts(sb, "</ul></div>");
    }
    cr_strbuf_puts(sb, "<div class=\"sign\" id=\"approval-signature\">");
    static const report_label fields[] = {RL_APPROVER, RL_TITLE_ROLE, RL_DATE, RL_SIGNATURE};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        cr_strbuf_puts(sb, "<div><div class=\"f\">");
        label(sb, fields[f], lang);
        cr_strbuf_puts(sb, "</div><div class=\"line\"></div></div>");
    }
    cr_strbuf_puts(sb, "<div><div class=\"f\">");
    label(sb, RL_DECISION, lang);
    cr_strbuf_puts(sb, "</div>");
    choices(sb, lang);
    cr_strbuf_puts(sb, "</div></div>");

    cr_strbuf_puts(sb, "<h3>");
    label(sb, RL_STATE, lang);
    cr_strbuf_puts(sb, "</h3><table class=\"state\" id=\"decision-state\"><tbody>");
    state_row(sb, RL_SERVICE, plan->service_name, false, lang);
    t->len = 0;
    cr_strbuf_puts(t, plan->model_name ? plan->model_name : "");
    cr_strbuf_puts(t, " ");
    cr_strbuf_puts(t, plan->model_version ? plan->model_version : "");
    state_row(sb, RL_MODEL, t->data, false, lang);
    t->len = 0;
    state_row(sb, RL_INPUTS, plan->input_sha256, true, lang);
    state_row(sb, RL_CATALOG, plan->catalog_sha256, true, lang);
    cr_strbuf_printf(t, "%llu", (unsigned long long)plan->seed);
    state_row(sb, RL_SEED, t->data, false, lang);
    t->len = 0;
    cr_strbuf_printf(t, "%llu", plan->trials);
    state_row(sb, RL_TRIALS, t->data, false, lang);
    t->len = 0;
    report_date(t, plan->start);
    state_row(sb, RL_PLAN_START, t->data, false, lang);
    t->len = 0;
    report_money(t, plan->ale_residual, plan->currency, lang);
    cr_strbuf_puts(t, " → ");
    report_money(t, plan->ale_target, plan->currency, lang);
    state_row(sb, RL_ALE_SHORT, t->data, false, lang);
    t->len = 0;
    size_t now, after;
    count_above(plan, &now, &after);
    cr_strbuf_printf(t, "%zu → %zu", now, after);
    state_row(sb, RL_RISKS_ABOVE, t->data, false, lang);
    t->len = 0;
    if (plan->dist[CR_SCENARIO_RESIDUAL].present && plan->dist[CR_SCENARIO_TARGET].present) {
        report_percent(t, plan->dist[CR_SCENARIO_RESIDUAL].p_exceed_appetite, 1);
        cr_strbuf_puts(t, " → ");
        report_percent(t, plan->dist[CR_SCENARIO_TARGET].p_exceed_appetite, 1);
        state_row(sb, RL_P_EXCEED, t->data, false, lang);
        t->len = 0;
    }
    report_money(t, plan->total_one_off, plan->currency, lang);
    cr_strbuf_puts(t, " + ");
    report_money(t, plan->total_annual, plan->currency, lang);
    cr_strbuf_puts(t, report_label_text(RL_PER_YEAR, lang));
    state_row(sb, RL_PLAN_COST, t->data, false, lang);
    t->len = 0;
    if (plan->premium_total > 0) {
        report_money(t, plan->premium_total, plan->currency, lang);
        cr_strbuf_puts(t, report_label_text(RL_PER_YEAR, lang));
        state_row(sb, RL_PREMIUM, t->data, false, lang);
        t->len = 0;
    }
    if (plan->decisions_file) {
        state_row(sb, RL_DECIDED_FROM, plan->decisions_file, false, lang);
        state_row(sb, RL_DECIDED_FROM, plan->decisions_sha256, true, lang);
    }
    cr_strbuf_puts(sb, "</tbody></table></section>");
}

cr_status report_render_html(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err)
{
    (void)err;
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">",
                     lang == CR_LANG_JA ? "ja" : "en");
    cr_strbuf_puts(sb, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<meta name=\"generator\" content=\"cloudrisk\"><title>");
    label(sb, RL_TITLE, lang);
    cr_strbuf_puts(sb, " – ");
    esc(sb, plan->service_name);
    cr_strbuf_puts(sb, "</title><style>");
    cr_strbuf_puts(sb, css);
    cr_strbuf_puts(sb, "</style></head><body><main>");
    cover(sb, &t, plan, lang);
    summary(sb, &t, plan, lang);
    heatmaps(sb, plan, lang);
    exceedance(sb, &t, plan, lang);
    risks(sb, &t, plan, lang);
    items(sb, &t, plan, lang);
    gaps(sb, &t, plan, lang);
    approval(sb, &t, plan, lang);
    cr_strbuf_puts(sb, "<footer>");
    label(sb, RL_GENERATED_BY, lang);
    cr_strbuf_puts(sb, " · ");
    esc(sb, plan->model_name);
    cr_strbuf_puts(sb, " ");
    esc(sb, plan->model_version);
    cr_strbuf_puts(sb, " · <span class=\"hash\">");
    esc(sb, plan->input_sha256);
    cr_strbuf_puts(sb, "</span></footer></main></body></html>\n");
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
    return CR_OK;
}
