#ifndef WEB_SLOTTING_ACCEPT_POST_H
#define WEB_SLOTTING_ACCEPT_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/slotting/accept: proposals become move tasks */
enum MHD_Result web_slotting_accept_post(struct web_request *req);

#endif
