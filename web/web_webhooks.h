#ifndef WEB_WEBHOOKS_H
#define WEB_WEBHOOKS_H
/*
 * The common part of /api/v1/webhooks (event subscriptions, issue 23
 * item 6; not the channels' incoming webhooks of web_webhook.h): the
 * request body of create and change, parsed into the document the
 * procedure webhook_save takes.
 */
#include "core_proc.h"
#include "web_request.h"

#include <stdbool.h>

/*
 * Parses the body of POST (@a create: url and events required) or PATCH
 * into @a doc (out, JSON text in the arena: {url, events, active, note},
 * only what was given) and @a secret (out, NULL when none was given).
 * On bad input queues the reply (@a ret) and returns false.
 */
bool web_webhooks_input_or_reply(struct web_request *req, bool create,
                                 const char **doc, const char **secret,
                                 enum MHD_Result *ret);

/* The caller's user id for created_by (0 for an API key). */
int64_t web_webhooks_user(const struct web_request *req);

/*
 * Queues the reply to a subscription operation: the refusal, or the
 * document with @a status; with @a secret (in, may be NULL) added as
 * "secret" (the one time it is shown: on create).
 */
enum MHD_Result web_webhooks_reply(struct web_request *req, enum core_ec ec,
                                   const struct core_outcome *out,
                                   unsigned status, const char *secret);

#endif
