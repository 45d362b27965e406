#ifndef OPENAPI_ROUTES_H
#define OPENAPI_ROUTES_H
/*
 * The generator's reading of web/web_routes.c: each entry of web_routes[]
 * with its members, and the NULL-terminated string arrays of a file (the
 * q_* query lists; elsewhere the names a CORE_JSON_K_CHOICE accepts).
 */
#include "openapi_lex.h"

/* One entry of web_routes[] (every string heap, owned by the array). */
struct openapi_route {
  char *method, *pattern, *handler, *perm;
  bool json_body, body_optional, rate_free, replica;
  char **query; /* NULL-terminated, or NULL: no query parameters */
  char *scope;  /* WEB_SCOPE_* name */
  char *scope_from;
  char *owner; /* WEB_OWNER_* name, or NULL: not declared (refused) */
};

/* A named string array: `NAME[] = {"a", "b", NULL}`. */
struct openapi_list {
  char *file; /* where it is defined */
  char *name;
  char **values; /* NULL-terminated */
};

struct openapi_lists {
  struct openapi_list *v;
  size_t n, cap;
};

/*
 * Adds every string array defined in @a t (in) to @a lists (in,out).
 */
void openapi_lists_scan(const struct openapi_toks *t,
                        struct openapi_lists *lists);

/*
 * The values of list @a name (in), preferring one defined in file @a file
 * (in): a static array shadows an extern one of the same name. NULL if
 * there is none.
 */
char **openapi_lists_find(const struct openapi_lists *lists, const char *file,
                          const char *name);

/*
 * Reads web_routes[] from @a t (in, the tokens of web_routes.c) into
 * @a out (out, heap array of @a n entries). Returns 0, or -1 with a
 * message on stderr when the table cannot be read.
 */
int openapi_routes_read(const struct openapi_toks *t,
                        const struct openapi_lists *lists,
                        struct openapi_route **out, size_t *n);

#endif
