#include "web_finance_period_close_post.h"

#include "core_finance.h"
#include "web_floor.h"
#include "web_stock_reply.h"

enum MHD_Result
web_finance_period_close_post(struct web_request *req)
{
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_finance_run("close", req->params[0], NULL, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
