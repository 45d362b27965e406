#include "openapi_routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *
xrealloc(void *p, size_t n)
{
  p = realloc(p, n);
  if (p == NULL)
    abort();
  return p;
}

/*
 * Reads the braces at @a i as a string array: strings and NULL, possibly
 * with [INDEX] = designators. NULL when anything else is inside.
 */
static char **
string_array(const struct openapi_toks *t, size_t i)
{
  size_t end = openapi_lex_skip(t, i);
  char **v = xrealloc(NULL, sizeof v[0]);
  size_t n = 0;
  for (size_t k = i + 1; k + 1 < end; k++) {
    const struct openapi_tok *x = &t->v[k];
    if (x->kind == OPENAPI_TOK_STRING) {
      v = xrealloc(v, (n + 2) * sizeof v[0]);
      v[n++] = strdup(x->text);
    } else if (openapi_lex_punct(t, k, '[')) {
      k = openapi_lex_skip(t, k); /* "[CORE_X] =": the '=' comes next */
      if (!openapi_lex_punct(t, k, '='))
        goto bad;
    } else if (!openapi_lex_punct(t, k, ',') &&
               !openapi_lex_ident(t, k, "NULL")) {
      goto bad;
    }
  }
  v[n] = NULL;
  if (n > 0)
    return v;
bad:
  for (size_t k = 0; k < n; k++)
    free(v[k]);
  free(v);
  return NULL;
}

void
openapi_lists_scan(const struct openapi_toks *t, struct openapi_lists *lists)
{
  for (size_t i = 0; i + 4 < t->n; i++) {
    if (t->v[i].kind != OPENAPI_TOK_IDENT || !openapi_lex_punct(t, i + 1, '['))
      continue;
    size_t j = openapi_lex_skip(t, i + 1);
    if (!openapi_lex_punct(t, j, '=') || !openapi_lex_punct(t, j + 1, '{'))
      continue;
    char **values = string_array(t, j + 1);
    if (values == NULL)
      continue;
    if (lists->n == lists->cap) {
      lists->cap = lists->cap != 0 ? 2 * lists->cap : 64;
      lists->v = xrealloc(lists->v, lists->cap * sizeof lists->v[0]);
    }
    struct openapi_list *l = &lists->v[lists->n++];
    l->file = strdup(t->path);
    l->name = strdup(t->v[i].text);
    l->values = values;
  }
}

char **
openapi_lists_find(const struct openapi_lists *lists, const char *file,
                   const char *name)
{
  char **any = NULL;
  for (size_t i = 0; i < lists->n; i++) {
    if (strcmp(lists->v[i].name, name) != 0)
      continue;
    if (file != NULL && strcmp(lists->v[i].file, file) == 0)
      return lists->v[i].values;
    if (any == NULL)
      any = lists->v[i].values;
  }
  return any;
}

/* The members of web_route in declaration order (positional entries). */
static const char *const members[] = {
    "method",     "pattern",   "handler",       "perm",
    "json_body",  "query",     "body_optional", "scope",
    "scope_from", "rate_free", "owner",         "owner_from",
    "replica",    "office",    "read_lane",     NULL};

/* Stores the one-token value at @a k as member @a m of @a r. */
static int
set_member(struct openapi_route *r, const char *m, const struct openapi_toks *t,
           size_t k, const struct openapi_lists *lists)
{
  const struct openapi_tok *x = &t->v[k];
  bool truth = strcmp(x->text, "true") == 0;
  char *text = strcmp(x->text, "NULL") == 0 ? NULL : strdup(x->text);
  if (strcmp(m, "method") == 0)
    r->method = text;
  else if (strcmp(m, "pattern") == 0)
    r->pattern = text;
  else if (strcmp(m, "handler") == 0)
    r->handler = text;
  else if (strcmp(m, "perm") == 0)
    r->perm = text;
  else if (strcmp(m, "scope") == 0)
    r->scope = text;
  else if (strcmp(m, "scope_from") == 0)
    r->scope_from = text;
  else if (strcmp(m, "owner") == 0)
    r->owner = text;
  else if (strcmp(m, "json_body") == 0)
    r->json_body = truth;
  else if (strcmp(m, "body_optional") == 0)
    r->body_optional = truth;
  else if (strcmp(m, "rate_free") == 0)
    r->rate_free = truth;
  else if (strcmp(m, "replica") == 0)
    r->replica = truth;
  else if (strcmp(m, "query") == 0 && text != NULL) {
    r->query = openapi_lists_find(lists, t->path, text);
    if (r->query == NULL) {
      fprintf(stderr, "%s: no query list %s\n", t->path, text);
      return -1;
    }
  }
  return 0;
}

/* Reads the entry whose braces open at @a i into @a r. */
static int
read_entry(const struct openapi_toks *t, size_t i,
           const struct openapi_lists *lists, struct openapi_route *r)
{
  size_t end = openapi_lex_skip(t, i) - 1;
  unsigned pos = 0;
  memset(r, 0, sizeof *r);
  for (size_t k = i + 1; k < end; k++) {
    const char *m;
    if (openapi_lex_punct(t, k, '.')) {
      m = t->v[k + 1].text; /* .name = value */
      k += 3;
    } else {
      if (members[pos] == NULL)
        return -1;
      m = members[pos++];
    }
    if (k >= end || set_member(r, m, t, k, lists) != 0)
      return -1;
    if (!openapi_lex_punct(t, k + 1, ',') && k + 1 != end) {
      fprintf(stderr, "%s: a route member is not one token\n", t->path);
      return -1;
    }
    k++;
  }
  return 0;
}

int
openapi_routes_read(const struct openapi_toks *t,
                    const struct openapi_lists *lists,
                    struct openapi_route **out, size_t *n)
{
  size_t i = 0;
  while (i + 4 < t->n && !(openapi_lex_ident(t, i, "web_routes") &&
                           openapi_lex_punct(t, i + 1, '[') &&
                           openapi_lex_punct(t, i + 4, '{')))
    i++;
  if (i + 4 >= t->n) {
    fprintf(stderr, "%s: no web_routes[] table\n", t->path);
    return -1;
  }
  size_t end = openapi_lex_skip(t, i + 4) - 1;
  struct openapi_route *v = NULL;
  size_t count = 0;
  for (size_t k = i + 5; k < end; k = openapi_lex_skip(t, k)) {
    if (openapi_lex_punct(t, k, ',')) {
      k++;
      if (k >= end)
        break;
    }
    v = xrealloc(v, (count + 1) * sizeof v[0]);
    if (read_entry(t, k, lists, &v[count]) != 0) {
      fprintf(stderr, "%s: cannot read route entry %zu\n", t->path, count);
      return -1;
    }
    if (v[count].method == NULL)
      break; /* the terminator */
    count++;
  }
  *out = v;
  *n = count;
  return 0;
}
