#ifndef CORE_PERM_H
#define CORE_PERM_H
/*
 * Roles and permissions: the one table that says which role may do what,
 * and which API key scope grants which permission. Routes name a
 * permission (web_routes.c); the router asks this module before any
 * handler runs.
 */
#include <stdbool.h>

enum core_role {
  CORE_ROLE_ADMIN,
  CORE_ROLE_BACK_OFFICE,
  CORE_ROLE_WAREHOUSE_LEAD,
  CORE_ROLE_PICKER,
  CORE_ROLE_VIEWER,
  CORE_ROLE_FINANCE,
  CORE_ROLE_CLIENT, /* a 3PL client, bound to one stock owner (issue 23) */
  CORE_ROLE_COUNT
};

/* Wire names of enum core_role, NULL-terminated (for JSON choices). */
extern const char *const core_perm_role_names[];

/* Route permission that needs no principal at all. */
#define CORE_PERM_PUBLIC "public"
/* Route permission that any logged-in user or API key has. */
#define CORE_PERM_AUTHENTICATED "authenticated"

/*
 * Parses role name @a name (in) into @a out (out). Returns false for a
 * name that is not a role.
 */
bool core_perm_role_parse(const char *name, enum core_role *out);

/* Wire name of @a role; "" for a value out of range. */
const char *core_perm_role_name(enum core_role role);

/*
 * Whether @a perm (in) is in the catalogue (including "public" and
 * "authenticated"). The router refuses to start with a route whose
 * permission is unknown.
 */
bool core_perm_known(const char *perm);

/* Whether @a role may use routes that need @a perm (in). */
bool core_perm_role_allows(enum core_role role, const char *perm);

/* Whether @a scope (in, e.g. "orders:write") is a valid API key scope. */
bool core_perm_scope_known(const char *scope);

/*
 * Whether an API key holding the comma-separated @a scopes (in) may use
 * routes that need @a perm (in).
 */
bool core_perm_scopes_allow(const char *scopes, const char *perm);

#endif
