#ifndef WEB_RETURN_REFUND_POST_H
#define WEB_RETURN_REFUND_POST_H
#include "web_request.h"

/* POST /api/v1/returns/{id}/refund: money paid back on a return. */
enum MHD_Result web_return_refund_post(struct web_request *req);

#endif
