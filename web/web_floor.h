#ifndef WEB_FLOOR_H
#define WEB_FLOOR_H
/*
 * Shared by the fulfilment handlers: replies for floor outcomes, and what
 * a scanned code says as GS1 (GTIN, lot) before the database reads it.
 */
#include "web_request.h"
#include "core_proc.h"
#include "wms_wave.h"

/*
 * Queues the reply for @a ec and @a out (in): the refusal with its field
 * and detail, or the document with @a created (201) for a first result and
 * 200 for a replay or a read.
 */
enum MHD_Result web_floor_reply(struct web_request *req, enum core_ec ec,
                                const struct core_outcome *out,
                                unsigned created);

/*
 * Queues a keyset page of @a items (in: a JSON array of objects with an
 * "id", newest first, fetched with one more than @a limit): at most
 * @a limit items, and the last one's id as the cursor when there is more.
 */
enum MHD_Result web_floor_reply_page(struct web_request *req, const char *items,
                                     int64_t limit);

/*
 * Queues ZPL text @a zpl (in, copied) as application/x-zpl when @a ec is
 * CORE_EC_OK, else the error for @a ec with @a not_found as its message
 * for CORE_EC_NOT_FOUND.
 */
enum MHD_Result web_floor_reply_zpl(struct web_request *req, enum core_ec ec,
                                    const char *zpl, const char *not_found);

/*
 * Fills s->gtin and s->lot from s->code when it is GS1 data (AIM prefix,
 * HRI, Digital Link, GS separators or a long digit run); leaves them NULL
 * otherwise. Strings go to the request arena.
 */
void web_floor_read_gs1(struct web_request *req, struct wms_scan *s);

/* Whether @a code (in) looks like GS1 data worth parsing. */
bool web_floor_looks_gs1(const char *code);

#endif
