#include "web_bin_labels_get.h"

#include "web_query.h"
#include "web_reply.h"
#include "wms_labels.h"

#include <string.h>

enum MHD_Result
web_bin_labels_get(struct web_request *req)
{
  const char *file = req->params[1];
  bool pdf = strcmp(file, "bins.pdf") == 0;
  if (!pdf && strcmp(file, "bins.zpl") != 0)
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL,
                           "labels come as bins.zpl or bins.pdf");
  int64_t limit = 500;
  enum MHD_Result ret;
  if (!web_query_int_or_reply(req, "limit", 1, WMS_LABELS_MAX, &limit, &ret))
    return ret;
  unsigned char *out;
  size_t len;
  enum core_ec ec = wms_labels_bins(req->params[0], web_query_text(req, "zone"),
                                    web_query_text(req, "bins"), (size_t)limit,
                                    pdf, req->arena, &out, &len);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no bins match");
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_bytes(
      req, out, len,
      pdf ? "application/pdf" : "application/x-zpl; charset=utf-8", "no-store");
}
