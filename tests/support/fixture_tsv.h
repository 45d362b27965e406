#ifndef FIXTURE_TSV_H
#define FIXTURE_TSV_H
/*
 * Reading the shared fixture TSV files (../shared/fixtures/README.md):
 * splitting lines, the \xHH and \\ escapes, and judging a GS1 result
 * against an "expected" column with its " || " alternatives.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Splits @a line (in,out: tabs become NULs, line end removed) into at
 * most @a max columns at @a cols (out). Returns the column count.
 */
int fixture_split(char *line, char **cols, int max);

/*
 * Decodes the escapes of @a in (in) into @a out (out, @a cap bytes, not
 * NUL-terminated). Returns the byte count.
 */
size_t fixture_unescape(const char *in, char *out, size_t cap);

/*
 * Whether @a got (in: the JSON a GS1 parse printed, {"ok":…}) matches one
 * alternative of @a expected (in). On a mismatch @a why (out) says how.
 */
bool fixture_gs1_matches(json_t *got, const char *expected, char *why,
                         size_t cap);

#endif
