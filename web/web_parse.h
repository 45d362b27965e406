#ifndef WEB_PARSE_H
#define WEB_PARSE_H
/* A request body read by its spec, or the error reply that names the field. */
#include "core_json.h"
#include "web_request.h"

#include <stdbool.h>

/*
 * Parses the request body by @a spec (in; strict: a key no spec names is
 * unknown_field). A route whose body is optional and was sent none reads
 * as an empty object, so only required fields can fail. On failure
 * queues the error reply (with the field to blame), sets @a ret (out) and
 * returns false.
 */
bool web_parse_or_reply(struct web_request *req,
                        const struct core_json_spec spec[],
                        enum MHD_Result *ret);

#endif
