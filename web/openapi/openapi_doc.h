#ifndef OPENAPI_DOC_H
#define OPENAPI_DOC_H
/*
 * The OpenAPI 3.1 document built from what the generator read: the route
 * table, each handler's body schema and reply kinds, and the error
 * registry (core/core_ec.def).
 */
#include "openapi_routes.h"

#include <jansson.h>
#include <stdbool.h>

/* What the generator learnt from one route's handler file. */
struct openapi_facts {
  json_t *body;         /* request body schema (owned), or NULL */
  json_t *query;        /* typed query parameters: name -> schema (owned) */
  json_t *path_ids;     /* indexes of path parameters read as ids (owned) */
  json_t *replies;      /* "<status>" -> exact JSON reply schema (owned) */
  bool created;         /* the handler answers 201 */
  bool ok;              /* ... or 200 */
  bool no_content;      /* ... or 204 */
  bool accepted;        /* ... or 202 */
  bool json;            /* names application/json beside file types */
  const char *types[8]; /* file content types it sends (static strings) */
  size_t ntypes;
};

/*
 * Builds the document: @a routes (in, @a n of them) with @a facts (in, one
 * per route), @a codes (in, the registry as an array of
 * {"name","number","status","hint"}), @a perms (in, from openapi_perms)
 * and @a version (in). Returns a new reference.
 */
json_t *openapi_doc_build(const struct openapi_route *routes,
                          const struct openapi_facts *facts, size_t n,
                          const json_t *codes, const json_t *perms,
                          const char *version);

#endif
