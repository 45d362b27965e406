#include "web_orders_get.h"

#include "core_arena.h"
#include "core_order.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* @a key as the opaque cursor web_reply_page sends (hex), or null. */
static const char *
cursor(struct core_arena *a, const char *key)
{
  if (key == NULL)
    return "null";
  size_t n = strlen(key);
  char *hex = core_arena_alloc(a, 2 * n + 3);
  hex[0] = '"';
  for (size_t i = 0; i < n; i++)
    snprintf(hex + 1 + 2 * i, 3, "%02x", (unsigned char)key[i]);
  hex[2 * n + 1] = '"';
  hex[2 * n + 2] = '\0';
  return hex;
}

enum MHD_Result
web_orders_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  struct core_order_filter f = {
      .q = web_query_text(req, "q"),
      .store = web_query_text(req, "store"),
      .external_id = web_query_text(req, "external_id"),
      .state = web_query_text(req, "state"),
      .from = web_query_text(req, "from"),
      .to = web_query_text(req, "to"),
      .warehouse = web_query_text(req, "warehouse"),
      .after = cur.after,
      .limit = cur.limit,
  };
  if (!web_scope_warehouse_or_reply(req, &f.warehouse, "warehouse", &ret) ||
      !web_owner_filter_or_reply(req, web_query_text(req, "owner"), &f.owner,
                                 &ret))
    return ret;
  const char *sort = web_query_text(req, "sort");
  if (sort != NULL && strcmp(sort, "oldest") != 0 &&
      strcmp(sort, "newest") != 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "sort",
                           "sort is newest (default) or oldest");
  f.oldest_first = sort != NULL && strcmp(sort, "oldest") == 0;
  const char *items, *next;
  enum core_ec ec = core_order_list(&f, req->arena, &items, &next);
  if (ec == CORE_EC_DB_ERROR)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, NULL,
                           "from and to must be ISO 8601 times");
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  const char *total = web_query_text(req, "total");
  if (total == NULL || strcmp(total, "true") != 0)
    return web_reply_page(req, items, next);
  /* ?total=true: the count of the whole filtered list, for the screen. */
  int64_t n = 0;
  ec = core_order_count(&f, &n);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(
      req, MHD_HTTP_OK,
      core_arena_printf(req->arena,
                        "{\"items\":%s,\"next\":%s,\"total\":%" PRId64 "}",
                        items, cursor(req->arena, next), n));
}
