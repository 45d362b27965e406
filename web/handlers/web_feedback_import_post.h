#ifndef WEB_FEEDBACK_IMPORT_POST_H
#define WEB_FEEDBACK_IMPORT_POST_H
#include "web_request.h"

/* POST /api/v1/feedback/import {"store", "file"}: a marketplace's review
 * export (CSV in UTF-8 or GBK, base64 in "file", as the browser reads an
 * uploaded file) into review tickets of the store, idempotent by review
 * id (core_crm_reviews.h). 200 with {rows, new, duplicates,
 * orders_unmatched, skus_unmatched, refused: [{line, error, field}]}. */
enum MHD_Result web_feedback_import_post(struct web_request *req);

#endif
