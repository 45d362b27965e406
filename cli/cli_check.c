#include "core_arena.h"
#include "core_db.h"
#include "core_stock_query.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints the differences, one JSON object per line, and a summary line. */
static int
check(void)
{
  struct core_arena *arena = core_arena_new();
  const char *report;
  int64_t bad = 0;
  int rc = 1;
  if (core_stock_query_check(arena, &report, &bad) == CORE_EC_OK) {
    json_t *arr = json_loads(report, 0, NULL);
    size_t i;
    json_t *row;
    json_array_foreach(arr, i, row)
    {
      char *line = json_dumps(row, JSON_COMPACT);
      printf("%s\n", line);
      free(line);
    }
    json_decref(arr);
    printf("stock check: %s (%lld difference%s)\n", bad == 0 ? "ok" : "FAILED",
           (long long)bad, bad == 1 ? "" : "s");
    rc = bad == 0 ? 0 : 1;
  }
  core_arena_free(arena);
  return rc;
}

int
cli_check_stock(struct core_config *cfg, const struct cli_args *args)
{
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  int rc = check();
  cli_db_close(cfg, started);
  return rc;
}
