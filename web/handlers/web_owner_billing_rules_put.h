#ifndef WEB_OWNER_BILLING_RULES_PUT_H
#define WEB_OWNER_BILLING_RULES_PUT_H
#include "web_request.h"

/* PUT /api/v1/owners/{code}/billing-rules: a new version of the owner's
 * price list (storage, inbound, outbound, packaging, services). */
enum MHD_Result web_owner_billing_rules_put(struct web_request *req);

#endif
