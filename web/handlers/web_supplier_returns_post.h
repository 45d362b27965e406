#ifndef WEB_SUPPLIER_RETURNS_POST_H
#define WEB_SUPPLIER_RETURNS_POST_H
#include "web_request.h"

/* POST /api/v1/supplier-returns: sends defective stock back to a supplier. */
enum MHD_Result web_supplier_returns_post(struct web_request *req);

#endif
