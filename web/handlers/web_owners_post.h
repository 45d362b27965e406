#ifndef WEB_OWNERS_POST_H
#define WEB_OWNERS_POST_H
#include "web_request.h"

/* POST /api/v1/owners {"code","name","contact","billing_currency"}: creates a
 * stock owner (201; 409 already_exists). */
enum MHD_Result web_owners_post(struct web_request *req);

#endif
