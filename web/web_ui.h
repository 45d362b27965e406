#ifndef WEB_UI_H
#define WEB_UI_H
/*
 * Serving the embedded web UI (web_ui_bundle.h): lookup by URL path and
 * the one reply every UI file gets: its content type, a strong ETag with
 * 304 on If-None-Match, revalidating caching, and the UI's
 * Content-Security-Policy (no inline script, nothing from other origins).
 */
#include "web_request.h"
#include "web_ui_bundle.h"

#include <microhttpd.h>

/* The embedded file at URL path @a path (in), or NULL (borrowed, static). */
const struct web_ui_bundle_file *web_ui_find(const char *path);

/*
 * Queues @a f (in, static): 304 with no body when the request's
 * If-None-Match names its ETag (or is "*"), else 200 with the bytes.
 */
enum MHD_Result web_ui_reply(struct web_request *req,
                             const struct web_ui_bundle_file *f);

#endif
