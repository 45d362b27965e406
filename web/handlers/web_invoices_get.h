#ifndef WEB_INVOICES_GET_H
#define WEB_INVOICES_GET_H
#include "web_request.h"

/* GET /api/v1/invoices?store=&from=&to=&q=&type=&kind=: invoices and
 * credit notes, newest first, in keyset pages (?limit=, ?cursor=). */
enum MHD_Result web_invoices_get(struct web_request *req);

#endif
