/*
 * tjc conform: the main job. Every verdict comes from runner.c; this file wires the
 * pieces and decides the exit status.
 */
#include "conform.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cases.h"
#include "report.h"
#include "rules.h"
#include "serve.h"

static int matches(const char *patterns, const char *id)
{
    if (!patterns)
        return 1;
    const char *p = patterns;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char pattern[256];
        if (n < sizeof pattern) {
            memcpy(pattern, p, n);
            pattern[n] = '\0';
            if (fnmatch(pattern, id, 0) == 0)
                return 1;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

typedef struct baseline {
    char **ids;
    size_t count;
    int *seen_failing;
} baseline;

static void baseline_free(baseline *b)
{
    for (size_t i = 0; i < b->count; i++)
        free(b->ids[i]);
    free(b->ids);
    free(b->seen_failing);
}

static int baseline_load(const char *path, baseline *b)
{
    memset(b, 0, sizeof *b);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        char *e = s + strcspn(s, " \t\r\n#");
        *e = '\0';
        if (!*s)
            continue;
        char **ids = realloc(b->ids, (b->count + 1) * sizeof *ids);
        if (!ids || !(ids[b->count] = strdup(s))) {
            if (ids)
                b->ids = ids;
            rc = -1;
            break;
        }
        b->ids = ids;
        b->count++;
    }
    fclose(f);
    b->seen_failing = calloc(b->count + 1, sizeof *b->seen_failing);
    return rc == 0 && b->seen_failing ? 0 : -1;
}

static long baseline_find(const baseline *b, const char *id)
{
    for (size_t i = 0; i < b->count; i++)
        if (strcmp(b->ids[i], id) == 0)
            return (long)i;
    return -1;
}

static void print_exchange(FILE *out, const char *label, const tjc_exchange *ex)
{
    fprintf(out, "  %s: %s %s\n", label, ex->method ? ex->method : "?", ex->url ? ex->url : "?");
    for (size_t i = 0; i < ex->header_count; i++)
        fprintf(out, "    %s\n", ex->headers[i]);
    if (ex->body) {
        size_t n = ex->body_len < 600 ? ex->body_len : 600;
        fprintf(out, "    body (%zu bytes): ", ex->body_len);
        for (size_t i = 0; i < n; i++)
            fputc(ex->body[i] >= 0x20 && ex->body[i] < 0x7f ? ex->body[i] : '.', out);
        fputs(ex->body_len > n ? "...\n" : "\n", out);
    }
    if (ex->transport == TJC_TRANSPORT_ANSWERED) {
        fprintf(out, "  answer: %d, Content-Type %s, %.1f ms\n    ", ex->status,
                ex->content_type ? ex->content_type : "(none)", ex->ms);
        size_t n = ex->response_len < 600 ? ex->response_len : 600;
        for (size_t i = 0; i < n; i++)
            fputc(ex->response[i] >= 0x20 && ex->response[i] < 0x7f ? ex->response[i] : '.', out);
        fputs(ex->response_len > n ? "...\n" : "\n", out);
    } else {
        fprintf(out, "  answer: none (%s)\n", ex->transport_error ? ex->transport_error : "?");
    }
}

static void print_result(FILE *out, const tjc_result *r, int verbose, int known)
{
    const tjc_case *c = r->c;
    char grade[8];
    snprintf(grade, sizeof grade, "%s", tjc_grade_name(r->grade));
    for (char *g = grade; *g; g++)
        *g = (char)(*g - 32 * (*g >= 'a' && *g <= 'z'));
    fprintf(out, "%-5s %s%s  %s\n", grade, c->id, known ? " (known failure)" : "", c->title);
    for (size_t k = 0; k < r->broken_count; k++) {
        const tjc_rule *rule = tjc_rule_find(r->broken[k]);
        if (rule)
            fprintf(out, "  rule %s (%s): %s\n", rule->id, tjc_level_name(rule->level),
                    rule->requirement);
    }
    fprintf(out, "  why: %s\n", r->why ? r->why : "");
    if (verbose) {
        print_exchange(out, "sent", &r->sent);
        if (r->has_again)
            print_exchange(out, "sent again", &r->again);
        if (r->has_alive)
            print_exchange(out, "then the base body", &r->alive);
        if (r->judged) {
            fprintf(out, "  the validator on the bytes sent: outcome %s\n",
                    tjc_outcome_name(r->request.outcome));
            for (size_t k = 0; k < r->request.count; k++)
                fprintf(out, "    %-6s %-20s %s  %s\n", tjc_level_name(r->request.items[k].level),
                        r->request.items[k].rule->id,
                        r->request.items[k].pointer ? r->request.items[k].pointer : "",
                        r->request.items[k].message);
        }
        for (size_t k = 0; k < r->findings.count; k++)
            fprintf(out, "  finding %-6s %-20s %s\n", tjc_level_name(r->findings.items[k].level),
                    r->findings.items[k].rule->id, r->findings.items[k].message);
    }
    fprintf(out, "  Reproduce with: %s\n", r->reproduce ? r->reproduce : "");
    if (r->replay)
        fprintf(out, "  Replay with:    %s\n", r->replay);
}

static void shell_word(tjc_buf *b, const char *s)
{
    tjc_buf_putc(b, ' ');
    tjc_shell_quote(b, s, strlen(s));
}

/* What "tjc replay ID" needs to run a case the same way again. */
static char *replay_arguments(const tjc_conform_options *o)
{
    tjc_buf b;
    tjc_buf_init(&b);
    if (o->run.target) {
        tjc_buf_puts(&b, " --target");
        shell_word(&b, o->run.target);
    } else {
        size_t n;
        const tjc_fault_info *faults = tjc_faults(&n);
        for (size_t i = 0; i < n; i++)
            if ((o->faults >> faults[i].fault) & 1u)
                tjc_buf_printf(&b, " --fault %s", faults[i].name);
    }
    if (o->run.project_id) {
        tjc_buf_puts(&b, " --project-id");
        shell_word(&b, o->run.project_id);
    }
    if (o->run.config_name) {
        tjc_buf_puts(&b, " --config-name");
        shell_word(&b, o->run.config_name);
    }
    if (o->base_body_path) {
        tjc_buf_puts(&b, " --base-body");
        shell_word(&b, o->base_body_path);
    }
    if (o->run.insecure)
        tjc_buf_puts(&b, " --insecure");
    return tjc_buf_take(&b);
}

int tjc_conform(const tjc_conform_options *o)
{
    FILE *out = o->out ? o->out : stdout;
    char err[512];
    int status = TJC_EXIT_USAGE;
    tjc_catalogue cat = {0};
    tjc_case single = {0};
    int have_single = 0;
    tjc_case *chosen = NULL;
    size_t nchosen = 0;
    tjc_service *service = NULL;
    tjc_server *server = NULL;
    baseline base = {0};
    tjc_run run = {0};
    char *url = NULL;
    char *replay_args = NULL;

    if (o->baseline && baseline_load(o->baseline, &base) != 0) {
        fprintf(stderr, "tjc: cannot read baseline '%s'\n", o->baseline);
        goto done;
    }
    if (o->case_file) {
        tjc_buf data;
        tjc_buf_init(&data);
        if (tjc_read_file(o->case_file, &data) != 0) {
            fprintf(stderr, "tjc: cannot read case file '%s': %s\n", o->case_file,
                    strerror(errno));
            tjc_buf_free(&data);
            goto done;
        }
        int rc = tjc_case_parse((const unsigned char *)data.data, data.len, o->case_file,
                                &single, err, sizeof err);
        tjc_buf_free(&data);
        if (rc != 0) {
            fprintf(stderr, "tjc: %s\n", err);
            goto done;
        }
        have_single = 1;
        chosen = &single;
        nchosen = 1;
    } else {
        if (tjc_catalogue_load(o->cases_dir, &cat, err, sizeof err) != 0) {
            fprintf(stderr, "tjc: %s\n", err);
            goto done;
        }
        /* the matching cases, in catalogue order (moved, not copied) */
        chosen = calloc(cat.count, sizeof *chosen);
        if (!chosen) {
            fprintf(stderr, "tjc: out of memory\n");
            goto done;
        }
        for (size_t i = 0; i < cat.count; i++)
            if (matches(o->patterns, cat.cases[i].id))
                chosen[nchosen++] = cat.cases[i];
        if (!nchosen) {
            fprintf(stderr, "tjc: no case id matches '%s' (see tjc cases)\n",
                    o->patterns ? o->patterns : "");
            goto done;
        }
    }

    tjc_run_options ro = o->run;
    replay_args = replay_arguments(o);
    if (!replay_args) {
        fprintf(stderr, "tjc: out of memory\n");
        goto done;
    }
    ro.replay_args = replay_args;
    if (!ro.target) {
        const char *name = ro.config_name ? ro.config_name : "config";
        tjc_service_options so = {&name, 1, o->body_limit, o->faults};
        if (tjc_service_new(&so, &service, err, sizeof err) != 0) {
            fprintf(stderr, "tjc: the embedded server: %s\n", err);
            goto done;
        }
        tjc_server_options sv = {"127.0.0.1", 0, 30,
                                 (unsigned)((ro.timeout_ms > 0 ? ro.timeout_ms : 10000) / 1000 + 2)};
        if (tjc_server_start(service, &sv, &server, err, sizeof err) != 0) {
            fprintf(stderr, "tjc: the embedded server: %s\n", err);
            goto done;
        }
        tjc_buf u;
        tjc_buf_init(&u);
        tjc_buf_printf(&u, "http://127.0.0.1:%u", tjc_server_port(server));
        url = tjc_buf_take(&u);
        ro.target = url;
    }
    if (tjc_run_cases(chosen, nchosen, &ro, &run, err, sizeof err) != 0) {
        fprintf(stderr, "tjc: %s\n", err);
        goto done;
    }

    /* the baseline: known failures do not fail the run; a listed case that passes does */
    size_t new_failures = 0, fixed = 0;
    for (size_t i = 0; i < run.count; i++) {
        const tjc_result *r = &run.results[i];
        long k = base.count ? baseline_find(&base, r->c->id) : -1;
        if (r->grade == TJC_GRADE_FAIL) {
            if (k >= 0)
                base.seen_failing[k] = 1;
            else
                new_failures++;
        }
        int show = r->grade == TJC_GRADE_FAIL || r->grade == TJC_GRADE_WARN ||
                   r->grade == TJC_GRADE_ERROR || o->verbose;
        if (show)
            print_result(out, r, o->verbose, k >= 0 && r->grade == TJC_GRADE_FAIL);
    }
    for (size_t k = 0; k < base.count; k++) {
        int ran = 0;
        for (size_t i = 0; i < run.count; i++)
            ran |= strcmp(run.results[i].c->id, base.ids[k]) == 0;
        if (ran && !base.seen_failing[k]) {
            fixed++;
            fprintf(out, "FIXED %s  is in the baseline but no longer fails: remove it from %s\n",
                    base.ids[k], o->baseline);
        }
    }
    if (o->report_dir && o->formats) {
        tjc_report_options rep = {o->report_dir, o->formats, o->rules_md,
                                  (const char *const *)base.ids, base.count};
        if (tjc_report_write(&run, &rep, err, sizeof err) != 0) {
            fprintf(stderr, "tjc: %s\n", err);
            goto done;
        }
    }
    size_t known = 0;
    for (size_t k = 0; k < base.count; k++)
        known += (size_t)base.seen_failing[k];
    fprintf(out,
            "%zu cases against %s: %zu pass, %zu fail, %zu warn, %zu info, %zu error "
            "(%.0f ms, %zu requests)\n",
            run.count, server ? "the embedded reference server" : run.target,
            run.counts[TJC_GRADE_PASS], run.counts[TJC_GRADE_FAIL], run.counts[TJC_GRADE_WARN],
            run.counts[TJC_GRADE_INFO], run.counts[TJC_GRADE_ERROR], run.duration_ms,
            run.requests);
    if (o->report_dir && o->formats)
        fprintf(out, "reports written to %s/\n", o->report_dir);
    /* the published sample (or the base body) refused for authentication: the target
     * needs credentials tjc was not given, and no verdict below means anything */
    const tjc_result *auth = NULL;
    for (size_t i = 0; i < run.count && !auth; i++) {
        const tjc_result *r = &run.results[i];
        int sample = strcmp(r->c->id, "SAMPLE-ACCEPTED") == 0;
        if (sample && r->sent.transport == TJC_TRANSPORT_ANSWERED &&
            (r->sent.status == 401 || r->sent.status == 403))
            auth = r;
    }
    if (auth) {
        fprintf(out, "verdict: NOT RUN: the target answered %d to the published sample: it needs "
                     "credentials (set TJC_AUTH_TOKEN, or --header 'Name: value') or another "
                     "--project-id\n",
                auth->sent.status);
        status = TJC_EXIT_USAGE;
    } else if (run.counts[TJC_GRADE_ERROR] == run.count) {
        fprintf(out, "verdict: UNREACHABLE (no request reached the target)\n");
        status = TJC_EXIT_UNREACHABLE;
    } else if (new_failures || fixed) {
        fprintf(out, "verdict: NOT CONFORMANT (%zu new MUST failure(s)%s%s)\n", new_failures,
                fixed ? ", and fixed cases still in the baseline" : "",
                known ? ", besides known ones" : "");
        status = TJC_EXIT_FAILED;
    } else if (run.counts[TJC_GRADE_ERROR]) {
        fprintf(out, "verdict: INCOMPLETE (%zu case(s) could not reach the target)\n",
                run.counts[TJC_GRADE_ERROR]);
        status = TJC_EXIT_UNREACHABLE;
    } else {
        fprintf(out, "verdict: CONFORMANT (no MUST rule broken%s; %zu warning(s))\n",
                known ? ", known failures aside" : "", run.counts[TJC_GRADE_WARN]);
        status = TJC_EXIT_OK;
    }
done:
    tjc_run_free(&run);
    tjc_server_stop(server);
    tjc_service_free(service);
    free(url);
    free(replay_args);
    if (have_single)
        tjc_case_free(&single);
    else
        free(chosen);
    tjc_catalogue_free(&cat);
    baseline_free(&base);
    return status;
}
