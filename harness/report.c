/*
 * Reports: results.json (the machine's), junit.xml (CI's), report.html (a person's),
 * results.sarif (code-scanning dashboards). Each is built in memory and written
 * atomically.
 */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "body.h"
#include "buf.h"
#include "rules.h"

#define BODY_SHOWN (64u * 1024u) /* bytes of a body kept in the reports */

unsigned tjc_report_formats(const char *list)
{
    unsigned bits = 0;
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 4 && strncmp(p, "json", 4) == 0)
            bits |= TJC_REPORT_JSON;
        else if (n == 5 && strncmp(p, "junit", 5) == 0)
            bits |= TJC_REPORT_JUNIT;
        else if (n == 4 && strncmp(p, "html", 4) == 0)
            bits |= TJC_REPORT_HTML;
        else if (n == 5 && strncmp(p, "sarif", 5) == 0)
            bits |= TJC_REPORT_SARIF;
        else if (n == 3 && strncmp(p, "all", 3) == 0)
            bits |= TJC_REPORT_ALL;
        else
            return 0;
        p = end ? end + 1 : NULL;
    }
    return bits;
}

const char *tjc_case_level(const tjc_case *c)
{
    tjc_level top = TJC_LEVEL_INFO;
    for (size_t i = 0; i < c->rule_count; i++) {
        const tjc_rule *r = tjc_rule_find(c->rules[i]);
        if (r && r->level > top)
            top = r->level;
    }
    return tjc_level_name(top);
}

static int known_failure(const tjc_report_options *o, const char *id)
{
    for (size_t i = 0; i < o->known_count; i++)
        if (strcmp(o->known_failures[i], id) == 0)
            return 1;
    return 0;
}

/* ---- text of bytes ---- */

/* Bytes as a JSON string: NUL as \u0000, bytes that are not UTF-8 as \ufffd. */
static void json_bytes(tjc_buf *b, const unsigned char *s, size_t n)
{
    tjc_json_write_bytes(b, s, n, 0);
}

static void json_str(tjc_buf *b, const char *s)
{
    if (s)
        json_bytes(b, (const unsigned char *)s, strlen(s));
    else
        tjc_buf_puts(b, "null");
}

/* Text for XML and HTML: escaped, controls and non-UTF-8 bytes shown as \xNN. */
static void markup_bytes(tjc_buf *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        switch (c) {
        case '&': tjc_buf_puts(b, "&amp;"); i++; continue;
        case '<': tjc_buf_puts(b, "&lt;"); i++; continue;
        case '>': tjc_buf_puts(b, "&gt;"); i++; continue;
        case '"': tjc_buf_puts(b, "&quot;"); i++; continue;
        case '\'': tjc_buf_puts(b, "&#39;"); i++; continue;
        case '\n': case '\t': tjc_buf_putc(b, (char)c); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            tjc_buf_printf(b, "\\x%02x", c);
            i++;
        } else if (c < 0x80) {
            tjc_buf_putc(b, (char)c);
            i++;
        } else {
            size_t k = tjc_utf8_sequence(s + i, n - i);
            if (k) {
                tjc_buf_append(b, s + i, k);
                i += k;
            } else {
                tjc_buf_printf(b, "\\x%02x", c);
                i++;
            }
        }
    }
}

static void markup(tjc_buf *b, const char *s)
{
    if (s)
        markup_bytes(b, (const unsigned char *)s, strlen(s));
}

/* ---- results.json ---- */

static void json_exchange(tjc_buf *b, const tjc_exchange *ex)
{
    tjc_buf_puts(b, "{\"method\": ");
    json_str(b, ex->method);
    tjc_buf_puts(b, ", \"url\": ");
    json_str(b, ex->url);
    tjc_buf_puts(b, ", \"headers\": [");
    for (size_t i = 0; i < ex->header_count; i++) {
        if (i)
            tjc_buf_puts(b, ", ");
        json_str(b, ex->headers[i]);
    }
    tjc_buf_printf(b, "], \"body_bytes\": %zu, \"body\": ", ex->body_len);
    if (ex->body)
        json_bytes(b, ex->body, ex->body_len < BODY_SHOWN ? ex->body_len : BODY_SHOWN);
    else
        tjc_buf_puts(b, "null");
    tjc_buf_printf(b, ", \"body_truncated\": %s}", ex->body_len > BODY_SHOWN ? "true" : "false");
}

