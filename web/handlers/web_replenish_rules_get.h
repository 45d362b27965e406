#ifndef WEB_REPLENISH_RULES_GET_H
#define WEB_REPLENISH_RULES_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/replenishment-rules: the rules with each bin's
 * on_hand. */
enum MHD_Result web_replenish_rules_get(struct web_request *req);

#endif
