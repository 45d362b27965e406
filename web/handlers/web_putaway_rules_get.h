#ifndef WEB_PUTAWAY_RULES_GET_H
#define WEB_PUTAWAY_RULES_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/putaway-rules: the rules in the order they apply.
 */
enum MHD_Result web_putaway_rules_get(struct web_request *req);

#endif
