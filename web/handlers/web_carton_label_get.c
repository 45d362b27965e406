#include "web_carton_label_get.h"

#include "web_param.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_pack.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_carton_label_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  if (!web_scope_resource_or_reply(req, WEB_SCOPE_CARTON, id, &ret))
    return ret;
  const char *zpl;
  enum core_ec ec = wms_carton_label(id, req->arena, &zpl);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL,
                           "no such carton, or it is not closed yet");
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  size_t n = strlen(zpl);
  char *copy = malloc(n + 1);
  if (copy == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  memcpy(copy, zpl, n + 1);
  return web_reply_bytes(req, copy, n, "application/zpl", "no-store");
}
