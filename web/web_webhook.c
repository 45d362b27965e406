#include "web_webhook.h"

#include "core_order.h"
#include "core_returns.h"
#include "core_store.h"
#include "web_floor.h"
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

/*
 * The payload of a delivery to store {store} of @a channel whose header
 * @a sig_header signs its raw body; else NULL, with the reply (401, 400)
 * queued into @a ret and nothing stored.
 */
static json_t *
verified_or_reply(struct web_request *req, const char *channel,
                  const char *sig_header, enum MHD_Result *ret)
{
  const char *store = req->params[0];
  const char *have_channel, *secret;
  enum core_ec ec =
      core_store_secret(store, req->arena, &have_channel, &secret);
  if (ec != CORE_EC_OK && ec != CORE_EC_UNKNOWN_STORE) {
    *ret = web_reply_error(req, ec, NULL, NULL);
    return NULL;
  }
  /* An unknown store, or one of another channel, is answered like a bad
     signature (after the same HMAC work), so store codes cannot be
     enumerated by unsigned requests. */
  bool known = ec == CORE_EC_OK && strcmp(have_channel, channel) == 0;
  const char *sig =
      MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, sig_header);
  bool valid = web_signature_valid(known ? secret : "no store", req->body,
                                   req->body_len, sig);
  if (!known || !valid) {
    *ret =
        web_reply_error(req, CORE_EC_BAD_SIGNATURE, NULL,
                        "%s is missing or does not match the body", sig_header);
    return NULL;
  }
  return parse_or_reply(req, ret);
}

/* Runs core_returns_channel_refund on document @a doc (taken). */
static enum core_ec
refund_run(struct web_request *req, json_t *doc, struct core_outcome *out)
{
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  if (text == NULL)
    return CORE_EC_INTERNAL;
  struct core_stock_actor who = web_stock_actor(req);
  enum core_ec ec =
      core_returns_channel_refund(req->params[0], text, &who, req->arena, out);
  free(text);
  return ec;
}

enum MHD_Result
web_webhook_order_refund(struct web_request *req, const char *channel,
                         const char *sig_header,
                         web_webhook_normalize normalize,
                         web_webhook_normalize refund)
{
  enum MHD_Result ret;
  json_t *payload = verified_or_reply(req, channel, sig_header, &ret);
  if (payload == NULL)
    return ret;
  json_t *doc = NULL, *refunds = NULL;
  struct core_json_error err;
  enum core_ec ec = normalize(payload, &doc, &err);
  if (ec == CORE_EC_OK && refund != NULL)
    ec = refund(payload, &refunds, &err);
  json_decref(payload);
  if (ec != CORE_EC_OK) {
    json_decref(doc);
    return web_reply_json_error(req, &err);
  }
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = web_stock_actor(req);
  const char *out;
  bool replayed;
  ec = core_order_intake(req->params[0], text, &who, req->arena, &out,
                         &replayed);
  free(text);
  if (ec == CORE_EC_OK && refunds != NULL) {
    /* The order is in (or was): its refunds go to its return. */
    struct core_outcome r;
    ec = refund_run(req, refunds, &r);
    refunds = NULL;
  }
  json_decref(refunds);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, replayed ? MHD_HTTP_OK : MHD_HTTP_CREATED,
                             out);
}

enum MHD_Result
web_webhook_order(struct web_request *req, const char *channel,
                  const char *sig_header, web_webhook_normalize normalize)
{
  return web_webhook_order_refund(req, channel, sig_header, normalize, NULL);
}

enum MHD_Result
web_webhook_refund(struct web_request *req, const char *channel,
                   const char *sig_header, web_webhook_normalize refund)
{
  enum MHD_Result ret;
  json_t *payload = verified_or_reply(req, channel, sig_header, &ret);
  if (payload == NULL)
    return ret;
  json_t *doc = NULL;
  struct core_json_error err;
  enum core_ec ec = refund(payload, &doc, &err);
  json_decref(payload);
  if (ec != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  struct core_outcome out;
  ec = refund_run(req, doc, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
