#ifndef WEB_COUNT_LINE_REJECT_POST_H
#define WEB_COUNT_LINE_REJECT_POST_H
#include "web_request.h"

/* POST /api/v1/counts/{id}/lines/{line}/reject: asks for a recount of the bin.
 */
enum MHD_Result web_count_line_reject_post(struct web_request *req);

#endif
