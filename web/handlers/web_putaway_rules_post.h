#ifndef WEB_PUTAWAY_RULES_POST_H
#define WEB_PUTAWAY_RULES_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/putaway-rules {sku|category, zone|bin,
 * priority}: 201 with the rule. */
enum MHD_Result web_putaway_rules_post(struct web_request *req);

#endif
