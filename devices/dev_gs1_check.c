#include "dev_gs1_check.h"

#include "dev_checkdigit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum dev_gs1_ec
dev_gs1_check_fail(struct dev_gs1_error *err, enum dev_gs1_ec ec,
                   const char *ai, size_t offset, const char *fmt, ...)
{
  if (err == NULL)
    return ec;
  err->code = ec;
  snprintf(err->ai, sizeof err->ai, "%s", ai != NULL ? ai : "");
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  /* Messages quote input: keep them printable ASCII for any JSON/log. */
  for (char *p = err->message; *p != '\0'; p++) {
    if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
      *p = '?';
  }
  return ec;
}

static int
num(const char *s, size_t n)
{
  int v = 0;
  for (size_t i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static int
days_in_month(int year, int month)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

int
dev_gs1_century(int yy, int ref_year)
{
  int year = ref_year - ref_year % 100 + yy;
  if (year - ref_year > 49)
    year -= 100;
  else if (year - ref_year < -50)
    year += 100;
  return year;
}

/*
 * Validates a date of digits at @a s (YYMMDD, or YYYYMMDD when @a full);
 * DD=00 allowed with @a day0 and resolved to the month's last day. Writes
 * the ISO date to @a iso (11 bytes) unless NULL.
 */
static bool
check_date(const char *s, bool full, bool day0, int ref_year, char *iso)
{
  int year = full ? num(s, 4) : dev_gs1_century(num(s, 2), ref_year);
  const char *md = s + (full ? 4 : 2);
  int month = num(md, 2), day = num(md + 2, 2);
  if (month < 1 || month > 12)
    return false;
  int last = days_in_month(year, month);
  if (day == 0 && day0)
    day = last;
  if (day < 1 || day > last)
    return false;
  if (iso != NULL)
    snprintf(iso, 11, "%04u-%02u-%02u", (unsigned)year % 10000u,
             (unsigned)month % 100u, (unsigned)day % 100u);
  return true;
}

/* Writes the @a n digits at @a s with @a dec implied decimals to @a out. */
static void
render_decimal(const char *s, size_t n, unsigned dec, char *out, size_t cap)
{
  size_t ip = n > dec ? n - dec : 0; /* digits of the integer part */
  size_t skip = 0;
  while (skip + 1 < ip && s[skip] == '0')
    skip++;
  size_t o = 0;
  if (ip == 0)
    out[o++] = '0';
  for (size_t i = skip; i < ip && o + 1 < cap; i++)
    out[o++] = s[i];
  if (dec > 0 && o + 1 < cap)
    out[o++] = '.';
  for (size_t i = 0; i < dec && o + 1 < cap; i++) {
    size_t from_end = dec - i; /* 1 = last digit */
    out[o++] = from_end <= n ? s[n - from_end] : '0';
  }
  out[o] = '\0';
}

/* Applies the linters of @a c to the @a n bytes at @a s. */
static enum dev_gs1_ec
check_component(struct dev_gs1_element *el,
                const struct dev_gs1_ai_component *c, const char *s, size_t n,
                int ref_year, struct dev_gs1_error *err)
{
  for (size_t i = 0; i < n; i++) {
    if (!dev_gs1_ai_cset_has(c->cset, (unsigned char)s[i]))
      return dev_gs1_check_fail(
          err, DEV_GS1_BAD_CHARSET, el->ai, el->offset,
          "character 0x%02x at position %zu is not allowed in AI (%s)",
          (unsigned char)s[i], (size_t)(s - el->value) + i + 1, el->ai);
  }
  unsigned f = c->flags;
  if ((f & DEV_GS1_AI_CSUM) != 0 &&
      dev_checkdigit_compute(s, n - 1) != s[n - 1])
    return dev_gs1_check_fail(
        err, DEV_GS1_BAD_CHECK_DIGIT, el->ai, el->offset,
        "bad check digit in AI (%s) \"%.*s\": expected %c", el->ai, (int)n, s,
        dev_checkdigit_compute(s, n - 1));
  bool date_ok = true;
  if ((f & (DEV_GS1_AI_DATE | DEV_GS1_AI_DATE0)) != 0)
    date_ok = check_date(s, false, (f & DEV_GS1_AI_DATE0) != 0, ref_year,
                         el->date[0] == '\0' ? el->date : NULL);
  else if ((f & DEV_GS1_AI_YYYYMMDD) != 0)
    date_ok = check_date(s, true, false, ref_year, NULL);
  else if ((f & DEV_GS1_AI_HHMM) != 0)
    date_ok = num(s, 2) <= 23 && num(s + 2, 2) <= 59;
  else if ((f & DEV_GS1_AI_HH) != 0)
    date_ok = num(s, 2) <= 23;
  if (!date_ok)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_DATE, el->ai, el->offset,
                              "invalid date or time \"%.*s\" in AI (%s)",
                              (int)n, s, el->ai);
  if ((f & DEV_GS1_AI_YESNO) != 0 && s[0] > '1')
    return dev_gs1_check_fail(err, DEV_GS1_BAD_CHARSET, el->ai, el->offset,
                              "AI (%s) must be 0 or 1", el->ai);
  if ((f & DEV_GS1_AI_ZERO) != 0 && s[0] != '0')
    return dev_gs1_check_fail(err, DEV_GS1_BAD_CHARSET, el->ai, el->offset,
                              "AI (%s) must start with 0", el->ai);
  if ((f & DEV_GS1_AI_DEC) != 0)
    render_decimal(s, n, (unsigned)(el->ai[3] - '0'), el->decimal,
                   sizeof el->decimal);
  return DEV_GS1_OK;
}

enum dev_gs1_ec
dev_gs1_check_element(struct dev_gs1_element *el, int ref_year,
                      struct dev_gs1_error *err)
{
  const struct dev_gs1_ai_spec *spec = el->spec;
  size_t len = strlen(el->value);
  el->date[0] = '\0';
  el->decimal[0] = '\0';
  if (len == 0)
    return dev_gs1_check_fail(err, DEV_GS1_EMPTY_VALUE, el->ai, el->offset,
                              "AI (%s) has no value", el->ai);
  size_t lo = dev_gs1_ai_length(spec, false),
         hi = dev_gs1_ai_length(spec, true);
  if (len < lo || len > hi)
    return dev_gs1_check_fail(
        err, DEV_GS1_BAD_LENGTH, el->ai, el->offset,
        "AI (%s) value has %zu characters, expected %zu%s%zu", el->ai, len, lo,
        lo == hi ? "" : "..", lo == hi ? (size_t)0 : hi);
  size_t pos = 0;
  for (unsigned i = 0; i < spec->ncomp; i++) {
    const struct dev_gs1_ai_component *c = &spec->comp[i];
    size_t left = len - pos;
    if (left == 0 && (c->flags & DEV_GS1_AI_OPT) != 0)
      break;
    size_t take = left < c->max ? left : c->max;
    if (take < c->min)
      return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, el->ai, el->offset,
                                "AI (%s) value \"%s\" is too short", el->ai,
                                el->value);
    enum dev_gs1_ec ec =
        check_component(el, c, el->value + pos, take, ref_year, err);
    if (ec != DEV_GS1_OK)
      return ec;
    pos += take;
  }
  if (pos != len)
    return dev_gs1_check_fail(err, DEV_GS1_BAD_LENGTH, el->ai, el->offset,
                              "AI (%s) value \"%s\" is too long", el->ai,
                              el->value);
  return DEV_GS1_OK;
}

