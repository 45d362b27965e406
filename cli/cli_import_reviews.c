/*
 * depot import reviews FILE --store S: a marketplace's review export (CSV
 * in UTF-8 or GBK) into review tickets of the feedback desk, idempotent by
 * the platform's review id (a rerun adds nothing). Rows that cannot
 * become a ticket are printed one JSON line each ({line, error, field});
 * the last line sums up. Exit 0 when every row was taken (new or known).
 */
#include "cli.h"
#include "core_arena.h"
#include "core_crm_reviews.h"

#include <errno.h>
#include <stdlib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MAX_FILE = 256 << 20 };

static void
progress(size_t done, size_t total)
{
  if (isatty(STDERR_FILENO))
    fprintf(stderr, "\rimporting %zu/%zu reviews%s", done, total,
            done == total ? "\n" : "");
  else if (done == total)
    fprintf(stderr, "importing: %zu/%zu reviews\n", done, total);
}

/* Reads the whole file (bounded) into @a arena. */
static char *
slurp(const char *path, struct core_arena *arena, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "depot import: cannot open %s: %s\n", path,
            strerror(errno));
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (size < 0 || size > MAX_FILE) {
    fprintf(stderr, "depot import: %s is larger than %d MiB\n", path,
            MAX_FILE >> 20);
    fclose(f);
    return NULL;
  }
  char *buf = core_arena_alloc(arena, (size_t)size + 1);
  *len = fread(buf, 1, (size_t)size, f);
  fclose(f);
  return buf;
}

/* Prints the refused rows and the sums of @a summary; the exit code. */
static int
report(const char *summary)
{
  json_t *s = json_loads(summary, 0, NULL);
  json_t *refused = json_object_get(s, "refused");
  size_t i;
  json_t *r;
  json_array_foreach(refused, i, r)
  {
    char *t = json_dumps(r, JSON_COMPACT);
    printf("%s\n", t);
    free(t);
  }
  printf("imported %lld reviews (%lld new, %lld already there), refused %zu;"
         " %lld orders and %lld SKUs not found (kept without the link)\n",
         (long long)(json_integer_value(json_object_get(s, "rows")) -
                     (json_int_t)json_array_size(refused)),
         (long long)json_integer_value(json_object_get(s, "new")),
         (long long)json_integer_value(json_object_get(s, "duplicates")),
         json_array_size(refused),
         (long long)json_integer_value(json_object_get(s, "orders_unmatched")),
         (long long)json_integer_value(json_object_get(s, "skus_unmatched")));
  int rc = json_array_size(refused) == 0 ? 0 : 1;
  json_decref(s);
  return rc;
}

int
cli_import_reviews(struct core_config *cfg, const struct cli_args *args)
{
  const char *store = cli_arg(args, "--store");
  const char *path = cli_arg(args, "FILE");
  if (store == NULL || path == NULL) {
    fprintf(stderr, "depot import reviews: FILE and --store are required\n");
    return 2;
  }
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  struct core_arena *a = core_arena_new();
  size_t len = 0, bad_line = 0;
  const char *summary = NULL, *why = NULL;
  int rc = 1;
  char *data = slurp(path, a, &len);
  if (data != NULL) {
    enum core_ec ec = core_crm_reviews_run(store, data, len, 0, progress, a,
                                           &summary, &bad_line, &why);
    if (ec == CORE_EC_OK)
      rc = report(summary);
    else if (ec == CORE_EC_INVALID_VALUE && bad_line > 0)
      fprintf(stderr, "depot import: %s is %s (line %zu)\n", path, why,
              bad_line);
    else if (ec == CORE_EC_INVALID_VALUE)
      fprintf(stderr, "depot import: %s: %s\n", path, why);
    else if (ec == CORE_EC_UNKNOWN_STORE)
      fprintf(stderr, "depot import: no store %s\n", store);
    else
      fprintf(stderr, "depot import: %s\n", core_ec_name(ec));
  }
  core_arena_free(a);
  cli_db_close(cfg, started);
  return rc;
}
