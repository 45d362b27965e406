#ifndef WEB_WAVES_POST_H
#define WEB_WAVES_POST_H
#include "web_request.h"

/* POST /api/v1/waves: builds a wave of allocated orders into pick lists (201).
 */
enum MHD_Result web_waves_post(struct web_request *req);

#endif
