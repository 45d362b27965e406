#include "openapi_limit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Integer constants seen so far (names heap, never freed: a short run). */
static struct {
  char *name;
  long long value;
} consts[4096];
static size_t nconsts;

void
openapi_limit_consts(const struct openapi_toks *t)
{
  for (size_t i = 0; i + 2 < t->n && nconsts < 4096; i++) {
    const char *s = t->v[i].text;
    if (t->v[i].kind != OPENAPI_TOK_IDENT ||
        !openapi_lex_punct(t, i + 1, '=') ||
        t->v[i + 2].kind != OPENAPI_TOK_NUMBER || s[0] < 'A' || s[0] > 'Z')
      continue;
    consts[nconsts].name = strdup(s);
    consts[nconsts++].value = strtoll(t->v[i + 2].text, NULL, 0);
  }
}

/* Evaluates tokens [*i, end) as a limit: numbers, constants, -, *, <<. */
static int eval_shift(const struct openapi_toks *t, size_t *i, size_t end,
                      long long *out);

static int
eval_unary(const struct openapi_toks *t, size_t *i, size_t end, long long *out)
{
  if (*i >= end)
    return -1;
  const struct openapi_tok *x = &t->v[*i];
  if (openapi_lex_punct(t, *i, '-')) {
    (*i)++;
    int rc = eval_unary(t, i, end, out);
    *out = -*out;
    return rc;
  }
  if (openapi_lex_punct(t, *i, '(') || openapi_lex_ident(t, *i, "INT64_C")) {
    size_t close =
        openapi_lex_skip(t, x->kind == OPENAPI_TOK_IDENT ? *i + 1 : *i);
    size_t k = x->kind == OPENAPI_TOK_IDENT ? *i + 2 : *i + 1;
    *i = close;
    return eval_shift(t, &k, close - 1, out);
  }
  (*i)++;
  if (x->kind == OPENAPI_TOK_NUMBER) {
    *out = strtoll(x->text, NULL, 0);
    return 0;
  }
  if (strcmp(x->text, "CORE_JSON_MAX_SAFE_INT") == 0) {
    *out = 9007199254740991LL;
    return 0;
  }
  if (strcmp(x->text, "INT32_MAX") == 0 || strcmp(x->text, "INT_MAX") == 0) {
    *out = INT32_MAX;
    return 0;
  }
  for (size_t k = 0; k < nconsts; k++) {
    if (strcmp(consts[k].name, x->text) == 0) {
      *out = consts[k].value;
      return 0;
    }
  }
  return -1;
}

static int
eval_mul(const struct openapi_toks *t, size_t *i, size_t end, long long *out)
{
  if (eval_unary(t, i, end, out) != 0)
    return -1;
  while (*i < end && openapi_lex_punct(t, *i, '*')) {
    long long r;
    (*i)++;
    if (eval_unary(t, i, end, &r) != 0)
      return -1;
    *out *= r;
  }
  return 0;
}

static int
eval_shift(const struct openapi_toks *t, size_t *i, size_t end, long long *out)
{
  if (eval_mul(t, i, end, out) != 0)
    return -1;
  while (*i + 1 < end && openapi_lex_punct(t, *i, '<') &&
         openapi_lex_punct(t, *i + 1, '<')) {
    long long r;
    *i += 2;
    if (eval_mul(t, i, end, &r) != 0 || r < 0 || r > 62)
      return -1;
    *out <<= r;
  }
  return *i == end ? 0 : -1;
}

int
openapi_limit_eval(const struct openapi_toks *t, size_t s, size_t e,
                   long long *out)
{
  size_t i = s;
  return eval_shift(t, &i, e, out);
}
