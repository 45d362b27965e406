#ifndef WEB_PICKLIST_PDF_GET_H
#define WEB_PICKLIST_PDF_GET_H
#include "web_request.h"

/*
 * GET /api/v1/picklists/{id}/picklist.pdf: the pick list on A4 for a
 * picker without a handheld: its tasks in walking order (bin, SKU, name,
 * quantity, tote, order; cancelled ones left out) under a Code 128 of
 * `PL-<id>`, the code the floor's look-up resolves to the list.
 */
enum MHD_Result web_picklist_pdf_get(struct web_request *req);

#endif
