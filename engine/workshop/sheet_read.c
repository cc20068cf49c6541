/*
 * sheet_read.c -- a participant's workshop sheet, read and checked row by row.
 *
 * The rules (doc/workshop.md, "The sheet"): a header naming the 14 columns in
 * any order; then one row per risk of the model, each exactly once, all rows
 * naming the same service and participant.  Rows that are entirely empty are
 * skipped, because spreadsheets append them when a sheet has been edited.
 * Every error names the sheet and the row's line, and says what was expected.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/workshop.h"
#include "util/csv_util.h"
#include "util/limits.h"
#include "util/values.h"
#include "util/xlsx_read.h"
#include "workshop/cells.h"
#include "workshop/sheet_form.h"

/* One set of limits for every input (util/limits.h). */
_Static_assert(CR_WORKSHOP_MAX_NAME == CR_LIMIT_NAME_BYTES, "a participant is a name");
_Static_assert(CR_WORKSHOP_MAX_RATIONALE == CR_LIMIT_TEXT_BYTES, "a rationale is free text");

typedef enum cr_workshop_column_id column;

/* A column's English key, as errors name it. */
static const char *key_of(size_t c) { return cr_workshop_column_info((int)c)->key; }

/* What a row is read against. */
typedef struct reading {
    const char *file;
    const cr_workshop_risk *risks;
    size_t n_risks;
    int index[CR_WORKSHOP_N_COLUMNS]; /* header position of each column */
    size_t n_header;
    long first_line;                  /* line of the first risk row */
    bool partial;                     /* risks may be missing (a later round) */
    bool round_seen;
    cr_workshop_sheet *sheet;
    cr_error *err;
} reading;

static cr_status input_error(reading *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cr_status input_error(reading *r, long line, const char *fmt, ...)
{
    char message[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return cr_error_set(r->err, CR_ERR_INPUT, r->file, line, NULL, "%s", message);
}

static cr_status out_of_memory(reading *r)
{
    return cr_error_set(r->err, CR_ERR_MEMORY, r->file, 0, NULL, "out of memory");
}

/* The columns a sheet must have, by their keys. */
static void expected_header(char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < CR_WORKSHOP_N_COLUMNS; i++) {
        cr_workshop_column_role role = cr_workshop_column_info((int)i)->role;
        if (role != CR_WS_COL_KEY && role != CR_WS_COL_ANSWER)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
                         cr_workshop_column_info((int)i)->key);
        if (w < 0 || (size_t)w >= size - used)
            return;
        used += (size_t)w;
    }
}

/* Find each column in the header by its key or its Japanese header; refuse
 * unknown and repeated ones, and missing ones that a sheet must have. */
static cr_status read_header(reading *r, const cr_csv_row *h)
{
    char expected[600];
    expected_header(expected, sizeof expected);
    for (size_t c = 0; c < CR_WORKSHOP_N_COLUMNS; c++)
        r->index[c] = -1;
    for (size_t i = 0; i < h->n_fields; i++) {
        char *name = cr_ws_trimmed(h->fields[i]);
        if (!name)
            return out_of_memory(r);
        size_t c = 0;
        while (c < CR_WORKSHOP_N_COLUMNS && strcmp(name, key_of(c)) != 0 &&
               strcmp(name, cr_workshop_column_info((int)c)->ja) != 0)
            c++;
        cr_status st = CR_OK;
        if (c == CR_WORKSHOP_N_COLUMNS)
            st = input_error(r, h->line, "unknown column \"%.60s\"; expected the header row "
                             "(in English or Japanese): %s", name, expected);
        else if (r->index[c] >= 0)
            st = input_error(r, h->line, "column \"%s\" appears twice; expected the header "
                             "row: %s", name, expected);
        else
            r->index[c] = (int)i;
        free(name);
        if (st != CR_OK)
            return st;
    }
    for (size_t c = 0; c < CR_WORKSHOP_N_COLUMNS; c++) {
        cr_workshop_column_role role = cr_workshop_column_info((int)c)->role;
        if (r->index[c] < 0 && (role == CR_WS_COL_KEY || role == CR_WS_COL_ANSWER))
            return input_error(r, h->line, "missing column \"%s\"; expected the header row: %s",
                               key_of(c), expected);
    }
    r->n_header = h->n_fields;
    return CR_OK;
}

