#include "web_orders_export_xlsx_get.h"

#include "core_log.h"
#include "web_order_export.h"
#include "web_reply.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* A sheet holds 1,048,576 rows; the header takes one. */
#define MAX_ROWS 1048575

/* Writes every page of @a x below the header; false on a read error. */
static bool
write_rows(lxw_worksheet *ws, struct web_order_export *x, bool *bad_filter)
{
  lxw_row_t r = 1;
  for (;;) {
    json_t *page;
    enum core_ec ec = web_order_export_next(x, &page);
    if (ec != CORE_EC_OK) {
      *bad_filter = r == 1 && ec == CORE_EC_DB_ERROR;
      return false;
    }
    size_t n = json_array_size(page), i;
    const json_t *o;
    json_array_foreach(page, i, o)
    {
      if (r > MAX_ROWS)
        break;
      for (int c = 0; web_order_export_columns[c] != NULL; c++) {
        char buf[32];
        bool num;
        const char *v = web_order_export_cell(o, c, buf, sizeof buf, &num);
        /* Strings are cells of text: Excel never evaluates them. */
        if (num && *v != '\0')
          worksheet_write_number(ws, r, (lxw_col_t)c, strtod(v, NULL), NULL);
        else if (*v != '\0')
          worksheet_write_string(ws, r, (lxw_col_t)c, v, NULL);
      }
      r++;
    }
    json_decref(page);
    if (n == 0 || r > MAX_ROWS)
      return true;
  }
}

/*
 * Writes the workbook of @a x to @a path; returns 0, 1 for a bad filter
 * or -1 for any other failure.
 */
static int
write_book(const char *path, struct web_order_export *x)
{
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  if (wb == NULL)
    return -1;
  lxw_worksheet *ws = workbook_add_worksheet(wb, "orders");
  lxw_format *bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (int c = 0; web_order_export_columns[c] != NULL; c++)
    worksheet_write_string(ws, 0, (lxw_col_t)c, web_order_export_columns[c],
                           bold);
  bool bad_filter = false;
  bool ok = write_rows(ws, x, &bad_filter);
  lxw_error e = workbook_close(wb);
  if (!ok)
    return bad_filter ? 1 : -1;
  if (e != LXW_NO_ERROR) {
    CORE_WARN("order export: workbook not written: %s", lxw_strerror(e));
    return -1;
  }
  return 0;
}

enum MHD_Result
web_orders_export_xlsx_get(struct web_request *req)
{
  struct web_order_export *x;
  enum MHD_Result ret;
  if (!web_order_export_begin_or_reply(req, &x, &ret))
    return ret;
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/depot-orders-XXXXXX",
           dir != NULL && *dir != '\0' ? dir : "/tmp");
  int tmp = mkstemp(path);
  if (tmp < 0) {
    web_order_export_free(x);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  close(tmp);
  int rc = write_book(path, x);
  web_order_export_free(x);
  int fd = rc == 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
  /* Unlinked at once: the open descriptor keeps the bytes until sent. */
  unlink(path);
  if (rc == 1)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, NULL,
                           "from and to must be ISO 8601 times");
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    if (fd >= 0)
      close(fd);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  struct MHD_Response *resp =
      MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (resp == NULL) {
    close(fd);
    return MHD_NO;
  }
  CORE_BREAK(MHD_add_response_header(resp, "Content-Disposition",
                                     "attachment; filename=\"orders.xlsx\"") ==
             MHD_YES);
  return web_reply_stream(
      req, resp,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
