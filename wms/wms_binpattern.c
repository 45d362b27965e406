#include "wms_binpattern.h"

#include "core_arena.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_VALUES = 1000, DIMS = 4 };

/* The values of one dimension: numbers, or single letters A-Z. */
struct dim {
  const char *name; /* placeholder and field name */
  int values[MAX_VALUES];
  unsigned n;
  bool letters;
};

static enum core_ec
bad(struct wms_pattern_error *err, const char *field, const char *msg,
    const char *value)
{
  err->field = field;
  snprintf(err->message, sizeof err->message, "%s: \"%.40s\"", msg, value);
  return CORE_EC_INVALID_VALUE;
}

/* One item "A", "7", "A-F" or "1-20" appended to @a d. */
static bool
parse_item(const char *s, size_t len, struct dim *d)
{
  char buf[16];
  if (len == 0 || len >= sizeof buf)
    return false;
  memcpy(buf, s, len);
  buf[len] = '\0';
  char *dash = strchr(buf, '-');
  char *hi_s = dash != NULL ? dash + 1 : buf;
  if (dash != NULL)
    *dash = '\0';
  int lo, hi;
  bool letters = isalpha((unsigned char)buf[0]);
  if (letters) {
    if (strlen(buf) != 1 || strlen(hi_s) != 1 || !isalpha((unsigned char)*hi_s))
      return false;
    lo = toupper((unsigned char)buf[0]);
    hi = toupper((unsigned char)*hi_s);
  } else {
    char *e1, *e2;
    lo = (int)strtol(buf, &e1, 10);
    hi = (int)strtol(hi_s, &e2, 10);
    if (*e1 != '\0' || *e2 != '\0' || e1 == buf || e2 == hi_s || lo < 0 ||
        hi > 9999)
      return false;
  }
  if (lo > hi || (d->n > 0 && d->letters != letters))
    return false;
  d->letters = letters;
  for (int v = lo; v <= hi; v++) {
    if (d->n >= MAX_VALUES)
      return false;
    d->values[d->n++] = v;
  }
  return true;
}

static enum core_ec
parse_dim(const char *spec, struct dim *d, struct wms_pattern_error *err)
{
  d->n = 0;
  const char *p = spec;
  while (*p != '\0') {
    size_t len = strcspn(p, ",");
    if (!parse_item(p, len, d))
      return bad(err, d->name, "expected a range like A-F or 1-20", spec);
    p += len;
    if (*p == ',')
      p++;
  }
  if (d->n == 0)
    return bad(err, d->name, "expected a range like A-F or 1-20", spec);
  return CORE_EC_OK;
}

/* A pattern compiled into literal runs and placeholders. */
struct piece {
  const char *lit; /* literal text (not NUL-terminated) or NULL */
  size_t lit_len;
  int dim;   /* placeholder: index into the dims */
  int width; /* zero-padding width for numbers */
};

enum { MAX_PIECES = 16 };

static enum core_ec
compile(const char *pattern, struct dim dims[], struct piece *out,
        unsigned *npieces, struct wms_pattern_error *err)
{
  unsigned n = 0;
  bool used[DIMS] = {false};
  const char *p = pattern;
  while (*p != '\0') {
    if (n >= MAX_PIECES)
      return bad(err, "pattern", "too many parts", pattern);
    if (*p != '{') {
      size_t len = strcspn(p, "{");
      out[n++] = (struct piece){p, len, -1, 0};
      p += len;
      continue;
    }
    const char *close = strchr(p, '}');
    if (close == NULL)
      return bad(err, "pattern", "unclosed {", pattern);
    char name[24];
    size_t len = (size_t)(close - p - 1);
    if (len >= sizeof name)
      return bad(err, "pattern", "unknown placeholder", pattern);
    memcpy(name, p + 1, len);
    name[len] = '\0';
    int width = 0;
    char *colon = strchr(name, ':');
    if (colon != NULL) {
      *colon = '\0';
      width = atoi(colon + 1);
      if (width < 1 || width > 6)
        return bad(err, "pattern", "width must be :01 to :06", pattern);
    }
    int d = -1;
    for (int i = 0; i < DIMS; i++) {
      if (strcmp(dims[i].name, name) == 0)
        d = i;
    }
    if (d < 0)
      return bad(err, "pattern",
                 "placeholders are {aisle} {rack} {level} {position}", pattern);
    used[d] = true;
    out[n++] = (struct piece){NULL, 0, d, width};
    p = close + 1;
  }
  for (int i = 0; i < DIMS; i++) {
    if (!used[i] && dims[i].n > 1)
      return bad(err, "pattern",
                 "every dimension with several values must "
                 "appear, or codes repeat",
                 pattern);
  }
  *npieces = n;
  return CORE_EC_OK;
}