/* The cell of column c; "" when the sheet has no such (optional) column. */
static const char *cell(const reading *r, const cr_csv_row *row, column c)
{
    return r->index[c] >= 0 ? row->fields[r->index[c]] : "";
}

static bool row_blank(const cr_csv_row *row)
{
    for (size_t i = 0; i < row->n_fields; i++)
        if (!cr_ws_blank(row->fields[i]))
            return false;
    return true;
}

/* service_id and participant: present, short, and the same on every row. */
static cr_status read_identity(reading *r, const cr_csv_row *row, column c, char **kept,
                               const char *what)
{
    char *value = cr_ws_trimmed(cell(r, row, c));
    if (!value)
        return out_of_memory(r);
    cr_status st = CR_OK;
    if (!*value)
        st = input_error(r, row->line, "%s is empty; expected %s", key_of(c), what);
    else if (strlen(value) > CR_WORKSHOP_MAX_NAME)
        st = input_error(r, row->line, "%s is longer than %d bytes", key_of(c),
                         CR_WORKSHOP_MAX_NAME);
    else if (*kept && strcmp(*kept, value) != 0)
        st = input_error(r, row->line,
                         "%s \"%s\" differs from \"%s\" on line %ld; expected one %s per sheet",
                         key_of(c), value, *kept, r->first_line,
                         key_of(c));
    if (st == CR_OK && !*kept) {
        *kept = value;
        return CR_OK;
    }
    free(value);
    return st;
}

/* The risk this row is about: known, and not seen before in this sheet. */
static cr_status read_risk(reading *r, const cr_csv_row *row, size_t *which)
{
    char *id = cr_ws_trimmed(cell(r, row, CR_WS_RISK_ID));
    if (!id)
        return out_of_memory(r);
    cr_status st = CR_OK;
    size_t k = 0;
    while (k < r->n_risks && strcmp(r->risks[k].id, id) != 0)
        k++;
    if (!*id)
        st = input_error(r, row->line, "risk_id is empty; expected one of the %zu risks of the "
                         "model (%s to %s)", r->n_risks, r->risks[0].id,
                         r->risks[r->n_risks - 1].id);
    else if (k == r->n_risks)
        st = input_error(r, row->line, "unknown risk_id \"%.40s\"; expected one of the %zu risks "
                         "of the model (%s to %s)", id, r->n_risks, r->risks[0].id,
                         r->risks[r->n_risks - 1].id);
    else if (r->sheet->entries[k].line)
        st = input_error(r, row->line, "risk %s appears again (first on line %ld); expected one "
                         "row per risk", id, r->sheet->entries[k].line);
    free(id);
    *which = k;
    return st;
}

/* A level 1-5 followed by its name: "4 大", "4: Major", "4（大）".  The digit
 * must stand alone: "45", "4.5" and "4,5" are not levels. */
static bool level_with_text(const char *text, int *v)
{
    unsigned char next = (unsigned char)text[1];
    if (text[0] < '1' || text[0] > '5' || next == '\0')
        return false;
    if (next != ' ' && next != ':' && next != '(' && next != '-' && next < 0x80)
        return false;
    *v = text[0] - '0';
    return true;
}

/* A score from 1 to 5, or empty (*value = 0). */
static cr_status read_level(reading *r, const cr_csv_row *row, column c, int *value)
{
    char *text = cr_ws_trimmed(cell(r, row, c));
    if (!text)
        return out_of_memory(r);
    cr_status st = CR_OK;
    int v = 0;
    double as_number;
    if (!*text)
        v = 0;
    else if (level_with_text(text, &v))
        ; /* "4 大", "4: Major": the level as the sheet's drop-down writes it */
    else if (!cr_ws_parse_small_int(text, &v))
        st = input_error(r, row->line, "%s \"%.40s\" is not %s; expected an integer from 1 to 5",
                         key_of(c), text,
                         cr_ws_parse_number(text, &as_number) ? "a whole number" : "a number");
    else if (v < 1 || v > 5)
        st = input_error(r, row->line, "%s %d is out of range; expected an integer from 1 to 5",
                         key_of(c), v);
    free(text);
    *value = v;
    return st;
}

/* min, likely and max: all given or all empty; numbers >= 0 and <= limit,
 * in order.  `what` is "frequency" or "loss". */
