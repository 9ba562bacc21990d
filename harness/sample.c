/*
 * sample: the published sample request of the page ("Samples", item 1), byte for byte
 * as printed there, with the page's indentation of the block removed.
 */
#include "sample.h"

#include <string.h>

static const char published_sample[] =
    "{\n"
    "    \"config_desc\": \"This is config\",\n"
    "    \"worker_server_num\": 1,\n"
    "    \"app_url\": \"/usr/app/\",\n"
    "    \"boot_file_url\": \"/usr/app/boot.py\",\n"
    "    \"parameter\": [\n"
    "        {\n"
    "            \"label\": \"learning_rate\",\n"
    "            \"value\": 0.01\n"
    "        },\n"
    "        {\n"
    "            \"key\": \"batch_size\",\n"
    "            \"value\": 32\n"
    "        }\n"
    "    ],\n"
    "    \"spec_id\": 1,\n"
    "    \"dataset_id\": \"38277e62-9e59-48f4-8d89-c8cf41622c24\",\n"
    "    \"dataset_version_id\": \"2ff0d6ba-c480-45ae-be41-09a8369bfc90\",\n"
    "    \"engine_id\": 1,\n"
    "    \"train_url\": \"/usr/train/\",\n"
    "    \"log_url\": \"/usr/log/\"\n"
    "}\n";

const char *tjc_sample_body(size_t *len)
{
    if (len)
        *len = strlen(published_sample);
    return published_sample;
}

const char *tjc_sample_config_name(void)
{
    return "config";
}
