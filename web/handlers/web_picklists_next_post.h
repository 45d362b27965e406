#ifndef WEB_PICKLISTS_NEXT_POST_H
#define WEB_PICKLISTS_NEXT_POST_H
#include "web_request.h"

/* POST /api/v1/picklists/next: the caller's next pick list (never another
 * picker's). */
enum MHD_Result web_picklists_next_post(struct web_request *req);

#endif
