#ifndef WEB_COUNT_BIN_DONE_POST_H
#define WEB_COUNT_BIN_DONE_POST_H
#include "web_request.h"

/* POST /api/v1/counts/{id}/bins/{bin}/done: the bin is counted; items not
 * scanned count as 0. */
enum MHD_Result web_count_bin_done_post(struct web_request *req);

#endif
