#include "web_feedback_sla_post.h"

#include "core_crm.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"

static const char *const severities[] = {"low", "normal", "high", "urgent",
                                         NULL};

enum MHD_Result
web_feedback_sla_post(struct web_request *req)
{
  const char *store = NULL;
  int severity;
  int64_t hours;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("store", &store, 32)),
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("severity", &severity, severities)),
      CORE_JSON_REQ(CORE_JSON_K_INT("hours", &hours, 1, 2000)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_outcome out;
  /* Without a store: the default of every store, an admin's setting. */
  enum core_ec ec = core_crm_feedback_sla(store, severities[severity], hours,
                                          req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
