#ifndef WEB_REPLY_H
#define WEB_REPLY_H
/*
 * Replies. Every reply, error or not, goes through here so that each one
 * carries the request id, the JSON content type and no-store caching, and
 * so that the access log knows the status.
 */
#include "core_ec.h"
#include "core_json.h"
#include "web_request.h"

#include <jansson.h>
#include <microhttpd.h>

/*
 * Queues @a body (in, stolen) as the JSON reply with @a status. Returns
 * MHD's verdict; MHD_NO only when nothing could be queued.
 */
enum MHD_Result web_reply_json_steal(struct web_request *req, unsigned status,
                                     json_t *body);

/*
 * Queues a reply built by json_pack(@a fmt, ...). A pack error is our bug:
 * it is logged and answered with internal_error.
 */
enum MHD_Result web_reply_pack(struct web_request *req, unsigned status,
                               const char *fmt, ...);

/*
 * Queues the one error shape for @a ec:
 * {"error":{"code","message","field"}} with the code's HTTP status.
 * @a field (in, may be NULL) names the input to blame; @a fmt is the
 * message (printf-style; NULL: the code's hint).
 */
enum MHD_Result web_reply_error(struct web_request *req, enum core_ec ec,
                                const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * The same with @a params (in, borrowed, may be NULL): the refusal's named
 * figures, {"expected":"A-01-1"}, sent as error.params next to the message
 * so that a client words the error in its own language from the code and
 * these (the UI's catalogs: error.<code> with {name} placeholders).
 */
enum MHD_Result web_reply_error_params(struct web_request *req, enum core_ec ec,
                                       const char *field, const json_t *params,
                                       const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Queues the error described by @a err (in), from core_json_parse. */
enum MHD_Result web_reply_json_error(struct web_request *req,
                                     const struct core_json_error *err);

/*
 * Queues @a text (in, copied), which must be a JSON document already (as
 * built by PostgreSQL), with @a status.
 */
enum MHD_Result web_reply_text_json(struct web_request *req, unsigned status,
                                    const char *text);

/*
 * Queues a list page: {"items": @a items, "next": cursor or null}, where
 * @a items (in) is a JSON array text and @a next_key (in, may be NULL) the
 * key of the page's last row, sent as an opaque cursor.
 */
enum MHD_Result web_reply_page(struct web_request *req, const char *items,
                               const char *next_key);

/*
 * Queues @a data (heap, taken: freed by the server once sent, or here on
 * failure) as a 200 reply of @a content_type, with @a cache_control
 * (e.g. "no-store", or "public, max-age=86400" for pure functions of the
 * URL such as barcode images).
 */
enum MHD_Result web_reply_bytes(struct web_request *req, void *data, size_t len,
                                const char *content_type,
                                const char *cache_control);

/*
 * Queues @a resp (in, taken: a streaming response from a callback) as a 200
 * of @a content_type with the common headers, for event streams.
 */
enum MHD_Result web_reply_stream(struct web_request *req,
                                 struct MHD_Response *resp,
                                 const char *content_type);

/*
 * The Content-Security-Policy of the web UI's pages and files: scripts,
 * styles and requests only from this origin, never inline; images also as
 * data: URLs (barcodes drawn by the page).
 */
#define WEB_REPLY_UI_CSP                                                       \
  "default-src 'self'; script-src 'self'; style-src 'self'; "                  \
  "img-src 'self' data:; connect-src 'self'; object-src 'none'; "              \
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* A static file of the web UI, as web_reply_asset sends it. */
struct web_reply_asset {
  const unsigned char *data; /* static: never copied or freed */
  size_t len;                /* 0 for a 304 */
  const char *content_type;
  const char *etag; /* quoted, or NULL */
  const char *cache_control;
};

/*
 * Queues @a a (in, static) with @a status (200 or 304), its content type,
 * ETag and caching, and WEB_REPLY_UI_CSP.
 */
enum MHD_Result web_reply_asset(struct web_request *req, unsigned status,
                                const struct web_reply_asset *a);

/*
 * Queues a 302 to @a location (in, a path on this server), not cached (the
 * target depends on the caller's session).
 */
enum MHD_Result web_reply_redirect(struct web_request *req,
                                   const char *location);

/* Queues an empty reply with @a status (e.g. 204). */
enum MHD_Result web_reply_empty(struct web_request *req, unsigned status);

#endif