static void json_response(tjc_buf *b, const tjc_exchange *ex)
{
    static const char *const transports[] = {"answered", "timeout", "dropped", "unreachable"};
    tjc_buf_printf(b, "{\"transport\": \"%s\"", transports[ex->transport]);
    if (ex->transport_error) {
        tjc_buf_puts(b, ", \"error\": ");
        json_str(b, ex->transport_error);
    }
    tjc_buf_printf(b, ", \"status\": %d, \"content_type\": ", ex->status);
    json_str(b, ex->content_type);
    tjc_buf_printf(b, ", \"body_bytes\": %zu, \"body\": ", ex->response_len);
    json_bytes(b, ex->response ? ex->response : (const unsigned char *)"",
               ex->response_len < BODY_SHOWN ? ex->response_len : BODY_SHOWN);
    tjc_buf_printf(b, ", \"body_truncated\": %s, \"ms\": %.2f}",
                   ex->response_len > BODY_SHOWN || ex->response_truncated ? "true" : "false",
                   ex->ms);
}

void tjc_verdict_write_json(tjc_buf *b, const tjc_verdict *v)
{
    /* pointers and messages are held strings (body.h): U+0000 is C0 80 there */
    tjc_buf_putc(b, '[');
    for (size_t i = 0; i < v->count; i++) {
        const tjc_violation *x = &v->items[i];
        tjc_buf_puts(b, i ? ",\n  {\"rule\": " : "\n  {\"rule\": ");
        tjc_json_write_string(b, x->rule->id);
        tjc_buf_printf(b, ", \"level\": \"%s\", \"pointer\": ", tjc_level_name(x->level));
        if (x->pointer)
            tjc_json_write_string(b, x->pointer);
        else
            tjc_buf_puts(b, "null");
        tjc_buf_puts(b, ", \"message\": ");
        tjc_json_write_string(b, x->message);
        tjc_buf_putc(b, '}');
    }
    tjc_buf_puts(b, v->count ? "\n]" : "]");
}

