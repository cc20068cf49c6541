/*
 * extract-catalog -- turn the text of the Cloud Information Security
 * Management Standard (2013 revision) into cloudrisk's control catalogue.
 *
 *   extract-catalog [--verbose] STANDARD.txt OUTDIR
 *
 * writes OUTDIR/catalog.json and OUTDIR/catalog.csv.  `make catalog` runs it
 * on $(CLOUDRISK_STANDARD_TEXT) into datasets/catalog/; see doc/catalog.md.
 *
 * The run checks what it can of its own result and refuses to write a
 * catalogue that breaks the standard's known shape (counts of each level,
 * Ⅵ as whole controls of Ⅴ); the unit tests check the rest.
 */
#include <stdio.h>
#include <string.h>

#include "extract.h"

/* The parts' headings, as the text prints them. */
static const char *const part_headings[] = {
    "Ⅲ. ガバナンス基準",
    "Ⅳ. マネジメント基準",
    "Ⅴ. 管理策基準",
    "Ⅵ. クラウド情報セキュリティ基本言明要件",
};

typedef struct expected_count {
    int part, level;
    size_t count;
    const char *what;
} expected_count;

/* The shape the standard describes for itself (Ⅱ, and STRUCTURE of the text). */
static const expected_count expected[] = {
    {PART_GOVERNANCE, 3, 5, "governance items"},
    {PART_MANAGEMENT, 3, 66, "management items"},
    {PART_CONTROL, 1, 12, "categories"},
    {PART_CONTROL, 2, 41, "subcategories"},
    {PART_CONTROL, 3, 135, "controls"},
    {PART_CONTROL, 4, 1422, "detailed controls"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: extract-catalog [--verbose] STANDARD.txt OUTDIR\n"
                "Write OUTDIR/catalog.json and OUTDIR/catalog.csv from the standard's text.\n");
}

static int fail(const cr_error *err)
{
    char text[2048];
    cr_error_format(err, text, sizeof text);
    fprintf(stderr, "extract-catalog: %s\n", text);
    return err->status == CR_OK ? CR_ERR_INTERNAL : (int)err->status;
}

static cr_status check_counts(const item_list *parts[3], const char *file, cr_error *err)
{
    for (size_t k = 0; k < sizeof expected / sizeof expected[0]; k++) {
        size_t n = 0;
        const item_list *list = parts[expected[k].part];
        for (size_t i = 0; i < list->n; i++)
            n += list->v[i].level == expected[k].level;
        if (n != expected[k].count)
            return cr_error_set(err, CR_ERR_INPUT, file, 0, NULL,
                                "found %zu %s; the standard has %zu", n, expected[k].what,
                                expected[k].count);
    }
    return CR_OK;
}

static cr_status extract(const char *source, const char *outdir, bool verbose, cr_error *err)
{
    source_text st;
    item_list parts[3] = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}};
    item_list basic = {NULL, 0, 0};
    cr_status status = source_text_load(source, &st, err);
    size_t at[5];
    for (int k = 0; status == CR_OK && k < 4; k++) {
        at[k] = source_text_find(&st, k ? at[k - 1] + 1 : 0, part_headings[k]);
        if (at[k] == st.n_lines)
            status = cr_error_set(err, CR_ERR_INPUT, source, 0, NULL,
                                  "no line \"%s\"; expected the parts Ⅲ to Ⅵ in order",
                                  part_headings[k]);
    }
    at[4] = st.n_lines;
    if (status == CR_OK && verbose)
        fprintf(stderr,
                "%s: %ld lines; removed %ld page-start spaces, %ld footers, %ld footnote "
                "blocks (%ld lines), %ld footnote markers\n",
                source, st.n_physical, st.page_starts, st.footers, st.footnote_blocks,
                st.footnote_lines, st.markers);
    if (status == CR_OK)
        status = parse_headed_part(&st, at[0] + 1, at[1], PART_GOVERNANCE, &parts[0], err);
    if (status == CR_OK)
        status = parse_headed_part(&st, at[1] + 1, at[2], PART_MANAGEMENT, &parts[1], err);
    if (status == CR_OK)
        status = parse_control_part(&st, at[2] + 1, at[3], NULL, verbose, &parts[2], err);
    if (status == CR_OK)
        status = parse_control_part(&st, at[3] + 1, at[4], &parts[2], verbose, &basic, err);
    if (status == CR_OK)
        status = merge_basic(&parts[2], &basic, source, err);
    /* Ⅵ says it holds the governance and management standards whole. */
    for (int p = 0; status == CR_OK && p < 2; p++)
        for (size_t i = 0; i < parts[p].n; i++)
            parts[p].v[i].basic = true;
    const item_list *views[3] = {&parts[0], &parts[1], &parts[2]};
    if (status == CR_OK)
        status = check_counts(views, source, err);
    if (status == CR_OK)
        status = write_catalog(outdir, &st, views, err);
    for (int p = 0; p < 3; p++)
        item_list_free(&parts[p]);
    item_list_free(&basic);
    source_text_free(&st);
    return status;
}

int main(int argc, char **argv)
{
    bool verbose = false;
    int first = 1;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--verbose") == 0) {
        verbose = true;
        first = 2;
    }
    if (argc - first != 2) {
        usage(stderr);
        return CR_ERR_USAGE;
    }
    cr_error err;
    cr_error_clear(&err);
    if (extract(argv[first], argv[first + 1], verbose, &err) != CR_OK)
        return fail(&err);
    return 0;
}
