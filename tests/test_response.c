/*
 * The response checker on answers a hostile or unusual server could give (found by review
 * as false verdicts, now each a test).
 */
#include <criterion/criterion.h>

#include <string.h>

#include "response.h"
#include "sample.h"
#include "validate.h"

static tjc_verdict judge(const char *method, size_t body_len, const tjc_verdict *request,
                         int status, const char *ctype, const char *body, int truncated,
                         tjc_taken *taken)
{
    tjc_request_facts rq = {method, body_len, 1, request};
    tjc_response rs = {TJC_TRANSPORT_ANSWERED, status, ctype, (const unsigned char *)body,
                       strlen(body), truncated};
    tjc_verdict out;
    memset(&out, 0, sizeof out);
    cr_assert_eq(tjc_check_response(&rq, &rs, &out, taken), 0, "out of memory");
    return out;
}

static tjc_verdict sample_verdict(tjc_validator **v)
{
    char err[256];
    cr_assert_eq(tjc_validator_new(NULL, 0, v, err, sizeof err), 0, "%s", err);
    size_t n;
    const char *s = tjc_sample_body(&n);
    tjc_verdict out;
    cr_assert_eq(tjc_validate(*v, (const unsigned char *)s, n, NULL, &out), 0);
    return out;
}

Test(response, flags_is_success_given_twice_with_different_values)
{
    tjc_validator *v;
    tjc_verdict req = sample_verdict(&v);
    tjc_taken taken;
    tjc_verdict out = judge("PUT", 547, &req, 200, "application/json",
                            "{\"is_success\":false,\"error_code\":\"ModelArts.0101\","
                            "\"error_message\":\"x\",\"is_success\":true}",
                            0, &taken);
    cr_expect(tjc_verdict_has_at(&out, "RESP-IS-SUCCESS", TJC_LEVEL_MUST),
              "is_success false then true: expected RESP-IS-SUCCESS at MUST");
    tjc_verdict_free(&out);
    tjc_verdict_free(&req);
    tjc_validator_free(v);
}

Test(response, takes_a_null_error_message_beside_error_msg_as_the_e7_warning)
{
    tjc_taken taken;
    tjc_verdict out = judge("PUT", 2, NULL, 400, "application/json",
                            "{\"is_success\":false,\"error_code\":\"ModelArts.0101\","
                            "\"error_message\":null,\"error_msg\":\"bad\"}",
                            0, &taken);
    cr_expect(tjc_verdict_has_at(&out, "RESP-FAILURE-FIELDS", TJC_LEVEL_SHOULD) &&
                  !tjc_verdict_has_at(&out, "RESP-FAILURE-FIELDS", TJC_LEVEL_MUST),
              "error_message null with error_msg: expected RESP-FAILURE-FIELDS at SHOULD only");
    tjc_verdict_free(&out);
}

Test(response, does_not_judge_a_cut_answer_as_json)
{
    tjc_taken taken;
    tjc_verdict out = judge("PUT", 2, NULL, 400, "application/json", "{\"is_success\":false,\"err",
                            1, &taken);
    cr_expect(!tjc_verdict_has(&out, "RESP-JSON"),
              "an answer the harness cut short: expected no RESP-JSON finding");
    cr_expect_eq(taken, TJC_TAKEN_REFUSED, "a cut 400: refused by its status");
    tjc_verdict_free(&out);
}

Test(response, lets_an_options_answer_of_204_go_without_a_body)
{
    tjc_taken taken;
    tjc_verdict out = judge("OPTIONS", 0, NULL, 204, NULL, "", 0, &taken);
    cr_expect(!tjc_verdict_has(&out, "RESP-JSON-ANY"),
              "204 to OPTIONS with no body: expected no RESP-JSON-ANY");
    tjc_verdict_free(&out);
    out = judge("PUT", 547, NULL, 204, NULL, "", 0, &taken);
    cr_expect(tjc_verdict_has_at(&out, "RESP-JSON", TJC_LEVEL_MUST),
              "204 to a PUT: the page's answer is a JSON object (RESP-JSON)");
    tjc_verdict_free(&out);
}

Test(response, accepts_json_with_a_charset_and_fails_a_5xx)
{
    tjc_validator *v;
    tjc_verdict req = sample_verdict(&v);
    tjc_taken taken;
    tjc_verdict out = judge("PUT", 547, &req, 200, "Application/JSON ; charset=utf-8",
                            "{\"is_success\":true}", 0, &taken);
    cr_expect_eq(out.count, 0, "the sample accepted with a charset: expected no finding, got %zu",
                 out.count);
    cr_expect_eq(taken, TJC_TAKEN_ACCEPTED);
    tjc_verdict_free(&out);
    out = judge("PUT", 547, &req, 503, "application/json",
                "{\"is_success\":false,\"error_code\":\"ModelArts.0001\",\"error_message\":\"x\"}",
                0, &taken);
    cr_expect(tjc_verdict_has_at(&out, "RESP-NO-5XX", TJC_LEVEL_MUST), "503: RESP-NO-5XX");
    cr_expect(tjc_verdict_has_at(&out, "RESP-ACCEPT-VALID", TJC_LEVEL_MUST),
              "503 to the sample: RESP-ACCEPT-VALID");
    tjc_verdict_free(&out);
    tjc_verdict_free(&req);
    tjc_validator_free(v);
}
