#ifndef WEB_SETTLEMENT_GET_H
#define WEB_SETTLEMENT_GET_H
#include "web_request.h"

/* GET /api/v1/settlements/{id}: a settlement with its totals, voucher and
 * match report. */
enum MHD_Result web_settlement_get(struct web_request *req);

#endif
