#include "web_waybill.h"

#include "channel.h"
#include "core_arena.h"
#include "core_log.h"
#include "core_pii_doc.h"
#include "core_waybill.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum { CANCEL_BATCH = 10 };

static void
drop_json(void *p)
{
  json_decref(p);
}

/* "15 isp.remote-service-timeout: …", or the transport's message. */
static const char *
describe(const struct channel_error *e, struct core_arena *arena)
{
  if (e->code[0] != '\0')
    return core_arena_printf(arena, "%s%s%s: %s", e->code,
                             e->sub_code[0] != '\0' ? " " : "", e->sub_code,
                             e->msg);
  if (e->http_status > 0)
    return core_arena_printf(arena, "HTTP %ld: %s", e->http_status, e->msg);
  return core_arena_strdup(arena, e->msg);
}

static struct channel_creds
creds_of(const struct core_channel_creds *c)
{
  return (struct channel_creds){c->app_key,  c->secret,      c->token,
                                c->base_url, c->sign_method, c->page_size};
}

/* A refused close: the request record goes, the reply says why. */
static enum core_ec
refuse(int64_t carton, enum core_ec ec, const char *detail,
       struct core_outcome *out)
{
  if (core_waybill_forget(carton) != CORE_EC_OK)
    CORE_WARN("carton %lld: waybill request not dropped", (long long)carton);
  *out = (struct core_outcome){.ec = ec, .detail = detail};
  return ec;
}

/* Asks the service for @a req's waybill; the answer into @a res. */
static enum core_ec
ask(int64_t store_id, const json_t *req, struct core_arena *arena, json_t **res,
    const char **why)
{
  struct core_channel_creds k;
  if (core_waybill_creds(store_id, arena, &k) != CORE_EC_OK) {
    *why = "the store's platform credentials do not open";
    return CORE_EC_CHANNEL_NOT_AUTHORISED;
  }
  const struct channel_adapter *ad = channel_find(k.channel);
  if (ad == NULL || ad->waybill == NULL) {
    *why = core_arena_printf(arena, "no waybill service for channel %s",
                             k.channel);
    return CORE_EC_WAYBILL_NOT_SUPPORTED;
  }
  struct channel_creds c = creds_of(&k);
  struct channel_error e = {0};
  if (ad->waybill(&c, req, arena, res, &e) == CORE_EC_OK)
    return CORE_EC_OK;
  *why = describe(&e, arena);
  CORE_WARN("waybill %s: %s",
            json_string_value(json_object_get(req, "object_id")), *why);
  /* The service's own refusal (isv.*, or an answer without a number) is
     final; a platform error (isp.*) or no answer is "try again". */
  bool platform = strncmp(e.sub_code, "isp.", 4) == 0 || e.http_status == 0;
  return e.final || (!platform && e.code[0] != '\0')
             ? CORE_EC_WAYBILL_REFUSED
             : CORE_EC_WAYBILL_UNAVAILABLE;
}

enum core_ec
web_waybill_obtain(int64_t carton, struct wms_carton_close_req *r,
                   struct core_arena *arena, struct core_outcome *out)
{
  enum core_ec ec = core_waybill_prepare(
      carton, r->weight_g, r->override_reason, r->idempotency_key, arena, out);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *doc = json_loads(out->doc != NULL ? out->doc : "{}", 0, NULL);
  core_arena_defer(arena, drop_json, doc);
  if (!json_is_true(json_object_get(doc, "need")))
    return CORE_EC_OK;
  json_t *req = json_object_get(doc, "request");
  /* The recipient as the platform gave it (masked), for the service. */
  core_pii_reveal(json_object_get(req, "recipient"), true, arena);
  json_t *res = NULL;
  const char *why = NULL;
  ec = ask(json_integer_value(json_object_get(doc, "store_id")), req, arena,
           &res, &why);
  if (ec != CORE_EC_OK)
    return refuse(carton, ec, why, out);
  core_arena_defer(arena, drop_json, res);
  const char *code = json_string_value(json_object_get(res, "waybill_code"));
  const char *had = json_string_value(json_object_get(doc, "waybill_code"));
  if (had != NULL && code != NULL && strcmp(had, code) != 0)
    CORE_WARN("carton %lld: the service answered waybill %s for %s",
              (long long)carton, code, had);
  r->waybill_code = core_arena_strdup(arena, code);
  r->waybill_print = json_object_get(res, "print_data");
  r->waybill_sender = json_object_get(req, "sender");
  memset(out, 0, sizeof *out);
  return CORE_EC_OK;
}

unsigned
web_waybill_cancel_once(void)
{
  struct core_arena *a = core_arena_new();
  struct core_waybill_cancel *w = NULL;
  unsigned n = 0;
  if (core_waybill_cancel_lease(CANCEL_BATCH, a, &w, &n) != CORE_EC_OK)
    n = 0;
  for (unsigned i = 0; i < n; i++) {
    const struct channel_adapter *ad = channel_find(w[i].creds.channel);
    struct channel_error e = {0};
    const char *why = "";
    bool ok = false;
    if (ad == NULL || ad->waybill == NULL) {
      why = core_arena_printf(a, "no waybill service for channel %s",
                              w[i].creds.channel);
    } else if (w[i].creds.secret == NULL || w[i].creds.token == NULL) {
      why = "the credentials do not open";
    } else {
      struct channel_creds c = creds_of(&w[i].creds);
      json_t *svc = json_loads(w[i].service, 0, NULL);
      json_t *req = json_pack("{s:s, s:s, s:s, s:o}", "op", "cancel", "cp_code",
                              w[i].cp_code, "waybill_code", w[i].waybill_code,
                              "service", svc != NULL ? svc : json_object());
      json_t *res = NULL;
      ok = ad->waybill(&c, req, a, &res, &e) == CORE_EC_OK;
      json_decref(req);
      json_decref(res);
      if (!ok)
        why = describe(&e, a);
    }
    if (!ok)
      CORE_WARN("waybill %s: cancel failed (attempt %d): %s", w[i].waybill_code,
                w[i].attempts, why);
    if (core_waybill_cancel_done(w[i].carton, ok, e.final, why) != CORE_EC_OK)
      CORE_WARN("could not record the cancel of waybill %s", w[i].waybill_code);
  }
  core_arena_free(a);
  return n;
}
