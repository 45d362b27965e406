#ifndef WEB_CUSTOMERS_EXPORT_GET_H
#define WEB_CUSTOMERS_EXPORT_GET_H
#include "web_request.h"

/* GET /api/v1/customers/export?format=csv|xlsx&q=&tag=&segment=&store=:
 * the customer list (its filters, every page) as a file: CSV (UTF-8 with
 * a BOM, formula-safe) or XLSX (constant memory, a frozen header). Phones
 * and emails are masked for a caller without customers.read_pii, as the
 * list and the segment export show them; the "masked" column says so. */
enum MHD_Result web_customers_export_get(struct web_request *req);

#endif
