#include "openapi_lex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends a token of @a kind with @a len bytes of @a text. */
static void
push(struct openapi_toks *t, enum openapi_tok_kind kind, const char *text,
     size_t len)
{
  if (t->n == t->cap) {
    t->cap = t->cap != 0 ? 2 * t->cap : 1024;
    t->v = realloc(t->v, t->cap * sizeof t->v[0]);
    if (t->v == NULL)
      abort();
  }
  char *s = malloc(len + 1);
  if (s == NULL)
    abort();
  memcpy(s, text, len);
  s[len] = '\0';
  t->v[t->n].kind = kind;
  t->v[t->n].text = s;
  t->n++;
}

/*
 * Reads the string literal at @a p (on its opening quote) into @a buf
 * (unescaping the escapes our sources use) and returns the position just
 * past its closing quote.
 */
static const char *
string_lit(const char *p, char *buf, size_t cap, size_t *len)
{
  size_t n = *len;
  p++;
  while (*p != '\0' && *p != '"') {
    char c = *p++;
    if (c == '\\' && *p != '\0') {
      char e = *p++;
      c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
    if (n + 1 < cap)
      buf[n++] = c;
  }
  *len = n;
  return *p == '"' ? p + 1 : p;
}

/* Skips blanks, comments and preprocessor lines from @a p. */
static const char *
skip_space(const char *p, bool *line_start)
{
  for (;;) {
    if (*p == '\n') {
      *line_start = true;
      p++;
    } else if (isspace((unsigned char)*p)) {
      p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      p = e != NULL ? e + 2 : p + strlen(p);
    } else if (p[0] == '/' && p[1] == '/') {
      p += strcspn(p, "\n");
    } else if (*p == '#' && *line_start) {
      return p; /* a directive: tokenize() reads it */
    } else {
      return p;
    }
  }
}

/*
 * "#define NAME 123" becomes the tokens NAME = 123 ; so that limits named
 * by a macro read like enum constants, and core_perm.c's role bits
 * "#define A (1u << CORE_ROLE_ADMIN)" become A = CORE_ROLE_ADMIN ; for
 * openapi_perms. Other directives are dropped.
 */
static void
directive(struct openapi_toks *t, const char *p)
{
  char line[256], name[64], value[32], rest[2];
  size_t len = strcspn(p, "\n");
  if (len >= sizeof line)
    return;
  memcpy(line, p, len);
  line[len] = '\0';
  char bit[64];
  if (sscanf(line, "#define %63[A-Za-z0-9_] (1u << %63[A-Za-z0-9_]%1s", name,
             bit, rest) == 3 &&
      rest[0] == ')') {
    /* A role bit of core_perm.c: NAME = CORE_ROLE_X ; */
    push(t, OPENAPI_TOK_IDENT, name, strlen(name));
    push(t, OPENAPI_TOK_PUNCT, "=", 1);
    push(t, OPENAPI_TOK_IDENT, bit, strlen(bit));
    push(t, OPENAPI_TOK_PUNCT, ";", 1);
    return;
  }
  if (sscanf(line, "#define %63[A-Za-z0-9_] %31[0-9] %1s", name, value, rest) !=
      2)
    return;
  push(t, OPENAPI_TOK_IDENT, name, strlen(name));
  push(t, OPENAPI_TOK_PUNCT, "=", 1);
  push(t, OPENAPI_TOK_NUMBER, value, strlen(value));
  push(t, OPENAPI_TOK_PUNCT, ";", 1);
}

static void
tokenize(const char *p, struct openapi_toks *t)
{
  bool line_start = true;
  static char buf[65536];
  for (;;) {
    p = skip_space(p, &line_start);
    if (*p == '\0')
      return;
    const char *s = p;
    if (*p == '#' && line_start) {
      directive(t, p);
      while (*p != '\0' && !(*p == '\n' && p[-1] != '\\'))
        p++; /* with its continuation lines */
      continue;
    }
    line_start = false;
    if (isalpha((unsigned char)*p) || *p == '_') {
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      push(t, OPENAPI_TOK_IDENT, s, (size_t)(p - s));
    } else if (isdigit((unsigned char)*p)) {
      while (isalnum((unsigned char)*p) || *p == '.')
        p++;
      push(t, OPENAPI_TOK_NUMBER, s, (size_t)(p - s));
    } else if (*p == '"') {
      /* "a" "b" is one literal, as for the compiler. */
      size_t len = 0;
      while (*p == '"') {
        p = string_lit(p, buf, sizeof buf, &len);
        p = skip_space(p, &line_start);
      }
      push(t, OPENAPI_TOK_STRING, buf, len);
    } else if (*p == '\'') {
      p++;
      while (*p != '\0' && *p != '\'')
        p += *p == '\\' && p[1] != '\0' ? 2 : 1;
      if (*p == '\'')
        p++;
      push(t, OPENAPI_TOK_NUMBER, "0", 1);
    } else {
      push(t, OPENAPI_TOK_PUNCT, p, 1);
      p++;
    }
  }
}

int
openapi_lex_file(const char *path, struct openapi_toks *out)
{
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return -1;
  size_t cap = 1 << 16, n = 0;
  char *text = malloc(cap);
  for (;;) {
    if (text == NULL)
      abort();
    size_t got = fread(text + n, 1, cap - n - 1, f);
    if (got == 0)
      break;
    n += got;
    if (cap - n < 2) {
      cap *= 2;
      text = realloc(text, cap);
    }
  }
  fclose(f);
  text[n] = '\0';
  out->path = strdup(path);
  tokenize(text, out);
  free(text);
  return 0;
}

void
openapi_lex_free(struct openapi_toks *t)
{
  for (size_t i = 0; i < t->n; i++)
    free(t->v[i].text);
  free(t->v);
  free(t->path);
  memset(t, 0, sizeof *t);
}

bool
openapi_lex_punct(const struct openapi_toks *t, size_t i, char c)
{
  return i < t->n && t->v[i].kind == OPENAPI_TOK_PUNCT && t->v[i].text[0] == c;
}

bool
openapi_lex_ident(const struct openapi_toks *t, size_t i, const char *name)
{
  return i < t->n && t->v[i].kind == OPENAPI_TOK_IDENT &&
         strcmp(t->v[i].text, name) == 0;
}

size_t
openapi_lex_skip(const struct openapi_toks *t, size_t i)
{
  int depth = 0;
  for (; i < t->n; i++) {
    if (t->v[i].kind != OPENAPI_TOK_PUNCT)
      continue;
    char c = t->v[i].text[0];
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0)
        return i + 1;
    }
  }
  return t->n;
}

size_t
openapi_lex_args(const struct openapi_toks *t, size_t open, size_t starts[],
                 size_t max, size_t *close)
{
  size_t n = 0;
  *close = openapi_lex_skip(t, open) - 1;
  starts[n++] = open + 1;
  for (size_t k = open + 1; k < *close; k++) {
    if (openapi_lex_punct(t, k, '(') || openapi_lex_punct(t, k, '[') ||
        openapi_lex_punct(t, k, '{'))
      k = openapi_lex_skip(t, k) - 1;
    else if (openapi_lex_punct(t, k, ',') && n < max)
      starts[n++] = k + 1;
  }
  starts[n] = *close + 1; /* one past the last argument's ',' or ')' */
  return n;
}
