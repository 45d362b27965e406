#include "core_csv.h"

#include "core_arena.h"
#include "core_mem.h"
#include "core_utf8.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* GBK (read as GB18030, its superset) to UTF-8; NULL if not convertible. */
static char *
from_gbk(const char *data, size_t len, struct core_arena *arena,
         size_t *out_len)
{
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1)
    return NULL;
  size_t cap = len * 2 + 4;
  char *out = core_arena_alloc(arena, cap);
  char *in = (char *)data, *o = out;
  size_t in_left = len, out_left = cap - 1;
  size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (rc == (size_t)-1)
    return NULL;
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

struct cursor {
  const char *p, *end;
  size_t line;
  char *tmp; /* one field being unquoted; heap, grown as needed */
  size_t tmp_cap;
};

static void
put(struct cursor *c, size_t *n, char ch)
{
  if (*n + 1 >= c->tmp_cap) {
    c->tmp_cap = c->tmp_cap ? c->tmp_cap * 2 : 256;
    c->tmp = core_xrealloc(c->tmp, c->tmp_cap);
  }
  c->tmp[(*n)++] = ch;
}

/* Reads one field; @a last (out) tells whether it ended its row. */
static bool
field(struct cursor *c, struct core_arena *arena, const char **out, bool *last)
{
  size_t n = 0;
  bool quoted = c->p < c->end && *c->p == '"';
  if (quoted)
    c->p++;
  while (c->p < c->end) {
    char ch = *c->p;
    if (quoted) {
      if (ch == '"' && c->p + 1 < c->end && c->p[1] == '"') {
        put(c, &n, '"');
        c->p += 2;
        continue;
      }
      if (ch == '"') {
        quoted = false;
        c->p++;
        continue;
      }
      if (ch == '\n')
        c->line++;
      put(c, &n, ch);
      c->p++;
      continue;
    }
    if (ch == ',' || ch == '\n' || ch == '\r')
      break;
    put(c, &n, ch);
    c->p++;
  }
  if (quoted)
    return false;
  *out = core_arena_strndup(arena, c->tmp != NULL ? c->tmp : "", n);
  *last = true;
  if (c->p < c->end && *c->p == ',') {
    *last = false;
    c->p++;
  } else {
    if (c->p < c->end && *c->p == '\r')
      c->p++;
    if (c->p < c->end && *c->p == '\n')
      c->p++;
    c->line++;
  }
  return true;
}

static bool
row(struct cursor *c, struct core_arena *arena, struct core_csv_row *r)
{
  size_t cap = 16;
  r->fields = core_xmalloc(sizeof *r->fields * cap);
  r->count = 0;
  r->line = c->line;
  bool last = false;
  while (!last) {
    if (r->count == cap) {
      cap *= 2;
      r->fields = core_xrealloc(r->fields, sizeof *r->fields * cap);
    }
    if (!field(c, arena, &r->fields[r->count], &last))
      return false;
    r->count++;
  }
  const char **kept = core_arena_alloc(arena, sizeof *kept * r->count);
  memcpy(kept, r->fields, sizeof *kept * r->count);
  free(r->fields);
  r->fields = kept;
  return true;
}

enum core_ec
core_csv_parse(const char *data, size_t len, struct core_arena *arena,
               struct core_csv *out, size_t *bad_line)
{
  if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (!core_utf8_valid(data, len)) {
    data = from_gbk(data, len, arena, &len);
    if (data == NULL) {
      *bad_line = 0;
      return CORE_EC_INVALID_VALUE;
    }
  }
  struct cursor c = {data, data + len, 1, NULL, 0};
  size_t cap = 1024;
  struct core_csv_row *rows = core_xmalloc(sizeof *rows * cap);
  size_t n = 0;
  while (c.p < c.end) {
    if (n == cap) {
      cap *= 2;
      rows = core_xrealloc(rows, sizeof *rows * cap);
    }
    if (!row(&c, arena, &rows[n])) {
      *bad_line = rows[n].line;
      free(rows[n].fields);
      free(rows);
      free(c.tmp);
      return CORE_EC_INVALID_VALUE;
    }
    /* Skip blank lines: one empty field. */
    if (!(rows[n].count == 1 && rows[n].fields[0][0] == '\0'))
      n++;
  }
  out->rows = core_arena_alloc(arena, sizeof *rows * (n + 1));
  memcpy(out->rows, rows, sizeof *rows * n);
  out->count = n;
  free(rows);
  free(c.tmp);
  return CORE_EC_OK;
}

/* Makes room for @a more bytes (and a NUL) in the buffer. */
static void
reserve(struct core_arena *arena, char **out, size_t *len, size_t *cap,
        size_t more)
{
  if (*len + more + 1 <= *cap)
    return;
  size_t n = (*cap == 0 ? 256 : *cap);
  while (n < *len + more + 1)
    n *= 2;
  char *grown = core_arena_alloc(arena, n);
  if (*len > 0)
    memcpy(grown, *out, *len);
  *out = grown;
  *cap = n;
}

void
core_csv_put(struct core_arena *arena, char **out, size_t *len, size_t *cap,
             const char *field, bool last)
{
  const char *f = field != NULL ? field : "";
  /* A tab or carriage return first makes some spreadsheets look past it
   * for a formula too (OWASP's list). */
  bool formula = strchr("=+-@\t\r", f[0]) != NULL && f[0] != '\0';
  /* A field that starts with a byte-order mark is quoted: bare, at the
   * start of a file, a reader would take it for the file's BOM. */
  bool quote = strpbrk(f, ",\"\r\n") != NULL ||
               (f[0] == '\xEF' && f[1] == '\xBB' && f[2] == '\xBF');
  size_t n = strlen(f);
  reserve(arena, out, len, cap, 2 * n + 6);
  char *p = *out + *len;
  if (quote)
    *p++ = '"';
  if (formula)
    *p++ = '\'';
  for (const char *c = f; *c != '\0'; c++) {
    if (*c == '"')
      *p++ = '"';
    *p++ = *c;
  }
  if (quote)
    *p++ = '"';
  if (last) {
    *p++ = '\r';
    *p++ = '\n';
  } else {
    *p++ = ',';
  }
  *p = '\0';
  *len = (size_t)(p - *out);
}

void
core_csv_bom(struct core_arena *arena, char **out, size_t *len, size_t *cap)
{
  reserve(arena, out, len, cap, 4);
  memcpy(*out + *len, "\xEF\xBB\xBF", 4);
  *len += 3;
}
