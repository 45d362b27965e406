#ifndef WEB_RETURN_GET_H
#define WEB_RETURN_GET_H
#include "web_request.h"

/* GET /api/v1/returns/{id}: one RMA with its lines, receipts, disposals,
 * refunds and timeline. */
enum MHD_Result web_return_get(struct web_request *req);

#endif
