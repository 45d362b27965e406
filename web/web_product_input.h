#ifndef WEB_PRODUCT_INPUT_H
#define WEB_PRODUCT_INPUT_H
/*
 * Input pieces shared by the product endpoints: barcode lists (GTINs are
 * recognised by shape and must carry a valid check digit) and dimensions.
 */
#include "core_catalog.h"
#include "core_json.h"

/*
 * Parses array @a arr (in) of {"code","pack_qty"} named @a field into
 * @a out / @a n (in @a arena). Codes must be printable ASCII and distinct;
 * an all-digit code of 8, 12, 13 or 14 digits must be a valid GTIN.
 */
enum core_ec web_product_input_barcodes(const json_t *arr, const char *field,
                                        struct core_arena *arena,
                                        struct core_barcode **out, unsigned *n,
                                        struct core_json_error *err);

/* Parses [length, width, height] in cm (one decimal) into @a dims. */
enum core_ec web_product_input_dims(const json_t *arr, struct core_arena *arena,
                                    const char *dims[3],
                                    struct core_json_error *err);

/* The kinds of SKU, in the order "kind" choices are numbered. */
extern const char *const web_product_input_kinds[];

/*
 * Parses a kit's components @a arr (in) [{"sku", "qty"}] (1 to 50 entries,
 * qty 1..10000) into JSON text @a text (out, in @a arena) of what was
 * parsed, for kit_define.
 */
enum core_ec web_product_input_components(const json_t *arr,
                                          struct core_arena *arena,
                                          const char **text,
                                          struct core_json_error *err);

#endif
