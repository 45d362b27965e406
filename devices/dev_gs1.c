/*
 * GS1 parsing: recognises the syntax (AIM id, URL, bracket), splits the
 * input into AI/value pairs, and checks each pair as it is found, so the
 * error reported is the first one in reading order.
 */
#include "dev_gs1.h"

#include "dev_checkdigit.h"
#include "dev_gs1_check.h"
#include "dev_gs1_dl.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { GS = 0x1d };

/* What an AIM symbology identifier announces. */
enum aim_kind { AIM_ELEMENT, AIM_EAN, AIM_URL_ONLY, AIM_OTHER };

static enum aim_kind
aim_kind(const char *id)
{
  static const struct {
    const char *id;
    enum aim_kind kind;
  } known[] = {
      {"]C1", AIM_ELEMENT},  {"]e0", AIM_ELEMENT}, {"]d2", AIM_ELEMENT},
      {"]Q3", AIM_ELEMENT},  {"]J1", AIM_ELEMENT}, {"]E0", AIM_EAN},
      {"]E3", AIM_EAN},      {"]E4", AIM_EAN},     {"]Q1", AIM_URL_ONLY},
      {"]d1", AIM_URL_ONLY},
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
    if (memcmp(known[i].id, id, 3) == 0)
      return known[i].kind;
  }
  return AIM_OTHER;
}

static bool
is_url(const char *s, size_t n)
{
  return (n >= 7 && strncasecmp(s, "http://", 7) == 0) ||
         (n >= 8 && strncasecmp(s, "https://", 8) == 0);
}

/* Appends one AI/value pair to @a out and checks it. */
static enum dev_gs1_ec
add_element(struct dev_gs1_result *out, const struct dev_gs1_ai_spec *spec,
            const char *ai, size_t ai_len, const char *value, size_t vlen,
            size_t offset, int ref_year, struct dev_gs1_error *err)
{
  char name[5];
  memcpy(name, ai, ai_len);
  name[ai_len] = '\0';
  if (out->n == DEV_GS1_MAX_ELEMENTS)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, name, offset,
                              "more than %d AIs in one message",
                              DEV_GS1_MAX_ELEMENTS);
  if (vlen > DEV_GS1_MAX_VALUE)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, name, offset,
                              "AI (%s) value has %zu characters, at most %zu "
                              "allowed",
                              name, vlen, dev_gs1_ai_length(spec, true));
  struct dev_gs1_element *el = &out->el[out->n];
  memcpy(el->ai, name, ai_len + 1);
  memcpy(el->value, value, vlen);
  el->value[vlen] = '\0';
  el->offset = offset;
  el->spec = spec;
  enum dev_gs1_ec ec = dev_gs1_check_element(el, ref_year, err);
  if (ec == DEV_GS1_OK)
    out->n++;
  return ec;
}

/* Looks up the AI at @a p; UNKNOWN_AI or TRUNCATED reported as errors. */
static enum dev_gs1_ec
find_ai(const char *in, size_t len, size_t p,
        const struct dev_gs1_ai_spec **spec, size_t *ai_len,
        struct dev_gs1_error *err)
{
  enum dev_gs1_ai_match m = dev_gs1_ai_lookup(in + p, len - p, spec, ai_len);
  int show = (int)(len - p < 4 ? len - p : 4);
  if (m == DEV_GS1_AI_TRUNCATED)
    return dev_gs1_check_fail(err, DEV_GS1_TRUNCATED, NULL, p,
                              "data ends inside the AI \"%.*s\"", show, in + p);
  if (m == DEV_GS1_AI_UNKNOWN)
    return dev_gs1_check_fail(err, DEV_GS1_UNKNOWN_AI, NULL, p,
                              "no GS1 AI starts with \"%.*s\" at offset %zu",
                              show, in + p, p);
  return DEV_GS1_OK;
}

/*
 * Where the value starting at @a v ends: predefined-length AIs take their
 * length (no separator needed), all others run to GS or the end.
 */
