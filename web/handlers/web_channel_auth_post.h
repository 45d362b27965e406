#ifndef WEB_CHANNEL_AUTH_POST_H
#define WEB_CHANNEL_AUTH_POST_H
#include "web_request.h"

/*
 * POST /api/v1/stores/{store}/channel-auth: saves the store's platform
 * credentials (app key and secret, the seller's access token with its
 * expiry and refresh token, the base URL, signing method, pull period and
 * page size). Secrets are sealed before they are stored and never shown
 * again; fields left out stay as they were. Saving the same body again
 * changes nothing more (idempotent).
 */
enum MHD_Result web_channel_auth_post(struct web_request *req);

#endif
