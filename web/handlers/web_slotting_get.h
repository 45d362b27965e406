#ifndef WEB_SLOTTING_GET_H
#define WEB_SLOTTING_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/slotting?days=: ABC ranking and proposals */
enum MHD_Result web_slotting_get(struct web_request *req);

#endif
