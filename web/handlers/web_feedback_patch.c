#include "web_feedback_patch.h"

#include "core_crm.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_stock_reply.h"

#include <jansson.h>
#include <stdlib.h>

static const char *const states[] = {"open",   "in_progress", "resolved",
                                     "closed", "reopened",    NULL};
static const char *const severities[] = {"low", "normal", "high", "urgent",
                                         NULL};

enum MHD_Result
web_feedback_patch(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  int state = 0, severity = 0;
  bool has_state = false, has_severity = false;
  const char *assignee = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(&has_state, CORE_JSON_K_CHOICE("state", &state, states)),
      CORE_JSON_OPT(&has_severity,
                    CORE_JSON_K_CHOICE("severity", &severity, severities)),
      /* "" takes the ticket off whoever has it. */
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("assignee", &assignee, 64)),
      CORE_JSON_END,
  };
  bool clear = json_is_string(json_object_get(req->json, "assignee")) &&
               json_string_length(json_object_get(req->json, "assignee")) == 0;
  if (clear)
    json_object_del(req->json, "assignee");
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *d = json_object();
  if (has_state)
    json_object_set_new(d, "state", json_string(states[state]));
  if (has_severity)
    json_object_set_new(d, "severity", json_string(severities[severity]));
  if (assignee != NULL || clear)
    json_object_set_new(d, "assignee", json_string(clear ? "" : assignee));
  char *doc = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_crm_feedback_update(id, doc, who.user_id, req->arena, &out);
  free(doc);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
