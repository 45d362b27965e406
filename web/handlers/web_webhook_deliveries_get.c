#include "web_webhook_deliveries_get.h"

#include "core_webhook.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_query.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = {"pending", "delivered", "failed", NULL};

/* Whether @a s is one of the delivery statuses. */
static bool
known_status(const char *s)
{
  for (size_t i = 0; statuses[i] != NULL; i++) {
    if (strcmp(statuses[i], s) == 0)
      return true;
  }
  return false;
}

enum MHD_Result
web_webhook_deliveries_get(struct web_request *req)
{
  int64_t id;
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret) ||
      !web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  const char *status = web_query_text(req, "status");
  if (status != NULL && status[0] != '\0' && !known_status(status))
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "status",
                           "status %s is not one of: pending, delivered, "
                           "failed",
                           status);
  json_t *f = json_pack("{s:I}", "limit", (json_int_t)(cur.limit + 1));
  if (status != NULL && status[0] != '\0')
    json_object_set_new(f, "status", json_string(status));
  if (cur.after != NULL)
    json_object_set_new(f, "before", json_string(cur.after));
  char *text = json_dumps(f, JSON_COMPACT);
  json_decref(f);
  const char *items;
  enum core_ec ec = text != NULL
                        ? core_webhook_deliveries(id, text, req->arena, &items)
                        : CORE_EC_INTERNAL;
  free(text);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