static void write_json(tjc_buf *b, const tjc_run *run, const tjc_report_options *o)
{
    tjc_buf_printf(b,
                   "{\"summary\": {\"total\": %zu, \"pass\": %zu, \"fail\": %zu, \"warn\": %zu, "
                   "\"info\": %zu, \"error\": %zu},\n \"target\": ",
                   run->count, run->counts[TJC_GRADE_PASS], run->counts[TJC_GRADE_FAIL],
                   run->counts[TJC_GRADE_WARN], run->counts[TJC_GRADE_INFO],
                   run->counts[TJC_GRADE_ERROR]);
    json_str(b, run->target);
    tjc_buf_printf(b, ", \"started\": \"%s\", \"duration_ms\": %.1f, \"requests\": %zu,\n",
                   run->started, run->duration_ms, run->requests);
    tjc_buf_puts(b, " \"cases\": [");
    for (size_t i = 0; i < run->count; i++) {
        const tjc_result *r = &run->results[i];
        const tjc_case *c = r->c;
        tjc_buf_puts(b, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        json_str(b, c->id);
        tjc_buf_puts(b, ", \"title\": ");
        json_str(b, c->title);
        tjc_buf_puts(b, ", \"rules\": [");
        for (size_t k = 0; k < c->rule_count; k++) {
            if (k)
                tjc_buf_puts(b, ", ");
            json_str(b, c->rules[k]);
        }
        tjc_buf_printf(b, "], \"level\": \"%s\", \"verdict\": \"%s\"", tjc_case_level(c),
                       tjc_grade_name(r->grade));
        if (known_failure(o, c->id))
            tjc_buf_puts(b, ", \"known_failure\": true");
        tjc_buf_puts(b, ",\n   \"request\": ");
        json_exchange(b, &r->sent);
        tjc_buf_puts(b, ",\n   \"response\": ");
        json_response(b, &r->sent);
        tjc_buf_puts(b, ",\n   \"expected\": ");
        if (r->judged) {
            tjc_buf_printf(b, "{\"outcome\": \"%s\", \"violations\": ",
                           tjc_outcome_name(r->request.outcome));
            tjc_verdict_write_json(b, &r->request);
            tjc_buf_putc(b, '}');
        } else {
            tjc_buf_puts(b, "null");
        }
        tjc_buf_printf(b, ", \"taken\": \"%s\"",
                       r->taken == TJC_TAKEN_ACCEPTED  ? "accepted"
                       : r->taken == TJC_TAKEN_REFUSED ? "refused"
                                                       : "none");
        tjc_buf_puts(b, ",\n   \"findings\": ");
        tjc_verdict_write_json(b, &r->findings);
        tjc_buf_puts(b, ", \"broken\": [");
        for (size_t k = 0; k < r->broken_count; k++) {
            if (k)
                tjc_buf_puts(b, ", ");
            json_str(b, r->broken[k]);
        }
        tjc_buf_puts(b, "]");
        if (r->has_again) {
            tjc_buf_puts(b, ",\n   \"again\": ");
            json_response(b, &r->again);
        }
        if (r->has_alive) {
            tjc_buf_puts(b, ",\n   \"alive\": ");
            json_response(b, &r->alive);
        }
        tjc_buf_puts(b, ",\n   \"why\": ");
        json_str(b, r->why);
        tjc_buf_puts(b, ",\n   \"reproduce\": ");
        json_str(b, r->reproduce);
        tjc_buf_puts(b, ", \"replay\": ");
        json_str(b, r->replay);
        tjc_buf_putc(b, '}');
    }
    tjc_buf_puts(b, "\n]}\n");
}

/* ---- junit.xml ---- */

static void write_junit(tjc_buf *b, const tjc_run *run, const tjc_report_options *o)
{
    tjc_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    tjc_buf_printf(b,
                   "<testsuites name=\"tjc conform\" tests=\"%zu\" failures=\"%zu\" "
                   "errors=\"%zu\" time=\"%.3f\">\n",
                   run->count, run->counts[TJC_GRADE_FAIL], run->counts[TJC_GRADE_ERROR],
                   run->duration_ms / 1e3);
    tjc_buf_puts(b, "<testsuite name=\"");
    markup(b, run->target);
    tjc_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" "
                      "timestamp=\"%s\" time=\"%.3f\">\n",
                   run->count, run->counts[TJC_GRADE_FAIL], run->counts[TJC_GRADE_ERROR],
                   run->started, run->duration_ms / 1e3);
    for (size_t i = 0; i < run->count; i++) {
        const tjc_result *r = &run->results[i];
        const tjc_case *c = r->c;
        tjc_buf_puts(b, "  <testcase classname=\"");
        markup(b, c->rules[0]);
        tjc_buf_puts(b, "\" name=\"");
        markup(b, c->id);
        tjc_buf_printf(b, "\" time=\"%.4f\">", r->sent.ms / 1e3);
        if (r->grade == TJC_GRADE_FAIL || r->grade == TJC_GRADE_ERROR) {
            const char *tag = r->grade == TJC_GRADE_FAIL ? "failure" : "error";
            tjc_buf_printf(b, "\n    <%s message=\"", tag);
            markup(b, r->why);
            tjc_buf_printf(b, "\" type=\"%s\">", known_failure(o, c->id) ? "known" : "MUST");
            markup(b, c->title);
            tjc_buf_puts(b, "\nReproduce with: ");
            markup(b, r->reproduce);
            tjc_buf_printf(b, "</%s>\n  ", tag);
        } else if (r->grade == TJC_GRADE_WARN || r->grade == TJC_GRADE_INFO) {
            tjc_buf_printf(b, "<system-out>%s: ", r->grade == TJC_GRADE_WARN ? "WARN" : "INFO");
            markup(b, r->why);
            tjc_buf_puts(b, "</system-out>");
        }
        tjc_buf_puts(b, "</testcase>\n");
    }
    tjc_buf_puts(b, "</testsuite>\n</testsuites>\n");
}

/* ---- results.sarif ---- */

/* The line of rules.md where a rule's table row starts, or 0. */
static int rule_line(const char *md, const char *id)
{
    if (!md)
        return 0;
    char needle[80];
    snprintf(needle, sizeof needle, "| %s |", id);
    const char *hit = strstr(md, needle);
    if (!hit)
        return 0;
    int line = 1;
    for (const char *p = md; p < hit; p++)
        line += *p == '\n';
    return line;
}

