#ifndef WEB_CHANNEL_PULL_POST_H
#define WEB_CHANNEL_PULL_POST_H
#include "web_request.h"

/*
 * POST /api/v1/stores/{store}/channel-pull: "pull now": the worker pulls
 * the store's orders at once (202 with the connection's state; the pull
 * itself runs in the background). Asking twice asks once.
 */
enum MHD_Result web_channel_pull_post(struct web_request *req);

#endif
