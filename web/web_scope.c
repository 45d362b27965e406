#include "web_scope.h"

#include "core_arena.h"
#include "core_scope.h"
#include "web_auth.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A user limited to some warehouses; API keys and admins are not. */
static bool
limited(const struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  return p->kind == CORE_PRINCIPAL_USER && p->warehouses != NULL &&
         p->warehouses[0] != '\0';
}

bool
web_scope_warehouse_or_reply(struct web_request *req, const char **code,
                             const char *field, enum MHD_Result *ret)
{
  if (*code != NULL)
    return web_auth_warehouse_or_reply(req, *code, ret);
  if (!limited(req))
    return true;
  const char *list = req->principal.warehouses;
  if (strchr(list, ',') == NULL) {
    *code = core_arena_strdup(req->arena, list);
    return true;
  }
  *ret = web_reply_error(req, CORE_EC_MISSING_FIELD, field,
                         "your account covers warehouses %s: name one", list);
  return false;
}

bool
web_scope_resource_or_reply(struct web_request *req, enum web_scope_kind kind,
                            int64_t id, enum MHD_Result *ret)
{
  if (!limited(req))
    return true;
  static const enum core_scope_kind map[] = {
      CORE_SCOPE_RESERVATION, CORE_SCOPE_COUNT,    CORE_SCOPE_REPLENISH_TASK,
      CORE_SCOPE_TRANSFER_TO, CORE_SCOPE_PICKLIST, CORE_SCOPE_SHIPMENT,
      CORE_SCOPE_CARTON,      CORE_SCOPE_EXCEPTION};
  const char *code = NULL;
  enum core_ec ec = core_scope_warehouse(map[kind], id, req->arena, &code);
  if (ec == CORE_EC_NOT_FOUND)
    return true;
  if (ec != CORE_EC_OK) {
    *ret = web_reply_error(req, ec, NULL, NULL);
    return false;
  }
  return web_auth_warehouse_or_reply(req, code, ret);
}

int64_t
web_scope_supplier(const struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  return p->kind == CORE_PRINCIPAL_KEY ? p->supplier_id : 0;
}

/* Drops the cost members of one PO document @a po (in,out). */
static void
strip_costs(json_t *po)
{
  json_object_del(po, "total");
  size_t i;
  json_t *line;
  json_array_foreach(json_object_get(po, "lines"), i, line)
      json_object_del(line, "unit_cost");
}

const char *
web_scope_po_costs(const struct web_request *req, const char *doc)
{
  if (doc == NULL || web_auth_allows(req, "purchasing.read"))
    return doc;
  json_t *j = json_loads(doc, 0, NULL);
  if (j == NULL)
    return doc;
  size_t i;
  json_t *po;
  if (json_is_array(j)) {
    json_array_foreach(j, i, po) strip_costs(po);
  } else {
    strip_costs(j);
  }
  char *text = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  const char *copy = core_arena_strdup(req->arena, text != NULL ? text : doc);
  free(text);
  return copy;
}

bool
web_scope_route_has_warehouse(const char *pattern)
{
  const char *at = strstr(pattern, "/{");
  return at != NULL && strncmp(at, "/{wh}", 5) == 0;
}
