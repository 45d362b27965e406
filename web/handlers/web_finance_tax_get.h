#ifndef WEB_FINANCE_TAX_GET_H
#define WEB_FINANCE_TAX_GET_H
#include "web_request.h"

/* GET /api/v1/finance/tax: the default VAT rate, the rates per product
 * category, and per store whether prices include VAT and whether shipping
 * issues the invoice. */
enum MHD_Result web_finance_tax_get(struct web_request *req);

#endif
