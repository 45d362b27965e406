#ifndef WEB_BARCODE_GET_H
#define WEB_BARCODE_GET_H
#include "web_request.h"

/*
 * GET /api/v1/barcodes/{format}.svg|.png?text=&scale=: draws a barcode
 * (code128, ean13, qr, datamatrix, gs1-128, gs1-datamatrix).
 */
enum MHD_Result web_barcode_get(struct web_request *req);

#endif
