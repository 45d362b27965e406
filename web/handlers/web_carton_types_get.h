#ifndef WEB_CARTON_TYPES_GET_H
#define WEB_CARTON_TYPES_GET_H
#include "web_request.h"

/* GET /api/v1/carton-types: the carton types. */
enum MHD_Result web_carton_types_get(struct web_request *req);

#endif
