/*
 * The rule catalogue: one row per id of spec/rules.md, in its order. Data only.
 */
#include "rules.h"

#include <string.h>

#define MUST TJC_LEVEL_MUST, TJC_INFO_NONE
#define SHOULD TJC_LEVEL_SHOULD, TJC_INFO_NONE
#define INFO_OPEN TJC_LEVEL_INFO, TJC_INFO_OPEN
#define INFO_TOLERATED TJC_LEVEL_INFO, TJC_INFO_TOLERATED
#define INFO_RECORDED TJC_LEVEL_INFO, TJC_INFO_RECORDED
#define BODY TJC_SCOPE_BODY, "Request body"
#define PATH TJC_SCOPE_PATH, "Path"
#define RESP TJC_SCOPE_RESPONSE, "Response"
#define ROBUST TJC_SCOPE_ROBUST, "Robustness"

static const tjc_rule catalogue[] = {
    /* Request body (Table 2, Table 3, Table 4) */
    {"BODY-JSON", MUST, BODY,
     "the body is one JSON text (RFC 8259); anything else (truncated, trailing bytes, NaN, "
     "Infinity, leading zeros, comments, single quotes, invalid UTF-8, empty) is rejected",
     "\"Request Body\", JSON samples"},
    {"BODY-BOM", INFO_OPEN, BODY,
     "a UTF-8 byte order mark before the JSON text: RFC 8259 section 8.1 lets a parser ignore it",
     "RFC 8259"},
    {"BODY-OBJECT", MUST, BODY,
     "the JSON text is an object; an array, string, number, true/false or null is rejected",
     "Table 2 lists members"},
    {"BODY-DEPTH", INFO_OPEN, BODY,
     "nesting deeper than 64 levels: RFC 8259 section 9 lets a parser limit depth, so a server "
     "may refuse it",
     "RFC 8259"},
    {"STRING-ODD", INFO_OPEN, BODY,
     "a string holding U+0000, or a lone surrogate escape such as \\ud800",
     "RFC 8259 section 8.2: behaviour unpredictable"},
    {"DESC-TYPE", MUST, BODY,
     "config_desc, when present and not null, is a string", "Table 2 type String"},
    {"DESC-LEN", MUST, BODY,
     "config_desc holds 0 to 256 characters, counted as Unicode code points after unescaping",
     "\"The value must contain 0 to 256 characters.\""},
    {"DESC-UTF16", INFO_OPEN, BODY,
     "config_desc of at most 256 code points but more than 256 UTF-16 code units",
     "\"characters\" is not defined further"},
    {"WORKERS-REQ", MUST, BODY, "worker_server_num is present", "Mandatory: Yes"},
    {"WORKERS-TYPE", MUST, BODY,
     "worker_server_num is a JSON number, not a string, boolean, null, array or object",
     "Type Integer"},
    {"WORKERS-MIN", SHOULD, BODY, "worker_server_num is at least 1",
     "\"Number of workers in a training job.\""},
    {"WORKERS-MAX", INFO_OPEN, BODY,
     "the maximum comes from the chosen specification: a count above the base body's is open",
     "\"Obtain the maximum value from Querying Job Resource Specifications.\""},
    {"SPEC-REQ", MUST, BODY, "spec_id is present", "Mandatory: Yes"},
    {"SPEC-TYPE", MUST, BODY, "spec_id is a JSON number", "Type Long"},
    {"ENGINE-TYPE", MUST, BODY, "engine_id, when present and not null, is a JSON number",
     "Type Long"},
    {"MODEL-TYPE", MUST, BODY, "model_id, when present and not null, is a JSON number",
     "Type Long"},
    {"INT-FRACTION", MUST, BODY,
     "worker_server_num, spec_id, engine_id, model_id are whole numbers: 1.5, 0.5, 1e-1 are "
     "rejected",
     "Type Integer / Long"},
    {"INT-NOTATION", INFO_OPEN, BODY,
     "a whole number written with a fraction or exponent (1.0, 1e0, 10E-1) (errata E10)",
     "Type Integer / Long"},
    {"INT-RANGE", SHOULD, BODY,
     "worker_server_num fits a 32-bit signed integer; spec_id, engine_id, model_id fit a "
     "64-bit one (E10)",
     "Type Integer / Long"},
    {"IDS-NONNEG", SHOULD, BODY, "spec_id, engine_id, model_id are not negative",
     "they are catalogue ids"},
    {"CODE-PAIR", MUST, BODY,
     "without model_id, app_url and boot_file_url come together or not at all; with model_id, "
     "an unpaired one is a SHOULD",
     "\"This parameter must be used together with boot_file_url.\""},
    {"CODE-SOURCE", MUST, BODY,
     "the body names its code: model_id, or app_url with boot_file_url",
     "\"After setting model_id, you do not need to set app_url or boot_file_url, and "
     "engine_id.\""},
    {"CODE-BOTH", INFO_OPEN, BODY, "model_id together with app_url and boot_file_url",
     "sibling pages' samples"},
    {"ENGINE-DEFAULT", INFO_OPEN, BODY,
     "engine_id left out without model_id (errata E3: \"The default value is 1\")", "Table 2"},
    {"CUSTOM-IMAGE-PAIR", SHOULD, BODY,
     "user_command comes with user_image_url (it is the custom image's boot command)",
     "\"Boot command used to start the container of a custom image of a training job.\""},
    {"USER-COMMAND-FORM", INFO_OPEN, BODY,
     "user_command not of the documented bash /home/work/run_train.sh python ... form",
     "\"The format is bash /home/work/run_train.sh python "
     "/home/work/user-job-dir/app/train.py {python_file_parameter}.\""},
    {"BOOT-IN-APP", SHOULD, BODY,
     "boot_file_url lies inside the directory app_url names (app_url with a / added when it "
     "lacks one is a prefix of boot_file_url)",
     "\"Boot file of a training job, which needs to be stored in the code directory\""},
    {"STRING-TYPES", MUST, BODY,
     "app_url, boot_file_url, data_url, dataset_id, dataset_version_id, train_url, log_url, "
     "user_image_url, user_command are strings when present and not null",
     "their Type String"},
    {"DATA-ONE", MUST, BODY,
     "exactly one data input is given: data_url, or data_source, or dataset_id with "
     "dataset_version_id; none, or two kinds at once, is rejected",
     "\"This parameter cannot be used together with data_source or dataset_id and "
     "dataset_version_id. However, one of the parameters must exist.\""},
    {"DATASET-PAIR", MUST, BODY, "dataset_id and dataset_version_id come together",
     "\"This parameter must be used together with dataset_version_id\""},
    {"SOURCE-ARRAY", MUST, BODY, "data_source, when present and not null, is an array of objects",
     "Type JSON Array"},
    {"SOURCE-EMPTY", SHOULD, BODY,
     "data_source names some data: an empty array, or an item with none of data_url, "
     "dataset_id, dataset_version, supplies none",
     "\"one of the parameters must exist\""},
    {"SOURCE-TYPE", MUST, BODY,
     "a data_source item's type, when present and not null, is obs or dataset",
     "Table 3: \"The value can be obs or dataset.\""},
    {"SOURCE-TYPE-MATCH", SHOULD, BODY,
     "an item's type agrees with its members: obs with data_url, dataset with "
     "dataset_id/dataset_version",
     "Table 3 descriptions"},
    {"SOURCE-NO-MIX", MUST, BODY, "one data_source array does not mix obs and dataset items",
     "Table 3: \"obs and dataset cannot be used at the same time.\""},
    {"SOURCE-PAIR", MUST, BODY,
     "in a data_source item, dataset_id and dataset_version come together", "Table 3"},
    {"SOURCE-VERSION-NAME", INFO_OPEN, BODY,
     "an item pairs dataset_id with dataset_version_id instead of dataset_version (errata E5)",
     "Table 3"},
    {"SOURCE-EXCL", MUST, BODY,
     "in a data_source item, data_url excludes dataset_id and dataset_version",
     "Table 3: \"This parameter cannot be used together with dataset_id or dataset_version.\""},
    {"SOURCE-STRINGS", MUST, BODY,
     "Table 3's members of an item (dataset_id, dataset_version, type, data_url) are strings "
     "when present and not null",
     "Table 3 types"},
    {"PARAM-ARRAY", MUST, BODY, "parameter, when present and not null, is an array of objects",
     "Type Array<Object>"},
    {"PARAM-LABEL", MUST, BODY, "a parameter item's label, when present and not null, is a string",
     "Table 4"},
    {"PARAM-VALUE", INFO_TOLERATED, BODY,
     "a parameter item's value is a string per Table 4, but the published sample sends "
     "numbers (errata E1)",
     "Table 4 vs the sample"},
    {"PARAM-VALUE-TYPE", SHOULD, BODY,
     "a parameter item's value, when present and not null, is a string or a number",
     "Table 4, E1"},
    {"PARAM-KEY", INFO_TOLERATED, BODY,
     "the sample's second item says key instead of label (errata E2)", "the sample"},
    {"NULL-OPTIONAL", INFO_OPEN, BODY,
     "null given for an optional member, at the top level or in an item (errata E11)",
     "silence"},
    {"UNKNOWN-MEMBERS", INFO_OPEN, BODY,
     "members the page does not list, at the top level or in an item", "silence"},
    {"DUP-MEMBERS", INFO_OPEN, BODY, "the same member twice in one object",
     "RFC 8259 section 4"},
    {"CATALOGUE-VALUES", INFO_OPEN, BODY,
     "an id, dataset, OBS path or image URL other than the base body's (errata E12)",
     "\"Obtain the ID by calling ...\""},
    {"SAMPLE-ACCEPTED", MUST, BODY, "the published sample request, sent as it stands, is accepted",
     "\"Samples\""},

    /* Path (Table 1) */
    {"PATH-UNKNOWN-CONFIG", MUST, PATH,
     "a config_name that does not exist is a failure (is_success false), never a success, "
     "including names no configuration could have (empty, or not 1 to 64 letters, digits, _ "
     "and -)",
     "the page modifies an existing configuration"},
    {"PATH-PROJECT", INFO_RECORDED, PATH,
     "what a server answers for other project ids (401, 403, 404) is recorded only", "Table 1"},

    /* Response (Table 5, "Samples") */
    {"RESP-JSON", MUST, RESP,
     "every answer to a PUT on this path whose body is at most 64 KiB carries a JSON object body",
     "Table 5, samples"},
    {"RESP-JSON-ANY", SHOULD, RESP,
     "every other answer on this path carries a JSON object body too; an answer to HEAD has no "
     "body (RFC 9110)",
     "Table 5"},
    {"RESP-CONTENT-TYPE", SHOULD, RESP,
     "a JSON answer says Content-Type: application/json (parameters allowed)", "HTTP practice"},
    {"RESP-IS-SUCCESS", MUST, RESP, "the object has is_success, a JSON boolean", "Table 5"},
    {"RESP-SUCCESS-CLEAN", MUST, RESP,
     "when is_success is true, error_code and error_message are not included (null for them is "
     "a SHOULD-level warning)",
     "\"This parameter is not included when the API call succeeds.\""},
    {"RESP-FAILURE-FIELDS", MUST, RESP,
     "when is_success is false, error_code and error_message are present strings (error_msg "
     "alone is a SHOULD-level warning: errata E7)",
     "Table 5, failed sample"},
    {"RESP-ERROR-CODE-FORMAT", SHOULD, RESP, "error_code matches ^ModelArts\\.[0-9]{4}$",
     "failed sample: \"ModelArts.0105\""},
    {"RESP-STATUS-CONSISTENT", MUST, RESP,
     "the status and is_success agree: is_success true comes with a 2xx status, never a 4xx or "
     "5xx",
     "HTTP"},
    {"RESP-STATUS-SUCCESS", SHOULD, RESP, "that 2xx is 200",
     "linked status codes (E6)"},
    {"RESP-STATUS-FAILURE", SHOULD, RESP,
     "is_success false comes with an HTTP 4xx status for a request the client got wrong "
     "(errata E8)",
     "HTTP, E8"},
    {"RESP-NO-5XX", MUST, RESP,
     "no request, however malformed, gets a 5xx, a dropped connection, or no answer within the "
     "time limit (E13)",
     "HTTP"},
    {"RESP-ACCEPT-VALID", MUST, RESP,
     "a body whose outcome is accept, sent to an existing config, is accepted",
     "the page's purpose"},
    {"RESP-REJECT-INVALID", MUST, RESP, "a body whose outcome is reject is rejected",
     "Table 2 to 4"},
    {"PUT-IDEMPOTENT", SHOULD, RESP, "the same PUT twice gets the same answer",
     "RFC 9110 section 9.2.2"},

    /* Robustness */
    {"ROBUST-DEPTH", MUST, ROBUST,
     "deeply nested JSON (10,000 and 100,000 levels), at the top or inside a member, is answered",
     "HTTP"},
    {"ROBUST-SIZE", MUST, ROBUST,
     "large bodies (1 MiB, 16 MiB) are answered; above 64 KiB a 413 or any 4xx is also right",
     "HTTP"},
    {"ROBUST-STRINGS", MUST, ROBUST,
     "strings with U+0000, lone surrogate escapes and other odd but valid escapes are answered",
     "HTTP"},
    {"ROBUST-MANY", MUST, ROBUST, "arrays with thousands of items are answered", "HTTP"},
    {"ROBUST-ALIVE", MUST, ROBUST,
     "after any request, the server still answers the published sample correctly", "HTTP"},
    {"BODY-LARGE", INFO_OPEN, ROBUST,
     "a body over 64 KiB: a server may refuse it for its size", "E13"},
};

const tjc_rule *tjc_rules(size_t *count)
{
    if (count)
        *count = sizeof catalogue / sizeof catalogue[0];
    return catalogue;
}

const tjc_rule *tjc_rule_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
        if (strcmp(catalogue[i].id, id) == 0)
            return &catalogue[i];
    return NULL;
}

const char *tjc_level_name(tjc_level level)
{
    switch (level) {
    case TJC_LEVEL_MUST: return "MUST";
    case TJC_LEVEL_SHOULD: return "SHOULD";
    case TJC_LEVEL_INFO: return "INFO";
    }
    return "?";
}

const char *tjc_info_kind_name(tjc_info_kind kind)
{
    switch (kind) {
    case TJC_INFO_OPEN: return "open";
    case TJC_INFO_TOLERATED: return "tolerated";
    case TJC_INFO_RECORDED: return "recorded";
    case TJC_INFO_NONE: return "";
    }
    return "";
}

const char *tjc_scope_name(tjc_rule_scope scope)
{
    switch (scope) {
    case TJC_SCOPE_BODY: return "body";
    case TJC_SCOPE_PATH: return "path";
    case TJC_SCOPE_RESPONSE: return "response";
    case TJC_SCOPE_ROBUST: return "robustness";
    }
    return "?";
}
