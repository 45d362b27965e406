#ifndef WEB_STORE_SKUMAP_IMPORT_POST_H
#define WEB_STORE_SKUMAP_IMPORT_POST_H
#include "web_request.h"

#include <microhttpd.h>

/* POST /api/v1/stores/{store}/sku-map/import {"csv": "<file text>"}: saves
 * every row of an uploaded CSV (header platform_sku, sku | kit, qty), all
 * or none; a bad row is named by its line (field "csv") or its index. */
enum MHD_Result web_store_skumap_import_post(struct web_request *req);

#endif
