#ifndef WEB_RETURNS_UNANNOUNCED_POST_H
#define WEB_RETURNS_UNANNOUNCED_POST_H
#include "web_request.h"

/* POST /api/v1/returns/unannounced: goods arrived without an RMA; opens one for
 * the back office to confirm. */
enum MHD_Result web_returns_unannounced_post(struct web_request *req);

#endif
