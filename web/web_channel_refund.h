#ifndef WEB_CHANNEL_REFUND_H
#define WEB_CHANNEL_REFUND_H
/*
 * Channel refunds (issue 19, item 2) read into the refund document of
 * core_returns_channel_refund: {external_id, channel, refunds: [{id,
 * amount, shipping_refund, note, lines: [{sku, qty}]}], if_shipped}.
 * Amounts are decimal text with two places; lines are the goods the
 * channel restocks (they come back to the warehouse).
 */
#include "core_json.h"

#include <jansson.h>

/*
 * A Shopify refunds/create payload @a p (in): its id, order_id, the
 * refund_line_items restocked as returns (restock_type return or
 * legacy_restock, or restock true without a type), the successful refund
 * transactions' money and the shipping refunded (order_adjustments of
 * kind shipping_refund, refund_shipping_lines). Fills @a doc (out: caller
 * owns it) or @a err.
 */
enum core_ec web_channel_refund_shopify(const json_t *p, json_t **doc,
                                        struct core_json_error *err);

/*
 * A WooCommerce order payload @a p (in): when its status is refunded, its
 * refunds (each by id, the money only: Woo's order does not say what was
 * restocked), or the whole order as one refund when it lists none; any
 * other status gives @a doc NULL. Only for an order that shipped
 * (if_shipped): before that, refunded is a cancellation.
 */
enum core_ec web_channel_refund_woocommerce(const json_t *p, json_t **doc,
                                            struct core_json_error *err);

#endif
