#ifndef WEB_OWNER_PATCH_H
#define WEB_OWNER_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/owners/{code} {"name","contact","billing_currency"}: changes a
 * stock owner. */
enum MHD_Result web_owner_patch(struct web_request *req);

#endif
