#ifndef WEB_PUTAWAY_RULE_DELETE_H
#define WEB_PUTAWAY_RULE_DELETE_H
#include "web_request.h"

/* DELETE /api/v1/warehouses/{wh}/putaway-rules/{id}: 204. */
enum MHD_Result web_putaway_rule_delete(struct web_request *req);

#endif
