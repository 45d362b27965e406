#include "web_invoice.h"

#include "core_invoice.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdlib.h>

enum MHD_Result
web_invoice_run(struct web_request *req, const char *op, const char *arg,
                json_t *doc, unsigned created)
{
  char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(doc);
  if (text == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_invoice_run(op, arg, text, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, created);
}