static char *read_text(const char *path)
{
    tjc_buf b;
    tjc_buf_init(&b);
    if (!path || tjc_read_file(path, &b) != 0) {
        tjc_buf_free(&b);
        return NULL;
    }
    return tjc_buf_take(&b);
}

static void write_sarif(tjc_buf *b, const tjc_run *run, const tjc_report_options *o)
{
    char *md = read_text(o->rules_md);
    size_t nrules;
    const tjc_rule *rules = tjc_rules(&nrules);
    tjc_buf_puts(b, "{\"version\": \"2.1.0\", \"$schema\": "
                    "\"https://json.schemastore.org/sarif-2.1.0.json\",\n \"runs\": [{\"tool\": "
                    "{\"driver\": {\"name\": \"tjc\", \"version\": \"0.1.0\", \"rules\": [");
    for (size_t i = 0; i < nrules; i++) {
        tjc_buf_puts(b, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        json_str(b, rules[i].id);
        tjc_buf_puts(b, ", \"shortDescription\": {\"text\": ");
        json_str(b, rules[i].requirement);
        tjc_buf_puts(b, "}, \"fullDescription\": {\"text\": ");
        json_str(b, rules[i].rests_on);
        tjc_buf_printf(b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}, \"properties\": "
                          "{\"level\": \"%s\"}}",
                       rules[i].level == TJC_LEVEL_MUST     ? "error"
                       : rules[i].level == TJC_LEVEL_SHOULD ? "warning"
                                                            : "note",
                       tjc_level_name(rules[i].level));
    }
    tjc_buf_puts(b, "]}},\n \"originalUriBaseIds\": {\"SPEC\": {\"description\": {\"text\": "
                    "\"the folder of rules.md (shared/spec)\"}}},\n \"results\": [");
    int first = 1;
    for (size_t i = 0; i < run->count; i++) {
        const tjc_result *r = &run->results[i];
        if (r->grade != TJC_GRADE_FAIL && r->grade != TJC_GRADE_WARN)
            continue;
        for (size_t k = 0; k < r->findings.count; k++) {
            const tjc_violation *v = &r->findings.items[k];
            if (v->level == TJC_LEVEL_INFO)
                continue;
            tjc_buf_puts(b, first ? "\n  {\"ruleId\": " : ",\n  {\"ruleId\": ");
            first = 0;
            json_str(b, v->rule->id);
            tjc_buf_printf(b, ", \"level\": \"%s\", \"message\": {\"text\": ",
                           v->level == TJC_LEVEL_MUST ? "error" : "warning");
            tjc_buf b2;
            tjc_buf_init(&b2);
            tjc_buf_printf(&b2, "case %s: %s. Reproduce with: %s", r->c->id, v->message,
                           r->reproduce ? r->reproduce : "");
            json_str(b, b2.data);
            tjc_buf_free(&b2);
            tjc_buf_puts(b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
                            "{\"uri\": \"rules.md\", \"uriBaseId\": \"SPEC\"}");
            int line = rule_line(md, v->rule->id);
            if (line)
                tjc_buf_printf(b, ", \"region\": {\"startLine\": %d}", line);
            tjc_buf_puts(b, "}}], \"partialFingerprints\": {\"caseId\": ");
            json_str(b, r->c->id);
            tjc_buf_puts(b, "}}");
        }
    }
    tjc_buf_puts(b, "\n ]}]}\n");
    free(md);
}

