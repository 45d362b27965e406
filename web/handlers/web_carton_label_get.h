#ifndef WEB_CARTON_LABEL_GET_H
#define WEB_CARTON_LABEL_GET_H
#include "web_request.h"

/* GET /api/v1/cartons/{id}/label.zpl: the carton's shipping label as ZPL. */
enum MHD_Result web_carton_label_get(struct web_request *req);

#endif
