#ifndef WEB_WEBHOOK_DELETE_H
#define WEB_WEBHOOK_DELETE_H
#include "web_request.h"

/* DELETE /api/v1/webhooks/{id}: removes a subscription and its deliveries. */
enum MHD_Result web_webhook_delete(struct web_request *req);

#endif