static enum dev_gs1_ec
value_end(const char *in, size_t len, size_t p, size_t v,
          const struct dev_gs1_ai_spec *spec, size_t *vend,
          struct dev_gs1_error *err)
{
  const char *gs = memchr(in + v, GS, len - v);
  size_t stop = gs != NULL ? (size_t)(gs - in) : len;
  size_t max = dev_gs1_ai_length(spec, true);
  char ai[5];
  memcpy(ai, in + p, v - p);
  ai[v - p] = '\0';
  bool predefined = dev_gs1_ai_predefined(ai);
  if (stop == v)
    return dev_gs1_check_fail(
        err, v == len && predefined ? DEV_GS1_TRUNCATED : DEV_GS1_EMPTY_VALUE,
        ai, p, "AI (%s) has no value", ai);
  if (predefined) {
    if (stop - v < max && gs == NULL)
      return dev_gs1_check_fail(err, DEV_GS1_TRUNCATED, ai, p,
                                "data ends inside the %zu-digit field of AI "
                                "(%s)",
                                max, ai);
    *vend = stop - v < max ? stop : v + max;
    return DEV_GS1_OK;
  }
  if (stop - v > max) {
    const struct dev_gs1_ai_spec *next;
    size_t nlen;
    bool ai_follows = dev_gs1_ai_lookup(in + v + max, stop - v - max, &next,
                                        &nlen) == DEV_GS1_AI_FOUND;
    return dev_gs1_check_fail(
        err, ai_follows ? DEV_GS1_MISSING_SEPARATOR : DEV_GS1_BAD_LENGTH, ai, p,
        "AI (%s) value is longer than %zu characters%s", ai, max,
        ai_follows ? ": is a GS separator missing?" : "");
  }
  *vend = stop;
  return DEV_GS1_OK;
}

/* GS1 element string from offset @a p: AI, value, [GS], AI, value, … */
static enum dev_gs1_ec
parse_elements(const char *in, size_t len, size_t p, int ref_year,
               struct dev_gs1_result *out, struct dev_gs1_error *err)
{
  if (p < len && in[p] == GS)
    p++; /* FNC1 in first position */
  if (p == len)
    return dev_gs1_check_fail(err, DEV_GS1_EMPTY, NULL, p, "no data");
  while (p < len) {
    if (in[p] == GS) {
      if (p + 1 == len)
        return dev_gs1_check_fail(err, DEV_GS1_TRAILING_SEPARATOR, NULL, p,
                                  "the data ends with a GS separator");
      p++; /* superfluous separator */
      continue;
    }
    const struct dev_gs1_ai_spec *spec;
    size_t ai_len = 0, vend = p;
    enum dev_gs1_ec ec = find_ai(in, len, p, &spec, &ai_len, err);
    if (ec == DEV_GS1_OK)
      ec = value_end(in, len, p, p + ai_len, spec, &vend, err);
    if (ec == DEV_GS1_OK)
      ec = add_element(out, spec, in + p, ai_len, in + p + ai_len,
                       vend - p - ai_len, p, ref_year, err);
    if (ec != DEV_GS1_OK)
      return ec;
    p = vend;
    if (p < len && in[p] == GS) {
      if (p + 1 == len)
        return dev_gs1_check_fail(err, DEV_GS1_TRAILING_SEPARATOR, NULL, p,
                                  "the data ends with a GS separator");
      p++;
    }
  }
  return DEV_GS1_OK;
}

