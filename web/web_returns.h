#ifndef WEB_RETURNS_H
#define WEB_RETURNS_H
/*
 * What the after-sales handlers (web/handlers/web_return*) share: reading
 * the line arrays of their bodies into the request documents the
 * procedures take (built from what was parsed, never the raw body), and
 * running an operation on one RMA.
 */
#include "core_json.h"
#include "web_request.h"

#include <jansson.h>
#include <stdbool.h>

/* The return reasons, in the order of the catalogs (returns.reason.*). */
extern const char *const web_returns_reasons[];

/*
 * Reads @a lines (in) of a create body, [{sku, qty, reason}], into a new
 * array (out: caller owns it). On a bad line fills @a err and returns
 * NULL.
 */
json_t *web_returns_ask_lines(const json_t *lines, struct core_arena *arena,
                              struct core_json_error *err);

/* The same for an exchange body: [{sku, qty}]. */
json_t *web_returns_replace_lines(const json_t *lines, struct core_arena *arena,
                                  struct core_json_error *err);

/* The same for a receive body: [{sku (scanned code), qty, condition,
 * lot}]; a GS1 scan gives the GTIN and lot. */
json_t *web_returns_receive_lines(const json_t *lines, struct core_arena *arena,
                                  struct core_json_error *err);

/* The same for a dispose body: [{sku, qty, action, bin, condition,
 * supplier}]. */
json_t *web_returns_dispose_lines(const json_t *lines, struct core_arena *arena,
                                  struct core_json_error *err);

/*
 * Runs operation @a op (receive, dispose, refund) of core_returns_act on
 * the RMA of the route's first path parameter with request document
 * @a doc (stolen) and idempotency key @a key; queues the reply.
 */
enum MHD_Result web_returns_act(struct web_request *req, const char *op,
                                json_t *doc, const char *key);

#endif
