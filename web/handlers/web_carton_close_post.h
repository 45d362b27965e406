#ifndef WEB_CARTON_CLOSE_POST_H
#define WEB_CARTON_CLOSE_POST_H
#include "web_request.h"

/* POST /api/v1/cartons/{id}/close: weighs and closes a carton; label and
 * tracking number. */
enum MHD_Result web_carton_close_post(struct web_request *req);

#endif
