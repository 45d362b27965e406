#include "web_feedback_list_get.h"

#include "core_crm.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Whether @a v (may be NULL) is one of @a list (NULL-ended). */
static bool
one_of(const char *v, const char *const *list)
{
  if (v == NULL)
    return true;
  for (; *list != NULL; list++) {
    if (strcmp(v, *list) == 0)
      return true;
  }
  return false;
}

/* Reads the filters into @a f (in,out); false with @a ret on a bad one. */
static bool
filters_or_reply(struct web_request *req, json_t *f, enum MHD_Result *ret)
{
  static const char *const states[] = {"open",   "in_progress", "resolved",
                                       "closed", "reopened",    NULL};
  static const char *const kinds[] = {"complaint", "review", "inquiry",
                                      "suggestion", NULL};
  static const char *const texts[] = {"state", "kind",     "sku",
                                      "store", "assignee", "customer"};
  int overdue = 0;
  if (!web_query_bool_or_reply(req, "overdue", &overdue, ret))
    return false;
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const char *v = web_query_text(req, texts[i]);
    if (v != NULL)
      json_object_set_new(f, texts[i], json_string(v));
  }
  const char *bad = !one_of(web_query_text(req, "state"), states) ? "state"
                    : !one_of(web_query_text(req, "kind"), kinds) ? "kind"
                                                                  : NULL;
  const char *cust = web_query_text(req, "customer");
  if (bad == NULL && cust != NULL &&
      (cust[strspn(cust, "0123456789")] != '\0' || strlen(cust) > 18))
    bad = "customer";
  if (bad != NULL) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, bad,
                           "%s has an unknown value", bad);
    return false;
  }
  json_object_set_new(f, "overdue", json_string(overdue ? "true" : "false"));
  return true;
}

enum MHD_Result
web_feedback_list_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  json_t *f = json_object();
  if (!filters_or_reply(req, f, &ret)) {
    json_decref(f);
    return ret;
  }
  char *filter = json_dumps(f, JSON_COMPACT);
  json_decref(f);
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec =
      core_crm_feedback_list(filter, web_scope_allowed(req), before,
                             cur.limit + 1, req->arena, &items);
  free(filter);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
