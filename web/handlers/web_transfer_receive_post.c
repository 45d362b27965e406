#include "web_transfer_receive_post.h"

#include "core_json.h"
#include "core_transfer.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"

enum MHD_Result
web_transfer_receive_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *bin = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("to_bin", &bin, 32)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  const char *doc;
  enum core_ec ec = core_transfer_receive(id, bin, &who, req->arena, &doc);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_OK, doc);
    case CORE_EC_CONFLICT:
      return web_reply_error(req, ec, NULL, "transfer %lld was received",
                             (long long)id);
    case CORE_EC_UNKNOWN_BIN:
    case CORE_EC_BIN_BLOCKED:
      return web_reply_error(req, ec, "to_bin", NULL);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
