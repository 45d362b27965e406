#ifndef WEB_TRACK_GET_H
#define WEB_TRACK_GET_H
#include "web_request.h"

/* GET /track/{token}: the public tracking page (HTML; JSON with Accept:
 * application/json). */
enum MHD_Result web_track_get(struct web_request *req);

#endif
