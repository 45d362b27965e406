#include "web_feedback_post.h"

#include "core_crm.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_stock_reply.h"

#include <jansson.h>
#include <stdlib.h>

static const char *const kinds[] = {"complaint", "review", "inquiry",
                                    "suggestion", NULL};
static const char *const severities[] = {"low", "normal", "high", "urgent",
                                         NULL};

/* The checked fields as crm_feedback_create reads them (heap text). */
static char *
canonical(const char *store, int64_t order, int64_t customer, const char *sku,
          int kind, int64_t rating, int severity, const char *text,
          const char *channel, const char *assignee, const char *external)
{
  json_t *d =
      json_pack("{s:s, s:s, s:s, s:s}", "store", store, "kind", kinds[kind],
                "severity", severities[severity], "text", text);
  if (order > 0)
    json_object_set_new(d, "order", json_integer(order));
  if (customer > 0)
    json_object_set_new(d, "customer", json_integer(customer));
  if (sku != NULL)
    json_object_set_new(d, "sku", json_string(sku));
  if (rating > 0)
    json_object_set_new(d, "rating", json_integer(rating));
  if (channel != NULL)
    json_object_set_new(d, "channel", json_string(channel));
  if (assignee != NULL)
    json_object_set_new(d, "assignee", json_string(assignee));
  if (external != NULL)
    json_object_set_new(d, "external_id", json_string(external));
  char *t = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  return t;
}

enum MHD_Result
web_feedback_post(struct web_request *req)
{
  const char *store, *sku = NULL, *text, *channel = NULL, *assignee = NULL;
  const char *key = NULL, *external = NULL;
  int64_t order = 0, customer = 0, rating = 0;
  int kind, severity = 1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("store", &store, 32)),
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("kind", &kind, kinds)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("text", &text, 4000)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("order", &order, 1, INT64_C(1) << 53)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_INT("customer", &customer, 1, INT64_C(1) << 53)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("rating", &rating, 1, 5)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_CHOICE("severity", &severity, severities)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("channel", &channel, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("assignee", &assignee, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("external_id", &external, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  char *doc = canonical(store, order, customer, sku, kind, rating, severity,
                        text, channel, assignee, external);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_crm_feedback_create(doc, key, who.user_id, req->arena, &out);
  free(doc);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
