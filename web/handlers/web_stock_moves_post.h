#ifndef WEB_STOCK_MOVES_POST_H
#define WEB_STOCK_MOVES_POST_H
#include "web_request.h"

/* POST /api/v1/stock/moves: moves stock between bins; idempotent by key (201
 * first, 200 replay). */
enum MHD_Result web_stock_moves_post(struct web_request *req);

#endif
