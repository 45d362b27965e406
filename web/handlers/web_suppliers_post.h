#ifndef WEB_SUPPLIERS_POST_H
#define WEB_SUPPLIERS_POST_H
#include "web_request.h"

/* POST /api/v1/suppliers: creates (201) or updates (200) a supplier and its
 * SKUs. */
enum MHD_Result web_suppliers_post(struct web_request *req);

#endif
