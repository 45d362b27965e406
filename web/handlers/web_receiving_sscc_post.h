#ifndef WEB_RECEIVING_SSCC_POST_H
#define WEB_RECEIVING_SSCC_POST_H
#include "web_request.h"

/* POST /api/v1/receiving/sscc: one scan of a notified carton's SSCC receives it
 * all. */
enum MHD_Result web_receiving_sscc_post(struct web_request *req);

#endif
