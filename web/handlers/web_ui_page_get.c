#include "web_ui_page_get.h"

#include "web_reply.h"
#include "web_routes.h"
#include "web_ui.h"

#include <string.h>

/* Route pattern → the embedded page it serves. */
static const struct {
  const char *pattern, *page;
} pages[] = {
    {"/login", "/ui/login.html"},
    /* The floor's service worker: served from /floor/ so that it may
       control the floor pages (a worker's scope is its own folder). */
    {"/floor/sw.js", "/ui/floor/sw.js"},
    {"/floor/{*}", "/ui/floor/index.html"},
    {"/app/{*}", "/ui/app/index.html"},
    /* The 3PL client portal (issue 23 item 3). */
    {"/portal/{*}", "/ui/portal/index.html"},
    /* The API reference, which renders /api/v1/openapi.json. */
    {"/api/docs", "/ui/docs/index.html"},
};

enum MHD_Result
web_ui_page_get(struct web_request *req)
{
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    if (strcmp(req->route->pattern, pages[i].pattern) != 0)
      continue;
    const struct web_ui_bundle_file *f = web_ui_find(pages[i].page);
    if (f == NULL)
      break; /* a build without the page: our bug */
    return web_ui_reply(req, f);
  }
  return web_reply_error(req, CORE_EC_INTERNAL, NULL, "no page for %s",
                         req->route->pattern);
}
