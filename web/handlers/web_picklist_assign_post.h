#ifndef WEB_PICKLIST_ASSIGN_POST_H
#define WEB_PICKLIST_ASSIGN_POST_H
#include "web_request.h"

/* POST /api/v1/picklists/{id}/assign: a lead reassigns a list or releases it
 * (picker null). */
enum MHD_Result web_picklist_assign_post(struct web_request *req);

#endif
