#ifndef WEB_SUPPLIER_BILLS_GET_H
#define WEB_SUPPLIER_BILLS_GET_H
#include "web_request.h"

/* GET /api/v1/supplier-bills?status=&supplier=&due_before=&limit=&cursor=:
 * supplier bills newest first, keyset-paged; due_before lists the open
 * bills due before that day. */
enum MHD_Result web_supplier_bills_get(struct web_request *req);

#endif
