#ifndef WEB_TRANSFERS_POST_H
#define WEB_TRANSFERS_POST_H
#include "web_request.h"

/* POST /api/v1/stock/transfers
 * {sku,lot,from_warehouse,from_bin,to_warehouse,qty,idempotency_key}: ships
 * stock to another warehouse. */
enum MHD_Result web_transfers_post(struct web_request *req);

#endif