/* Renders one code; false if it is not a valid bin code. */
static bool
render(const struct piece *pieces, unsigned npieces, const struct dim dims[],
       const int idx[], char *out, size_t cap)
{
  size_t used = 0;
  for (unsigned i = 0; i < npieces; i++) {
    const struct piece *pc = &pieces[i];
    int w;
    if (pc->lit != NULL) {
      w = snprintf(out + used, cap - used, "%.*s", (int)pc->lit_len, pc->lit);
    } else {
      const struct dim *d = &dims[pc->dim];
      int v = d->values[idx[pc->dim]];
      w = d->letters ? snprintf(out + used, cap - used, "%c", v)
                     : snprintf(out + used, cap - used, "%0*d", pc->width, v);
    }
    if (w < 0 || (size_t)w >= cap - used)
      return false;
    used += (size_t)w;
  }
  if (used == 0 || used > 32 || !isalnum((unsigned char)out[0]))
    return false;
  for (size_t i = 0; i < used; i++) {
    out[i] = (char)toupper((unsigned char)out[i]);
    if (!isalnum((unsigned char)out[i]) && strchr("._-", out[i]) == NULL)
      return false;
  }
  return true;
}

/* A dimension's value as a coordinate: numbers as they are, letters by
 * their place in the alphabet (A = 1), as the migration backfills them. */
static int
coord(const struct dim *d, int i)
{
  return d->letters ? d->values[i] - 'A' + 1 : d->values[i];
}

enum core_ec
wms_binpattern_expand(const struct wms_bin_pattern *p, struct core_arena *arena,
                      const char ***codes, unsigned *count,
                      struct wms_pattern_error *err)
{
  return wms_binpattern_expand_xy(p, arena, codes, NULL, count, err);
}

enum core_ec
wms_binpattern_expand_xy(const struct wms_bin_pattern *p,
                         struct core_arena *arena, const char ***codes,
                         struct wms_bin_xy **xy, unsigned *count,
                         struct wms_pattern_error *err)
{
  struct dim *dims = core_arena_alloc(arena, sizeof(struct dim) * DIMS);
  const char *specs[DIMS] = {p->aisles, p->racks, p->levels, p->positions};
  const char *names[DIMS] = {"aisle", "rack", "level", "position"};
  static const char *const fields[DIMS] = {"aisles", "racks", "levels",
                                           "positions"};
  unsigned long total = 1;
  for (int i = 0; i < DIMS; i++) {
    dims[i].name = names[i];
    enum core_ec ec = parse_dim(specs[i], &dims[i], err);
    if (ec != CORE_EC_OK) {
      err->field = fields[i];
      return ec;
    }
    total *= dims[i].n;
  }
  if (total > WMS_BINPATTERN_MAX) {
    err->field = "aisles";
    snprintf(err->message, sizeof err->message,
             "the pattern makes %lu bins; at most %d per request", total,
             WMS_BINPATTERN_MAX);
    return CORE_EC_TOO_MANY_BINS;
  }
  struct piece pieces[MAX_PIECES];
  unsigned npieces;
  enum core_ec ec = compile(p->pattern, dims, pieces, &npieces, err);
  if (ec != CORE_EC_OK)
    return ec;
  const char **out = core_arena_alloc(arena, sizeof *out * total);
  struct wms_bin_xy *where =
      xy != NULL ? core_arena_alloc(arena, sizeof *where * total) : NULL;
  unsigned n = 0;
  int idx[DIMS];
  for (idx[0] = 0; idx[0] < (int)dims[0].n; idx[0]++) {
    for (unsigned r = 0; r < dims[1].n; r++) {
      /* Serpentine: walk back down the racks in every other aisle. */
      idx[1] = idx[0] % 2 == 0 ? (int)r : (int)(dims[1].n - 1 - r);
      for (idx[2] = 0; idx[2] < (int)dims[2].n; idx[2]++) {
        for (idx[3] = 0; idx[3] < (int)dims[3].n; idx[3]++) {
          char code[64];
          if (!render(pieces, npieces, dims, idx, code, sizeof code))
            return bad(err, "pattern",
                       "makes a code that is not a bin code (A-Z 0-9 . _ -, "
                       "at most 32, starting with a letter or digit)",
                       p->pattern);
          if (where != NULL)
            where[n] = (struct wms_bin_xy){coord(&dims[0], idx[0]),
                                           coord(&dims[1], idx[1]),
                                           coord(&dims[2], idx[2])};
          out[n++] = core_arena_strdup(arena, code);
        }
      }
    }
  }
  *codes = out;
  if (xy != NULL)
    *xy = where;
  *count = n;
  return CORE_EC_OK;
}
