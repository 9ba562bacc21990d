/*
 * fuzz_cjson_bare: the peer bench/fuzz runs beside fuzz_validate. A libFuzzer target that
 * only parses its input with cJSON_ParseWithLength and deletes the tree, built the same
 * way (the fuzz preset: libFuzzer, ASan, UBSan), so that the ratio of the two exec/s
 * figures says what tjc's reader and validator cost over a bare JSON parse.
 */
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON_Delete(cJSON_ParseWithLength((const char *)data, size));
    return 0;
}
