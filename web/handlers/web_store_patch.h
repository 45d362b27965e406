#ifndef WEB_STORE_PATCH_H
#define WEB_STORE_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/stores/{store}: changes name, warehouse, secret, currency… */
enum MHD_Result web_store_patch(struct web_request *req);

#endif
