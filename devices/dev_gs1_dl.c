#include "dev_gs1_dl.h"

#include "dev_gs1_check.h"

#include <stdio.h>
#include <string.h>

enum { MAX_SEGMENTS = 64 };

/* Primary keys and the sequences their qualifiers must follow. */
static const struct {
  const char *pk;
  const char *seq[2]; /* alternative orders, AIs separated by spaces */
} keys[] = {
    {"01", {"22 10 21", "235"}},  {"00", {NULL, NULL}},
    {"253", {NULL, NULL}},        {"255", {NULL, NULL}},
    {"401", {NULL, NULL}},        {"402", {NULL, NULL}},
    {"414", {"254", "7040"}},     {"417", {"7040", NULL}},
    {"8003", {NULL, NULL}},       {"8004", {"7040", NULL}},
    {"8006", {"22 10 21", NULL}}, {"8010", {"8011", NULL}},
    {"8013", {NULL, NULL}},       {"8017", {"8019", NULL}},
    {"8018", {"8019", NULL}},
};

enum { NKEYS = sizeof keys / sizeof keys[0] };

struct span {
  size_t off, len;
};

static int
key_index(const char *s, size_t n)
{
  for (int i = 0; i < NKEYS; i++) {
    if (strlen(keys[i].pk) == n && memcmp(keys[i].pk, s, n) == 0)
      return i;
  }
  return -1;
}

/* Position of AI @a s (n bytes) in sequence @a seq, or -1. */
static int
seq_pos(const char *seq, const char *s, size_t n)
{
  int pos = 0;
  while (seq != NULL && *seq != '\0') {
    size_t k = strcspn(seq, " ");
    if (k == n && memcmp(seq, s, n) == 0)
      return pos;
    seq += k + (seq[k] == ' ');
    pos++;
  }
  return -1;
}

static int
hex(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes @a n bytes at @a s into @a out (cap bytes); -1: bad. */
static long
pct_decode(const char *s, size_t n, char *out, size_t cap)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= n)
        return -1;
      int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h < 0 || l < 0)
        return -1;
      c = (char)(h * 16 + l);
      i += 2;
    }
    if (o < cap)
      out[o] = c;
    o++;
  }
  return (long)o;
}

/* Adds one AI (span @a a) with the percent-encoded value span @a v. */
static enum dev_gs1_ec
add_pair(const char *in, struct span a, struct span v,
         struct dev_gs1_result *out, struct dev_gs1_error *err)
{
  const struct dev_gs1_ai_spec *spec;
  size_t ai_len;
  char ai[8];
  snprintf(ai, sizeof ai, "%.*s", (int)(a.len < 7 ? a.len : 7), in + a.off);
  if (dev_gs1_ai_lookup(in + a.off, a.len, &spec, &ai_len) !=
          DEV_GS1_AI_FOUND ||
      ai_len != a.len)
    return dev_gs1_check_fail(err, DEV_GS1_UNKNOWN_AI, NULL, a.off,
                              "\"%s\" is not a GS1 AI", ai);
  if (out->n == DEV_GS1_MAX_ELEMENTS)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, ai, a.off,
                              "too many AIs in one URI");
  struct dev_gs1_element *el = &out->el[out->n];
  long n = pct_decode(in + v.off, v.len, el->value, DEV_GS1_MAX_VALUE);
  if (n < 0)
    return dev_gs1_check_fail(err, DEV_GS1_DL_INVALID, ai, v.off,
                              "bad percent-encoding in the value of AI (%s)",
                              ai);
  if (n == 0)
    return dev_gs1_check_fail(err, DEV_GS1_EMPTY_VALUE, ai, v.off,
                              "AI (%s) has no value", ai);
  if (n > DEV_GS1_MAX_VALUE)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, ai, v.off,
                              "AI (%s) value is too long", ai);
  el->value[n] = '\0';
  memcpy(el->ai, ai, a.len + 1);
  el->offset = a.off;
  el->spec = spec;
  if (strcmp(ai, "01") == 0 && (n == 8 || n == 12 || n == 13)) {
    memmove(el->value + 14 - n, el->value, (size_t)n + 1);
    memset(el->value, '0', 14 - (size_t)n);
  }
  out->n++;
  return DEV_GS1_OK;
}

/* Splits the path at [p, end) into segments; false when there are too many. */
static bool
split_path(const char *in, size_t p, size_t end, struct span *seg, size_t *nseg)
{
  *nseg = 0;
  while (p < end) {
    p++; /* the '/' */
    size_t q = p;
    while (q < end && in[q] != '/')
      q++;
    if (q == end && q == p)
      break; /* trailing slash */
    if (*nseg == MAX_SEGMENTS)
      return false;
    seg[(*nseg)++] = (struct span){p, q - p};
    p = q;
  }
  return true;
}

