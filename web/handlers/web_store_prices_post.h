#ifndef WEB_STORE_PRICES_POST_H
#define WEB_STORE_PRICES_POST_H
#include "web_request.h"

/* POST /api/v1/stores/{store}/prices {sku,price}: sets a price-list entry. */
enum MHD_Result web_store_prices_post(struct web_request *req);

#endif
