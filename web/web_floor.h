#ifndef WEB_FLOOR_H
#define WEB_FLOOR_H
/*
 * Shared by the fulfilment handlers: replies for floor outcomes (a scanned
 * code's GS1 reading is web_scan.h's).
 */
#include "web_request.h"
#include "core_proc.h"

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

#endif
