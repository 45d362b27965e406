#include "web_order_get.h"

#include "core_arena.h"
#include "core_finance.h"
#include "core_order.h"
#include "web_auth.h"
#include "web_param.h"
#include "web_reply.h"

#include <stdio.h>
#include <string.h>

/* The order document @a doc with "margin" (core_finance_margin) for a
 * caller holding finance.read; @a doc as it is for anyone else. */
static const char *
with_margin(struct web_request *req, int64_t id, const char *doc)
{
  const char *m = NULL;
  size_t n = strlen(doc);
  if (!web_auth_allows(req, "finance.read") || n < 2 || doc[n - 1] != '}' ||
      core_finance_margin(id, req->arena, &m) != CORE_EC_OK)
    return doc;
  size_t len = n + strlen(m) + 16;
  char *out = core_arena_alloc(req->arena, len);
  snprintf(out, len, "%.*s%s\"margin\":%s}", (int)(n - 1), doc,
           n > 2 ? "," : "", m);
  return out;
}

enum MHD_Result
web_order_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_order_get(id, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, with_margin(req, id, doc));
}
