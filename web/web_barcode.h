#ifndef WEB_BARCODE_H
#define WEB_BARCODE_H
/* JSON of decoded barcodes, shared by the CLI and the HTTP endpoint. */
#include "dev_zxing.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * {"format","text","symbology"} of @a r (in), plus "gs1" (the parse or its
 * error) for symbols whose AIM id announces GS1 data. New reference.
 */
json_t *web_barcode_result_json(const struct dev_zxing_result *r);

/*
 * GS1 text for the GS1 formats: @a text (in; the (AI) form or an element
 * string) checked and turned into an element string in @a out. False with
 * the reason in @a err.
 */
bool web_barcode_gs1_text(const char *text, char *out, size_t cap, char *err,
                          size_t errlen);

#endif
