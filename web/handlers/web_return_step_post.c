#include "web_return_step_post.h"

#include "core_returns.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_stock_reply.h"

#include <string.h>

enum MHD_Result
web_return_step_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *note = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 1000)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* The route's last segment is the step: authorize, reject or close. */
  const char *step = strrchr(req->path, '/') + 1;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_returns_step(id, step, note != NULL ? note : "", &who,
                                      req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
