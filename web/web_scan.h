#ifndef WEB_SCAN_H
#define WEB_SCAN_H
/*
 * Scanned codes at the edge: a JSON field kind (WEB_SCAN_FIELD) that takes
 * the text a scanner sent and, when it is GS1 data (AIM prefix, HRI,
 * Digital Link, GS separators or a long digit run), what it carries: GTIN,
 * lot, expiry, serial, SSCC and count. It is a web-level extension of
 * core_json_spec (the parser is a field of the spec), because reading GS1
 * takes devices/dev_gs1 and core knows nothing of devices. The one place
 * in web/ that runs the GS1 parser.
 */
#include "core_json.h"

#include <stdbool.h>
#include <stddef.h>

struct core_arena;
struct dev_gs1_error;
struct dev_gs1_result;

/* A scanned code and its GS1 reading; strings in the request arena. */
struct web_scan {
  const char *code;   /* the text as scanned */
  bool looks_gs1;     /* shaped like GS1 data */
  bool gs1;           /* ... and read as valid GS1 */
  const char *gtin;   /* AI 01, or NULL */
  const char *lot;    /* AI 10, or NULL */
  const char *expiry; /* AI 17 as YYYY-MM-DD, or NULL */
  const char *serial; /* AI 21, or NULL */
  const char *sscc;   /* AI 00, or NULL */
  const char *count;  /* AI 37, or NULL */
};

/*
 * Reads @a code (in, kept by reference: it must outlive @a out) into
 * @a out (out). Never fails: a code that is not valid GS1 leaves the
 * GS1 members NULL. Strings go to @a arena.
 */
void web_scan_read(const char *code, struct core_arena *arena,
                   struct web_scan *out);

/*
 * core_json_parser for WEB_SCAN_FIELD: a string of 1..spec->max bytes,
 * read into the struct web_scan at spec->dest. The GS1 reading never makes
 * the field fail; a handler that needs GS1 says so itself.
 */
enum core_ec web_scan_parse(const json_t *v, const struct core_json_spec *spec,
                            struct core_arena *arena,
                            struct core_json_error *err);

/* A scanned code of 1..maxlen bytes: dest is struct web_scan *. */
#define WEB_SCAN_FIELD(name, dst, maxlen)                                      \
  .field = (name), .parse = web_scan_parse, .dest = (dst), .min = 1,           \
  .max = (maxlen)

/*
 * Parses @a len bytes of @a in (in) as GS1 into a new result (heap, about
 * 9 KiB; free with web_scan_gs1_free), or NULL when it is not valid GS1,
 * with the reason in @a err (out, may be NULL).
 */
struct dev_gs1_result *web_scan_gs1_new(const char *in, size_t len,
                                        struct dev_gs1_error *err);

/* Frees @a r (taken; NULL is fine). */
void web_scan_gs1_free(struct dev_gs1_result *r);

#endif
