#ifndef WEB_PARAM_H
#define WEB_PARAM_H
/* Typed access to {param} path segments. */
#include "web_request.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Reads path parameter @a i as a positive id into @a out. A segment that
 * is not one cannot name anything: queues 404 not_found, returns false.
 */
bool web_param_id_or_reply(struct web_request *req, unsigned i, int64_t *out,
                           enum MHD_Result *ret);

#endif
