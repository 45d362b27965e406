/*
 * depot import settlement FILE --store S --profile P [--days N]: a
 * platform's payout or bill export (Shopify payouts, 支付宝账务明细, 京东
 * 结算单, or the generic layout; UTF-8 or GBK) matched to the store's
 * orders, stored and posted (Dr 1002, Dr 6601, Cr 1122) in one
 * transaction; prints what the match found. Importing the same file again
 * changes nothing and prints the same report.
 */
#include "cli.h"
#include "core_arena.h"
#include "core_settlement.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FILE = 64 << 20 };

/* Reads the whole file (bounded) into @a arena; NULL (printed) on failure. */
static char *
slurp(const char *path, struct core_arena *arena, size_t *len)
{
  FILE *f = path != NULL ? fopen(path, "rb") : NULL;
  if (f == NULL) {
    fprintf(stderr, "depot import settlement: cannot open %s: %s\n",
            path != NULL ? path : "(no FILE)", strerror(errno));
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (size < 0 || size > MAX_FILE) {
    fprintf(stderr, "depot import settlement: %s is larger than %d MiB\n", path,
            MAX_FILE >> 20);
    fclose(f);
    return NULL;
  }
  char *buf = core_arena_alloc(arena, (size_t)size + 1);
  *len = fread(buf, 1, (size_t)size, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

/* Prints the report of settlement document @a doc (JSON text). */
static void
print_report(const char *doc, bool replayed)
{
  json_t *d = json_loads(doc, 0, NULL);
  json_t *r = json_object_get(d, "report");
  printf("settlement %lld of store %s%s: %lld lines, net %.2f %s (voucher "
         "%lld)\n",
         (long long)json_integer_value(json_object_get(d, "id")),
         json_string_value(json_object_get(d, "store")),
         replayed ? " (imported before)" : "",
         (long long)json_integer_value(json_object_get(d, "lines")),
         json_number_value(json_object_get(d, "net")),
         json_string_value(json_object_get(d, "currency")),
         (long long)json_integer_value(json_object_get(d, "voucher_no")));
  printf("matched: %lld sales\n",
         (long long)json_integer_value(json_object_get(r, "matched")));
  static const char *const lists[] = {"fee_differences", "refunds", "no_order",
                                      "unpaid"};
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
    json_t *a = json_object_get(r, lists[i]);
    printf("%s: %zu\n", lists[i], json_array_size(a));
    size_t k;
    json_t *x;
    json_array_foreach(a, k, x)
    {
      char *line = json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS);
      printf("  %s\n", line != NULL ? line : "");
      free(line);
    }
  }
  json_decref(d);
}

int
cli_import_settlement(struct core_config *cfg, const struct cli_args *args)
{
  const char *store = cli_arg(args, "--store");
  const char *profile = cli_arg(args, "--profile");
  const char *days = cli_arg(args, "--days");
  const char *path = cli_arg(args, "FILE");
  if (store == NULL || profile == NULL) {
    fprintf(stderr, "depot import settlement: --store and --profile "
                    "(shopify_payouts, alipay, jd, generic) are required\n");
    return 2;
  }
  struct core_arena *arena = core_arena_new();
  size_t len = 0, line = 0;
  const char *rows, *why;
  int rc = 1;
  char *data = slurp(path, arena, &len);
  if (data == NULL)
    goto out;
  if (core_settlement_rows(profile, data, len, arena, &rows, &why, &line) !=
      CORE_EC_OK) {
    fprintf(stderr, "depot import settlement: line %zu: %s\n", line, why);
    goto out;
  }
  json_t *req =
      json_pack("{s:s, s:s, s:s, s:o}", "store", store, "profile", profile,
                "file_name", path, "rows", json_loads(rows, 0, NULL));
  if (days != NULL)
    json_object_set_new(req, "days", json_integer(atoi(days)));
  char *text = json_dumps(req, JSON_COMPACT);
  json_decref(req);
  bool started;
  if (text == NULL || !cli_db_open(cfg, &started)) {
    free(text);
    goto out;
  }
  struct core_stock_actor who = {0};
  struct core_outcome res;
  enum core_ec ec = core_settlement_import(text, &who, arena, &res);
  free(text);
  if (ec == CORE_EC_OK) {
    print_report(res.doc, res.replayed);
    rc = 0;
  } else {
    fprintf(stderr, "depot import settlement: %s%s%s%s%s\n", core_ec_name(ec),
            res.field != NULL ? " at " : "", res.field != NULL ? res.field : "",
            res.detail != NULL ? ": " : "",
            res.detail != NULL ? res.detail : "");
  }
  cli_db_close(cfg, started);
out:
  core_arena_free(arena);
  return rc;
}
