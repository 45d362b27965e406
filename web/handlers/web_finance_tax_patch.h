#ifndef WEB_FINANCE_TAX_PATCH_H
#define WEB_FINANCE_TAX_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/finance/tax: sets the default VAT rate (tax_rate), rates
 * per category (rates [{category, rate}], rate null: back to the
 * default) and store settings (stores [{store, prices_include_tax,
 * auto_invoice}]); answers the settings. */
enum MHD_Result web_finance_tax_patch(struct web_request *req);

#endif
