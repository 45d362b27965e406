#ifndef WEB_CHANNEL_AUTH_GET_H
#define WEB_CHANNEL_AUTH_GET_H
#include "web_request.h"

/*
 * GET /api/v1/stores/{store}/channel-auth: the store's marketplace
 * connection (state, last pull, orders pulled today, errors, write-back
 * problems), never its secret or tokens.
 */
enum MHD_Result web_channel_auth_get(struct web_request *req);

#endif