/* ---- report.html ---- */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>tjc conformance report</title>\n<style>\n"
    "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1b1f24;"
    "background:#f6f8fa}\n"
    "main{max-width:1200px;margin:0 auto;padding:24px}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n"
    ".verdict{padding:16px 20px;border-radius:8px;color:#fff;margin:12px 0}\n"
    ".verdict.ok{background:#1a7f37}.verdict.bad{background:#cf222e}.verdict.err{background:#9a6700}\n"
    ".verdict b{font-size:20px}\n"
    ".counts span{display:inline-block;margin-right:14px}\n"
    "table{border-collapse:collapse;width:100%;background:#fff}\n"
    "th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#eaeef2}\n"
    ".g{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;color:#fff;"
    "margin:1px;text-decoration:none}\n"
    ".pass{background:#1a7f37}.fail{background:#cf222e}.warn{background:#bf8700}"
    ".info{background:#0969da}.error{background:#6e7781}\n"
    ".case{background:#fff;border:1px solid #d0d7de;border-left:6px solid #6e7781;"
    "border-radius:6px;padding:10px 14px;margin:10px 0}\n"
    ".case.fail{border-left-color:#cf222e;background:#fff}.case.warn{border-left-color:#bf8700;"
    "background:#fff}.case.error{border-left-color:#6e7781;background:#fff}"
    ".case.info{border-left-color:#0969da;background:#fff}.case.pass{border-left-color:#1a7f37;"
    "background:#fff}\n"
    "pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;max-height:220px;"
    "white-space:pre-wrap;word-break:break-all;margin:4px 0}\n"
    ".muted{color:#57606a}.rule{font-family:ui-monospace,monospace}\n"
    "details summary{cursor:pointer}\n"
    "</style></head><body><main>\n";

static void html_case_link(tjc_buf *b, const tjc_result *r)
{
    tjc_buf_printf(b, "<a class=\"g %s\" href=\"#case-", tjc_grade_name(r->grade));
    markup(b, r->c->id);
    tjc_buf_puts(b, "\" title=\"");
    markup(b, r->c->title);
    tjc_buf_puts(b, "\">");
    markup(b, r->c->id);
    tjc_buf_puts(b, "</a>");
}

static void html_pre_bytes(tjc_buf *b, const unsigned char *s, size_t n)
{
    tjc_buf_puts(b, "<pre>");
    size_t shown = n < 4096 ? n : 4096;
    markup_bytes(b, s ? s : (const unsigned char *)"", shown);
    if (n > shown)
        tjc_buf_printf(b, "\n... (%zu bytes in all)", n);
    tjc_buf_puts(b, "</pre>");
}

static void html_case(tjc_buf *b, const tjc_result *r, const tjc_report_options *o)
{
    const tjc_case *c = r->c;
    tjc_buf_printf(b, "<div class=\"case %s\" id=\"case-", tjc_grade_name(r->grade));
    markup(b, c->id);
    tjc_buf_printf(b, "\"><span class=\"g %s\">%s</span> <b class=\"rule\">",
                   tjc_grade_name(r->grade), tjc_grade_name(r->grade));
    markup(b, c->id);
    tjc_buf_puts(b, "</b>");
    if (known_failure(o, c->id))
        tjc_buf_puts(b, " <span class=\"muted\">(known failure, in the baseline)</span>");
    tjc_buf_puts(b, "<div>");
    markup(b, c->title);
    tjc_buf_puts(b, "</div><div class=\"muted\">rules: ");
    for (size_t k = 0; k < c->rule_count; k++) {
        tjc_buf_puts(b, k ? ", <span class=\"rule\">" : "<span class=\"rule\">");
        markup(b, c->rules[k]);
        tjc_buf_puts(b, "</span>");
    }
    tjc_buf_puts(b, "</div><p><b>Why:</b> ");
    markup(b, r->why);
    tjc_buf_puts(b, "</p>");
    for (size_t k = 0; k < r->broken_count; k++) {
        const tjc_rule *rule = tjc_rule_find(r->broken[k]);
        if (!rule)
            continue;
        tjc_buf_printf(b, "<div><span class=\"rule\">%s</span> (%s): ", rule->id,
                       tjc_level_name(rule->level));
        markup(b, rule->requirement);
        tjc_buf_puts(b, " <span class=\"muted\">&mdash; rests on: ");
        markup(b, rule->rests_on);
        tjc_buf_puts(b, "</span></div>");
    }
    tjc_buf_puts(b, "<details><summary>Request and response</summary><div class=\"muted\">");
    markup(b, r->sent.method);
    tjc_buf_puts(b, " ");
    markup(b, r->sent.url);
    tjc_buf_puts(b, "</div><pre>");
    for (size_t k = 0; k < r->sent.header_count; k++) {
        markup(b, r->sent.headers[k]);
        tjc_buf_putc(b, '\n');
    }
    tjc_buf_puts(b, "</pre>");
    html_pre_bytes(b, r->sent.body, r->sent.body_len);
    if (r->judged) {
        tjc_buf_printf(b, "<div>Every acceptable answer: outcome <b>%s</b>",
                       tjc_outcome_name(r->request.outcome));
        if (r->request.count)
            tjc_buf_puts(b, " (the validator saw:");
        for (size_t k = 0; k < r->request.count && k < 12; k++) {
            tjc_buf_printf(b, " %s<span class=\"rule\">%s</span> %s", k ? "; " : "",
                           r->request.items[k].rule->id,
                           tjc_level_name(r->request.items[k].level));
        }
        tjc_buf_puts(b, r->request.count ? ")</div>" : "</div>");
    }
    tjc_buf_puts(b, "<div>Response: ");
    if (r->sent.transport == TJC_TRANSPORT_ANSWERED) {
        tjc_buf_printf(b, "%d ", r->sent.status);
        markup(b, r->sent.content_type ? r->sent.content_type : "(no Content-Type)");
    } else {
        markup(b, r->sent.transport_error);
    }
    tjc_buf_printf(b, " <span class=\"muted\">%.1f ms</span></div>", r->sent.ms);
    html_pre_bytes(b, r->sent.response, r->sent.response_len);
    tjc_buf_puts(b, "</details><div>Reproduce with:</div><pre>");
    markup(b, r->reproduce);
    if (r->replay) {
        tjc_buf_puts(b, "\n");
        markup(b, r->replay);
    }
    tjc_buf_puts(b, "</pre></div>\n");
}

