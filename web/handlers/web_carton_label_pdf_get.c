#include "web_carton_label_pdf_get.h"

#include "web_param.h"
#include "web_reply.h"
#include "wms_pack.h"

enum MHD_Result
web_carton_label_pdf_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  unsigned char *pdf;
  size_t len;
  enum core_ec ec = wms_carton_label_pdf(id, req->arena, &pdf, &len);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL,
                           "no such carton, or it is not closed yet");
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_bytes(req, pdf, len, "application/pdf", "no-store");
}
