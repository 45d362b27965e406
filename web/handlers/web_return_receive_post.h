#ifndef WEB_RETURN_RECEIVE_POST_H
#define WEB_RETURN_RECEIVE_POST_H
#include "web_request.h"

/* POST /api/v1/returns/{id}/receive: returned items received by scan into the
 * returns bin. */
enum MHD_Result web_return_receive_post(struct web_request *req);

#endif
