#include "web_exceptions_get.h"

#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_exception.h"

#include <stdlib.h>
#include <string.h>

static bool
one_of(const char *v, const char *const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp(v, names[i]) == 0)
      return true;
  return false;
}

enum MHD_Result
web_exceptions_get(struct web_request *req)
{
  static const char *const states[] = {"open", "resolved", NULL};
  static const char *const kinds[] = {
      "short_pick",           "weight_mismatch", "damaged",
      "cancelled_after_pick", "count_shortage",  "channel_writeback",
      "waybill_cancel",       "stock_push",      NULL};
  const char *wh = web_query_text(req, "warehouse");
  const char *state = web_query_text(req, "state");
  const char *kind = web_query_text(req, "kind");
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (state != NULL && !one_of(state, states))
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "state",
                           "state is open or resolved");
  if (kind != NULL && !one_of(kind, kinds))
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "kind", NULL);
  int64_t min_age = 0;
  if (!web_query_int_or_reply(req, "min_age_hours", 0, 87600, &min_age, &ret))
    return ret;
  struct web_cursor cur;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec = wms_exception_list(wh, state, kind, min_age, before,
                                       cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
