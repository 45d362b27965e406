#ifndef WEB_STOCK_ADJUSTMENTS_POST_H
#define WEB_STOCK_ADJUSTMENTS_POST_H
#include "web_request.h"

/* POST /api/v1/stock/adjustments: adds or removes stock in a bin (also opening
 * stock). */
enum MHD_Result web_stock_adjustments_post(struct web_request *req);

#endif
