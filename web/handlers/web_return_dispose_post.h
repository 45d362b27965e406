#ifndef WEB_RETURN_DISPOSE_POST_H
#define WEB_RETURN_DISPOSE_POST_H
#include "web_request.h"

/* POST /api/v1/returns/{id}/dispose: received units restocked, quarantined,
 * scrapped or sent to the supplier. */
enum MHD_Result web_return_dispose_post(struct web_request *req);

#endif
