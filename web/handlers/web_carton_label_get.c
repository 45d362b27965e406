#include "web_carton_label_get.h"

#include "web_floor.h"
#include "web_param.h"
#include "wms_pack.h"

enum MHD_Result
web_carton_label_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *zpl = NULL;
  enum core_ec ec = wms_carton_label(id, req->arena, &zpl);
  return web_floor_reply_zpl(req, ec, zpl,
                             "no such carton, or it is not closed yet");
}
