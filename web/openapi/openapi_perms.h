#ifndef OPENAPI_PERMS_H
#define OPENAPI_PERMS_H
/*
 * The generator's reading of core/core_perm.c: which roles hold each
 * permission (the perms[] table and its role-bit letters) and which API
 * key scopes grant it (scopes[]), for a route's x-roles and
 * x-api-key-scopes.
 */
#include "openapi_lex.h"

#include <jansson.h>

/*
 * Reads @a t (in, the tokens of core_perm.c) into a new JSON object
 * {"<perm>": {"roles": [...], "scopes": [...]}}. Returns NULL with a
 * message on stderr when a table cannot be read.
 */
json_t *openapi_perms_read(const struct openapi_toks *t);

#endif
