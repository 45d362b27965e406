#ifndef CORE_CSV_H
#define CORE_CSV_H
/*
 * CSV as RFC 4180 writes it (quotes, doubled quotes, separators and line
 * breaks inside quotes, CRLF or LF), plus a UTF-8 byte-order mark and GBK
 * input converted to UTF-8, as Chinese shop exports come.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stddef.h>

struct core_arena;

struct core_csv_row {
  const char **fields;
  size_t count;
  size_t line; /* 1-based line number where the row starts */
};

struct core_csv {
  struct core_csv_row *rows;
  size_t count;
};

/*
 * Parses the @a len bytes at @a data (in): UTF-8, or GBK/GB18030 when they
 * are not valid UTF-8. Rows and fields are in @a arena. Returns CORE_EC_OK,
 * or CORE_EC_INVALID_VALUE with @a bad_line (out) for an unclosed quote or
 * bytes that are neither encoding.
 */
enum core_ec core_csv_parse(const char *data, size_t len,
                            struct core_arena *arena, struct core_csv *out,
                            size_t *bad_line);

/*
 * Appends @a field (in, UTF-8) as one CSV field to @a out (a growing
 * buffer in @a arena, *len bytes used, *cap allocated): quoted when it
 * holds a comma, quote or line break, quotes doubled, and prefixed with
 * ' when it starts with = + - @, a tab or a carriage return so that
 * spreadsheets never run it as a formula. @a last ends the row with
 * CRLF, else a comma follows.
 */
void core_csv_put(struct core_arena *arena, char **out, size_t *len,
                  size_t *cap, const char *field, bool last);

/*
 * Appends the UTF-8 byte-order mark to @a out (as core_csv_put grows it):
 * the start of a file that spreadsheets must read as UTF-8.
 */
void core_csv_bom(struct core_arena *arena, char **out, size_t *len,
                  size_t *cap);

#endif
