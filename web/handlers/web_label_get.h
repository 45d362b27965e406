#ifndef WEB_LABEL_GET_H
#define WEB_LABEL_GET_H
#include "web_request.h"

/*
 * GET /api/v1/labels/{kind}.zpl?code=&caption=&copies=: a ZPL II label
 * (bin, sku or sscc) for a Zebra printer, as text the terminal or a print
 * agent passes on unchanged.
 */
enum MHD_Result web_label_get(struct web_request *req);

#endif