static cr_status read_range(reading *r, const cr_csv_row *row, column first, double limit,
                            const char *what, const char *unit, cr_workshop_range *range)
{
    double v[3];
    int given = 0;
    for (int i = 0; i < 3; i++)
        given += !cr_ws_blank(cell(r, row, (column)(first + i)));
    memset(range, 0, sizeof *range);
    if (given == 0)
        return CR_OK;
    for (int i = 0; i < 3; i++) {
        column c = (column)(first + i);
        if (given < 3 && cr_ws_blank(cell(r, row, c)))
            return input_error(r, row->line, "%s is empty; expected %s_min, %s_likely and %s_max "
                               "all given, or all empty", key_of(c), what, what,
                               what);
    }
    for (int i = 0; i < 3; i++) {
        column c = (column)(first + i);
        char *text = cr_ws_trimmed(cell(r, row, c));
        if (!text)
            return out_of_memory(r);
        cr_status st = CR_OK;
        bool parsed = first == CR_WS_LOSS_MIN ? cr_value_amount(text, &v[i])
                                            : cr_value_number(text, &v[i]);
        if (!parsed)
            st = input_error(r, row->line, "%s \"%.40s\" is not a number; expected %s, such as "
                             "12.5 or 1,000,000", key_of(c), text, unit);
        else if (v[i] < 0)
            st = input_error(r, row->line, "%s %s is negative; expected %s (0 or more)",
                             key_of(c), text, unit);
        else if (v[i] > limit)
            st = input_error(r, row->line, "%s %s is too large; expected at most %.0f",
                             key_of(c), text, limit);
        free(text);
        if (st != CR_OK)
            return st;
    }
    if (!(v[0] <= v[1] && v[1] <= v[2])) {
        char a[40], b[40], c[40];
        cr_ws_format_number(a, sizeof a, v[0]);
        cr_ws_format_number(b, sizeof b, v[1]);
        cr_ws_format_number(c, sizeof c, v[2]);
        return input_error(r, row->line, "%s range in the wrong order (min %s, likely %s, max "
                           "%s); expected %s_min <= %s_likely <= %s_max", what, a, b, c, what,
                           what, what);
    }
    range->given = true;
    range->min = v[0];
    range->likely = v[1];
    range->max = v[2];
    return CR_OK;
}

