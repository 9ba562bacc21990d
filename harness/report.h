/*
 * report: writes a run's results for people and machines, each file atomically (written
 * beside, then renamed): results.json, junit.xml, report.html, results.sarif.
 * No secret reaches them: the runner redacts headers before they are stored.
 */
#ifndef TJC_REPORT_H
#define TJC_REPORT_H

#include "buf.h"
#include "runner.h"

enum {
    TJC_REPORT_JSON = 1,
    TJC_REPORT_JUNIT = 2,
    TJC_REPORT_HTML = 4,
    TJC_REPORT_SARIF = 8,
    TJC_REPORT_ALL = 15,
};

typedef struct tjc_report_options {
    const char *dir;            /* created when missing */
    unsigned formats;           /* TJC_REPORT_* bits */
    const char *rules_md;       /* spec/rules.md, for SARIF line numbers; may be NULL */
    const char *const *known_failures; /* baseline ids, marked in the reports */
    size_t known_count;
} tjc_report_options;

/* Parses "json,junit,html,sarif" (or "all"). Returns the bits, or 0 for a bad list. */
unsigned tjc_report_formats(const char *list);

/* Writes the chosen files. Returns 0, or -1 with a reason (naming the file) in err. */
int tjc_report_write(const tjc_run *run, const tjc_report_options *options, char *err,
                     size_t err_len);

/* A verdict's violations as a JSON array of {rule, level, pointer, message}. */
void tjc_verdict_write_json(tjc_buf *b, const tjc_verdict *v);

/* The highest level among a case's rules: "MUST", "SHOULD" or "INFO". */
const char *tjc_case_level(const tjc_case *c);

#endif
