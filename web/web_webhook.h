#ifndef WEB_WEBHOOK_H
#define WEB_WEBHOOK_H
/* The common path of channel webhooks: verify, normalize, take in. */
#include "core_json.h"
#include "web_request.h"

/*
 * Handles a webhook for store {store} of @a channel: the store must be on
 * that channel, the signature in header @a sig_header must match the raw
 * body (else 401, nothing stored), then @a normalize turns the payload
 * into an order document that is taken in (201 new, 200 redelivery).
 */
enum MHD_Result
web_webhook_order(struct web_request *req, const char *channel,
                  const char *sig_header,
                  enum core_ec (*normalize)(const json_t *, json_t **,
                                            struct core_json_error *));

#endif
