#ifndef OPENAPI_SPECS_H
#define OPENAPI_SPECS_H
/*
 * The generator's reading of core_json_spec arrays: a handler's request
 * body as a JSON Schema, with the limits its spec enforces (required,
 * types, min/max, maxLength, enums). Nested specs (an "address" object,
 * the items of "lines") are placed by the prefix their parse call names.
 */
#include "openapi_lex.h"
#include "openapi_routes.h"

#include <jansson.h>

/*
 * The body schema of the handler in @a handler (in), reading nested specs
 * (and the body spec, when the handler has none) also from @a helpers (in,
 * @a nhelpers files the handler includes); @a lists (in) resolves enums.
 * Returns a new reference, or NULL when no spec describes the body.
 */
json_t *openapi_specs_body(const struct openapi_toks *handler,
                           const struct openapi_toks *const helpers[],
                           size_t nhelpers, const struct openapi_lists *lists);

/*
 * The typed reads of the handler in @a handler (in) and of the functions of
 * @a helpers (in, @a nhelpers) it reaches: query parameters read as
 * integers with bounds or as booleans, added to @a query (in,out:
 * name -> schema), and the indexes of path parameters read as ids
 * (integers >= 1), appended to @a path (in,out, JSON array).
 */
void openapi_specs_reads(const struct openapi_toks *handler,
                         const struct openapi_toks *const helpers[],
                         size_t nhelpers, json_t *query, json_t *path);

#endif
