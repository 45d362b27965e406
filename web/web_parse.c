#include "web_parse.h"

#include "web_reply.h"

bool
web_parse_or_reply(struct web_request *req, const struct core_json_spec spec[],
                   enum MHD_Result *ret)
{
  json_t *empty = req->json == NULL ? json_object() : NULL;
  struct core_json_error err;
  enum core_ec ec = core_json_parse(req->json != NULL ? req->json : empty, spec,
                                    true, NULL, req->arena, &err);
  json_decref(empty);
  if (ec == CORE_EC_OK)
    return true;
  *ret = web_reply_json_error(req, &err);
  return false;
}
