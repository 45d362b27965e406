#ifndef WEB_WEBHOOK_REDELIVER_POST_H
#define WEB_WEBHOOK_REDELIVER_POST_H
#include "web_request.h"

/* POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver: due again now. */
enum MHD_Result web_webhook_redeliver_post(struct web_request *req);

#endif