static int rule_broken(const tjc_run *run, const tjc_rule *rule)
{
    for (size_t k = 0; k < run->count; k++)
        for (size_t m = 0; m < run->results[k].broken_count; m++)
            if (strcmp(run->results[k].broken[m], rule->id) == 0)
                return 1;
    return 0;
}

static void html_matrix_row(tjc_buf *b, const tjc_run *run, const tjc_rule *rule, int broken)
{
    tjc_buf_printf(b, "<tr%s><td class=\"rule\">%s%s</td><td>%s%s%s</td><td>",
                   broken ? " style=\"background:#ffebe9\"" : "", rule->id,
                   broken ? " &#10007;" : "", tjc_level_name(rule->level),
                   rule->info != TJC_INFO_NONE ? " " : "", tjc_info_kind_name(rule->info));
    markup(b, rule->requirement);
    tjc_buf_puts(b, "</td><td>");
    size_t listed = 0;
    for (size_t k = 0; k < run->count; k++) {
        const tjc_result *r = &run->results[k];
        int names = 0;
        for (size_t m = 0; m < r->c->rule_count; m++)
            names |= strcmp(r->c->rules[m], rule->id) == 0;
        for (size_t m = 0; m < r->broken_count; m++)
            names |= strcmp(r->broken[m], rule->id) == 0;
        if (names) {
            html_case_link(b, r);
            listed++;
        }
    }
    if (!listed)
        tjc_buf_puts(b, "<span class=\"muted\">no case in this run</span>");
    tjc_buf_puts(b, "</td></tr>\n");
}

/* Every rule, its cases and their verdicts; rules the run shows broken first. */
static void html_matrix(tjc_buf *b, const tjc_run *run)
{
    size_t nrules;
    const tjc_rule *rules = tjc_rules(&nrules);
    tjc_buf_puts(b, "<h2>Rules</h2><table><tr><th>Rule</th><th>Level</th><th>Requirement</th>"
                    "<th>Cases</th></tr>\n");
    for (int pass = 1; pass >= 0; pass--)
        for (size_t i = 0; i < nrules; i++)
            if (rule_broken(run, &rules[i]) == pass)
                html_matrix_row(b, run, &rules[i], pass);
    tjc_buf_puts(b, "</table>\n");
}

