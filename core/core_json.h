#ifndef CORE_JSON_H
#define CORE_JSON_H
/*
 * Typed JSON input specs: a handler lists the fields it accepts, each with
 * a parser and a destination; core_json_parse() fills the destinations or
 * reports the one field to blame. Nothing is written to a destination of
 * a spec whose parse failed, and callers ignore all destinations on error.
 */
#include "core_ec.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct core_arena;
struct core_json_spec;

/* Largest integer a JSON number can carry without loss in every client. */
#define CORE_JSON_MAX_SAFE_INT INT64_C(9007199254740991)

/* What went wrong, for the error reply. */
struct core_json_error {
  enum core_ec ec;
  char field[128];   /* path of the field to blame, e.g. "lines[2].qty" */
  char message[256]; /* lowercase, no final period */
};

/*
 * A field parser: reads @a v (in, borrowed, never NULL) and writes the
 * typed result to spec->dest. Strings are copied into @a arena. On failure
 * returns the code and fills err->message (field is set by the caller).
 */
typedef enum core_ec (*core_json_parser)(const json_t *v,
                                         const struct core_json_spec *spec,
                                         struct core_arena *arena,
                                         struct core_json_error *err);

struct core_json_spec {
  const char *field; /* key in the object; NULL ends the array */
  core_json_parser parse;
  void *dest;
  bool optional;    /* absent (or null) is fine: dest is left alone */
  bool *present;    /* if not NULL: set to whether the field was given */
  int64_t min, max; /* numbers: bounds; strings: length in bytes */
  const char *const *choices; /* enums: NULL-terminated allowed names */
};

/* Parsers for the common types; see the CORE_JSON_* macros below. */
enum core_ec core_json_parse_string(const json_t *v,
                                    const struct core_json_spec *spec,
                                    struct core_arena *arena,
                                    struct core_json_error *err);
enum core_ec core_json_parse_int(const json_t *v,
                                 const struct core_json_spec *spec,
                                 struct core_arena *arena,
                                 struct core_json_error *err);
enum core_ec core_json_parse_bool(const json_t *v,
                                  const struct core_json_spec *spec,
                                  struct core_arena *arena,
                                  struct core_json_error *err);
enum core_ec core_json_parse_choice(const json_t *v,
                                    const struct core_json_spec *spec,
                                    struct core_arena *arena,
                                    struct core_json_error *err);
enum core_ec core_json_parse_code(const json_t *v,
                                  const struct core_json_spec *spec,
                                  struct core_arena *arena,
                                  struct core_json_error *err);
enum core_ec core_json_parse_object(const json_t *v,
                                    const struct core_json_spec *spec,
                                    struct core_arena *arena,
                                    struct core_json_error *err);

enum core_ec core_json_parse_decimal(const json_t *v,
                                     const struct core_json_spec *spec,
                                     struct core_arena *arena,
                                     struct core_json_error *err);
enum core_ec core_json_parse_date(const json_t *v,
                                  const struct core_json_spec *spec,
                                  struct core_arena *arena,
                                  struct core_json_error *err);
enum core_ec core_json_parse_timestamp(const json_t *v,
                                       const struct core_json_spec *spec,
                                       struct core_arena *arena,
                                       struct core_json_error *err);
enum core_ec core_json_parse_array(const json_t *v,
                                   const struct core_json_spec *spec,
                                   struct core_arena *arena,
                                   struct core_json_error *err);

/*
 * Spec entries: CORE_JSON_REQ(kind) for a required field and
 * CORE_JSON_OPT(flag, kind) for an optional one (flag: bool * or NULL),
 * where kind is one of the CORE_JSON_K_* field descriptions below.
 */
#define CORE_JSON_REQ(...)                                                     \
  {                                                                            \
    __VA_ARGS__                                                                \
  }
#define CORE_JSON_OPT(flag, ...)                                               \
  {                                                                            \
    __VA_ARGS__, .optional = true, .present = (flag)                           \
  }
#define CORE_JSON_END                                                          \
  {                                                                            \
    .field = NULL                                                              \
  }

/* Text of 1..maxlen bytes of UTF-8 without NUL: dest is const char **. */
#define CORE_JSON_K_STRING(name, dst, maxlen)                                  \
  .field = (name), .parse = core_json_parse_string, .dest = (dst), .min = 1,   \
  .max = (maxlen)
/* An integer in [lo, hi] (within ±2^53): dest is int64_t *. */
#define CORE_JSON_K_INT(name, dst, lo, hi)                                     \
  .field = (name), .parse = core_json_parse_int, .dest = (dst), .min = (lo),   \
  .max = (hi)
/* true or false: dest is bool *. */
#define CORE_JSON_K_BOOL(name, dst)                                            \
  .field = (name), .parse = core_json_parse_bool, .dest = (dst)
/* One of the NULL-terminated names @a list: dest is int * (its index). */
#define CORE_JSON_K_CHOICE(name, dst, list)                                    \
  .field = (name), .parse = core_json_parse_choice, .dest = (dst),             \
  .choices = (list)
/*
 * A code that doubles as a barcode or URL segment: 1..maxlen characters of
 * A-Z 0-9 - _ . (lower case is upper-cased): dest is const char **.
 */
#define CORE_JSON_K_CODE(name, dst, maxlen)                                    \
  .field = (name), .parse = core_json_parse_code, .dest = (dst), .min = 1,     \
  .max = (maxlen)
/*
 * A decimal number, given as a JSON number or string, with at most
 * @a scale digits after the point and @a digits before it; never
 * negative. dest is const char ** (canonical text, e.g. "12.50" -> "12.50").
 */
#define CORE_JSON_K_DECIMAL(name, dst, scale, digits)                          \
  .field = (name), .parse = core_json_parse_decimal, .dest = (dst),            \
  .min = (scale), .max = (digits)
/* A calendar date "YYYY-MM-DD" (years 2000-2199): dest is const char **. */
#define CORE_JSON_K_DATE(name, dst)                                            \
  .field = (name), .parse = core_json_parse_date, .dest = (dst)
/*
 * An instant with its UTC offset, "2027-03-31T14:00:00+08:00" (seconds
 * optional, "Z" for UTC): dest is const char **.
 */
#define CORE_JSON_K_TIMESTAMP(name, dst)                                       \
  .field = (name), .parse = core_json_parse_timestamp, .dest = (dst)
/* A JSON array, borrowed from the request body: dest is const json_t **. */
#define CORE_JSON_K_ARRAY(name, dst)                                           \
  .field = (name), .parse = core_json_parse_array, .dest = (dst)
/* A JSON object, borrowed from the request body: dest is const json_t **. */
#define CORE_JSON_K_OBJECT(name, dst)                                          \
  .field = (name), .parse = core_json_parse_object, .dest = (dst)

/*
 * Fills @a err (out) for a rule no spec can express: @a field (in) is the
 * path to blame, @a fmt the message. Returns @a ec, for `return`.
 */
enum core_ec core_json_fail(struct core_json_error *err, enum core_ec ec,
                            const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Parses object @a obj (in, borrowed) by @a specs (in). With @a strict,
 * a key that no spec names is an error (unknown_field). @a prefix (in, may
 * be NULL) is prepended to field paths, for nested objects. Returns
 * CORE_EC_OK or the error, described in @a err (out).
 */
enum core_ec core_json_parse(const json_t *obj,
                             const struct core_json_spec specs[], bool strict,
                             const char *prefix, struct core_arena *arena,
                             struct core_json_error *err);

#endif
