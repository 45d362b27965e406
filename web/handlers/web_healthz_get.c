#include "web_healthz_get.h"

#include "web_reply.h"

enum MHD_Result
web_healthz_get(struct web_request *req)
{
  return web_reply_pack(req, MHD_HTTP_OK, "{s:s}", "status", "ok");
}