static cr_status read_confidence(reading *r, const cr_csv_row *row, int *out)
{
    static const char *const words[] = {"low", "medium", "high"};
    static const int levels[] = {1, 3, 5};
    char *text = cr_ws_trimmed(cell(r, row, CR_WS_CONFIDENCE));
    if (!text)
        return out_of_memory(r);
    cr_status st = CR_OK;
    *out = 0;
    for (char *p = text; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    int v;
    const char *word = cr_value_word(CR_VALUE_CONFIDENCE, text); /* also 高, 中, 低 */
    if (!*text) {
        *out = 0;
    } else if (cr_ws_parse_small_int(text, &v) && v >= 1 && v <= 5) {
        *out = v;
    } else {
        size_t i = 0;
        while (word && i < 3 && strcmp(word, words[i]) != 0)
            i++;
        if (!word)
            i = 3;
        if (i < 3)
            *out = levels[i];
        else
            st = input_error(r, row->line, "confidence \"%.40s\" is not recognised; expected "
                             "low, medium, high (低, 中, 高) or an integer from 1 to 5", text);
    }
    free(text);
    return st;
}

/* The round: empty or absent means 1; the same on every row. */
static cr_status read_round(reading *r, const cr_csv_row *row)
{
    char *text = cr_ws_trimmed(cell(r, row, CR_WS_ROUND));
    if (!text)
        return out_of_memory(r);
    int v = 1;
    cr_status st = CR_OK;
    if (*text && (!cr_ws_parse_small_int(text, &v) || v < 1 || v > 1000))
        st = input_error(r, row->line, "round \"%.40s\" is not recognised; expected an integer "
                         "from 1 to 1000", text);
    else if (r->round_seen && v != r->sheet->round)
        st = input_error(r, row->line, "round %d differs from round %d on line %ld; expected one "
                         "round per sheet", v, r->sheet->round, r->first_line);
    free(text);
    r->sheet->round = v;
    r->round_seen = true;
    return st;
}

/* current (現状) or inherent (固有), any case; empty means current. */
static cr_status read_basis(reading *r, const cr_csv_row *row, cr_workshop_basis *basis)
{
    char *text = cr_ws_trimmed(cell(r, row, CR_WS_BASIS));
    if (!text)
        return out_of_memory(r);
    for (char *p = text; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    cr_status st = CR_OK;
    if (!*text || strcmp(text, "current") == 0 || strcmp(text, "現状") == 0)
        *basis = CR_WS_BASIS_CURRENT;
    else if (strcmp(text, "inherent") == 0 || strcmp(text, "固有") == 0)
        *basis = CR_WS_BASIS_INHERENT;
    else
        st = input_error(r, row->line, "basis \"%.40s\" is not recognised; expected current "
                         "(現状: with today's controls) or inherent (固有: before any control)",
                         text);
    free(text);
    return st;
}

static cr_status read_row(reading *r, const cr_csv_row *row)
{
    cr_workshop_sheet *s = r->sheet;
    if (row->n_fields != r->n_header)
        return input_error(r, row->line, "row has %zu fields; expected %zu like the header",
                           row->n_fields, r->n_header);
    if (!r->first_line)
        r->first_line = row->line;
    cr_status st = read_identity(r, row, CR_WS_SERVICE, &s->service_id,
                                 "the id of the service the workshop assesses");
    if (st == CR_OK)
        st = read_identity(r, row, CR_WS_PARTICIPANT, &s->participant,
                           "the name of the person who fills in the sheet");
    size_t k = 0;
    if (st == CR_OK)
        st = read_risk(r, row, &k);
    if (st != CR_OK)
        return st;
    cr_workshop_entry e = {.line = row->line};
    st = read_round(r, row);
    if (st == CR_OK)
        st = read_basis(r, row, &e.basis);
    if (st == CR_OK)
        st = read_level(r, row, CR_WS_IMPACT, &e.impact);
    if (st == CR_OK)
        st = read_level(r, row, CR_WS_LIKELIHOOD, &e.likelihood);
    if (st == CR_OK)
        st = read_range(r, row, CR_WS_FREQ_MIN, CR_WORKSHOP_MAX_FREQUENCY, "frequency",
                        "events per year", &e.frequency);
    if (st == CR_OK)
        st = read_range(r, row, CR_WS_LOSS_MIN, CR_WORKSHOP_MAX_LOSS, "loss",
                        "money per event", &e.loss);
    if (st == CR_OK)
        st = read_confidence(r, row, &e.confidence);
    if (st != CR_OK)
        return st;
    if ((e.impact == 0) != (e.likelihood == 0))
        return input_error(r, row->line, "%s is empty but %s is given; expected both, or neither "
                           "to abstain", e.impact ? "likelihood" : "impact",
                           e.impact ? "impact" : "likelihood");
    e.scored = e.impact != 0;
    if (!e.scored && (e.frequency.given || e.loss.given || e.confidence))
        return input_error(r, row->line, "%s given but impact and likelihood are empty; expected "
                           "the risk scored, or the row left blank to abstain",
                           e.frequency.given ? "frequency" : e.loss.given ? "loss" : "confidence");
    if (e.frequency.given != e.loss.given)
        return input_error(r, row->line, "%s given without %s; expected both ranges, or neither "
                           "(a participant's frequency and loss are pooled together)",
                           e.frequency.given ? "frequency" : "loss",
                           e.frequency.given ? "loss" : "frequency");
    e.comment = cr_ws_trimmed(cell(r, row, CR_WS_COMMENT));
    if (!e.comment)
        return out_of_memory(r);
    s->entries[k] = e;
    return CR_OK;
}

/* Name the risks that have no row (up to a handful). */
static cr_status check_complete(reading *r)
{
    size_t missing = 0;
    char list[200];
    size_t used = 0;
    list[0] = '\0';
    for (size_t k = 0; k < r->n_risks; k++) {
        if (r->sheet->entries[k].line)
            continue;
        missing++;
        if (missing <= 5 && used < sizeof list) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", missing > 1 ? ", " : "",
                             r->risks[k].id);
            if (w > 0)
                used += (size_t)w;
        } else if (missing == 6 && used < sizeof list) {
            snprintf(list + used, sizeof list - used, ", ...");
            used = sizeof list;
        }
    }
    if (missing == r->n_risks)
        return input_error(r, 0, "no risk rows; expected one row for each of the %zu risks",
                           r->n_risks);
    if (missing)
        return input_error(r, 0, "%zu %s missing (%s); expected one row for each of the %zu "
                           "risks", missing, missing == 1 ? "row is" : "rows are", list,
                           r->n_risks);
    return CR_OK;
}

