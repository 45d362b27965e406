#ifndef WEB_WEBHOOK_PATCH_H
#define WEB_WEBHOOK_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/webhooks/{id}: changes url, events, secret, active or note. */
enum MHD_Result web_webhook_patch(struct web_request *req);

#endif