/*
 * Whether the segments after key @a key at @a first are its qualifiers in
 * one of their allowed orders; else the offending segment in @a bad.
 */
static bool
qualifiers_in_order(const char *in, const struct span *seg, size_t nseg,
                    size_t first, int key, size_t *bad)
{
  int last[2] = {-1, -1};
  bool alive[2] = {keys[key].seq[0] != NULL, keys[key].seq[1] != NULL};
  for (size_t i = first + 2; i + 1 < nseg; i += 2) {
    bool any = false;
    for (int a = 0; a < 2; a++) {
      int pos = alive[a]
                    ? seq_pos(keys[key].seq[a], in + seg[i].off, seg[i].len)
                    : -1;
      alive[a] = pos > last[a];
      last[a] = pos;
      any = any || alive[a];
    }
    if (!any) {
      *bad = i;
      return false;
    }
  }
  return true;
}

/*
 * The primary key is the leftmost key AI that leaves an even number of
 * segments (key/value pairs) followed by its qualifiers in order; what
 * precedes it is the URI's stem.
 */
static enum dev_gs1_ec
parse_path(const char *in, const struct span *seg, size_t nseg,
           struct dev_gs1_result *out, struct dev_gs1_error *err)
{
  size_t first = nseg, bad = nseg;
  int key = -1, first_key = -1;
  for (size_t i = 0; i + 1 < nseg && key < 0; i++) {
    int k = (nseg - i) % 2 == 0 ? key_index(in + seg[i].off, seg[i].len) : -1;
    size_t b;
    if (k >= 0 && qualifiers_in_order(in, seg, nseg, i, k, &b)) {
      key = k;
      first = i;
    } else if (k >= 0 && first_key < 0) {
      first_key = k;
      bad = b;
    }
  }
  if (key < 0 && first_key < 0)
    return dev_gs1_check_fail(err, DEV_GS1_DL_INVALID, NULL, 0,
                              "the URI path has no GS1 primary key");
  if (key < 0)
    return dev_gs1_check_fail(
        err, DEV_GS1_DL_INVALID, NULL, seg[bad].off,
        "\"%.*s\" is not a key qualifier of (%s) in this position",
        (int)(seg[bad].len < 8 ? seg[bad].len : 8), in + seg[bad].off,
        keys[first_key].pk);
  for (size_t i = first; i + 1 < nseg; i += 2) {
    if (seg[i + 1].len == 0)
      return dev_gs1_check_fail(err, DEV_GS1_DL_INVALID, NULL, seg[i].off,
                                "empty path segment");
    enum dev_gs1_ec ec = add_pair(in, seg[i], seg[i + 1], out, err);
    if (ec != DEV_GS1_OK)
      return ec;
  }
  return DEV_GS1_OK;
}

/* Query parameters with all-digit keys are data attributes. */
static enum dev_gs1_ec
parse_query(const char *in, size_t p, size_t end, struct dev_gs1_result *out,
            struct dev_gs1_error *err)
{
  while (p < end) {
    size_t q = p;
    while (q < end && in[q] != '&')
      q++;
    size_t eq = p;
    while (eq < q && in[eq] != '=')
      eq++;
    bool numeric = eq > p;
    for (size_t i = p; i < eq; i++)
      numeric = numeric && in[i] >= '0' && in[i] <= '9';
    if (numeric) {
      struct span a = {p, eq - p};
      struct span v = {eq < q ? eq + 1 : q, eq < q ? q - eq - 1 : 0};
      enum dev_gs1_ec ec = add_pair(in, a, v, out, err);
      if (ec != DEV_GS1_OK)
        return ec;
    }
    p = q + 1;
  }
  return DEV_GS1_OK;
}

enum dev_gs1_ec
dev_gs1_dl_split(const char *in, size_t len, size_t start,
                 struct dev_gs1_result *out, struct dev_gs1_error *err)
{
  size_t p = start + ((in[start + 4] == 's' || in[start + 4] == 'S') ? 8 : 7);
  size_t host = p;
  while (p < len && in[p] != '/' && in[p] != '?' && in[p] != '#')
    p++;
  if (p == host)
    return dev_gs1_check_fail(err, DEV_GS1_DL_INVALID, NULL, host,
                              "the URI has no host");
  size_t path = p;
  while (p < len && in[p] != '?' && in[p] != '#')
    p++;
  size_t query = p, end = p;
  while (end < len && in[end] != '#')
    end++;
  struct span seg[MAX_SEGMENTS];
  size_t nseg;
  if (!split_path(in, path, query, seg, &nseg))
    return dev_gs1_check_fail(err, DEV_GS1_DL_INVALID, NULL, path,
                              "the URI path has too many segments");
  enum dev_gs1_ec ec = parse_path(in, seg, nseg, out, err);
  if (ec == DEV_GS1_OK && query < end)
    ec = parse_query(in, query + 1, end, out, err);
  return ec;
}
