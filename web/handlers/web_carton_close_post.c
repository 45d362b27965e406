#include "web_carton_close_post.h"

#include "core_json.h"
#include "core_perm.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_print.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "web_waybill.h"
#include "wms_pack.h"

#include <jansson.h>

/*
 * The close answer plus where the label went: queued as a print job that
 * the print worker sends (GET /print-jobs shows how it went).
 */
static enum MHD_Result
reply_closed(struct web_request *req, const struct core_outcome *out,
             const struct wms_print_result *pr)
{
  json_t *doc = json_loads(out->doc, 0, NULL);
  if (doc == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  json_t *p = json_pack("{s:b, s:b}", "attempted", pr->attempted, "queued",
                        pr->attempted);
  if (pr->attempted) {
    json_object_set_new(p, "job", json_integer(pr->job));
    web_print_wake();
  }
  json_object_set_new(doc, "print", p);
  return web_reply_json_steal(req, MHD_HTTP_OK, doc);
}

enum MHD_Result
web_carton_close_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct wms_carton_close_req r = {0};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_INT("weight_g", &r.weight_g, 1, 1000000)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("override_reason", &r.override_reason, 200)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &r.idempotency_key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (r.override_reason != NULL &&
      (req->principal.kind != CORE_PRINCIPAL_USER ||
       !core_perm_role_allows(req->principal.role, "fulfil.override")))
    return web_reply_error(req, CORE_EC_FORBIDDEN, "override_reason",
                           "only a warehouse lead may accept a weight "
                           "mismatch");
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  struct wms_print_result printed;
  /* An e-waybill, when the carrier has one for the store, is asked for
     first, with no transaction open (web_waybill.h). */
  enum core_ec ec = web_waybill_obtain(id, &r, req->arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_carton_close(id, &r, &who, req->arena, &out, &printed);
  if (ec != CORE_EC_OK)
    return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
  return reply_closed(req, &out, &printed);
}
