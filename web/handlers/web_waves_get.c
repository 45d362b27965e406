#include "web_waves_get.h"

#include "core_arena.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_wave.h"

#include <inttypes.h>
#include <stdlib.h>

enum MHD_Result
web_waves_get(struct web_request *req)
{
  const char *wh = web_query_text(req, "warehouse");
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  struct web_cursor cur;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  if (before < 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "cursor", NULL);
  const char *items;
  enum core_ec ec = wms_wave_list(wh, web_query_text(req, "state"), before,
                                  cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
