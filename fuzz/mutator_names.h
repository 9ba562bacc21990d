/*
 * mutator_names.h: the names under which the mutator links its own copy of the body
 * reader and writer (fuzz/mutator_reader.c). Included before body.h and buf.h by the
 * mutator's two files only; the targets call the harness's own functions.
 */
#ifndef TJC_MUTATOR_NAMES_H
#define TJC_MUTATOR_NAMES_H

#define tjc_arena_alloc tjc_mutator_arena_alloc
#define tjc_arena_free tjc_mutator_arena_free
#define tjc_arena_strdup tjc_mutator_arena_strdup
#define tjc_body_free tjc_mutator_body_free
#define tjc_body_parse tjc_mutator_body_parse
#define tjc_body_write tjc_mutator_body_write
#define tjc_hex_digit tjc_mutator_hex_digit
#define tjc_number_node_set tjc_mutator_number_node_set
#define tjc_json_write_bytes tjc_mutator_json_write_bytes
#define tjc_json_write_string tjc_mutator_json_write_string
#define tjc_pointer_append_token tjc_mutator_pointer_append_token
#define tjc_pointer_resolve tjc_mutator_pointer_resolve
#define tjc_text_code_points tjc_mutator_text_code_points
#define tjc_text_measure tjc_mutator_text_measure
#define tjc_text_quote tjc_mutator_text_quote
#define tjc_text_utf16_units tjc_mutator_text_utf16_units
#define tjc_utf8_sequence tjc_mutator_utf8_sequence
#define tjc_buf_append tjc_mutator_buf_append
#define tjc_buf_free tjc_mutator_buf_free
#define tjc_buf_init tjc_mutator_buf_init
#define tjc_buf_printf tjc_mutator_buf_printf
#define tjc_buf_putc tjc_mutator_buf_putc
#define tjc_buf_puts tjc_mutator_buf_puts
#define tjc_buf_reserve tjc_mutator_buf_reserve
#define tjc_buf_take tjc_mutator_buf_take
#define tjc_buf_vprintf tjc_mutator_buf_vprintf
#define tjc_read_file tjc_mutator_read_file

#endif
