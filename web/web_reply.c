#include "web_reply.h"

#include "core_db.h"

#include "core_arena.h"
#include "core_log.h"
#include "core_pii_doc.h"
#include "core_utf8.h"

#include "web_auth.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Headers every reply carries; a failure here is a bug, so only logged. */
static void
add_headers(struct web_request *req, struct MHD_Response *resp, bool json,
            const char *cache_control, const char *csp)
{
  bool ok = MHD_add_response_header(resp, "X-Request-Id", req->request_id) ==
                MHD_YES &&
            MHD_add_response_header(resp, "Cache-Control", cache_control) ==
                MHD_YES &&
            MHD_add_response_header(resp, "X-Content-Type-Options",
                                    "nosniff") == MHD_YES;
  ok = ok &&
       MHD_add_response_header(resp, "Content-Security-Policy", csp) ==
           MHD_YES &&
       MHD_add_response_header(resp, "X-Frame-Options", "DENY") == MHD_YES &&
       MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") ==
           MHD_YES;
  if (req->tls)
    ok = ok && MHD_add_response_header(resp, "Strict-Transport-Security",
                                       "max-age=31536000; "
                                       "includeSubDomains") == MHD_YES;
  if (req->set_cookie != NULL)
    ok = ok && MHD_add_response_header(resp, "Set-Cookie", req->set_cookie) ==
                   MHD_YES;
  if (req->retry_after != NULL)
    ok = ok && MHD_add_response_header(resp, "Retry-After", req->retry_after) ==
                   MHD_YES;
  /* A routed read says where it went as it replies: a read that fell
   * back to the primary mid-way says primary. */
  if (req->read_target != NULL || core_db_read_on_replica())
    ok = ok && MHD_add_response_header(resp, "Depot-Read-Target",
                                       core_db_read_on_replica()
                                           ? "replica"
                                           : "primary") == MHD_YES;
  if (req->allow != NULL)
    ok = ok && MHD_add_response_header(resp, "Allow", req->allow) == MHD_YES;
  if (json)
    ok = ok &&
         MHD_add_response_header(resp, "Content-Type",
                                 "application/json; charset=utf-8") == MHD_YES;
  CORE_BREAK(ok);
}

/*
 * The API serves JSON only, so the strictest policy costs nothing; the UI's
 * own files get WEB_REPLY_UI_CSP.
 */
static const char api_csp[] = "default-src 'self'; frame-ancestors 'none'; "
                              "base-uri 'none'; form-action 'self'";

static void
add_common_headers(struct web_request *req, struct MHD_Response *resp,
                   bool json)
{
  add_headers(req, resp, json, "no-store", api_csp);
}

static enum MHD_Result
queue(struct web_request *req, unsigned status, struct MHD_Response *resp)
{
  if (req->replied) {
    /* A handler that replies twice has a bug; keep the first reply. */
    CORE_BREAK(!req->replied);
    MHD_destroy_response(resp);
    return MHD_YES;
  }
  if (req->hold_reply) {
    req->held = resp;
    req->replied = true;
    req->status = status;
    return MHD_YES;
  }
  enum MHD_Result ret = MHD_queue_response(req->conn, status, resp);
  MHD_destroy_response(resp);
  if (ret == MHD_YES) {
    req->replied = true;
    req->status = status;
  }
  return ret;
}

/*
 * Every JSON reply passes here: personal objects ("$pii", from SQL) are
 * opened, and masked for a caller without customers.read_pii, so no route
 * can send a sealed blob or an unmasked phone by forgetting to.
 */
static const char *
reveal(struct web_request *req, const char *text)
{
  const char *out = text;
  if (core_pii_doc_marked(text) &&
      !core_pii_reveal_text(text, web_auth_reads_pii(req), req->arena, &out))
    CORE_BREAK(out == NULL);
  return out;
}

