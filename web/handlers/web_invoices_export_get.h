#ifndef WEB_INVOICES_EXPORT_GET_H
#define WEB_INVOICES_EXPORT_GET_H
#include "web_request.h"

/* GET /api/v1/invoices/export?store=&from=&to=&q=&type=&kind=&format=: the
 * invoice list as a report (JSON rows, CSV or XLSX; report "invoices"). */
enum MHD_Result web_invoices_export_get(struct web_request *req);

#endif
