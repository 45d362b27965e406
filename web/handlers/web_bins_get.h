#ifndef WEB_BINS_GET_H
#define WEB_BINS_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/bins?zone=&empty=&sku=: bins in pick sequence
 * with occupancy. */
enum MHD_Result web_bins_get(struct web_request *req);

#endif
