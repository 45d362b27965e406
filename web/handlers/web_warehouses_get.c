#include "web_warehouses_get.h"

#include "core_warehouse.h"
#include "web_query.h"
#include "web_render.h"
#include "web_reply.h"

enum MHD_Result
web_warehouses_get(struct web_request *req)
{
  struct web_page page;
  enum MHD_Result ret;
  if (!web_query_page_or_reply(req, &page, &ret))
    return ret;
  struct core_warehouse_page list;
  /* A user limited to some warehouses sees only those. */
  const char *only = req->principal.kind == CORE_PRINCIPAL_USER &&
                             req->principal.warehouses[0] != '\0'
                         ? req->principal.warehouses
                         : NULL;
  enum core_ec ec =
      core_warehouse_list(web_query_text(req, "q"), only, page.limit,
                          page.offset, req->arena, &list);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *items = json_array();
  for (unsigned i = 0; i < list.count; i++)
    json_array_append_new(items, web_render_warehouse(&list.items[i]));
  return web_reply_pack(req, MHD_HTTP_OK, "{s:o, s:I, s:I, s:I}", "items",
                        items, "total", (json_int_t)list.total, "limit",
                        (json_int_t)page.limit, "offset",
                        (json_int_t)page.offset);
}
