#ifndef WEB_PICKLIST_SHORT_POST_H
#define WEB_PICKLIST_SHORT_POST_H
#include "web_request.h"

/* POST /api/v1/picklists/{id}/short: the rest of the current task is not in its
 * bin. */
enum MHD_Result web_picklist_short_post(struct web_request *req);

#endif
