#ifndef WEB_WEBHOOKS_GET_H
#define WEB_WEBHOOKS_GET_H
#include "web_request.h"

/* GET /api/v1/webhooks: every subscription (never a secret). */
enum MHD_Result web_webhooks_get(struct web_request *req);

#endif