/* Whether some element of @a r matches one AI of the list @a alts. */
static bool
any_present(const struct dev_gs1_result *r, const char *alts, size_t n)
{
  char ai[5];
  size_t i = 0;
  while (i < n) {
    size_t k = 0;
    while (i + k < n && alts[i + k] != ',' && k < 4) {
      ai[k] = alts[i + k];
      k++;
    }
    ai[k] = '\0';
    if (dev_gs1_find(r, ai) != NULL)
      return true;
    i += k;
    while (i < n && alts[i] == ',')
      i++;
  }
  return false;
}

/* Checks one element's req groups and ex list; the AI named on failure. */
static enum dev_gs1_ec
check_rules(const struct dev_gs1_result *r, const struct dev_gs1_element *el,
            struct dev_gs1_error *err)
{
  const char *req = el->spec->req, *ex = el->spec->ex;
  while (req != NULL && *req != '\0') {
    size_t n = strcspn(req, " ");
    if (!any_present(r, req, n))
      return dev_gs1_check_fail(err, DEV_GS1_INVALID_PAIRING, el->ai,
                                el->offset, "AI (%s) requires one of (%.*s)",
                                el->ai, (int)n, req);
    req += n + (req[n] == ' ');
  }
  while (ex != NULL && *ex != '\0') {
    size_t n = strcspn(ex, " ");
    if (any_present(r, ex, n))
      return dev_gs1_check_fail(
          err, DEV_GS1_INVALID_PAIRING, el->ai, el->offset,
          "AI (%s) cannot be used with (%.*s)", el->ai, (int)n, ex);
    ex += n + (ex[n] == ' ');
  }
  return DEV_GS1_OK;
}

enum dev_gs1_ec
dev_gs1_check_associations(const struct dev_gs1_result *r,
                           struct dev_gs1_error *err)
{
  for (size_t i = 0; i < r->n; i++) {
    const struct dev_gs1_element *a = &r->el[i];
    for (size_t j = 0; j < i; j++) {
      const struct dev_gs1_element *b = &r->el[j];
      if (strcmp(a->ai, b->ai) == 0 && strcmp(a->value, b->value) != 0)
        return dev_gs1_check_fail(err, DEV_GS1_DUPLICATE_AI, a->ai, a->offset,
                                  "AI (%s) appears twice with different values",
                                  a->ai);
      /* One measure in two decimal positions (3102 and 3103). */
      if (a->spec == b->spec && a->spec->maxdec > 0 &&
          strcmp(a->ai, b->ai) != 0)
        return dev_gs1_check_fail(err, DEV_GS1_INVALID_PAIRING, a->ai,
                                  a->offset, "AI (%s) cannot be used with (%s)",
                                  a->ai, b->ai);
    }
  }
  for (size_t i = 0; i < r->n; i++) {
    enum dev_gs1_ec ec = check_rules(r, &r->el[i], err);
    if (ec != DEV_GS1_OK)
      return ec;
  }
  return DEV_GS1_OK;
}
