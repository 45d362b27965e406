#ifndef WEB_OWNER_INPUT_H
#define WEB_OWNER_INPUT_H
/*
 * The body of POST and PATCH /api/v1/owners, shared by both handlers.
 */
#include "core_owner.h"
#include "web_request.h"

#include <microhttpd.h>
#include <stdbool.h>

/*
 * Parses the request's body into @a o (out; strings in the request arena):
 * code and name required when @a create, every member optional otherwise
 * (and code refused). Returns false with @a ret set when it replied 422.
 */
bool web_owner_input_or_reply(struct web_request *req, bool create,
                              struct core_owner *o, enum MHD_Result *ret);

#endif
