#include "core_json.h"

#include "core_arena.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static enum core_ec fail(struct core_json_error *err, enum core_ec ec,
                         const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills @a err and returns @a ec, so parsers can `return fail(...)`. */
static enum core_ec
fail(struct core_json_error *err, enum core_ec ec, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  err->ec = ec;
  return ec;
}

static const char *
type_name(const json_t *v)
{
  switch (json_typeof(v)) {
    case JSON_OBJECT:
      return "an object";
    case JSON_ARRAY:
      return "an array";
    case JSON_STRING:
      return "a string";
    case JSON_INTEGER:
      return "an integer";
    case JSON_REAL:
      return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
      return "a boolean";
    case JSON_NULL:
      return "null";
  }
  return "unknown";
}

/* Jansson guarantees valid UTF-8 but allows \u0000 inside strings. */
static enum core_ec
text_of(const json_t *v, const struct core_json_spec *spec,
        struct core_json_error *err, const char **out, size_t *len)
{
  if (!json_is_string(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected a string, got %s",
                type_name(v));
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (strlen(s) != n)
    return fail(err, CORE_EC_INVALID_VALUE, "text must not contain NUL");
  if ((int64_t)n < spec->min)
    return fail(err, CORE_EC_INVALID_VALUE,
                n == 0 ? "must not be empty" : "is shorter than %lld bytes",
                (long long)spec->min);
  if (spec->max > 0 && (int64_t)n > spec->max)
    return fail(err, CORE_EC_INVALID_VALUE, "is longer than %lld bytes",
                (long long)spec->max);
  *out = s;
  *len = n;
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_string(const json_t *v, const struct core_json_spec *spec,
                       struct core_arena *arena, struct core_json_error *err)
{
  const char *s;
  size_t n;
  enum core_ec ec = text_of(v, spec, err, &s, &n);
  if (ec != CORE_EC_OK)
    return ec;
  *(const char **)spec->dest = core_arena_strndup(arena, s, n);
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_code(const json_t *v, const struct core_json_spec *spec,
                     struct core_arena *arena, struct core_json_error *err)
{
  const char *s;
  size_t n;
  enum core_ec ec = text_of(v, spec, err, &s, &n);
  if (ec != CORE_EC_OK)
    return ec;
  char *code = core_arena_strndup(arena, s, n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)code[i];
    if (!(isascii(c) && (isalnum(c) || c == '-' || c == '_' || c == '.')))
      return fail(err, CORE_EC_INVALID_VALUE,
                  "\"%s\" may hold only letters A-Z, digits and - _ .", s);
    code[i] = (char)toupper(c);
  }
  *(const char **)spec->dest = code;
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_int(const json_t *v, const struct core_json_spec *spec,
                    struct core_arena *arena, struct core_json_error *err)
{
  int64_t lo =
      spec->min < -CORE_JSON_MAX_SAFE_INT ? -CORE_JSON_MAX_SAFE_INT : spec->min;
  int64_t hi =
      spec->max > CORE_JSON_MAX_SAFE_INT ? CORE_JSON_MAX_SAFE_INT : spec->max;
  int64_t x;
  if (json_is_integer(v)) {
    x = (int64_t)json_integer_value(v);
  } else if (json_is_real(v)) {
    /* 3.0 is an integer written oddly; 3.5 is not an integer. */
    double d = json_real_value(v);
    if (!isfinite(d) || d != floor(d))
      return fail(err, CORE_EC_WRONG_TYPE, "expected an integer, got %g", d);
    if (d < (double)lo || d > (double)hi)
      return fail(err, CORE_EC_OUT_OF_RANGE, "%g is outside %lld..%lld", d,
                  (long long)lo, (long long)hi);
    x = (int64_t)d;
  } else {
    return fail(err, CORE_EC_WRONG_TYPE, "expected an integer, got %s",
                type_name(v));
  }
  if (x < lo || x > hi)
    return fail(err, CORE_EC_OUT_OF_RANGE, "%lld is outside %lld..%lld",
                (long long)x, (long long)lo, (long long)hi);
  *(int64_t *)spec->dest = x;
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_bool(const json_t *v, const struct core_json_spec *spec,
                     struct core_arena *arena, struct core_json_error *err)
{
  if (!json_is_boolean(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected true or false, got %s",
                type_name(v));
  *(bool *)spec->dest = json_is_true(v);
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_choice(const json_t *v, const struct core_json_spec *spec,
                       struct core_arena *arena, struct core_json_error *err)
{
  if (!json_is_string(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected a string, got %s",
                type_name(v));
  const char *s = json_string_value(v);
  char allowed[200] = "";
  for (int i = 0; spec->choices[i] != NULL; i++) {
    if (strcmp(s, spec->choices[i]) == 0) {
      *(int *)spec->dest = i;
      return CORE_EC_OK;
    }
    size_t used = strlen(allowed);
    snprintf(allowed + used, sizeof allowed - used, "%s%s", i > 0 ? ", " : "",
             spec->choices[i]);
  }
  return fail(err, CORE_EC_INVALID_VALUE, "\"%.60s\" is not one of: %s", s,
              allowed);
}

enum core_ec
core_json_parse_object(const json_t *v, const struct core_json_spec *spec,
                       struct core_arena *arena, struct core_json_error *err)
{
  if (!json_is_object(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected an object, got %s",
                type_name(v));
  *(const json_t **)spec->dest = v;
  return CORE_EC_OK;
}

static void
set_field(struct core_json_error *err, const char *prefix, const char *field)
{
  if (prefix != NULL && prefix[0] != '\0')
    snprintf(err->field, sizeof err->field, "%s.%s", prefix, field);
  else
    snprintf(err->field, sizeof err->field, "%s", field);
}

/* With strict specs, any key not named by a spec is a client mistake. */
static enum core_ec
check_unknown(const json_t *obj, const struct core_json_spec specs[],
              const char *prefix, struct core_json_error *err)
{
  const char *key;
  const json_t *val;
  json_object_foreach((json_t *)obj, key, val)
  {
    bool known = false;
    for (size_t i = 0; specs[i].field != NULL && !known; i++)
      known = strcmp(specs[i].field, key) == 0;
    if (!known) {
      set_field(err, prefix, key);
      return fail(err, CORE_EC_UNKNOWN_FIELD, "unknown field \"%.60s\"", key);
    }
  }
  return CORE_EC_OK;
}

enum core_ec
core_json_parse(const json_t *obj, const struct core_json_spec specs[],
                bool strict, const char *prefix, struct core_arena *arena,
                struct core_json_error *err)
{
  err->field[0] = '\0';
  err->message[0] = '\0';
  err->ec = CORE_EC_OK;
  if (!json_is_object(obj))
    return fail(err, CORE_EC_NOT_AN_OBJECT, "expected a JSON object, got %s",
                type_name(obj));
  if (strict) {
    enum core_ec ec = check_unknown(obj, specs, prefix, err);
    if (ec != CORE_EC_OK)
      return ec;
  }
  for (size_t i = 0; specs[i].field != NULL; i++) {
    const struct core_json_spec *s = &specs[i];
    const json_t *v = json_object_get(obj, s->field);
    bool given = v != NULL && !json_is_null(v);
    if (s->present != NULL)
      *s->present = given;
    if (!given) {
      if (s->optional)
        continue;
      set_field(err, prefix, s->field);
      return fail(err, CORE_EC_MISSING_FIELD, "\"%s\" is required", s->field);
    }
    enum core_ec ec = s->parse(v, s, arena, err);
    if (ec != CORE_EC_OK) {
      set_field(err, prefix, s->field);
      return ec;
    }
  }
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_array(const json_t *v, const struct core_json_spec *spec,
                      struct core_arena *arena, struct core_json_error *err)
{
  if (!json_is_array(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected an array, got %s",
                type_name(v));
  *(const json_t **)spec->dest = v;
  return CORE_EC_OK;
}

/* Checks decimal text @a s against the spec's scale and digit limits. */
static enum core_ec
check_decimal(const char *s, const struct core_json_spec *spec,
              struct core_json_error *err)
{
  size_t int_digits = 0, frac_digits = 0;
  const char *p = s;
  while (isdigit((unsigned char)*p)) {
    int_digits++;
    p++;
  }
  if (*p == '.') {
    p++;
    while (isdigit((unsigned char)*p)) {
      frac_digits++;
      p++;
    }
    if (frac_digits == 0)
      int_digits = 0;
  }
  if (*p != '\0' || int_digits == 0)
    return fail(err, CORE_EC_INVALID_VALUE,
                "\"%.40s\" is not a decimal number like 12.50", s);
  if ((int64_t)frac_digits > spec->min)
    return fail(err, CORE_EC_INVALID_VALUE, "%.40s has more than %lld decimals",
                s, (long long)spec->min);
  if ((int64_t)int_digits > spec->max)
    return fail(err, CORE_EC_OUT_OF_RANGE, "%.40s is too large", s);
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_decimal(const json_t *v, const struct core_json_spec *spec,
                        struct core_arena *arena, struct core_json_error *err)
{
  char buf[64];
  if (json_is_string(v)) {
    snprintf(buf, sizeof buf, "%s", json_string_value(v));
    if (json_string_length(v) >= sizeof buf)
      return fail(err, CORE_EC_INVALID_VALUE, "the number is too long");
  } else if (json_is_integer(v)) {
    snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
  } else if (json_is_real(v)) {
    double d = json_real_value(v);
    if (!isfinite(d) || fabs(d) > 1e15)
      return fail(err, CORE_EC_OUT_OF_RANGE, "%g is too large", d);
    /* Shortest text that reads back as the same double. */
    snprintf(buf, sizeof buf, "%.15g", d);
    if (strchr(buf, 'e') != NULL)
      snprintf(buf, sizeof buf, "%.*f", (int)spec->min, d);
  } else {
    return fail(err, CORE_EC_WRONG_TYPE, "expected a number, got %s",
                type_name(v));
  }
  if (buf[0] == '-')
    return fail(err, CORE_EC_OUT_OF_RANGE, "%s must not be negative", buf);
  enum core_ec ec = check_decimal(buf, spec, err);
  if (ec != CORE_EC_OK)
    return ec;
  *(const char **)spec->dest = core_arena_strdup(arena, buf);
  return CORE_EC_OK;
}

enum core_ec
core_json_parse_date(const json_t *v, const struct core_json_spec *spec,
                     struct core_arena *arena, struct core_json_error *err)
{
  if (!json_is_string(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected a date string, got %s",
                type_name(v));
  const char *s = json_string_value(v);
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d, n = 0;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
      n != 10 || s[4] != '-' || s[7] != '-' || !isdigit((unsigned char)s[0]))
    return fail(err, CORE_EC_INVALID_VALUE,
                "\"%.20s\" is not a date like 2027-03-31", s);
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 2000 || y > 2199 || m < 1 || m > 12 || d < 1 ||
      d > days[m - 1] - (m == 2 && !leap ? 1 : 0))
    return fail(err, CORE_EC_INVALID_VALUE, "%s is not a real date", s);
  *(const char **)spec->dest = core_arena_strdup(arena, s);
  return CORE_EC_OK;
}

/* Whether @a s (len n) is "HH:MM" or "HH:MM:SS" with real values. */
static bool
clock_ok(const char *s, size_t n)
{
  int h, m, sec = 0, used = 0;
  if (n == 5)
    return sscanf(s, "%2d:%2d%n", &h, &m, &used) == 2 && used == 5 &&
           s[2] == ':' && h < 24 && m < 60 && h >= 0 && m >= 0;
  return n == 8 && sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &used) == 3 &&
         used == 8 && s[2] == ':' && s[5] == ':' && h >= 0 && h < 24 &&
         m >= 0 && m < 60 && sec >= 0 && sec < 60;
}

enum core_ec
core_json_parse_timestamp(const json_t *v, const struct core_json_spec *spec,
                          struct core_arena *arena, struct core_json_error *err)
{
  if (!json_is_string(v))
    return fail(err, CORE_EC_WRONG_TYPE, "expected a timestamp string, got %s",
                type_name(v));
  const char *s = json_string_value(v);
  size_t n = strlen(s);
  const char *date = NULL;
  json_t *d = n > 10 ? json_stringn(s, 10) : NULL;
  struct core_json_spec ds = {.dest = &date};
  bool ok = d != NULL && (s[10] == 'T' || s[10] == ' ') &&
            core_json_parse_date(d, &ds, arena, err) == CORE_EC_OK;
  json_decref(d);
  const char *zone = ok ? strpbrk(s + 11, "Z+-") : NULL;
  ok = zone != NULL && clock_ok(s + 11, (size_t)(zone - s - 11)) &&
       (strcmp(zone, "Z") == 0 || (strlen(zone) == 6 && clock_ok(zone + 1, 5)));
  if (!ok)
    return fail(err, CORE_EC_INVALID_VALUE,
                "\"%.40s\" is not a timestamp like 2027-03-31T14:00:00+08:00",
                s);
  *(const char **)spec->dest = core_arena_strdup(arena, s);
  return CORE_EC_OK;
}

enum core_ec
core_json_fail(struct core_json_error *err, enum core_ec ec, const char *field,
               const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  snprintf(err->field, sizeof err->field, "%s", field);
  err->ec = ec;
  return ec;
}
