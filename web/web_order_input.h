#ifndef WEB_ORDER_INPUT_H
#define WEB_ORDER_INPUT_H
/*
 * Orders into the one normalized document that ord_do_intake takes,
 * whatever channel they came from: Depot's own API body, a Shopify or a
 * WooCommerce webhook payload.
 */
#include "core_json.h"

#include <jansson.h>

enum { WEB_ORDER_MAX_LINES = 1000 };

/*
 * Checks an API order body @a body (in) and builds the normalized
 * document @a doc (out, new reference) and the store code @a store (out,
 * in @a arena). Errors name the field (lines[2].qty …).
 */
enum core_ec web_order_input_api(const json_t *body, struct core_arena *arena,
                                 const char **store, json_t **doc,
                                 struct core_json_error *err);

/* The same for a Shopify orders/create payload @a p (in). */
enum core_ec web_order_input_shopify(const json_t *p, json_t **doc,
                                     struct core_json_error *err);

/* The same for a WooCommerce order payload @a p (in). */
enum core_ec web_order_input_woocommerce(const json_t *p, json_t **doc,
                                         struct core_json_error *err);

#endif