void cr_workshop_sheet_clear(cr_workshop_sheet *sheet)
{
    if (!sheet)
        return;
    for (size_t i = 0; i < sheet->n_entries; i++)
        free(sheet->entries[i].comment);
    free(sheet->entries);
    free(sheet->file);
    free(sheet->service_id);
    free(sheet->participant);
    memset(sheet, 0, sizeof *sheet);
}

static cr_status parse_sheet(const char *name, const char *text, size_t len,
                             const cr_workshop_risk *risks, size_t n_risks, bool partial,
                             cr_workshop_sheet *sheet, cr_error *err)
{
    memset(sheet, 0, sizeof *sheet);
    if (n_risks == 0)
        return cr_error_set(err, CR_ERR_INTERNAL, name, 0, NULL, "no risks to read a sheet for");
    reading r = {.file = name, .risks = risks, .n_risks = n_risks, .partial = partial,
                 .sheet = sheet, .err = err};
    sheet->round = 1;
    sheet->file = strdup(name);
    sheet->entries = calloc(n_risks, sizeof *sheet->entries);
    if (!sheet->file || !sheet->entries) {
        cr_workshop_sheet_clear(sheet);
        return out_of_memory(&r);
    }
    sheet->n_entries = n_risks;
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, len);
    cr_sha256_final_hex(&h, sheet->sha256);

    cr_csv_table table;
    /* A workbook through its form (util/form.h); a CSV sheet as UTF-8, or
     * Japanese Excel's Shift_JIS "CSV" converted (util/encoding.h). */
    char sheet_name[128] = "";
    cr_form form;
    cr_form_column form_columns[CR_WORKSHOP_N_COLUMNS];
    cr_workshop_form_build(&form, form_columns);
    cr_status st = cr_xlsx_is_zip(text, len)
                       ? cr_form_parse(name, text, len, &form, 0, &table, sheet_name, err)
                       : cr_csv_parse_text(name, text, len, &table, err);
    if (st == CR_OK) {
        size_t first = 0; /* the header is the first row that is not blank */
        while (first < table.n_rows && row_blank(&table.rows[first]))
            first++;
        if (first == table.n_rows) {
            char expected[400];
            expected_header(expected, sizeof expected);
            st = input_error(&r, 0, "file is empty; expected a header row: %s", expected);
        } else {
            st = read_header(&r, &table.rows[first]);
        }
        for (size_t i = first + 1; st == CR_OK && i < table.n_rows; i++)
            if (!row_blank(&table.rows[i]))
                st = read_row(&r, &table.rows[i]);
        if (st == CR_OK && (!r.partial || sheet->round == 1))
            st = check_complete(&r);
        if (st == CR_OK && !r.first_line)
            st = input_error(&r, 0, "no risk rows; expected a row for each risk handed out");
        cr_csv_table_free(&table);
        cr_form_place_error(name, sheet_name, err); /* a workbook's row, not a line */
    }
    if (st != CR_OK)
        cr_workshop_sheet_clear(sheet);
    return st;
}

cr_status cr_workshop_sheet_parse(const char *name, const char *text, size_t len,
                                  const cr_workshop_risk *risks, size_t n_risks,
                                  cr_workshop_sheet *sheet, cr_error *err)
{
    return parse_sheet(name, text, len, risks, n_risks, false, sheet, err);
}

cr_status cr_workshop_sheet_parse_partial(const char *name, const char *text, size_t len,
                                          const cr_workshop_risk *risks, size_t n_risks,
                                          cr_workshop_sheet *sheet, cr_error *err)
{
    return parse_sheet(name, text, len, risks, n_risks, true, sheet, err);
}

static cr_status read_sheet(const char *path, const cr_workshop_risk *risks, size_t n_risks,
                            bool partial, cr_workshop_sheet *sheet, cr_error *err)
{
    char *text;
    size_t len;
    memset(sheet, 0, sizeof *sheet);
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    st = parse_sheet(path, text, len, risks, n_risks, partial, sheet, err);
    free(text);
    return st;
}

cr_status cr_workshop_sheet_read(const char *path, const cr_workshop_risk *risks, size_t n_risks,
                                 cr_workshop_sheet *sheet, cr_error *err)
{
    return read_sheet(path, risks, n_risks, false, sheet, err);
}

cr_status cr_workshop_sheet_read_partial(const char *path, const cr_workshop_risk *risks,
                                         size_t n_risks, cr_workshop_sheet *sheet,
                                         cr_error *err)
{
    return read_sheet(path, risks, n_risks, true, sheet, err);
}
