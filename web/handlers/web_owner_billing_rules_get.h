#ifndef WEB_OWNER_BILLING_RULES_GET_H
#define WEB_OWNER_BILLING_RULES_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/billing-rules: the owner's price list in
 * force (3PL billing), its version and the earlier versions. */
enum MHD_Result web_owner_billing_rules_get(struct web_request *req);

#endif
