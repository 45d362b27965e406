#ifndef WEB_HOLIDAYS_POST_H
#define WEB_HOLIDAYS_POST_H
#include "web_request.h"

/* POST /api/v1/holidays: adds carrier holidays (days delivery estimates skip).
 */
enum MHD_Result web_holidays_post(struct web_request *req);

#endif
