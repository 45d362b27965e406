#ifndef WEB_CARTON_LABEL_PDF_GET_H
#define WEB_CARTON_LABEL_PDF_GET_H
#include "web_request.h"

/* GET /api/v1/cartons/{id}/label.pdf: the shipping label for office printers.
 */
enum MHD_Result web_carton_label_pdf_get(struct web_request *req);

#endif
