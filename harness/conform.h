/*
 * conform: tjc conform and tjc replay. Loads the cases, starts the embedded reference
 * server when no target is given, runs, applies the baseline, writes the reports and
 * says how the run ended (the exit status).
 */
#ifndef TJC_CONFORM_H
#define TJC_CONFORM_H

#include <stdint.h>
#include <stdio.h>

#include "runner.h"

enum {
    TJC_EXIT_OK = 0,           /* no MUST rule failed */
    TJC_EXIT_FAILED = 1,       /* a MUST rule failed (outside the baseline) */
    TJC_EXIT_USAGE = 2,        /* usage or configuration error */
    TJC_EXIT_UNREACHABLE = 3,  /* the target could not be reached */
};

typedef struct tjc_conform_options {
    tjc_run_options run;       /* run.target NULL: the embedded reference server */
    const char *cases_dir;
    const char *patterns;      /* comma-separated globs on case ids; NULL: all */
    const char *case_file;     /* replay: one case file instead of the catalogue */
    const char *report_dir;    /* NULL: no reports */
    unsigned formats;
    const char *baseline;      /* a file of case ids known to fail */
    const char *rules_md;
    const char *base_body_path; /* for the replay lines */
    uint64_t faults;           /* seeded faults of the embedded server */
    size_t body_limit;         /* the embedded server's; 0: its default */
    int verbose;               /* print every case's request, response and verdict */
    FILE *out;                 /* the summary (stdout) */
} tjc_conform_options;

/* Runs and reports. Returns a TJC_EXIT_* status; messages go to stderr. */
int tjc_conform(const tjc_conform_options *options);

#endif
