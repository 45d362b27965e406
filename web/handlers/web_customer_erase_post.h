#ifndef WEB_CUSTOMER_ERASE_POST_H
#define WEB_CUSTOMER_ERASE_POST_H
#include "web_request.h"

/* POST /api/v1/customers/{id}/erase: personal data erased (admin). */
enum MHD_Result web_customer_erase_post(struct web_request *req);

#endif
