#include "web_owner_statement_xlsx_get.h"

#include "core_log.h"
#include "web_billing.h"
#include "web_reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Writes @a t as a workbook to @a path: title and meta lines, the header,
 * the lines with numbers as numbers. Returns whether it was completed. */
static bool
write_book(const char *path, const struct web_billing_table *t)
{
  lxw_workbook *wb = workbook_new(path);
  if (wb == NULL)
    return false;
  lxw_worksheet *ws =
      workbook_add_worksheet(wb, t->en ? "statement" : "对账单");
  lxw_format *bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format *money = workbook_add_format(wb);
  format_set_num_format(money, "0.00");
  worksheet_write_string(ws, 0, 0, t->title, bold);
  for (size_t i = 0; i < t->nmeta; i++)
    worksheet_write_string(ws, (lxw_row_t)(1 + i), 0, t->meta[i], NULL);
  lxw_row_t top = (lxw_row_t)(2 + t->nmeta);
  for (int c = 0; c < 6; c++)
    worksheet_write_string(ws, top, (lxw_col_t)c, t->head[c], bold);
  for (size_t r = 0; r < t->nrows; r++)
    for (int c = 0; c < 6; c++) {
      const char *v = t->cells[r * 6 + c];
      lxw_row_t row = top + 1 + (lxw_row_t)r;
      if (t->numbers[r * 6 + c] != NULL && *v != '\0')
        worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL),
                               c == 4 ? money : NULL);
      else if (*v != '\0')
        worksheet_write_string(ws, row, (lxw_col_t)c, v, NULL);
    }
  worksheet_set_column(ws, 1, 1, 36, NULL);
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR)
    CORE_WARN("statement workbook not written: %s", lxw_strerror(e));
  return e == LXW_NO_ERROR;
}

/* The bytes of file @a path (malloc'd) into @a data and @a len. */
static bool
slurp(const char *path, char **data, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return false;
  size_t cap = 64 * 1024, n = 0;
  char *buf = malloc(cap);
  for (size_t got = 1; buf != NULL && got > 0;) {
    if (n == cap) {
      char *grown = realloc(buf, cap * 2);
      if (grown == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  }
  bool ok = buf != NULL && ferror(f) == 0;
  fclose(f);
  if (!ok) {
    free(buf);
    return false;
  }
  *data = buf;
  *len = n;
  return true;
}

enum MHD_Result
web_owner_statement_xlsx_get(struct web_request *req)
{
  struct web_billing_table t;
  enum MHD_Result ret;
  if (!web_billing_table_or_reply(req, &t, &ret))
    return ret;
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/depot-statement-XXXXXX",
           dir != NULL && *dir != '\0' ? dir : "/tmp");
  int tmp = mkstemp(path);
  if (tmp < 0)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  close(tmp);
  char *data = NULL;
  size_t len = 0;
  bool ok = write_book(path, &t) && slurp(path, &data, &len);
  unlink(path);
  if (!ok)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_billing_download(
      req, &t, "xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data,
      len);
}