static void write_html(tjc_buf *b, const tjc_run *run, const tjc_report_options *o)
{
    tjc_buf_puts(b, html_head);
    tjc_buf_puts(b, "<h1>tjc conformance report</h1><div class=\"muted\">PUT "
                    "/v1/{project_id}/training-job-configs/{config_name} &middot; target ");
    markup(b, run->target);
    tjc_buf_printf(b, " &middot; started %s &middot; %.0f ms &middot; %zu requests</div>\n",
                   run->started, run->duration_ms, run->requests);
    size_t fails = run->counts[TJC_GRADE_FAIL], errors = run->counts[TJC_GRADE_ERROR];
    size_t known = 0;
    for (size_t i = 0; i < run->count; i++)
        known += run->results[i].grade == TJC_GRADE_FAIL &&
                 known_failure(o, run->results[i].c->id);
    const char *cls = fails > known ? "bad" : errors ? "err" : "ok";
    tjc_buf_printf(b, "<div class=\"verdict %s\"><b>%s</b><div class=\"counts\">", cls,
                   fails > known ? "NOT CONFORMANT: a MUST rule is broken"
                   : errors      ? "INCOMPLETE: some cases could not reach the target"
                                 : "CONFORMANT: no MUST rule broken");
    for (int g = 0; g < TJC_GRADE_COUNT; g++)
        tjc_buf_printf(b, "<span>%s %zu</span>", tjc_grade_name((tjc_grade)g), run->counts[g]);
    tjc_buf_printf(b, "<span>of %zu cases</span></div></div>\n", run->count);

    static const struct { tjc_grade g; const char *title; int open; } sections[] = {
        {TJC_GRADE_FAIL, "Failures (a MUST rule broken)", 1},
        {TJC_GRADE_ERROR, "Errors (the request did not reach the target)", 1},
        {TJC_GRADE_WARN, "Warnings (a SHOULD rule broken)", 1},
        {TJC_GRADE_INFO, "Recorded (INFO: what the server did where the page is open)", 0},
        {TJC_GRADE_PASS, "Passed", 0},
    };
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        if (sections[s].g == TJC_GRADE_INFO)
            html_matrix(b, run); /* after what failed, before what passed */
        size_t n = run->counts[sections[s].g];
        if (!n)
            continue;
        tjc_buf_printf(b, "<h2>%s: %zu</h2>\n", sections[s].title, n);
        if (!sections[s].open)
            tjc_buf_printf(b, "<details><summary>show %zu cases</summary>\n", n);
        for (size_t k = 0; k < run->count; k++)
            if (run->results[k].grade == sections[s].g)
                html_case(b, &run->results[k], o);
        if (!sections[s].open)
            tjc_buf_puts(b, "</details>\n");
    }
    tjc_buf_puts(b, "<p class=\"muted\">results.json holds the same run for machines; every "
                    "verdict was derived from the bytes sent.</p></main></body></html>\n");
}

/* ---- writing ---- */

static int write_atomic(const char *dir, const char *name, const tjc_buf *b, char *err,
                        size_t n)
{
    tjc_buf path, tmp;
    tjc_buf_init(&path);
    tjc_buf_init(&tmp);
    tjc_buf_printf(&path, "%s/%s", dir, name);
    tjc_buf_printf(&tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
    int rc = -1;
    if (path.failed || tmp.failed || b->failed) {
        snprintf(err, n, "out of memory writing %s", name);
        goto done;
    }
    FILE *f = fopen(tmp.data, "wb");
    if (!f) {
        snprintf(err, n, "cannot write '%s': %s", tmp.data, strerror(errno));
        goto done;
    }
    int ok = fwrite(b->data, 1, b->len, f) == b->len;
    ok &= fflush(f) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp.data, path.data) != 0) {
        snprintf(err, n, "cannot write '%s': %s", path.data, strerror(errno));
        remove(tmp.data);
        goto done;
    }
    rc = 0;
done:
    tjc_buf_free(&path);
    tjc_buf_free(&tmp);
    return rc;
}

int tjc_report_write(const tjc_run *run, const tjc_report_options *o, char *err, size_t n)
{
    const char *dir = o->dir ? o->dir : "reports";
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, n, "cannot create report folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    static const struct { unsigned bit; const char *name;
                          void (*write)(tjc_buf *, const tjc_run *, const tjc_report_options *); }
        files[] = {{TJC_REPORT_JSON, "results.json", write_json},
                   {TJC_REPORT_JUNIT, "junit.xml", write_junit},
                   {TJC_REPORT_HTML, "report.html", write_html},
                   {TJC_REPORT_SARIF, "results.sarif", write_sarif}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!(o->formats & files[i].bit))
            continue;
        tjc_buf b;
        tjc_buf_init(&b);
        files[i].write(&b, run, o);
        int rc = write_atomic(dir, files[i].name, &b, err, n);
        tjc_buf_free(&b);
        if (rc != 0)
            return -1;
    }
    return 0;
}
