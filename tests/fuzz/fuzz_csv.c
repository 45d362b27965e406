/*
 * libFuzzer target for the CSV reader of the order importer (`depot import
 * orders`: RFC 4180, BOM, GBK/GB18030 shop exports). Besides "no crash, no
 * sanitizer report", every file it accepts must survive a round trip: the
 * rows written back with core_csv_put (the CSV exports' writer) parse to
 * the same fields, apart from the ' that the writer puts before a leading
 * = + - @ tab or CR so spreadsheets never run a field as a formula.
 */
#include "core_arena.h"
#include "core_csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether @a back equals @a field, or is it behind the formula guard. */
static bool
same_field(const char *field, const char *back)
{
  if (strcmp(field, back) == 0)
    return true;
  return back[0] == '\'' && strchr("=+-@\t\r", field[0]) != NULL &&
         field[0] != '\0' && strcmp(field, back + 1) == 0;
}

static void
round_trip(const struct core_csv *csv, struct core_arena *arena)
{
  char *out = NULL;
  size_t len = 0, cap = 0;
  for (size_t r = 0; r < csv->count; r++) {
    const struct core_csv_row *row = &csv->rows[r];
    for (size_t f = 0; f < row->count; f++)
      core_csv_put(arena, &out, &len, &cap, row->fields[f],
                   f + 1 == row->count);
  }
  if (len == 0)
    return;
  struct core_csv back;
  size_t bad = 0;
  if (core_csv_parse(out, len, arena, &back, &bad) != CORE_EC_OK)
    abort();
  size_t b = 0;
  for (size_t r = 0; r < csv->count; r++) {
    const struct core_csv_row *row = &csv->rows[r];
    if (row->count == 0)
      continue; /* an empty row writes nothing */
    if (b >= back.count || back.rows[b].count != row->count)
      abort();
    for (size_t f = 0; f < row->count; f++) {
      if (!same_field(row->fields[f], back.rows[b].fields[f]))
        abort();
    }
    b++;
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct core_arena *arena = core_arena_new();
  struct core_csv csv;
  size_t bad = 0;
  if (core_csv_parse((const char *)data, size, arena, &csv, &bad) == CORE_EC_OK)
    round_trip(&csv, arena);
  core_arena_free(arena);
  return 0;
}
