/* fuzz_html.c -- see fuzz_html.h. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_html.h"

void fuzz_check_markup(const char *html, const char *const *tags, size_t n)
{
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *name = p + 1;
        if (strncmp(name, "!DOCTYPE", 8) == 0)
            continue;
        if (*name == '/')
            name++;
        size_t len = 0;
        while (isalnum((unsigned char)name[len]))
            len++;
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strlen(tags[i]) == len && strncmp(tags[i], name, len) == 0;
        bool ends = name[len] == '>' || name[len] == ' ' || name[len] == '\n' ||
                    (name[len] == '/' && name[len + 1] == '>');
        if (!known || !ends)
            fprintf(stderr, "markup not written by us: %.60s\n", p);
        FUZZ_CHECK(known && ends);
    }
}
