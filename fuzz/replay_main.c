/*
 * The replay main: ordinary builds (gcc, no libFuzzer) link every target to this, so the
 * corpora run as regression tests in every build (as OpenSSL's and libxml2's fuzz/ do).
 *
 *   fuzz_<surface> [--framing] FILE|DIR...
 *
 * runs every file (directories: every regular file in them and in their folders, sorted,
 * so that conformance/ feeds every case file to fuzz_cases) through the target once;
 * --framing instead checks that each file fits the target's input framing. Prints
 * "N passed, 0 failed"; a finding aborts with the file's name printed first.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fuzz.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path, int framing, size_t *count)
{
    tjc_buf data;
    tjc_buf_init(&data);
    if (tjc_read_file(path, &data) != 0) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        tjc_buf_free(&data);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, data.len);
    int rc = 0;
    /* a copy of exactly the input's size, so that ASan sees reads past the end */
    uint8_t *copy = malloc(data.len ? data.len : 1);
    if (!copy) {
        tjc_buf_free(&data);
        return -1;
    }
    if (data.len)
        memcpy(copy, data.data, data.len);
    if (framing) {
        if (!tjc_fuzz_framing_ok(copy, data.len)) {
            fprintf(stderr, "replay: %s does not fit the target's input framing\n", path);
            rc = -1;
        }
    } else {
        LLVMFuzzerTestOneInput(copy, data.len);
    }
    free(copy);
    tjc_buf_free(&data);
    if (rc == 0)
        (*count)++;
    return rc;
}

static int run_path(const char *path, int framing, size_t *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s does not exist\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path, framing, count);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        tjc_buf p;
        tjc_buf_init(&p);
        tjc_buf_printf(&p, "%s/%s", path, names[i]);
        struct stat fst;
        int found = rc == 0 && stat(p.data, &fst) == 0;
        if (found && S_ISREG(fst.st_mode))
            rc = run_file(p.data, framing, count);
        else if (found && S_ISDIR(fst.st_mode))
            rc = run_path(p.data, framing, count);
        tjc_buf_free(&p);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int framing = 0, failed = 0;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--framing") == 0) {
            framing = 1;
            continue;
        }
        if (run_path(argv[i], framing, &count) != 0)
            failed++;
    }
    printf("%zu passed, %d failed\n", count, failed);
    return failed ? 1 : 0;
}