/* Bracketed HRI "(01)…(10)…"; "\(" in a value is a literal bracket. */
static enum dev_gs1_ec
parse_hri(const char *in, size_t len, int ref_year, struct dev_gs1_result *out,
          struct dev_gs1_error *err)
{
  size_t p = 0;
  while (p < len) {
    const char *close = memchr(in + p, ')', len - p < 6 ? len - p : 6);
    const struct dev_gs1_ai_spec *spec;
    size_t ai_len = 0;
    if (in[p] != '(' || close == NULL ||
        dev_gs1_ai_lookup(in + p + 1, (size_t)(close - in) - p - 1, &spec,
                          &ai_len) != DEV_GS1_AI_FOUND ||
        ai_len != (size_t)(close - in) - p - 1)
      return dev_gs1_check_fail(err, DEV_GS1_UNKNOWN_AI, NULL, p,
                                "expected a known (AI) at offset %zu", p);
    char value[DEV_GS1_MAX_VALUE + 1];
    size_t vlen = 0, q = (size_t)(close - in) + 1;
    while (q < len && in[q] != '(') {
      if (in[q] == '\\' && q + 1 < len && in[q + 1] == '(')
        q++;
      if (vlen <= DEV_GS1_MAX_VALUE)
        value[vlen] = in[q];
      vlen++;
      q++;
    }
    enum dev_gs1_ec ec = add_element(out, spec, in + p + 1, ai_len, value, vlen,
                                     p, ref_year, err);
    if (ec != DEV_GS1_OK)
      return ec;
    p = q;
  }
  return DEV_GS1_OK;
}

/* EAN-13/UPC-A/UPC-E (]E0), EAN-8 (]E4), with add-on (]E3): AI 01. */
static enum dev_gs1_ec
parse_ean(const char *in, size_t len, size_t p, int ref_year,
          struct dev_gs1_result *out, struct dev_gs1_error *err)
{
  size_t n = len - p;
  char digits[20], gtin[15];
  for (size_t i = p; i < len; i++) {
    if (in[i] < '0' || in[i] > '9')
      return dev_gs1_check_fail(err, DEV_GS1_BAD_CHARSET, "01", i,
                                "EAN/UPC data must be digits");
  }
  bool e4 = in[2] == '4', e3 = in[2] == '3';
  if (e3 && (n == 15 || n == 18))
    n = 13; /* the add-on is not part of the GTIN */
  bool ok = e4 ? n == 8 : n == 13 || n == 12 || n == 8;
  if (!ok || n >= sizeof digits)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, "01", p,
                              "EAN/UPC data has %zu digits", len - p);
  memcpy(digits, in + p, n);
  digits[n] = '\0';
  /*
   * Eight digits under ]E0: UPC-E, expanded to UPC-A, when that reading is
   * valid; otherwise an EAN-8 sent with the wrong modifier.
   */
  char upca[13];
  if (!e4 && n == 8 && dev_checkdigit_upce_expand(digits, upca) &&
      dev_checkdigit_compute(upca, 11) == upca[11]) {
    memcpy(digits, upca, 13);
    n = 12;
  }
  memset(gtin, '0', 14 - n);
  memcpy(gtin + 14 - n, digits, n);
  const struct dev_gs1_ai_spec *spec;
  size_t ai_len;
  dev_gs1_ai_lookup("01", 2, &spec, &ai_len);
  return add_element(out, spec, "01", 2, gtin, 14, p, ref_year, err);
}

/* Chooses the syntax from the AIM id and the first bytes, then parses. */
static enum dev_gs1_ec
dispatch(const char *in, size_t len, int ref_year, struct dev_gs1_result *out,
         struct dev_gs1_error *err)
{
  size_t p = 0;
  enum aim_kind kind = AIM_ELEMENT;
  if (len > 0 && in[0] == ']') {
    if (len < 3)
      return dev_gs1_check_fail(err, DEV_GS1_NOT_GS1, NULL, 0,
                                "incomplete AIM symbology identifier");
    memcpy(out->symbology, in, 3);
    out->symbology[3] = '\0';
    kind = aim_kind(in);
    p = 3;
  }
  if (p == len)
    return dev_gs1_check_fail(err, DEV_GS1_EMPTY, NULL, p, "no data");
  bool url = is_url(in + p, len - p);
  if (kind == AIM_OTHER || (kind == AIM_URL_ONLY && !url))
    return dev_gs1_check_fail(err, DEV_GS1_NOT_GS1, NULL, 0,
                              "symbology %.3s does not carry GS1 data", in);
  if (kind == AIM_EAN) {
    out->syntax = DEV_GS1_SYNTAX_EAN;
    return parse_ean(in, len, p, ref_year, out, err);
  }
  if (url && (p == 0 || kind == AIM_URL_ONLY)) {
    out->syntax = DEV_GS1_SYNTAX_DL;
    enum dev_gs1_ec ec = dev_gs1_dl_split(in, len, p, out, err);
    for (size_t i = 0; i < out->n && ec == DEV_GS1_OK; i++)
      ec = dev_gs1_check_element(&out->el[i], ref_year, err);
    return ec;
  }
  if (p == 0 && in[0] == '(') {
    out->syntax = DEV_GS1_SYNTAX_HRI;
    return parse_hri(in, len, ref_year, out, err);
  }
  out->syntax = DEV_GS1_SYNTAX_ELEMENT;
  return parse_elements(in, len, p, ref_year, out, err);
}

