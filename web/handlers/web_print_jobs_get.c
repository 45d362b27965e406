#include "web_print_jobs_get.h"

#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_print.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_print_jobs_get(struct web_request *req)
{
  const char *wh = web_query_text(req, "warehouse");
  enum MHD_Result ret;
  /* A named warehouse must be the caller's; none means all it may see. */
  if (wh != NULL && !web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  const struct core_principal *p = &req->principal;
  const char *allowed = p->kind == CORE_PRINCIPAL_USER &&
                                p->warehouses != NULL &&
                                p->warehouses[0] != '\0'
                            ? p->warehouses
                            : NULL;
  const char *state = web_query_text(req, "state");
  if (state != NULL && strcmp(state, "queued") != 0 &&
      strcmp(state, "printed") != 0 && strcmp(state, "failed") != 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "state",
                           "state %.32s is not queued, printed or failed",
                           state);
  struct web_cursor cur;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  if (before < 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "cursor", NULL);
  const char *items;
  enum core_ec ec =
      wms_print_list(web_query_text(req, "station"), wh, allowed, state, before,
                     cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
