#include "web_waybill_accounts_post.h"

#include "core_arena.h"
#include "core_waybill.h"
#include "web_floor.h"
#include "web_parse.h"

#include <jansson.h>
#include <stdlib.h>

enum MHD_Result
web_waybill_accounts_post(struct web_request *req)
{
  const char *carrier = NULL, *cp_code = NULL, *template_url = NULL;
  const json_t *sender = NULL, *service = NULL;
  bool active = true;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("carrier", &carrier, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("cp_code", &cp_code, 20)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("template_url", &template_url, 500)),
      /* Checked in SQL (waybill_sender_invalid names the member). */
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("sender", &sender)),
      /* What JD's service needs (checked in SQL for a JD store). */
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("service", &service)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *d =
      json_pack("{s:s, s:s, s:s, s:b}", "carrier", carrier, "cp_code", cp_code,
                "template_url", template_url, "active", active);
  if (sender != NULL)
    json_object_set(d, "sender", (json_t *)sender);
  if (service != NULL)
    json_object_set(d, "service", (json_t *)service);
  char *text = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;
  json_decref(d);
  const char *doc = core_arena_strdup(req->arena, text != NULL ? text : "{}");
  free(text);
  struct core_outcome out;
  enum core_ec ec =
      core_waybill_account_save(req->params[0], doc, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
