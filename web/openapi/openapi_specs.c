#include "openapi_specs.h"

#include "openapi_limit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A core_json_spec array found in a file, and where its fields go. */
struct found {
  const struct openapi_toks *t;
  size_t open;    /* index of the array's '{' */
  char path[128]; /* "" for the body itself; "lines[]", "address" */
  bool known;     /* whether path could be read from the parse call */
  bool strict;    /* unknown keys are refused */
  size_t fn;      /* '{' of the function it is defined in */
};

/* Turns a snprintf prefix format into a path: "lines[%zu]" -> "lines[]". */
static int
format_path(const char *fmt, char *out, size_t cap)
{
  size_t n = 0;
  for (const char *p = fmt; *p != '\0'; p++) {
    if (*p == '%')
      return -1; /* a part the caller names: unknown here */
    if (*p == '[') {
      const char *q = strchr(p, ']');
      if (q == NULL || n + 3 > cap)
        return -1;
      memcpy(out + n, "[]", 2);
      n += 2;
      p = q;
      continue;
    }
    if (n + 2 > cap)
      return -1;
    out[n++] = *p;
  }
  out[n] = '\0';
  return n > 0 ? 0 : -1;
}

/*
 * Reads the formats of `snprintf(NAME, ...)` calls in tokens [from, to)
 * into @a f; true when there were several that differ (then unknown).
 */
static bool
prefix_format(const struct openapi_toks *t, size_t from, size_t to,
              const char *name, struct found *f)
{
  char first[128] = "";
  for (size_t k = from; k + 2 < to; k++) {
    if (!openapi_lex_ident(t, k, "snprintf") ||
        !openapi_lex_ident(t, k + 2, name))
      continue;
    size_t st[8], close;
    size_t n = openapi_lex_args(t, k + 1, st, 7, &close);
    if (n < 3 || t->v[st[2]].kind != OPENAPI_TOK_STRING)
      continue;
    if (first[0] != '\0' && strcmp(first, t->v[st[2]].text) != 0) {
      f->known = false;
      return true;
    }
    snprintf(first, sizeof first, "%s", t->v[st[2]].text);
    f->known = format_path(first, f->path, sizeof f->path) == 0;
  }
  return false;
}

/*
 * Reads the prefix argument [s, e) of a parse call in the function that
 * starts at @a fn into @a f: NULL, a literal, or a buffer filled by
 * snprintf earlier in the function.
 */
static void
read_prefix(const struct openapi_toks *t, size_t fn, size_t s, size_t e,
            struct found *f)
{
  if (e == s + 1 && openapi_lex_ident(t, s, "NULL")) {
    f->known = true;
    return;
  }
  if (e == s + 1 && t->v[s].kind == OPENAPI_TOK_STRING) {
    f->known = format_path(t->v[s].text, f->path, sizeof f->path) == 0;
    return;
  }
  if (e != s + 1 || t->v[s].kind != OPENAPI_TOK_IDENT)
    return;
  /* The buffer's snprintf in this function; else, when the file fills
     buffers of that name with one format only, that one (a helper such as
     web_returns.c's line_ok writes the caller's prefix). */
  if (prefix_format(t, fn, s, t->v[s].text, f) || f->known)
    return;
  prefix_format(t, 0, t->n, t->v[s].text, f);
}

/* Looks in [from, fn_end) for the call that parses spec @a name. */
static void
find_call(const struct openapi_toks *t, size_t fn, size_t from, size_t fn_end,
          const char *name, struct found *f)
{
  for (size_t k = from; k + 1 < fn_end; k++) {
    bool web = openapi_lex_ident(t, k, "web_parse_or_reply");
    if (!web && !openapi_lex_ident(t, k, "core_json_parse"))
      continue;
    size_t st[8], close;
    size_t n = openapi_lex_args(t, k + 1, st, 7, &close);
    bool named = false;
    for (size_t j = st[1]; n >= 2 && j + 1 < st[2]; j++)
      named |= openapi_lex_ident(t, j, name);
    if (!named)
      continue;
    if (web) {
      f->known = true;
      f->strict = true;
      return;
    }
    if (n < 4)
      return;
    f->strict = openapi_lex_ident(t, st[2], "true");
    read_prefix(t, fn, st[3], st[4] - 1, f);
    return;
  }
}

