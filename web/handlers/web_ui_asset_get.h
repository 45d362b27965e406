#ifndef WEB_UI_ASSET_GET_H
#define WEB_UI_ASSET_GET_H
#include "web_request.h"

/*
 * GET /ui/…: a file of the embedded UI (scripts, styles, catalogs) with
 * its content type and ETag (304 on If-None-Match); 404 route_not_found
 * for a path the build does not hold.
 */
enum MHD_Result web_ui_asset_get(struct web_request *req);

#endif
