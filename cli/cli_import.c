/*
 * depot import orders FILE --store S [--profile P]: a shop's CSV export
 * into the order pool. Rows with the same external id form one order;
 * every valid order is taken in (one transaction each, idempotent by
 * external id, so a rerun adds nothing), and every bad row is reported by
 * line number with its reason. An order with a bad row is not imported at
 * all: never half an order.
 */
#include "core_arena.h"
#include "core_csv.h"
#include "core_order.h"
#include "core_skumap.h"
#include "core_store.h"
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum field {
  F_EXTERNAL_ID,
  F_SKU,
  F_BARCODE,
  F_QTY,
  F_UNIT_PRICE,
  F_ITEM_NAME,
  F_CUSTOMER_NAME,
  F_EMAIL,
  F_PHONE,
  F_SHIP_NAME,
  F_LINE1,
  F_LINE2,
  F_CITY,
  F_REGION,
  F_POSTCODE,
  F_COUNTRY,
  F_CURRENCY,
  F_SHIPPING,
  F_NOTES,
  F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "external_id",   "sku",        "barcode",
    "qty",           "unit_price", "item_name",
    "customer_name", "email",      "phone",
    "ship_name",     "line1",      "line2",
    "city",          "region",     "postcode",
    "country_code",  "currency",   "shipping_amount",
    "notes"};

enum { MAX_FILE = 512 << 20 };

/* Where each field is in the file, or its profile default. */
struct layout {
  int col[F_COUNT]; /* -1: not in the file */
  const char *dflt[F_COUNT];
};

struct import {
  const char *store, *currency;
  struct layout l;
  struct core_csv csv;
  struct core_arena *arena;
  size_t orders_ok, orders_new, orders_bad, rows_bad;
};

static const char *
get(const struct import *im, const struct core_csv_row *r, enum field f)
{
  int c = im->l.col[f];
  if (c >= 0 && (size_t)c < r->count && r->fields[c][0] != '\0')
    return r->fields[c];
  return im->l.dflt[f] != NULL ? im->l.dflt[f] : "";
}

/* Reads the profile's header names into column positions. */
static bool
layout_from(struct import *im, const char *mapping)
{
  json_t *m = json_loads(mapping, 0, NULL);
  json_t *cols = json_object_get(m, "columns");
  json_t *dflt = json_object_get(m, "defaults");
  const struct core_csv_row *h = &im->csv.rows[0];
  for (int f = 0; f < F_COUNT; f++) {
    im->l.col[f] = -1;
    const char *d = json_string_value(json_object_get(dflt, field_names[f]));
    im->l.dflt[f] = d != NULL ? core_arena_strdup(im->arena, d) : NULL;
    const char *want = json_string_value(json_object_get(cols, field_names[f]));
    for (size_t i = 0; want != NULL && i < h->count; i++) {
      if (strcmp(h->fields[i], want) == 0)
        im->l.col[f] = (int)i;
    }
  }
  json_decref(m);
  const enum field need[] = {F_EXTERNAL_ID, F_QTY, F_UNIT_PRICE};
  for (size_t i = 0; i < 3; i++) {
    if (im->l.col[need[i]] < 0) {
      fprintf(stderr, "depot import: the file has no column for %s\n",
              field_names[need[i]]);
      return false;
    }
  }
  if (im->l.col[F_SKU] < 0 && im->l.col[F_BARCODE] < 0) {
    fprintf(stderr, "depot import: the file has no sku or barcode column\n");
    return false;
  }
  return true;
}

/* Why row @a r cannot be part of an order, or NULL if it can. */
static const char *
row_problem(const struct import *im, const struct core_csv_row *r, char *buf,
            size_t len)
{
  const char *q = get(im, r, F_QTY), *p = get(im, r, F_UNIT_PRICE);
  char *end;
  errno = 0;
  long qty = strtol(q, &end, 10);
  if (errno != 0 || end == q || *end != '\0' || qty < 1 || qty > 1000000) {
    snprintf(buf, len, "qty \"%.20s\" is not a whole number from 1", q);
    return buf;
  }
  size_t digits = strspn(p, "0123456789");
  const char *frac = p + digits;
  bool price_ok =
      digits > 0 && digits <= 12 &&
      (*frac == '\0' || (*frac == '.' && strlen(frac + 1) <= 2 &&
                         strspn(frac + 1, "0123456789") == strlen(frac + 1)));
  if (!price_ok || strspn(p, "0.") == strlen(p)) {
    snprintf(buf, len, "unit_price \"%.20s\" is not a price above 0", p);
    return buf;
  }
  if (get(im, r, F_SKU)[0] == '\0' && get(im, r, F_BARCODE)[0] == '\0')
    return "the row has neither sku nor barcode";
  return NULL;
}

