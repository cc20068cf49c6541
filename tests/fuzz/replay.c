/*
 * replay.c -- run a fuzz target without libFuzzer: feed it each file of its
 * corpus, in name order.  Built with the ordinary compiler as a test, so the
 * targets compile everywhere the suite runs and every input once found by
 * fuzzing (kept in the corpus) is replayed by `make check`, under the
 * sanitizers and valgrind when those builds run it.
 *
 *   replay_NAME               replays $top_srcdir/tests/fuzz/corpus/NAME/
 *   replay_NAME FILE|DIR...   replays those (to reproduce one input)
 *
 * Fails when an input crashes the target (the target aborts) or when there is
 * nothing to replay: an empty corpus would make the test pass vacuously.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cloudrisk/io.h"
#include "fuzz.h"

#ifndef FUZZ_NAME
#error "compile with -DFUZZ_NAME=\"name\""
#endif

static int replay_file(const char *path)
{
    char *text;
    size_t len;
    cr_error err;
    cr_error_clear(&err);
    if (cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, &err) != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "replay_%s: %s\n", FUZZ_NAME, msg);
        return -1;
    }
    /* An exact-size copy, as libFuzzer gives: a parser that reads past the
     * length it was given is caught by the sanitizers. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(text);
        return -1;
    }
    memcpy(exact, text, len);
    free(text);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of files replayed, or -1 on a read error. */
static int replay_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay_%s: cannot find %s\n", FUZZ_NAME, path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path);
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "replay_%s: cannot open %s\n", FUZZ_NAME, path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int failed = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **grown = realloc(names, cap * sizeof *grown);
            if (!grown) {
                failed = 1;
                break;
            }
            names = grown;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            failed = 1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        int r = failed ? 0 : replay_file(names[i]);
        if (r < 0)
            failed = 1;
        else
            count += r;
        free(names[i]);
    }
    free(names);
    return failed ? -1 : count;
}

int main(int argc, char **argv)
{
    int total = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            int r = replay_path(argv[i]);
            if (r < 0)
                return 1;
            total += r;
        }
    } else {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".", FUZZ_NAME);
        total = replay_path(dir);
        if (total < 0)
            return 1;
    }
    printf("replay_%s: %d inputs replayed\n", FUZZ_NAME, total);
    if (total == 0) {
        fprintf(stderr, "replay_%s: no inputs found; the corpus is missing\n", FUZZ_NAME);
        return 1;
    }
    return 0;
}
