#ifndef WEB_WEBHOOKS_POST_H
#define WEB_WEBHOOKS_POST_H
#include "web_request.h"

/* POST /api/v1/webhooks: subscribes a URL to events; the secret is in this
 * reply only. */
enum MHD_Result web_webhooks_post(struct web_request *req);

#endif
