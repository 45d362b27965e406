#include "web_holidays_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_shipping.h"

#include <stdio.h>
#include <stdlib.h>

enum MHD_Result
web_holidays_post(struct web_request *req)
{
  const json_t *days;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("days", &days)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (json_array_size(days) == 0 || json_array_size(days) > 366)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "days",
                           "give 1 to 366 days");
  size_t i;
  const json_t *d;
  json_array_foreach(days, i, d)
  {
    const char *day, *name = NULL;
    struct core_json_spec ds[] = {
        CORE_JSON_REQ(CORE_JSON_K_DATE("day", &day)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &name, 100)),
        CORE_JSON_END,
    };
    char prefix[32];
    snprintf(prefix, sizeof prefix, "days[%zu]", i);
    if (!json_is_object(d))
      return web_reply_error(req, CORE_EC_WRONG_TYPE, prefix,
                             "expected an object");
    if (core_json_parse(d, ds, true, prefix, req->arena, &err) != CORE_EC_OK)
      return web_reply_json_error(req, &err);
  }
  char *text = json_dumps(days, JSON_COMPACT);
  struct core_outcome out;
  enum core_ec ec = wms_holidays_put(text, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
