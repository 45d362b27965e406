#include "web_reports_purchasing_get.h"

#include "web_query.h"
#include "web_report.h"
#include "web_reply.h"

#include <string.h>

/* Each view and the report that answers it (core_reports). */
static const struct {
  const char *view, *report;
} views[] = {
    {"spend", "purchasing"},
    {"variance", "purchasing-variance"},
    {"open", "purchasing-open"},
    {"ranking", "purchasing-ranking"},
};

enum MHD_Result
web_reports_purchasing_get(struct web_request *req)
{
  const char *v = web_query_text(req, "view");
  const char *name = NULL;
  for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
    if (v == NULL || strcmp(v, views[i].view) == 0) {
      name = views[i].report;
      break;
    }
  if (name == NULL)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "view",
                           "view is spend, variance, open or ranking, not "
                           "\"%s\"",
                           v);
  const struct web_report_spec *spec = web_report_spec_find(name);
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
