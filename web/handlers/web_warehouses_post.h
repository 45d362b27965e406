#ifndef WEB_WAREHOUSES_POST_H
#define WEB_WAREHOUSES_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses: creates a warehouse; 201 with it, 409 if the code is
 * taken. */
enum MHD_Result web_warehouses_post(struct web_request *req);

#endif
