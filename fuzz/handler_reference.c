/*
 * The default handler of fuzz_serve: tjc's reference server (serve.h), no faults, its
 * default configuration "config" and body limit. The answer's body stays the service's
 * allocation until the target releases it.
 */
#include <stdlib.h>

#include "handler.h"
#include "serve.h"

static tjc_service *service(void)
{
    static tjc_service *s;
    if (!s) {
        char err[256];
        if (tjc_service_new(NULL, &s, err, sizeof err) != 0)
            s = NULL;
    }
    return s;
}

static void release(tjc_fuzz_answer *a)
{
    tjc_answer *held = a->owner;
    tjc_answer_free(held);
    free(held);
}

int tjc_fuzz_handle(const char *method, const char *path, const uint8_t *body, size_t len,
                    tjc_fuzz_answer *out)
{
    tjc_service *s = service();
    tjc_answer *a = calloc(1, sizeof *a);
    if (!s || !a) {
        free(a);
        return -1;
    }
    size_t limit = tjc_service_body_limit(s);
    if (tjc_service_handle(s, method, path, body, len > limit ? 0 : len, len > limit, a) != 0) {
        tjc_answer_free(a);
        free(a);
        return -1;
    }
    out->status = a->status;
    out->content_type = a->content_type;
    out->body = (const unsigned char *)a->body;
    out->len = a->len;
    out->dropped = a->drop;
    out->hung = a->hang;
    out->release = release;
    out->owner = a;
    return 0;
}
