#ifndef WEB_CARTON_TYPES_POST_H
#define WEB_CARTON_TYPES_POST_H
#include "web_request.h"

/* POST /api/v1/carton-types: creates (201) or updates (200) a carton type. */
enum MHD_Result web_carton_types_post(struct web_request *req);

#endif