/* The normalized order of rows @a idx[0..n) (the first row has the party). */
static json_t *
order_doc(const struct import *im, const size_t *idx, size_t n)
{
  const struct core_csv_row *h = &im->csv.rows[idx[0]];
  json_t *lines = json_array();
  for (size_t i = 0; i < n; i++) {
    const struct core_csv_row *r = &im->csv.rows[idx[i]];
    bool by_sku = get(im, r, F_SKU)[0] != '\0';
    json_t *line = json_pack("{s:I, s:s, s:s, s:s}", "qty",
                             (json_int_t)strtol(get(im, r, F_QTY), NULL, 10),
                             "unit_price", get(im, r, F_UNIT_PRICE), "name",
                             get(im, r, F_ITEM_NAME), "external_line_id",
                             core_arena_printf(im->arena, "%zu", r->line));
    json_object_set_new(line, by_sku ? "sku" : "barcode",
                        json_string(get(im, r, by_sku ? F_SKU : F_BARCODE)));
    json_array_append_new(lines, line);
  }
  const char *cur = get(im, h, F_CURRENCY);
  const char *ship = get(im, h, F_SHIPPING);
  return json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
      " s:s}, s:o, s:s, s:s, s:s}",
      "external_id", get(im, h, F_EXTERNAL_ID), "currency",
      cur[0] != '\0' ? cur : im->currency, "customer", "name",
      get(im, h, F_CUSTOMER_NAME), "email", get(im, h, F_EMAIL), "phone",
      get(im, h, F_PHONE), "ship_to", "name", get(im, h, F_SHIP_NAME), "line1",
      get(im, h, F_LINE1), "line2", get(im, h, F_LINE2), "city",
      get(im, h, F_CITY), "region", get(im, h, F_REGION), "postcode",
      get(im, h, F_POSTCODE), "country_code", get(im, h, F_COUNTRY), "phone",
      get(im, h, F_PHONE), "lines", lines, "shipping_amount",
      ship[0] != '\0' ? ship : "0", "notes", get(im, h, F_NOTES), "channel",
      "csv");
}

static const struct import *sort_im;

/* Orders group by external id; within one, file order. */
static int
by_order(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int c = strcmp(get(sort_im, &sort_im->csv.rows[x], F_EXTERNAL_ID),
                 get(sort_im, &sort_im->csv.rows[y], F_EXTERNAL_ID));
  return c != 0 ? c : (x < y ? -1 : x > y);
}

static void
progress(size_t done, size_t total)
{
  static int shown = -1;
  int pct = total > 0 ? (int)(done * 100 / total) : 100;
  if (pct == shown)
    return;
  shown = pct;
  if (isatty(STDERR_FILENO)) {
    int bar = pct / 4;
    fprintf(stderr, "\rimporting %zu/%zu orders [%.*s%*s] %3d%%", done, total,
            bar, "#########################", 25 - bar, "", pct);
    if (done == total)
      fputc('\n', stderr);
  } else if (pct % 10 == 0) {
    fprintf(stderr, "importing: %zu/%zu orders (%d%%)\n", done, total, pct);
  }
}

static void
report(size_t line, const char *order, const char *why)
{
  json_t *j = json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "order",
                        order, "error", why);
  char *text = json_dumps(j, JSON_COMPACT);
  printf("%s\n", text);
  free(text);
  json_decref(j);
}

/* Checks every row of one order, then takes it in if all are good. */
static void
import_one(struct import *im, const size_t *idx, size_t n)
{
  const char *ext = get(im, &im->csv.rows[idx[0]], F_EXTERNAL_ID);
  size_t bad = 0;
  char buf[160];
  for (size_t i = 0; i < n; i++) {
    const struct core_csv_row *r = &im->csv.rows[idx[i]];
    const char *why = ext[0] == '\0' ? "the row has no external_id"
                                     : row_problem(im, r, buf, sizeof buf);
    if (why != NULL) {
      report(r->line, ext, why);
      bad++;
    }
  }
  if (bad == 0 && n > 1000) {
    report(im->csv.rows[idx[0]].line, ext, "more than 1000 lines");
    bad = n;
  }
  if (bad > 0) {
    im->rows_bad += bad;
    im->orders_bad++;
    return;
  }
  json_t *doc = order_doc(im, idx, n);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_arena *a = core_arena_new();
  struct core_stock_actor who = {0, "import", NULL};
  const char *out;
  bool replayed;
  enum core_ec ec =
      core_order_intake(im->store, text, &who, a, &out, &replayed);
  free(text);
  core_arena_free(a);
  if (ec != CORE_EC_OK) {
    report(im->csv.rows[idx[0]].line, ext, core_ec_name(ec));
    im->orders_bad++;
    im->rows_bad += n;
    return;
  }
  im->orders_ok++;
  im->orders_new += !replayed;
}

