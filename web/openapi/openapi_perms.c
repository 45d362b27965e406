#include "openapi_perms.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The index of the '{' of array @a name's initializer, or t->n. */
static size_t
table(const struct openapi_toks *t, const char *name)
{
  for (size_t i = 0; i + 4 < t->n; i++) {
    if (openapi_lex_ident(t, i, name) && openapi_lex_punct(t, i + 1, '[') &&
        openapi_lex_punct(t, i + 3, '=') && openapi_lex_punct(t, i + 4, '{'))
      return i + 4;
  }
  return t->n;
}

/* The role name of role-bit letter @a letter: A = CORE_ROLE_ADMIN -> admin. */
static json_t *
role_of(const struct openapi_toks *t, const char *letter)
{
  for (size_t i = 0; i + 3 < t->n; i++) {
    if (!openapi_lex_ident(t, i, letter) || !openapi_lex_punct(t, i + 1, '=') ||
        strncmp(t->v[i + 2].text, "CORE_ROLE_", 10) != 0 ||
        !openapi_lex_punct(t, i + 3, ';'))
      continue;
    char name[64];
    size_t k = 0;
    for (const char *p = t->v[i + 2].text + 10; *p != '\0' && k + 1 < 64; p++)
      name[k++] = (char)tolower((unsigned char)*p);
    name[k] = '\0';
    return json_string(name);
  }
  return NULL;
}

/* Reads perms[]: {"perm", A | B | ...} -> out[perm].roles. */
static int
read_roles(const struct openapi_toks *t, json_t *out)
{
  size_t open = table(t, "perms");
  if (open == t->n)
    return -1;
  size_t end = openapi_lex_skip(t, open) - 1;
  for (size_t i = open + 1; i < end; i++) {
    if (!openapi_lex_punct(t, i, '{'))
      continue;
    size_t close = openapi_lex_skip(t, i) - 1;
    const char *perm = t->v[i + 1].text;
    if (openapi_lex_ident(t, i + 1, "CORE_PERM_PUBLIC"))
      perm = "public";
    else if (openapi_lex_ident(t, i + 1, "CORE_PERM_AUTHENTICATED"))
      perm = "authenticated";
    json_t *roles = json_array();
    for (size_t k = i + 3; k < close; k++) {
      if (openapi_lex_punct(t, k, '|'))
        continue;
      json_t *r = role_of(t, t->v[k].text);
      if (r == NULL) {
        fprintf(stderr, "%s: no role bit %s\n", t->path, t->v[k].text);
        json_decref(roles);
        return -1;
      }
      json_array_append_new(roles, r);
    }
    json_object_set_new(out, perm,
                        json_pack("{s:o, s:[]}", "roles", roles, "scopes"));
    i = close;
  }
  return 0;
}

/* Reads scopes[]: {"scope", {"perm", ...}} -> out[perm].scopes. */
static int
read_scopes(const struct openapi_toks *t, json_t *out)
{
  size_t open = table(t, "scopes");
  if (open == t->n)
    return -1;
  size_t end = openapi_lex_skip(t, open) - 1;
  for (size_t i = open + 1; i < end; i++) {
    if (!openapi_lex_punct(t, i, '{'))
      continue;
    size_t close = openapi_lex_skip(t, i) - 1;
    const char *scope = t->v[i + 1].text;
    for (size_t k = i + 2; k < close; k++) {
      if (t->v[k].kind != OPENAPI_TOK_STRING)
        continue;
      json_t *p = json_object_get(out, t->v[k].text);
      if (p == NULL) {
        fprintf(stderr, "%s: scope %s grants unknown %s\n", t->path, scope,
                t->v[k].text);
        return -1;
      }
      json_array_append_new(json_object_get(p, "scopes"), json_string(scope));
    }
    i = close;
  }
  return 0;
}

json_t *
openapi_perms_read(const struct openapi_toks *t)
{
  json_t *out = json_object();
  if (read_roles(t, out) != 0 || read_scopes(t, out) != 0) {
    fprintf(stderr, "%s: cannot read the permission tables\n", t->path);
    json_decref(out);
    return NULL;
  }
  return out;
}
