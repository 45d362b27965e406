#include "web_customers_export_get.h"

#include "core_arena.h"
#include "core_customer.h"
#include "core_csv.h"
#include "core_log.h"
#include "core_pii_doc.h"
#include "web_auth.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum { PAGE = 500 };
/* A sheet holds 1,048,576 rows; the header takes one. */
#define MAX_ROWS 1048575

static const char *const columns[] = {"id",     "name",   "email",
                                      "phone",  "tags",   "segment",
                                      "orders", "masked", NULL};

/* One file being written: CSV through @a csv, XLSX through @a ws. */
struct out {
  FILE *csv;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_row_t row;
  struct core_arena *arena;
};

/* Cell @a key of customer @a c as text (tags joined by "|"); @a num (out)
 * when it is a number. */
static const char *
cell(const json_t *c, const char *key, char *buf, size_t len, bool *num)
{
  const json_t *v = json_object_get(c, key);
  *num = json_is_integer(v);
  if (json_is_integer(v)) {
    snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return buf;
  }
  if (json_is_boolean(v))
    return json_is_true(v) ? "true" : "false";
  if (json_is_array(v)) {
    size_t i, used = 0;
    const json_t *t;
    buf[0] = '\0';
    json_array_foreach(v, i, t)
    {
      int n = snprintf(buf + used, len - used, "%s%s", i > 0 ? "|" : "",
                       json_string_value(t) ? json_string_value(t) : "");
      if (n < 0 || (size_t)n >= len - used)
        break;
      used += (size_t)n;
    }
    return buf;
  }
  return json_is_string(v) ? json_string_value(v) : "";
}

/* Writes one row of cells @a v (numbers where @a num says) to @a o. */
static bool
put_row(struct out *o, const char *const *v, const bool *num)
{
  if (o->ws != NULL) {
    if (o->row > MAX_ROWS)
      return false;
    for (int k = 0; columns[k] != NULL; k++) {
      /* Strings are cells of text: Excel never evaluates them. */
      if (num[k])
        worksheet_write_number(o->ws, o->row, (lxw_col_t)k, strtod(v[k], NULL),
                               NULL);
      else if (*v[k] != '\0')
        worksheet_write_string(o->ws, o->row, (lxw_col_t)k, v[k], NULL);
    }
    o->row++;
    return true;
  }
  char *line = NULL;
  size_t len = 0, cap = 0;
  for (int k = 0; columns[k] != NULL; k++)
    core_csv_put(o->arena, &line, &len, &cap, v[k], columns[k + 1] == NULL);
  return fwrite(line, 1, len, o->csv) == len;
}

/* Writes the customers of page @a items (revealed or masked). */
static bool
put_page(struct web_request *req, struct out *o, const char *items)
{
  json_t *list = json_loads(items, 0, NULL);
  core_pii_reveal(list, web_auth_reads_pii(req), o->arena);
  size_t i;
  const json_t *c;
  bool ok = true;
  json_array_foreach(list, i, c)
  {
    if (json_object_get(c, "masked") == NULL)
      json_object_set_new((json_t *)c, "masked", json_false());
    char buf[8][800];
    const char *v[8];
    bool num[8];
    for (int k = 0; columns[k] != NULL; k++)
      v[k] = cell(c, columns[k], buf[k], sizeof buf[k], &num[k]);
    if (ok)
      ok = put_row(o, v, num);
  }
  json_decref(list);
  return ok;
}

/* Writes every page of filter @a f into @a o; the error of a failed read. */
static enum core_ec
write_all(struct web_request *req, struct out *o,
          const struct core_customer_filter *f)
{
  const char *v[8];
  bool num[8] = {false};
  for (int k = 0; columns[k] != NULL; k++)
    v[k] = columns[k];
  if (o->csv != NULL) {
    char *bom = NULL;
    size_t len = 0, cap = 0;
    core_csv_bom(req->arena, &bom, &len, &cap);
    fwrite(bom, 1, len, o->csv);
  }
  o->arena = req->arena;
  put_row(o, v, num);
  /* Keyset pages of the list, each its own short transaction and its own
   * arena, freed before the next: memory stays one page's worth. */
  char after[64] = "";
  enum core_ec ec = CORE_EC_OK;
  for (bool more = true; more && ec == CORE_EC_OK;) {
    const char *items, *next;
    o->arena = core_arena_new();
    ec = core_customer_list(f, after[0] != '\0' ? after : NULL, PAGE,
                            web_scope_allowed(req), o->arena, &items, &next);
    if (ec == CORE_EC_OK) {
      /* A full sheet ends the file. */
      more = put_page(req, o, items) && next != NULL;
      if (more)
        snprintf(after, sizeof after, "%s", next);
    }
    core_arena_free(o->arena);
  }
  o->arena = NULL;
  return ec;
}

/* Opens the writer of format @a xlsx at @a path. */
static bool
open_out(struct out *o, const char *path, bool xlsx)
{
  if (!xlsx) {
    o->csv = fopen(path, "wb");
    return o->csv != NULL;
  }
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
  o->wb = workbook_new_opt(path, &opt);
  if (o->wb == NULL)
    return false;
  o->ws = workbook_add_worksheet(o->wb, "customers");
  worksheet_freeze_panes(o->ws, 1, 0);
  return true;
}

static bool
close_out(struct out *o)
{
  if (o->csv != NULL)
    return fclose(o->csv) == 0;
  lxw_error e = workbook_close(o->wb);
  if (e != LXW_NO_ERROR)
    CORE_WARN("customer export: workbook not written: %s", lxw_strerror(e));
  return e == LXW_NO_ERROR;
}

/* Sends the file behind @a fd (owned) as an attachment. */
static enum MHD_Result
send_file(struct web_request *req, int fd, bool xlsx)
{
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  struct MHD_Response *resp =
      MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (resp == NULL) {
    close(fd);
    return MHD_NO;
  }
  CORE_BREAK(MHD_add_response_header(
                 resp, "Content-Disposition",
                 xlsx ? "attachment; filename=\"customers.xlsx\""
                      : "attachment; filename=\"customers.csv\"") == MHD_YES);
  return web_reply_stream(
      req, resp,
      xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
           : "text/csv; charset=utf-8");
}

enum MHD_Result
web_customers_export_get(struct web_request *req)
{
  const char *format = web_query_text(req, "format");
  bool xlsx = format != NULL && strcmp(format, "xlsx") == 0;
  if (format != NULL && !xlsx && strcmp(format, "csv") != 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "format",
                           "format is csv or xlsx");
  struct core_customer_filter f = {.q = web_query_text(req, "q"),
                                   .tag = web_query_text(req, "tag"),
                                   .segment = web_query_text(req, "segment"),
                                   .store = web_query_text(req, "store")};
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/depot-customers-XXXXXX",
           dir != NULL && *dir != '\0' ? dir : "/tmp");
  int tmp = mkstemp(path);
  if (tmp < 0)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  close(tmp);
  struct out o = {.arena = req->arena, .row = 0};
  enum core_ec ec = CORE_EC_INTERNAL;
  if (open_out(&o, path, xlsx)) {
    ec = write_all(req, &o, &f);
    if (!close_out(&o) && ec == CORE_EC_OK)
      ec = CORE_EC_INTERNAL;
  }
  int fd = ec == CORE_EC_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
  /* Unlinked at once: the open descriptor keeps the bytes until sent. */
  unlink(path);
  if (ec != CORE_EC_OK || fd < 0)
    return web_reply_error(req, ec != CORE_EC_OK ? ec : CORE_EC_INTERNAL, NULL,
                           NULL);
  return send_file(req, fd, xlsx);
}