static void
import_all(struct import *im)
{
  size_t rows = im->csv.count - 1;
  size_t *idx = malloc(sizeof *idx * (rows + 1));
  for (size_t i = 0; i < rows; i++)
    idx[i] = i + 1;
  sort_im = im;
  qsort(idx, rows, sizeof *idx, by_order);
  size_t orders = 0;
  for (size_t i = 0; i < rows; i++)
    orders +=
        i == 0 || strcmp(get(im, &im->csv.rows[idx[i - 1]], F_EXTERNAL_ID),
                         get(im, &im->csv.rows[idx[i]], F_EXTERNAL_ID)) != 0;
  size_t done = 0;
  for (size_t i = 0; i < rows;) {
    const char *ext = get(im, &im->csv.rows[idx[i]], F_EXTERNAL_ID);
    size_t j = i + 1;
    while (j < rows &&
           strcmp(get(im, &im->csv.rows[idx[j]], F_EXTERNAL_ID), ext) == 0)
      j++;
    import_one(im, idx + i, j - i);
    progress(++done, orders);
    i = j;
  }
  free(idx);
}

/* Reads the whole file (bounded) into @a arena. */
static char *
read_file(const char *path, struct core_arena *arena, size_t *len)
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

/* The store's currency, the default for files without one. */
static const char *
store_currency(const char *store, struct core_arena *arena)
{
  const char *doc;
  if (core_store_get(store, arena, &doc) != CORE_EC_OK)
    return NULL;
  json_t *j = json_loads(doc, 0, NULL);
  const char *c = core_arena_strdup(
      arena, json_string_value(json_object_get(j, "currency")));
  json_decref(j);
  return c;
}

static int
run_import(struct import *im, const char *path, const char *profile)
{
  size_t len = 0, bad_line = 0;
  const char *mapping;
  char *data = read_file(path, im->arena, &len);
  if (data == NULL)
    return 1;
  if (core_csv_parse(data, len, im->arena, &im->csv, &bad_line) != CORE_EC_OK) {
    fprintf(stderr, "depot import: %s is not CSV in UTF-8 or GBK (line %zu)\n",
            path, bad_line);
    return 1;
  }
  im->currency = store_currency(im->store, im->arena);
  if (im->currency == NULL) {
    fprintf(stderr, "depot import: no store %s\n", im->store);
    return 1;
  }
  if (core_order_csv_profile(profile, im->arena, &mapping) != CORE_EC_OK) {
    fprintf(stderr, "depot import: no CSV profile %s\n", profile);
    return 1;
  }
  if (im->csv.count < 2 || !layout_from(im, mapping))
    return 1;
  import_all(im);
  printf("imported %zu orders (%zu new), refused %zu orders with %zu bad "
         "rows\n",
         im->orders_ok, im->orders_new, im->orders_bad, im->rows_bad);
  return im->orders_bad == 0 ? 0 : 1;
}

int
cli_import_orders(struct core_config *cfg, const struct cli_args *args)
{
  struct import im = {.store = cli_arg(args, "--store")};
  const char *profile = cli_arg(args, "--profile");
  if (im.store == NULL) {
    fprintf(stderr, "depot import orders: --store is required\n");
    return 2;
  }
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  im.arena = core_arena_new();
  int rc = run_import(&im, cli_arg(args, "FILE"),
                      profile != NULL ? profile : "depot");
  core_arena_free(im.arena);
  cli_db_close(cfg, started);
  return rc;
}

/* Prints a refusal of core_skumap_save: which row and why. */
static void
skumap_refused(enum core_ec ec, const struct core_outcome *out)
{
  fprintf(stderr, "depot import sku-map: %s%s%s%s%s\n", core_ec_name(ec),
          out->field != NULL ? " at " : "",
          out->field != NULL ? out->field : "", out->detail != NULL ? ": " : "",
          out->detail != NULL ? out->detail : "");
}

int
cli_import_skumap(struct core_config *cfg, const struct cli_args *args)
{
  const char *store = cli_arg(args, "--store");
  if (store == NULL) {
    fprintf(stderr, "depot import sku-map: --store is required\n");
    return 2;
  }
  struct core_arena *arena = core_arena_new();
  size_t len = 0, line = 0;
  const char *rows, *why;
  char *data = read_file(cli_arg(args, "FILE"), arena, &len);
  int rc = 1;
  if (data == NULL)
    goto out;
  if (core_skumap_csv_rows(data, len, arena, &rows, &why, &line) !=
      CORE_EC_OK) {
    fprintf(stderr, "depot import sku-map: line %zu: %s\n", line, why);
    goto out;
  }
  bool started;
  if (!cli_db_open(cfg, &started))
    goto out;
  struct core_outcome res;
  enum core_ec ec = core_skumap_save(store, rows, "rows", arena, &res);
  if (ec == CORE_EC_OK) {
    json_t *doc = json_loads(res.doc, 0, NULL);
    printf("saved %lld mappings for store %s\n",
           (long long)json_integer_value(json_object_get(doc, "saved")), store);
    json_decref(doc);
    rc = 0;
  } else {
    skumap_refused(ec, &res);
  }
  cli_db_close(cfg, started);
out:
  core_arena_free(arena);
  return rc;
}
