#ifndef WEB_PICKLIST_GET_H
#define WEB_PICKLIST_GET_H
#include "web_request.h"

/* GET /api/v1/picklists/{id}: a pick list with its tasks and orders. */
enum MHD_Result web_picklist_get(struct web_request *req);

#endif
