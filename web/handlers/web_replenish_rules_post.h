#ifndef WEB_REPLENISH_RULES_POST_H
#define WEB_REPLENISH_RULES_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/replenishment-rules {sku,bin,min,max}: sets a
 * pick bin's min/max. */
enum MHD_Result web_replenish_rules_post(struct web_request *req);

#endif
