#ifndef WEB_LABEL_GET_H
#define WEB_LABEL_GET_H
#include "web_request.h"

/*
 * GET /api/v1/labels/{kind}.zpl|.svg|.pdf?code=&caption=&copies=: a bin,
 * sku or sscc label as ZPL II for a Zebra printer (text a print agent
 * passes on unchanged), or as 4 x 2 inch SVG or PDF for office printers.
 */
enum MHD_Result web_label_get(struct web_request *req);

#endif
