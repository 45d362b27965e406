#ifndef WEB_WEBHOOK_GET_H
#define WEB_WEBHOOK_GET_H
#include "web_request.h"

/* GET /api/v1/webhooks/{id}: one subscription (never its secret). */
enum MHD_Result web_webhook_get(struct web_request *req);

#endif