/* Collects the spec arrays of @a t with their targets into @a out. */
static size_t
collect(const struct openapi_toks *t, struct found out[], size_t max)
{
  size_t n = 0, fn = 0, fn_end = 0;
  for (size_t i = 0; i + 6 < t->n; i++) {
    if (i >= fn_end && openapi_lex_punct(t, i, '{')) {
      fn = i;
      fn_end = openapi_lex_skip(t, i);
    }
    if (!openapi_lex_ident(t, i, "core_json_spec") ||
        t->v[i + 1].kind != OPENAPI_TOK_IDENT ||
        !openapi_lex_punct(t, i + 2, '['))
      continue;
    size_t eq = openapi_lex_skip(t, i + 2);
    if (!openapi_lex_punct(t, eq, '=') || !openapi_lex_punct(t, eq + 1, '{') ||
        n == max)
      continue;
    struct found *f = &out[n++];
    memset(f, 0, sizeof *f);
    f->t = t;
    f->open = eq + 1;
    f->fn = fn;
    find_call(t, fn, eq, fn_end, t->v[i + 1].text, f);
  }
  return n;
}

/* The JSON Schema of one field kind, from its macro's arguments. */
static json_t *
field_schema(const struct openapi_toks *t, const char *kind, const size_t st[],
             size_t n, const struct openapi_lists *lists)
{
  long long lo = 0, hi = 0;
  bool has_lo = n >= 3 && openapi_limit_eval(t, st[2], st[3] - 1, &lo) == 0;
  bool has_hi = n >= 4 && openapi_limit_eval(t, st[3], st[4] - 1, &hi) == 0;
  json_t *s = json_object();
  if (strcmp(kind, "STRING") == 0 || strcmp(kind, "CODE") == 0) {
    json_object_set_new(s, "type", json_string("string"));
    json_object_set_new(s, "minLength", json_integer(1));
    if (has_lo)
      json_object_set_new(s, "maxLength", json_integer(lo));
    if (strcmp(kind, "CODE") == 0)
      json_object_set_new(s, "pattern", json_string("^[A-Za-z0-9._-]+$"));
  } else if (strcmp(kind, "INT") == 0) {
    json_object_set_new(s, "type", json_string("integer"));
    if (has_lo)
      json_object_set_new(s, "minimum", json_integer(lo));
    if (has_hi)
      json_object_set_new(s, "maximum", json_integer(hi));
  } else if (strcmp(kind, "BOOL") == 0) {
    json_object_set_new(s, "type", json_string("boolean"));
  } else if (strcmp(kind, "CHOICE") == 0) {
    json_object_set_new(s, "type", json_string("string"));
    char **v = n >= 3 && st[3] == st[2] + 2
                   ? openapi_lists_find(lists, t->path, t->v[st[2]].text)
                   : NULL;
    json_t *e = json_array();
    for (size_t k = 0; v != NULL && v[k] != NULL; k++)
      json_array_append_new(e, json_string(v[k]));
    if (json_array_size(e) > 0)
      json_object_set(s, "enum", e);
    json_decref(e);
  } else if (strcmp(kind, "DECIMAL") == 0) {
    /* A JSON number or a string: the text keeps exact decimals. */
    json_object_set_new(s, "type", json_pack("[s,s]", "string", "number"));
    json_object_set_new(s, "minimum", json_integer(0));
    if (has_lo && has_hi) {
      char re[96];
      snprintf(re, sizeof re, "^[0-9]{1,%lld}(\\.[0-9]{1,%lld})?$", hi, lo);
      if (lo == 0)
        snprintf(re, sizeof re, "^[0-9]{1,%lld}$", hi);
      json_object_set_new(s, "pattern", json_string(re));
    }
  } else if (strcmp(kind, "DATE") == 0) {
    json_object_set_new(s, "type", json_string("string"));
    json_object_set_new(s, "format", json_string("date"));
  } else if (strcmp(kind, "TIMESTAMP") == 0) {
    json_object_set_new(s, "type", json_string("string"));
    json_object_set_new(s, "format", json_string("date-time"));
  } else if (strcmp(kind, "ARRAY") == 0) {
    json_object_set_new(s, "type", json_string("array"));
    json_object_set_new(s, "items", json_object());
  } else if (strcmp(kind, "OBJECT") == 0) {
    json_object_set_new(s, "type", json_string("object"));
  }
  return s;
}

