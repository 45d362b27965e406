#ifndef WEB_STORE_SKUMAP_POST_H
#define WEB_STORE_SKUMAP_POST_H
#include "web_request.h"

#include <microhttpd.h>

/* POST /api/v1/stores/{store}/sku-map {"platform_sku", "sku" | "kit",
 * "qty"}: saves one mapping (201; an existing code is replaced). */
enum MHD_Result web_store_skumap_post(struct web_request *req);

#endif
