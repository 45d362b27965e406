#ifndef WEB_CUSTOMER_MERGE_POST_H
#define WEB_CUSTOMER_MERGE_POST_H
#include "web_request.h"

/* POST /api/v1/customers/{id}/merge {"into"}: a duplicate into the one kept. */
enum MHD_Result web_customer_merge_post(struct web_request *req);

#endif
