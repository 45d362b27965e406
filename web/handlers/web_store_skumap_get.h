#ifndef WEB_STORE_SKUMAP_GET_H
#define WEB_STORE_SKUMAP_GET_H
#include "web_request.h"

#include <microhttpd.h>

/* GET /api/v1/stores/{store}/sku-map?q=&limit=&cursor=: a keyset page of
 * the store's platform SKU map by platform code, searched by ?q. */
enum MHD_Result web_store_skumap_get(struct web_request *req);

#endif
