#ifndef WEB_SETTLEMENTS_POST_H
#define WEB_SETTLEMENTS_POST_H
#include "web_request.h"

/* POST /api/v1/settlements {store, profile, file_name?, csv, days?}: a
 * platform payout or bill export (the file's text; the back office decodes
 * GBK before sending) matched to the store's orders, stored and posted;
 * 201 with the report (matched, fee differences, refunds, lines with no
 * order, orders never paid after days), 200 for a file imported before. */
enum MHD_Result web_settlements_post(struct web_request *req);

#endif
