#include "openapi_pack.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A json_pack format being read, with the call's arguments after it. */
struct pack {
  const struct openapi_toks *t;
  const char *f;      /* cursor in the format */
  const size_t *args; /* argument starts (openapi_lex_args) */
  size_t next, nargs; /* the next argument to consume */
  bool bad;           /* a key that is not a literal, or a format we skip */
};

static json_t *value(struct pack *p, bool *optional);

/* Consumes one argument; its token if it is one string literal. */
static const char *
take(struct pack *p)
{
  if (p->next >= p->nargs) {
    p->bad = true;
    return NULL;
  }
  size_t s = p->args[p->next], e = p->args[p->next + 1] - 1;
  p->next++;
  if (e == s + 1 && p->t->v[s].kind == OPENAPI_TOK_STRING)
    return p->t->v[s].text;
  return NULL;
}

static void
skip_blank(struct pack *p)
{
  while (*p->f == ' ' || *p->f == ',' || *p->f == ':' || *p->f == '\t')
    p->f++;
}

static json_t *
object(struct pack *p)
{
  json_t *props = json_object();
  json_t *req = json_array();
  for (;;) {
    skip_blank(p);
    if (*p->f == '}' || *p->f == '\0' || p->bad)
      break;
    if (*p->f != 's') {
      p->bad = true;
      break;
    }
    p->f++;
    const char *key = take(p);
    if (key == NULL) {
      p->bad = true;
      break;
    }
    bool optional = false;
    json_t *v = value(p, &optional);
    json_object_set_new(props, key, v);
    if (!optional)
      json_array_append_new(req, json_string(key));
  }
  if (*p->f == '}')
    p->f++;
  return json_pack("{s:s, s:o, s:o}", "type", "object", "properties", props,
                   "required", req);
}

/* Reads one value of the format; @a optional: a '*' value may be absent. */
static json_t *
value(struct pack *p, bool *optional)
{
  skip_blank(p);
  char c = *p->f++;
  const char *type = NULL;
  switch (c) {
    case '{':
      return object(p);
    case '[':
      while (*p->f != ']' && *p->f != '\0') {
        bool o;
        json_decref(value(p, &o));
        skip_blank(p);
      }
      if (*p->f == ']')
        p->f++;
      return json_pack("{s:s}", "type", "array");
    case 'n':
      return json_pack("{s:s}", "type", "null");
    case 's':
      type = "string";
      take(p);
      if (*p->f == '#' || *p->f == '%') {
        p->f++;
        take(p);
      }
      break;
    case 'b':
      type = "boolean";
      take(p);
      break;
    case 'i':
    case 'I':
      type = "integer";
      take(p);
      break;
    case 'f':
      type = "number";
      take(p);
      break;
    case 'o':
    case 'O':
      take(p);
      break;
    default:
      p->bad = true;
      return json_object();
  }
  bool nullable = *p->f == '?';
  *optional = *p->f == '*';
  if (nullable || *optional)
    p->f++;
  if (type == NULL)
    return json_object(); /* any JSON value, built by the handler */
  if (nullable)
    return json_pack("{s:[s,s]}", "type", type, "null");
  return json_pack("{s:s}", "type", type);
}

/* Adds @a schema to @a out under @a status, as anyOf when one is there. */
static void
add(json_t *out, const char *status, json_t *schema)
{
  json_t *have = json_object_get(out, status);
  if (have == NULL) {
    json_object_set_new(out, status, schema);
    return;
  }
  if (json_equal(have, schema)) {
    json_decref(schema);
    return;
  }
  json_t *any = json_object_get(have, "anyOf");
  if (any == NULL) {
    json_object_set_new(out, status,
                        json_pack("{s:[O,o]}", "anyOf", have, schema));
    return;
  }
  json_array_append_new(any, schema);
}

/* Whether every return of function @a name in @a t is a reply we know. */
static bool
only_known_replies(const struct openapi_toks *t, const char *name)
{
  static const char *const ok[] = {"web_reply_pack",
                                   "web_reply_error",
                                   "web_reply_error_params",
                                   "web_reply_json_error",
                                   "ret",
                                   "MHD_YES",
                                   "MHD_NO",
                                   NULL};
  for (size_t i = 0; i + 1 < t->n; i++) {
    if (!openapi_lex_ident(t, i, name) || !openapi_lex_punct(t, i + 1, '('))
      continue;
    size_t body = openapi_lex_skip(t, i + 1);
    if (!openapi_lex_punct(t, body, '{'))
      continue; /* a call or a declaration, not the definition */
    size_t end = openapi_lex_skip(t, body);
    for (size_t k = body; k + 1 < end; k++) {
      if (!openapi_lex_ident(t, k, "return"))
        continue;
      bool known = false;
      for (size_t j = 0; ok[j] != NULL; j++)
        known |= openapi_lex_ident(t, k + 1, ok[j]);
      if (!known)
        return false;
    }
    return true;
  }
  return false;
}

void
openapi_pack_replies(const struct openapi_toks *t, const char *name,
                     json_t *out)
{
  if (!only_known_replies(t, name))
    return;
  for (size_t k = 0; k + 1 < t->n; k++) {
    if (!openapi_lex_ident(t, k, "web_reply_pack") ||
        !openapi_lex_punct(t, k + 1, '('))
      continue;
    size_t st[33], close;
    size_t n = openapi_lex_args(t, k + 1, st, 32, &close);
    k = close;
    const char *code = n >= 3 ? t->v[st[1]].text : "";
    const char *status = strcmp(code, "MHD_HTTP_OK") == 0        ? "200"
                         : strcmp(code, "MHD_HTTP_CREATED") == 0 ? "201"
                                                                 : NULL;
    if (status == NULL || t->v[st[2]].kind != OPENAPI_TOK_STRING ||
        st[3] != st[2] + 2)
      continue;
    struct pack p = {
        .t = t, .f = t->v[st[2]].text, .args = st, .next = 3, .nargs = n};
    bool optional;
    json_t *schema = value(&p, &optional);
    if (p.bad || p.next != n || !json_is_object(schema))
      json_decref(schema);
    else
      add(out, status, schema);
  }
}
