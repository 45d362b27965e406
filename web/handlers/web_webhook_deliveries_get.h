#ifndef WEB_WEBHOOK_DELIVERIES_GET_H
#define WEB_WEBHOOK_DELIVERIES_GET_H
#include "web_request.h"

/* GET /api/v1/webhooks/{id}/deliveries: a keyset page, newest first (?status=).
 */
enum MHD_Result web_webhook_deliveries_get(struct web_request *req);

#endif