enum MHD_Result
web_reply_json_steal(struct web_request *req, unsigned status, json_t *body)
{
  if (body != NULL && json_is_object(body))
    core_pii_reveal(body, web_auth_reads_pii(req), req->arena);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  if (text == NULL) {
    CORE_BREAK(text != NULL);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  size_t len = strlen(text);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer_with_free_callback(len, text, free);
  if (resp == NULL) {
    free(text);
    return MHD_NO;
  }
  add_common_headers(req, resp, true);
  return queue(req, status, resp);
}

enum MHD_Result
web_reply_pack(struct web_request *req, unsigned status, const char *fmt, ...)
{
  va_list ap;
  json_error_t jerr;
  va_start(ap, fmt);
  json_t *body = json_vpack_ex(&jerr, 0, fmt, ap);
  va_end(ap);
  if (body == NULL) {
    CORE_ERROR("bug: reply does not pack: %s", jerr.text);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  return web_reply_json_steal(req, status, body);
}

/*
 * The one error body: code, message (sanitised), field when one input is
 * to blame, params (a copy of @params) when the refusal has named figures.
 */
static enum MHD_Result
reply_error(struct web_request *req, enum core_ec ec, const char *field,
            const json_t *params, char *message)
{
  /* Messages quote client input, possibly cut inside a character. */
  core_utf8_sanitize(message);
  char field_buf[160] = "";
  if (field != NULL) {
    snprintf(field_buf, sizeof field_buf, "%s", field);
    core_utf8_sanitize(field_buf);
  }
  json_t *err =
      json_pack("{s:s, s:s}", "code", core_ec_name(ec), "message", message);
  if (err != NULL && field_buf[0] != '\0')
    json_object_set_new(err, "field", json_string(field_buf));
  if (err != NULL && json_is_object(params) && json_object_size(params) > 0)
    json_object_set_new(err, "params", json_deep_copy(params));
  json_t *body = err != NULL ? json_pack("{s:o}", "error", err) : NULL;
  if (body == NULL)
    return MHD_NO;
  /* An outage or a stop: tell clients (the floor's queue) when to retry. */
  if (core_ec_status(ec) == MHD_HTTP_SERVICE_UNAVAILABLE &&
      req->retry_after == NULL)
    req->retry_after = ec == CORE_EC_SHUTTING_DOWN ? "5" : "1";
  return web_reply_json_steal(req, core_ec_status(ec), body);
}

/* @fmt and @ap as the message, or the code's hint when @fmt is NULL. */
static void __attribute__((format(printf, 4, 0)))
message_of(char *out, size_t cap, enum core_ec ec, const char *fmt, va_list ap)
{
  if (fmt != NULL)
    vsnprintf(out, cap, fmt, ap);
  else
    snprintf(out, cap, "%s", core_ec_hint(ec));
}

enum MHD_Result
web_reply_error(struct web_request *req, enum core_ec ec, const char *field,
                const char *fmt, ...)
{
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  message_of(message, sizeof message, ec, fmt, ap);
  va_end(ap);
  return reply_error(req, ec, field, NULL, message);
}

enum MHD_Result
web_reply_error_params(struct web_request *req, enum core_ec ec,
                       const char *field, const json_t *params, const char *fmt,
                       ...)
{
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  message_of(message, sizeof message, ec, fmt, ap);
  va_end(ap);
  return reply_error(req, ec, field, params, message);
}

enum MHD_Result
web_reply_json_error(struct web_request *req, const struct core_json_error *err)
{
  return web_reply_error(req, err->ec, err->field, "%s", err->message);
}

enum MHD_Result
web_reply_text_json(struct web_request *req, unsigned status, const char *text)
{
  text = reveal(req, text);
  size_t len = strlen(text);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
  if (resp == NULL)
    return MHD_NO;
  add_common_headers(req, resp, true);
  return queue(req, status, resp);
}

enum MHD_Result
web_reply_page(struct web_request *req, const char *items, const char *next_key)
{
  const char *next = "null";
  if (next_key != NULL) {
    size_t n = strlen(next_key);
    char *hex = core_arena_alloc(req->arena, 2 * n + 3);
    hex[0] = '"';
    for (size_t i = 0; i < n; i++)
      snprintf(hex + 1 + 2 * i, 3, "%02x", (unsigned char)next_key[i]);
    hex[2 * n + 1] = '"';
    hex[2 * n + 2] = '\0';
    next = hex;
  }
  char *body =
      core_arena_printf(req->arena, "{\"items\":%s,\"next\":%s}", items, next);
  return web_reply_text_json(req, MHD_HTTP_OK, body);
}

enum MHD_Result
web_reply_empty(struct web_request *req, unsigned status)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
  if (resp == NULL)
    return MHD_NO;
  add_common_headers(req, resp, false);
  return queue(req, status, resp);
}

enum MHD_Result
web_reply_bytes(struct web_request *req, void *data, size_t len,
                const char *content_type, const char *cache_control)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer_with_free_callback(len, data, free);
  if (resp == NULL) {
    free(data);
    return MHD_NO;
  }
  add_headers(req, resp, false, cache_control, api_csp);
  CORE_BREAK(MHD_add_response_header(resp, "Content-Type", content_type) ==
             MHD_YES);
  return queue(req, MHD_HTTP_OK, resp);
}

enum MHD_Result
web_reply_stream(struct web_request *req, struct MHD_Response *resp,
                 const char *content_type)
{
  add_headers(req, resp, false, "no-store", api_csp);
  CORE_BREAK(MHD_add_response_header(resp, "Content-Type", content_type) ==
             MHD_YES);
  /* Proxies such as nginx would otherwise hold the events back. */
  CORE_BREAK(MHD_add_response_header(resp, "X-Accel-Buffering", "no") ==
             MHD_YES);
  return queue(req, MHD_HTTP_OK, resp);
}

enum MHD_Result
web_reply_asset(struct web_request *req, unsigned status,
                const struct web_reply_asset *a)
{
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
  if (resp == NULL)
    return MHD_NO;
  add_headers(req, resp, false, a->cache_control, WEB_REPLY_UI_CSP);
  bool ok =
      MHD_add_response_header(resp, "Content-Type", a->content_type) == MHD_YES;
  if (a->etag != NULL)
    ok = ok && MHD_add_response_header(resp, "ETag", a->etag) == MHD_YES;
  CORE_BREAK(ok);
  return queue(req, status, resp);
}

enum MHD_Result
web_reply_redirect(struct web_request *req, const char *location)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
  if (resp == NULL)
    return MHD_NO;
  add_headers(req, resp, false, "no-store", WEB_REPLY_UI_CSP);
  CORE_BREAK(MHD_add_response_header(resp, "Location", location) == MHD_YES);
  return queue(req, MHD_HTTP_FOUND, resp);
}
