#ifndef WEB_ASNS_IMPORT_POST_H
#define WEB_ASNS_IMPORT_POST_H
#include "web_request.h"

/*
 * POST /api/v1/asns/import: an ASN for a PO from a CSV file (columns
 * sscc, sku, qty, lot, expiry; one row per SKU and lot of a carton, the
 * rows of one SSCC make a carton). Every row is checked first; if any is
 * bad, nothing is saved and the 422 asn_rows_invalid names each bad row in
 * error.params.rows [{line, field, code, message}].
 */
enum MHD_Result web_asns_import_post(struct web_request *req);

#endif
