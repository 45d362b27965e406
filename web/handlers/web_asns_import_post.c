#include "web_asns_import_post.h"

#include "core_arena.h"
#include "core_csv.h"
#include "core_json.h"
#include "core_purchase.h"
#include "dev_checkdigit.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns of the file, found by name in its header row. */
enum col { COL_SSCC, COL_SKU, COL_QTY, COL_LOT, COL_EXPIRY, COL_LEVEL, NCOLS };

/* package_level (carton or pallet, optional): what the row's SSCC labels;
 * the rows of one SSCC say it once or alike. */
static const char *const col_names[NCOLS] = {"sscc", "sku",    "qty",
                                             "lot",  "expiry", "package_level"};

/* A file holds at most this many rows (an ASN has at most 1000 cartons). */
enum { MAX_ROWS = 5000 };

/* Field @a i of @a row, trimmed of spaces, in @a arena; "" when absent. */
static const char *
cell(const struct core_csv_row *row, int i, struct core_arena *arena)
{
  if (i < 0 || (size_t)i >= row->count || row->fields[i] == NULL)
    return "";
  const char *s = row->fields[i];
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  char *out = core_arena_alloc(arena, n + 1);
  memcpy(out, s, n);
  out[n] = '\0';
  return out;
}

/* Finds each column's index in header @a h (-1: absent); false with a
 * message in @a why when a required one is missing. */
static bool
header_ok(const struct core_csv_row *h, int idx[NCOLS],
          struct core_arena *arena, const char **why)
{
  for (int c = 0; c < NCOLS; c++) {
    idx[c] = -1;
    for (size_t i = 0; i < h->count; i++) {
      const char *name = cell(h, (int)i, arena);
      /* A byte-order mark may lead the first name. */
      if (strncmp(name, "\xef\xbb\xbf", 3) == 0)
        name += 3;
      if (strcasecmp(name, col_names[c]) == 0)
        idx[c] = (int)i;
    }
  }
  if (idx[COL_SSCC] < 0 || idx[COL_SKU] < 0 || idx[COL_QTY] < 0) {
    *why = "the first row names the columns: sscc, sku, qty, and optionally "
           "lot, expiry and package_level";
    return false;
  }
  return true;
}

/* Marks row object @a o refused: @a code on column @a field. */
static void
mark(json_t *o, enum core_ec code, const char *field, const char *message)
{
  json_object_set_new(o, "error", json_string(core_ec_name(code)));
  json_object_set_new(o, "field", json_string(field));
  json_object_set_new(o, "message", json_string(message));
}

/* Checks the values of one row as the JSON body's parsers would. */
static void
check_row(json_t *o, const char *qty, struct core_arena *arena)
{
  const char *sku, *lot = NULL, *expiry = NULL, *sscc, *level = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sscc", &sscc, 18)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &lot, 20)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("expiry", &expiry)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("package_level", &level, 16)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  json_t *vals = json_deep_copy(o);
  json_object_del(vals, "line");
  json_object_del(vals, "qty");
  enum core_ec ec = core_json_parse(vals, spec, true, NULL, arena, &err);
  json_decref(vals);
  if (ec != CORE_EC_OK) {
    mark(o, err.ec, err.field, err.message);
    return;
  }
  if (level != NULL && strcmp(level, "carton") != 0 &&
      strcmp(level, "pallet") != 0) {
    mark(o, CORE_EC_PACKAGE_LEVEL_INVALID, "package_level",
         core_arena_printf(arena, "%s is not carton or pallet", level));
    return;
  }
  if (dev_checkdigit_check(sscc, DEV_CHECKDIGIT_SSCC18, NULL) !=
      DEV_CHECKDIGIT_VALID) {
    mark(o, CORE_EC_INVALID_SSCC, "sscc",
         core_arena_printf(
             arena, "%s is not 18 digits with a valid check digit", sscc));
    return;
  }
  char *end;
  errno = 0;
  long long n = strtoll(qty, &end, 10);
  if (qty[0] == '\0' || *end != '\0' || errno != 0 || n < 1 || n > 100000000) {
    mark(o, CORE_EC_INVALID_VALUE, "qty",
         core_arena_printf(arena, "qty is a whole number from 1, not \"%s\"",
                           qty));
    return;
  }
  json_object_set_new(o, "qty", json_integer(n));
}

/* Whether every field of @a row is empty (a blank line at the end). */
static bool
blank(const struct core_csv_row *row, struct core_arena *arena)
{
  for (size_t i = 0; i < row->count; i++)
    if (cell(row, (int)i, arena)[0] != '\0')
      return false;
  return true;
}

/* The rows of @a csv as JSON text into @a rows, each checked; false with
 * a message in @a why when the file as a whole cannot be read. */
static bool
rows_of(const char *csv, struct core_arena *arena, const char **rows,
        const char **why)
{
  struct core_csv file;
  size_t bad_line = 0;
  if (core_csv_parse(csv, strlen(csv), arena, &file, &bad_line) != CORE_EC_OK) {
    *why = core_arena_printf(arena, "line %zu: not CSV text", bad_line);
    return false;
  }
  int idx[NCOLS];
  if (file.count == 0) {
    *why = "the file is empty: a header row, then one row per SKU and lot "
           "of a carton";
    return false;
  }
  if (!header_ok(&file.rows[0], idx, arena, why))
    return false;
  json_t *out = json_array();
  for (size_t r = 1; r < file.count; r++) {
    const struct core_csv_row *row = &file.rows[r];
    if (blank(row, arena))
      continue;
    json_t *o = json_pack("{s:I}", "line", (json_int_t)row->line);
    for (int c = 0; c < NCOLS; c++) {
      const char *v = cell(row, idx[c], arena);
      if (v[0] != '\0' || c == COL_SKU || c == COL_SSCC)
        json_object_set_new(o, col_names[c], json_string(v));
    }
    check_row(o, cell(row, idx[COL_QTY], arena), arena);
    json_array_append_new(out, o);
  }
  size_t n = json_array_size(out);
  char *text = n > 0 && n <= MAX_ROWS ? json_dumps(out, JSON_COMPACT) : NULL;
  json_decref(out);
  if (text == NULL) {
    *why = n == 0 ? "the file has a header row but no rows"
                  : "a file holds at most 5000 rows";
    return false;
  }
  *rows = core_arena_strdup(arena, text);
  free(text);
  return true;
}

enum MHD_Result
web_asns_import_post(struct web_request *req)
{
  int64_t po;
  const char *ref, *ship_date = NULL, *csv;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(
          CORE_JSON_K_INT("purchase_order", &po, 1, CORE_JSON_MAX_SAFE_INT)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("reference", &ref, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("ship_date", &ship_date)),
      /* The body limit bounds the file. */
      CORE_JSON_REQ(CORE_JSON_K_STRING("csv", &csv, 1024 * 1024)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *rows = NULL, *why = NULL;
  /* A file that cannot be read is refused by the procedure, after the
   * router's check of the PO, so it reveals nothing of another's PO. */
  if (!rows_of(csv, req->arena, &rows, &why))
    rows = NULL;
  struct core_outcome out;
  enum core_ec ec = core_purchase_asn_import(
      po, ref, ship_date, rows, why, web_scope_supplier(req), req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
