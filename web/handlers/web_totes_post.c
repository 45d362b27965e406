#include "web_totes_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_wave.h"

#include <string.h>

enum MHD_Result
web_totes_post(struct web_request *req)
{
  const char *prefix = "T";
  int64_t from = 1, to = 0, width = 3;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("prefix", &prefix, 16)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("from", &from, 0, 99999999)),
      CORE_JSON_REQ(CORE_JSON_K_INT("to", &to, 0, 99999999)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("width", &width, 1, 8)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (to < from || to - from >= 10000)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "to",
                           "from..to must name 1 to 10000 totes");
  struct core_outcome out;
  enum core_ec ec = wms_totes_create(req->params[0], prefix, from, to, width,
                                     req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
