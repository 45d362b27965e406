#include "web_scope.h"

#include "core_arena.h"
#include "core_db.h"
#include "wms_scope.h"
#include "web_auth.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_routes.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(WEB_SCOPE_FEEDBACK - WEB_SCOPE_RESERVATION == WMS_SCOPE_FEEDBACK,
               "web_scope_kind's records follow wms_scope_kind");

/* A user limited to some warehouses; API keys and admins are not. */
static bool
limited(const struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  return p->kind == CORE_PRINCIPAL_USER && p->warehouses != NULL &&
         p->warehouses[0] != '\0';
}

const char *
web_scope_allowed(const struct web_request *req)
{
  return limited(req) ? req->principal.warehouses : NULL;
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

/* The route's key as text, or NULL when the request has none. */
static const char *
route_key(struct web_request *req)
{
  const char *from = req->route->scope_from;
  if (from == NULL)
    return req->nparams > 0 ? req->params[0] : NULL;
  if (from[0] == '?')
    return web_query_text(req, from + 1);
  json_t *v = req->json != NULL ? json_object_get(req->json, from) : NULL;
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_integer(v)) {
    char buf[24];
    snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return core_arena_strdup(req->arena, buf);
  }
  return NULL; /* absent or of the wrong type: the handler says so */
}

bool
web_scope_route_or_reply(struct web_request *req, struct wms_scope_lead *lead,
                         struct core_db_riders *riders, enum MHD_Result *ret)
{
  enum web_scope_kind kind = req->route->scope;
  if (kind < WEB_SCOPE_WAREHOUSE || !limited(req))
    return true;
  const char *key = route_key(req);
  if (key == NULL)
    return true;
  if (kind == WEB_SCOPE_WAREHOUSE)
    return web_auth_warehouse_or_reply(req, key, ret);
  wms_scope_lead((enum wms_scope_kind)(kind - WEB_SCOPE_RESERVATION), key,
                 req->principal.warehouses, lead, &riders->lead);
  return true;
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
