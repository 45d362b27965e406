#ifndef WEB_WEBHOOK_H
#define WEB_WEBHOOK_H
/* The common path of channel webhooks: verify, normalize, take in. */
#include "core_json.h"
#include "web_request.h"

/* Turns a verified channel payload (in, borrowed) into a document (out:
 * caller owns it); CORE_EC_OK, or a refusal with @a err filled. */
typedef enum core_ec (*web_webhook_normalize)(const json_t *, json_t **,
                                              struct core_json_error *);

/*
 * Handles a webhook for store {store} of @a channel: the store must be on
 * that channel, the signature in header @a sig_header must match the raw
 * body (else 401, nothing stored), then @a normalize turns the payload
 * into an order document that is taken in (201 new, 200 redelivery).
 */
enum MHD_Result web_webhook_order(struct web_request *req, const char *channel,
                                  const char *sig_header,
                                  web_webhook_normalize normalize);

/*
 * As web_webhook_order, and then @a refund (NULL: none) reads the same
 * payload as the channel's refunds of the order (a NULL document: there
 * are none), which go to the order's return (core_returns_channel_refund)
 * when the order has shipped. The reply is the order's, as before.
 */
enum MHD_Result web_webhook_order_refund(struct web_request *req,
                                         const char *channel,
                                         const char *sig_header,
                                         web_webhook_normalize normalize,
                                         web_webhook_normalize refund);

/*
 * Handles a signed refund delivery (Shopify's refunds/create) for store
 * {store} of @a channel, verified as web_webhook_order does: @a refund
 * turns it into the refund document of core_returns_channel_refund; the
 * reply is the return's document (201 when something was recorded, 200
 * for a redelivery).
 */
enum MHD_Result web_webhook_refund(struct web_request *req, const char *channel,
                                   const char *sig_header,
                                   web_webhook_normalize refund);

#endif