enum dev_gs1_ec
dev_gs1_parse(const char *in, size_t len, const struct dev_gs1_options *opts,
              struct dev_gs1_result *out, struct dev_gs1_error *err)
{
  struct dev_gs1_options def = {.ref_year = 0, .associations = true};
  if (opts == NULL)
    opts = &def;
  int ref_year = opts->ref_year;
  if (ref_year == 0) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    ref_year = tm.tm_year + 1900;
  }
  out->symbology[0] = '\0';
  out->syntax = DEV_GS1_SYNTAX_ELEMENT;
  out->n = 0;
  if (len > DEV_GS1_MAX_INPUT)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, NULL, 0,
                              "input of %zu bytes is longer than %d", len,
                              DEV_GS1_MAX_INPUT);
  enum dev_gs1_ec ec = dispatch(in, len, ref_year, out, err);
  if (ec == DEV_GS1_OK && opts->associations)
    ec = dev_gs1_check_associations(out, err);
  return ec;
}

const char *
dev_gs1_ec_name(enum dev_gs1_ec ec)
{
  static const char *const names[] = {
      [DEV_GS1_OK] = "OK",
      [DEV_GS1_BAD_CHECK_DIGIT] = "BAD_CHECK_DIGIT",
      [DEV_GS1_UNKNOWN_AI] = "UNKNOWN_AI",
      [DEV_GS1_BAD_LENGTH] = "BAD_LENGTH",
      [DEV_GS1_MISSING_SEPARATOR] = "MISSING_SEPARATOR",
      [DEV_GS1_TRUNCATED] = "TRUNCATED",
      [DEV_GS1_EMPTY_VALUE] = "EMPTY_VALUE",
      [DEV_GS1_EMPTY] = "EMPTY",
      [DEV_GS1_BAD_CHARSET] = "BAD_CHARSET",
      [DEV_GS1_BAD_DATE] = "BAD_DATE",
      [DEV_GS1_TRAILING_SEPARATOR] = "TRAILING_SEPARATOR",
      [DEV_GS1_NOT_GS1] = "NOT_GS1",
      [DEV_GS1_DL_INVALID] = "DL_INVALID",
      [DEV_GS1_INVALID_PAIRING] = "INVALID_PAIRING",
      [DEV_GS1_DUPLICATE_AI] = "DUPLICATE_AI",
  };
  return (unsigned)ec < sizeof names / sizeof names[0] ? names[ec] : "UNKNOWN";
}

const struct dev_gs1_element *
dev_gs1_find(const struct dev_gs1_result *r, const char *pattern)
{
  for (size_t i = 0; i < r->n; i++) {
    const struct dev_gs1_element *el = &r->el[i];
    if (strcmp(el->ai, pattern) == 0 ||
        dev_gs1_ai_matches(pattern, el->ai, el->spec->maxdec))
      return el;
  }
  return NULL;
}

size_t
dev_gs1_to_element_string(const struct dev_gs1_result *r, char *out, size_t cap)
{
  size_t o = 0;
  for (size_t i = 0; i < r->n; i++) {
    const struct dev_gs1_element *el = &r->el[i];
    bool sep = i + 1 < r->n && !dev_gs1_ai_predefined(el->ai);
    int k = snprintf(out + o, cap - o, "%s%s%s", el->ai, el->value,
                     sep ? "\x1d" : "");
    if (k < 0 || (size_t)k >= cap - o)
      return 0;
    o += (size_t)k;
  }
  return o;
}
