#include "web_store_skumap_delete.h"

#include "core_skumap.h"
#include "web_floor.h"

enum MHD_Result
web_store_skumap_delete(struct web_request *req)
{
  struct core_outcome out;
  enum core_ec ec =
      core_skumap_delete(req->params[0], req->params[1], req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
