#include "web_owner_statement_pdf_get.h"

#include "dev_pdf.h"
#include "web_billing.h"
#include "web_reply.h"

enum MHD_Result
web_owner_statement_pdf_get(struct web_request *req)
{
  static const double widths[6] = {24, 215, 80, 65, 75, 56};
  struct web_billing_table t;
  enum MHD_Result ret;
  if (!web_billing_table_or_reply(req, &t, &ret))
    return ret;
  struct dev_pdf_table doc = {
      .title = t.title,
      .meta = t.meta,
      .nmeta = t.nmeta,
      .head = t.head,
      .widths = widths,
      .ncols = 6,
      .cells = t.cells,
      .nrows = t.nrows,
      .footer = t.en ? "Depot - issued statement, never changed"
                     : "Depot 对账单（已出具，不可更改）",
      .barcode = t.file,
  };
  unsigned char *pdf;
  size_t len;
  char err[160];
  if (!dev_pdf_table_doc(&doc, &pdf, &len, err, sizeof err))
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, "%s", err);
  return web_billing_download(req, &t, "pdf", "application/pdf", pdf, len);
}
