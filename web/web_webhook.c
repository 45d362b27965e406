#include "web_webhook.h"

#include "core_order.h"
#include "core_store.h"
#include "web_reply.h"
#include "web_signature.h"
#include "web_stock_reply.h"

#include <stdlib.h>
#include <string.h>

/* Parses the verified body; replies 400 itself when it is not JSON. */
static json_t *
parse_or_reply(struct web_request *req, enum MHD_Result *ret)
{
  json_error_t jerr;
  json_t *j =
      json_loadb(req->body != NULL ? req->body : "", req->body_len, 0, &jerr);
  if (j == NULL)
    *ret = web_reply_error(req, CORE_EC_MALFORMED_JSON, NULL,
                           "invalid JSON at line %d, column %d: %s", jerr.line,
                           jerr.column, jerr.text);
  return j;
}

enum MHD_Result
web_webhook_order(struct web_request *req, const char *channel,
                  const char *sig_header,
                  enum core_ec (*normalize)(const json_t *, json_t **,
                                            struct core_json_error *))
{
  const char *store = req->params[0];
  const char *have_channel, *secret;
  enum core_ec ec =
      core_store_secret(store, req->arena, &have_channel, &secret);
  if (ec != CORE_EC_OK && ec != CORE_EC_UNKNOWN_STORE)
    return web_reply_error(req, ec, NULL, NULL);
  /* An unknown store, or one of another channel, is answered like a bad
     signature (after the same HMAC work), so store codes cannot be
     enumerated by unsigned requests. */
  bool known = ec == CORE_EC_OK && strcmp(have_channel, channel) == 0;
  const char *sig =
      MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, sig_header);
  bool valid = web_signature_valid(known ? secret : "no store", req->body,
                                   req->body_len, sig);
  if (!known || !valid)
    return web_reply_error(req, CORE_EC_BAD_SIGNATURE, NULL,
                           "%s is missing or does not match the body",
                           sig_header);
  enum MHD_Result ret;
  json_t *payload = parse_or_reply(req, &ret);
  if (payload == NULL)
    return ret;
  json_t *doc = NULL;
  struct core_json_error err;
  ec = normalize(payload, &doc, &err);
  json_decref(payload);
  if (ec != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = web_stock_actor(req);
  const char *out;
  bool replayed;
  ec = core_order_intake(store, text, &who, req->arena, &out, &replayed);
  free(text);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, replayed ? MHD_HTTP_OK : MHD_HTTP_CREATED,
                             out);
}
