#ifndef WEB_PUTAWAY_SUGGEST_GET_H
#define WEB_PUTAWAY_SUGGEST_GET_H
#include "web_request.h"

/* GET /api/v1/putaway/suggest?warehouse=&sku=&qty=&limit=: bins for received
 * stock, best first. */
enum MHD_Result web_putaway_suggest_get(struct web_request *req);

#endif
