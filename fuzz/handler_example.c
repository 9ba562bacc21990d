/*
 * An example of a team's own handler for fuzz_serve, and the test of the mechanism: CTest
 * builds fuzz_serve_example from fuzz_serve.c and this file, and replays the same corpus
 * through it as through fuzz_serve.
 *
 * A team copies this file, and replaces the three marked places with calls into its own
 * server: make the server (with the configuration "config"), hand it one request, read
 * its answer. Here "the team's server" is tjc's reference service, reached only through
 * its public header, as a team's server would be through its own.
 *
 * It keeps the answer in a buffer of its own until the next call (release stays NULL),
 * the simplest way when a server's answers are not malloc'ed blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "handler.h"
#include "serve.h" /* (1) your server's header */

static tjc_service *server;
static unsigned char *kept;   /* the last answer's body, ours until the next call */
static char kept_type[128];   /* and its Content-Type */

static void forget_kept(void)
{
    free(kept);
    kept = NULL;
}

static int start_server(void)
{
    /* (2) make your server, with the configuration the requests name */
    static const char *const configs[] = {"config"};
    tjc_service_options options = {.configs = configs, .config_count = 1};
    char err[256];
    if (tjc_service_new(&options, &server, err, sizeof err) != 0)
        return -1;
    atexit(forget_kept);
    return 0;
}

int tjc_fuzz_handle(const char *method, const char *path, const uint8_t *body, size_t len,
                    tjc_fuzz_answer *out)
{
    if (!server && start_server() != 0)
        return -1;
    forget_kept();

    /* (3) hand the request to your server and read its answer */
    tjc_answer a;
    if (tjc_service_handle(server, method, path, body, len, 0, &a) != 0)
        return -1;
    if (a.len && !(kept = malloc(a.len))) {
        tjc_answer_free(&a);
        return -1;
    }
    if (a.len)
        memcpy(kept, a.body, a.len);
    out->status = a.status;
    out->len = a.len;
    out->body = kept;
    out->dropped = a.drop;
    out->hung = a.hang;
    if (a.content_type) {
        strncpy(kept_type, a.content_type, sizeof kept_type - 1);
        out->content_type = kept_type;
    }
    tjc_answer_free(&a);
    return 0;
}
