#ifndef WEB_STORE_SKUMAP_DELETE_H
#define WEB_STORE_SKUMAP_DELETE_H
#include "web_request.h"

#include <microhttpd.h>

/* DELETE /api/v1/stores/{store}/sku-map/{code}: removes one mapping. */
enum MHD_Result web_store_skumap_delete(struct web_request *req);

#endif
