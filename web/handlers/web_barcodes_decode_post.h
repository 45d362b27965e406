#ifndef WEB_BARCODES_DECODE_POST_H
#define WEB_BARCODES_DECODE_POST_H
#include "web_request.h"

/*
 * POST /api/v1/barcodes/decode (body: a PNG or JPEG photo): every barcode
 * in it, {"results":[{"format","text","symbology","gs1"?}]}. The handheld
 * camera as a fallback scanner.
 */
enum MHD_Result web_barcodes_decode_post(struct web_request *req);

#endif
