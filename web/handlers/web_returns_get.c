#include "web_returns_get.h"

#include "core_returns.h"
#include "web_floor.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_report.h"
#include "web_scope.h"

#include <jansson.h>
#include <stdlib.h>

/* Copies query parameter @a name into @a f when it is given. */
static void
take(struct web_request *req, json_t *f, const char *name)
{
  const char *v = web_query_text(req, name);
  if (v != NULL && v[0] != '\0')
    json_object_set_new(f, name, json_string(v));
}

enum MHD_Result
web_returns_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  /* Dates are checked here, so a bad one is a 422 naming it. */
  static const char *const days[] = {"from", "to"};
  for (size_t i = 0; i < 2; i++) {
    const char *v = web_query_text(req, days[i]);
    if (v != NULL && v[0] != '\0' && !web_report_date_ok(v))
      return web_reply_error(req, CORE_EC_INVALID_VALUE, days[i],
                             "a date is written YYYY-MM-DD");
  }
  json_t *f = json_pack("{s:I}", "limit", (json_int_t)(cur.limit + 1));
  static const char *const names[] = {"state", "store", "q", "from", "to"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    take(req, f, names[i]);
  const char *wh = web_query_text(req, "warehouse");
  const char *allowed = wh != NULL ? wh : web_scope_allowed(req);
  if (allowed != NULL)
    json_object_set_new(f, "warehouses", json_string(allowed));
  if (cur.after != NULL)
    json_object_set_new(f, "before", json_string(cur.after));
  /* A 3PL client's returns are those of its own stores' orders. */
  if (web_owner_only_id(req) != 0)
    json_object_set_new(f, "owner", json_integer(web_owner_only_id(req)));
  char *text = json_dumps(f, JSON_COMPACT);
  json_decref(f);
  const char *items;
  enum core_ec ec = text != NULL ? core_returns_list(text, req->arena, &items)
                                 : CORE_EC_INTERNAL;
  free(text);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
