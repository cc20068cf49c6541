/* assess_render.c -- shared pieces of the assessment's outputs, and the dispatcher. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "score/assess_render.h"
#include "util/text.h"

bool cr_render_is_ja(const char *lang)
{
    return lang && strcmp(lang, "ja") == 0;
}

const char *cr_render_lang(const char *lang)
{
    return cr_render_is_ja(lang) ? "ja" : "en";
}

const char *cr_render_control_title(const cr_catalog_item *item, const char *lang)
{
    if (!cr_render_is_ja(lang) && item->text_en)
        return item->text_en;
    return item->text_ja;
}

const char *cr_render_status_word(const cr_control_state *state)
{
    return state->listed ? cr_control_status_name(state->status) : "not_assessed";
}

const char *cr_render_status_label(const cr_control_state *state, const char *lang)
{
    static const char *const en[] = {"not implemented", "planned", "partial", "implemented",
                                     "not applicable"};
    static const char *const ja[] = {"未実施", "計画中", "一部実施", "実施済み", "適用外"};
    if (!state->listed)
        return cr_render_is_ja(lang) ? "未評価" : "not assessed";
    return (cr_render_is_ja(lang) ? ja : en)[state->status];
}

const char *cr_render_level_name(const cr_model *m, int level, const char *lang)
{
    return cr_text_get(&cr_model_criteria(m)->levels[level].name, lang);
}

void cr_render_count_levels(const cr_assessment *a, cr_level_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < a->n_risks; i++) {
        out->inherent[a->risks[i].score.inherent_level]++;
        out->residual[a->risks[i].score.residual_level]++;
    }
}

void cr_render_dimensions(unsigned dimensions, char out[8])
{
    static const char letters[CR_N_DIMENSIONS] = {'C', 'I', 'A'};
    size_t n = 0;
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        if (dimensions & (1u << d)) {
            if (n)
                out[n++] = ' ';
            out[n++] = letters[d];
        }
    out[n] = '\0';
}

bool cr_assess_format_parse(const char *word, cr_assess_format *out)
{
    static const char *const names[] = {"text", "json", "csv", "md"};
    for (int i = 0; i < 4; i++)
        if (strcmp(word, names[i]) == 0) {
            *out = (cr_assess_format)i;
            return true;
        }
    return false;
}

cr_status cr_assessment_write(const cr_assessment *a, cr_assess_format format, const char *lang,
                              FILE *fp, cr_error *err)
{
    switch (format) {
    case CR_FORMAT_JSON: {
        cJSON *root = cr_assessment_to_json(a, lang);
        char *text = root ? cJSON_Print(root) : NULL;
        cJSON_Delete(root);
        if (!text)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        fputs(text, fp);
        fputc('\n', fp);
        cJSON_free(text);
        break;
    }
    case CR_FORMAT_CSV:
        cr_render_csv(a, lang, fp);
        break;
    case CR_FORMAT_MARKDOWN:
        cr_render_markdown(a, lang, fp);
        break;
    case CR_FORMAT_TEXT:
    default: {
        /* Text is for a terminal: rendered whole, then written with every
         * control character from the inputs made visible (util/text.h). */
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (!mem)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        cr_render_text(a, lang, mem);
        bool failed = fclose(mem) != 0 || !text;
        if (!failed)
            cr_fput_controls_escaped(fp, text, true);
        free(text);
        if (failed)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        break;
    }
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the assessment: %s",
                            strerror(errno));
    return CR_OK;
}
