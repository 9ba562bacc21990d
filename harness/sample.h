/*
 * sample: the page's published sample request (SAMPLE-ACCEPTED), the default base body.
 */
#ifndef TJC_SAMPLE_H
#define TJC_SAMPLE_H

#include <stddef.h>

/* The sample request body as printed on the page, and its length. */
const char *tjc_sample_body(size_t *len);
/* The configuration name the sample modifies: "config". */
const char *tjc_sample_config_name(void);

#endif
