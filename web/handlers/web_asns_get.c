#include "web_asns_get.h"

#include "core_purchase.h"
#include "web_floor.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Whether @a v is a positive decimal id of at most 18 digits. */
static bool
is_id(const char *v)
{
  size_t n = strspn(v, "0123456789");
  return n > 0 && n <= 18 && v[n] == '\0';
}

enum MHD_Result
web_asns_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  const char *po = web_query_text(req, "purchase_order");
  if (po != NULL && !is_id(po))
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "purchase_order",
                           "purchase_order is a PO's id, not \"%s\"", po);
  if (cur.after != NULL && !is_id(cur.after))
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "cursor",
                           "not a cursor of this list");
  json_t *f = json_pack("{s:I}", "limit", (json_int_t)(cur.limit + 1));
  const char *q = web_query_text(req, "q");
  if (q != NULL && q[0] != '\0')
    json_object_set_new(f, "q", json_string(q));
  if (po != NULL)
    json_object_set_new(f, "purchase_order", json_string(po));
  if (cur.after != NULL)
    json_object_set_new(f, "before", json_string(cur.after));
  const char *wh = web_query_text(req, "warehouse");
  const char *allowed = wh != NULL ? wh : web_scope_allowed(req);
  if (allowed != NULL)
    json_object_set_new(f, "warehouses", json_string(allowed));
  if (web_scope_supplier(req) != 0)
    json_object_set_new(f, "only_supplier",
                        json_integer(web_scope_supplier(req)));
  if (web_owner_only_id(req) != 0)
    json_object_set_new(f, "owner", json_integer(web_owner_only_id(req)));
  char *text = json_dumps(f, JSON_COMPACT);
  json_decref(f);
  const char *items;
  enum core_ec ec = text != NULL
                        ? core_purchase_asn_list(text, req->arena, &items)
                        : CORE_EC_INTERNAL;
  free(text);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
