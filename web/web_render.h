#ifndef WEB_RENDER_H
#define WEB_RENDER_H
/*
 * JSON views of domain structs, shared by the handlers that return them.
 * Each returns a new reference owned by the caller.
 */
#include "core_warehouse.h"

#include <jansson.h>

json_t *web_render_warehouse(const struct core_warehouse *w);

#endif