/* Fills object schema @a obj with the entries of the spec found in @a f. */
static void
fill(json_t *obj, const struct found *f, const struct openapi_lists *lists)
{
  const struct openapi_toks *t = f->t;
  size_t end = openapi_lex_skip(t, f->open) - 1;
  json_t *props = json_object_get(obj, "properties");
  json_t *req = json_object_get(obj, "required");
  if (props == NULL) {
    props = json_object();
    json_object_set_new(obj, "type", json_string("object"));
    json_object_set_new(obj, "properties", props);
  }
  for (size_t i = f->open + 1; i < end; i++) {
    bool opt = openapi_lex_ident(t, i, "CORE_JSON_OPT");
    if (!opt && !openapi_lex_ident(t, i, "CORE_JSON_REQ"))
      continue;
    size_t close = openapi_lex_skip(t, i + 1);
    for (size_t k = i + 2; k < close; k++) {
      const char *x = t->v[k].text;
      if (t->v[k].kind != OPENAPI_TOK_IDENT ||
          strncmp(x, "CORE_JSON_K_", 12) != 0 ||
          !openapi_lex_punct(t, k + 1, '('))
        continue;
      size_t st[8], pclose;
      size_t n = openapi_lex_args(t, k + 1, st, 7, &pclose);
      if (t->v[st[0]].kind != OPENAPI_TOK_STRING)
        break;
      const char *name = t->v[st[0]].text;
      if (json_object_get(props, name) == NULL)
        json_object_set_new(props, name, field_schema(t, x + 12, st, n, lists));
      bool listed = false;
      for (size_t r = 0; req != NULL && r < json_array_size(req); r++)
        listed |= strcmp(json_string_value(json_array_get(req, r)), name) == 0;
      if (!opt && !listed) {
        if (req == NULL) {
          req = json_array();
          json_object_set_new(obj, "required", req);
        }
        json_array_append_new(req, json_string(name));
      }
      break;
    }
    i = close - 1;
  }
  if (f->strict)
    json_object_set_new(obj, "additionalProperties", json_false());
}

/* The object schema at @a path below @a top, or NULL if it has none. */
static json_t *
locate(json_t *top, const char *path)
{
  char buf[128];
  snprintf(buf, sizeof buf, "%s", path);
  json_t *cur = top;
  for (char *seg = strtok(buf, "."); seg != NULL; seg = strtok(NULL, ".")) {
    size_t len = strlen(seg);
    bool items = len > 2 && strcmp(seg + len - 2, "[]") == 0;
    if (items)
      seg[len - 2] = '\0';
    cur = json_object_get(json_object_get(cur, "properties"), seg);
    if (cur != NULL && items)
      cur = json_object_get(cur, "items");
    if (cur == NULL)
      return NULL;
  }
  return cur;
}

/* The name of the function whose body opens at @a fn, or NULL. */
static const char *
fn_name(const struct openapi_toks *t, size_t fn)
{
  if (fn == 0 || !openapi_lex_punct(t, fn - 1, ')'))
    return NULL;
  int depth = 0;
  for (size_t k = fn - 1; k > 0; k--) {
    if (openapi_lex_punct(t, k, ')'))
      depth++;
    else if (openapi_lex_punct(t, k, '(') && --depth == 0)
      return t->v[k - 1].kind == OPENAPI_TOK_IDENT ? t->v[k - 1].text : NULL;
  }
  return NULL;
}

/* Whether tokens [from, to) of @a t name @a name. */
static bool
names(const struct openapi_toks *t, size_t from, size_t to, const char *name)
{
  for (size_t k = from; k < to; k++) {
    if (openapi_lex_ident(t, k, name))
      return true;
  }
  return false;
}

/*
 * Whether the function of helper @a h opening at @a fn runs for the
 * handler @a handler: the handler calls it, or calls (through any depth
 * of the helper's own functions) one that does. A helper file serves
 * several handlers, and only its specs on the handler's path describe
 * that handler's body.
 */
static bool
reachable(const struct openapi_toks *handler, const struct openapi_toks *h,
          size_t fn)
{
  size_t fns[256], nf = 0;
  bool on[256] = {false};
  for (size_t i = 0; i < h->n && nf < 256; i++) {
    if (openapi_lex_punct(h, i, '{') && fn_name(h, i) != NULL) {
      fns[nf++] = i;
      i = openapi_lex_skip(h, i) - 1;
    }
  }
  for (size_t i = 0; i < nf; i++)
    on[i] = names(handler, 0, handler->n, fn_name(h, fns[i]));
  for (bool grew = true; grew;) {
    grew = false;
    for (size_t i = 0; i < nf; i++) {
      for (size_t j = 0; j < nf && on[i]; j++) {
        if (!on[j] &&
            names(h, fns[i], openapi_lex_skip(h, fns[i]), fn_name(h, fns[j]))) {
          on[j] = true;
          grew = true;
        }
      }
    }
  }
  for (size_t i = 0; i < nf; i++) {
    if (fns[i] == fn)
      return on[i];
  }
  return false;
}

