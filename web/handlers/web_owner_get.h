#ifndef WEB_OWNER_GET_H
#define WEB_OWNER_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}: one stock owner (404 for another owner's client).
 */
enum MHD_Result web_owner_get(struct web_request *req);

#endif
