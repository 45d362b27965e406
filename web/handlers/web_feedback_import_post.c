#include "web_feedback_import_post.h"

#include "core_arena.h"
#include "core_crm_reviews.h"
#include "core_json.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <sodium.h>
#include <string.h>

enum MHD_Result
web_feedback_import_post(struct web_request *req)
{
  const char *store, *file;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("store", &store, 32)),
      /* The body limit bounds it; the decoded file is 3/4 of it. */
      CORE_JSON_REQ(CORE_JSON_K_STRING("file", &file, 64 << 20)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* Not base64: no bytes, which the import refuses after the store's
   * check (core_crm_reviews_run), as any other file it cannot read. */
  size_t b64 = strlen(file), len = 0;
  unsigned char *data = core_arena_alloc(req->arena, b64 / 4 * 3 + 4);
  bool decoded =
      sodium_base642bin(data, b64 / 4 * 3 + 4, file, b64, "\r\n ", &len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) == 0;
  if (!decoded)
    len = 0;
  size_t bad_line = 0;
  const char *summary = NULL, *why = NULL;
  struct core_stock_actor who = web_stock_actor(req);
  enum core_ec ec =
      core_crm_reviews_run(store, (const char *)data, len, who.user_id, NULL,
                           req->arena, &summary, &bad_line, &why);
  if (ec == CORE_EC_INVALID_VALUE && !decoded)
    return web_reply_error(req, ec, "file", "file is not base64");
  if (ec == CORE_EC_INVALID_VALUE && bad_line > 0)
    return web_reply_error(req, ec, "file", "the file is %s (line %zu)", why,
                           bad_line);
  if (ec == CORE_EC_INVALID_VALUE)
    return web_reply_error(req, ec, "file", "%s", why);
  if (ec == CORE_EC_UNKNOWN_STORE)
    return web_reply_error(req, ec, "store", "no store %.32s", store);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, summary);
}
