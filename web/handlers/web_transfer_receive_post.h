#ifndef WEB_TRANSFER_RECEIVE_POST_H
#define WEB_TRANSFER_RECEIVE_POST_H
#include "web_request.h"

/* POST /api/v1/stock/transfers/{id}/receive {to_bin}: the transfer arrived. */
enum MHD_Result web_transfer_receive_post(struct web_request *req);

#endif
