#ifndef WEB_BIN_LABELS_GET_H
#define WEB_BIN_LABELS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/warehouses/{wh}/labels/bins.zpl|bins.pdf?zone=&limit=: the
 * labels of the bins in walking order, for a Zebra printer or on A4 sheets.
 */
enum MHD_Result web_bin_labels_get(struct web_request *req);

#endif
