#include "web_owner.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_owner.h"
#include "core_perm.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_routes.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

_Static_assert(WEB_OWNER_PO - WEB_OWNER_OWNER == CORE_OWNER_SCOPE_PO,
               "web_owner_kind's records follow core_owner_scope");

int64_t
web_owner_only_id(const struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  return p->kind != CORE_PRINCIPAL_NONE ? p->owner_id : 0;
}

const char *
web_owner_only(const struct web_request *req)
{
  if (web_owner_only_id(req) == 0)
    return NULL;
  return req->principal.owner != NULL ? req->principal.owner : "";
}

/* The route's owner key as text, or NULL when the request has none. */
static const char *
owner_key(struct web_request *req)
{
  const char *from = req->route->owner_from;
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
web_owner_route_or_reply(struct web_request *req, struct core_owner_lead *lead,
                         struct core_db_riders *riders, enum MHD_Result *ret)
{
  int64_t owner = web_owner_only_id(req);
  if (owner == 0 || strcmp(req->route->perm, CORE_PERM_PUBLIC) == 0)
    return true;
  enum web_owner_kind kind = req->route->owner;
  if (kind == WEB_OWNER_REFUSED) {
    *ret = web_reply_error(req, CORE_EC_OWNER_FORBIDDEN, NULL,
                           "a client of owner %s cannot use %s %s",
                           web_owner_only(req), req->route->method,
                           req->route->pattern);
    return false;
  }
  if (kind < WEB_OWNER_OWNER)
    return true;
  const char *key = owner_key(req);
  if (key == NULL)
    return true;
  if (riders->lead.stmt != NULL) {
    /* A client is made without warehouses, so the one lead slot is free;
     * one an admin limited to warehouses since is refused record routes
     * (the safe answer) until the limit is lifted. */
    *ret = web_reply_error(req, CORE_EC_OWNER_FORBIDDEN, NULL,
                           "a client account cannot be warehouse-limited");
    return false;
  }
  core_owner_lead((enum core_owner_scope)(kind - WEB_OWNER_OWNER), key, owner,
                  lead, &riders->lead);
  return true;
}

bool
web_owner_filter_or_reply(struct web_request *req, const char *given,
                          const char **code, enum MHD_Result *ret)
{
  const char *own = web_owner_only(req);
  if (own == NULL) {
    *code = given;
    return true;
  }
  if (given != NULL && strcmp(given, own) != 0) {
    *ret = web_reply_page(req, "[]", NULL);
    return false;
  }
  *code = own;
  return true;
}
