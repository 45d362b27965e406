#ifndef WEB_SCANS_RESOLVE_POST_H
#define WEB_SCANS_RESOLVE_POST_H
#include "web_request.h"

/*
 * POST /api/v1/scans/resolve {"code","warehouse"}: what a scan is — a bin,
 * a SKU barcode (pack quantity), a GS1 code (GTIN to SKU, lot, expiry), an
 * SSCC, an order, a badge — or {"kind":"unknown"}. The one call the floor
 * terminal makes for every scan.
 */
enum MHD_Result web_scans_resolve_post(struct web_request *req);

#endif
