#include "web_orders_post.h"

#include "core_order.h"
#include "web_order_input.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdlib.h>

enum MHD_Result
web_orders_post(struct web_request *req)
{
  const char *store;
  json_t *doc;
  struct core_json_error err;
  if (web_order_input_api(req->json, req->arena, &store, &doc, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = web_stock_actor(req);
  const char *out;
  bool replayed;
  enum core_ec ec =
      core_order_intake(store, text, &who, req->arena, &out, &replayed);
  free(text);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, replayed ? MHD_HTTP_OK : MHD_HTTP_CREATED,
                                 out);
    case CORE_EC_UNKNOWN_STORE:
      return web_reply_error(req, ec, "store", "no store %s", store);
    case CORE_EC_CONFLICTING_REDELIVERY:
      return web_reply_error(req, ec, "external_id", NULL);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