json_t *
openapi_specs_body(const struct openapi_toks *handler,
                   const struct openapi_toks *const helpers[], size_t nhelpers,
                   const struct openapi_lists *lists)
{
  static struct found all[512];
  size_t n = collect(handler, all, 512);
  size_t own = n;
  for (size_t h = 0; h < nhelpers; h++) {
    size_t got = collect(helpers[h], all + n, 512 - n);
    /* Only the specs on this handler's path through the helper. */
    for (size_t i = n; i < n + got; i++) {
      if (!reachable(handler, helpers[h], all[i].fn))
        all[i].known = false;
    }
    n += got;
  }
  json_t *top = json_object();
  /* The body: the handler's own top-level specs, else one helper's. */
  size_t tops = 0;
  for (size_t i = 0; i < own; i++) {
    if (all[i].known && all[i].path[0] == '\0') {
      fill(top, &all[i], lists);
      tops++;
    }
  }
  for (size_t i = own; i < n && tops == 0; i++) {
    if (all[i].known && all[i].path[0] == '\0') {
      fill(top, &all[i], lists);
      tops++;
    }
  }
  if (tops == 0) {
    json_decref(top);
    return NULL;
  }
  /* Nested objects and array items, the handler's first. */
  for (size_t i = 0; i < n; i++) {
    if (!all[i].known || all[i].path[0] == '\0')
      continue;
    json_t *at = locate(top, all[i].path);
    if (at != NULL && json_object_get(at, "properties") == NULL)
      fill(at, &all[i], lists);
  }
  return top;
}

/* Notes the typed query and path reads in tokens [from, to) of @a t. */
static void
typed_reads(const struct openapi_toks *t, size_t from, size_t to, json_t *q,
            json_t *path)
{
  for (size_t k = from; k + 4 < to; k++) {
    bool num = openapi_lex_ident(t, k, "web_query_int_or_reply");
    bool flag = openapi_lex_ident(t, k, "web_query_bool_or_reply");
    bool id = openapi_lex_ident(t, k, "web_param_id_or_reply");
    if ((!num && !flag && !id) || !openapi_lex_punct(t, k + 1, '('))
      continue;
    size_t st[8], close;
    size_t n = openapi_lex_args(t, k + 1, st, 7, &close);
    long long lo, hi;
    if (id && n >= 2 && t->v[st[1]].kind == OPENAPI_TOK_NUMBER) {
      json_array_append_new(path, json_integer(atoll(t->v[st[1]].text)));
    } else if (n >= 2 && t->v[st[1]].kind == OPENAPI_TOK_STRING) {
      const char *name = t->v[st[1]].text;
      if (flag)
        json_object_set_new(q, name, json_pack("{s:s}", "type", "boolean"));
      else if (num && n >= 4 &&
               openapi_limit_eval(t, st[2], st[3] - 1, &lo) == 0 &&
               openapi_limit_eval(t, st[3], st[4] - 1, &hi) == 0)
        json_object_set_new(q, name,
                            json_pack("{s:s, s:I, s:I}", "type", "integer",
                                      "minimum", (json_int_t)lo, "maximum",
                                      (json_int_t)hi));
    }
    k = close;
  }
}

void
openapi_specs_reads(const struct openapi_toks *handler,
                    const struct openapi_toks *const helpers[], size_t nhelpers,
                    json_t *query, json_t *path)
{
  typed_reads(handler, 0, handler->n, query, path);
  for (size_t h = 0; h < nhelpers; h++) {
    const struct openapi_toks *t = helpers[h];
    for (size_t i = 0; i < t->n; i++) {
      if (!openapi_lex_punct(t, i, '{'))
        continue;
      size_t end = openapi_lex_skip(t, i);
      /* Path ids are the handler's own; a helper's reads count only on
         the handler's path through it. */
      json_t *ignore = json_array();
      if (fn_name(t, i) != NULL && reachable(handler, t, i))
        typed_reads(t, i, end, query, ignore);
      json_decref(ignore);
      i = end - 1;
    }
  }
}
