#ifndef WEB_COUNT_ENTRIES_POST_H
#define WEB_COUNT_ENTRIES_POST_H
#include "web_request.h"

/* POST /api/v1/counts/{id}/entries {bin,sku,lot,qty,idempotency_key}: one
 * counted item. */
enum MHD_Result web_count_entries_post(struct web_request *req);

#endif
