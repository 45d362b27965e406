#ifndef WEB_RETURN_REPLACE_POST_H
#define WEB_RETURN_REPLACE_POST_H
#include "web_request.h"

/*
 * POST /api/v1/returns/{id}/exchange {lines: [{sku, qty}], idempotency_key}
 * and POST /api/v1/returns/{id}/reship {idempotency_key}: the return's
 * replacement order at no charge (201 with the RMA's document, 200 for a
 * replay).
 */
enum MHD_Result web_return_replace_post(struct web_request *req);

#endif
