#include "web_report_file.h"

#include "core_arena.h"
#include "core_csv.h"
#include "core_log.h"
#include "core_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* PostgreSQL type OIDs of the columns reports return (pg_type.dat). */
enum {
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_FLOAT4 = 700,
  OID_FLOAT8 = 701,
  OID_DATE = 1082,
  OID_NUMERIC = 1700,
};

/* A sheet holds 1,048,576 rows; the header takes one. */
#define MAX_ROWS 1048575u

struct web_report_file {
  enum web_report_format fmt;
  FILE *csv;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *bold, *date, *money;
  bool header;
  uint64_t rows;
  bool failed;
};

bool
web_report_format_parse(const char *s, enum web_report_format *out)
{
  static const struct {
    const char *name;
    enum web_report_format fmt;
  } names[] = {{"json", WEB_REPORT_JSON},
               {"csv", WEB_REPORT_CSV},
               {"xlsx", WEB_REPORT_XLSX}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(s, names[i].name) == 0) {
      *out = names[i].fmt;
      return true;
    }
  return false;
}

/* Opens the workbook of @a f with its formats; false when it cannot. */
static bool
open_book(struct web_report_file *f, const char *path, const char *sheet)
{
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
  f->wb = workbook_new_opt(path, &opt);
  if (f->wb == NULL)
    return false;
  f->ws = workbook_add_worksheet(f->wb, sheet);
  if (f->ws == NULL)
    f->ws = workbook_add_worksheet(f->wb, NULL);
  f->bold = workbook_add_format(f->wb);
  format_set_bold(f->bold);
  f->date = workbook_add_format(f->wb);
  format_set_num_format(f->date, "yyyy-mm-dd");
  f->money = workbook_add_format(f->wb);
  format_set_num_format(f->money, "#,##0.00");
  /* The header stays in view while the rows scroll. */
  worksheet_freeze_panes(f->ws, 1, 0);
  return f->ws != NULL;
}

struct web_report_file *
web_report_file_open(const char *path, enum web_report_format fmt,
                     const char *sheet)
{
  struct web_report_file *f = core_xcalloc(1, sizeof *f);
  f->fmt = fmt;
  bool ok;
  if (fmt == WEB_REPORT_CSV) {
    f->csv = fopen(path, "wb");
    ok = f->csv != NULL && fwrite("\xEF\xBB\xBF", 1, 3, f->csv) == 3;
  } else {
    ok = fmt == WEB_REPORT_XLSX && open_book(f, path, sheet);
  }
  if (!ok) {
    f->failed = true;
    web_report_file_close(f);
    return NULL;
  }
  return f;
}

/* Writes one CSV line of @a n cells from @a res's row 0 (or its names). */
static bool
csv_line(struct web_report_file *f, const PGresult *res, bool names)
{
  struct core_arena *a = core_arena_new();
  char *buf = NULL;
  size_t len = 0, cap = 0;
  int n = PQnfields(res);
  for (int c = 0; c < n; c++)
    core_csv_put(a, &buf, &len, &cap,
                 names ? PQfname(res, c) : PQgetvalue(res, 0, c), c == n - 1);
  bool ok = len == 0 || fwrite(buf, 1, len, f->csv) == len;
  core_arena_free(a);
  return ok;
}

/* The header row and column widths of the sheet. */
static void
xlsx_header(struct web_report_file *f, const PGresult *res)
{
  for (int c = 0; c < PQnfields(res); c++) {
    const char *name = PQfname(res, c);
    size_t w = strlen(name) + 2;
    worksheet_set_column(f->ws, (lxw_col_t)c, (lxw_col_t)c,
                         (double)(w < 11 ? 11 : w), NULL);
    worksheet_write_string(f->ws, 0, (lxw_col_t)c, name, f->bold);
  }
}

/* One cell of row 0 of @a res by its column's type. */
static void
xlsx_cell(struct web_report_file *f, const PGresult *res, lxw_row_t r, int c)
{
  if (PQgetisnull(res, 0, c))
    return;
  const char *v = PQgetvalue(res, 0, c);
  Oid t = PQftype(res, c);
  lxw_col_t col = (lxw_col_t)c;
  if (t == OID_INT8 || t == OID_INT4 || t == OID_INT2 || t == OID_FLOAT4 ||
      t == OID_FLOAT8) {
    worksheet_write_number(f->ws, r, col, strtod(v, NULL), NULL);
  } else if (t == OID_NUMERIC) {
    worksheet_write_number(f->ws, r, col, strtod(v, NULL), f->money);
  } else if (t == OID_DATE && strlen(v) == 10) {
    lxw_datetime d = {
        .year = atoi(v), .month = atoi(v + 5), .day = atoi(v + 8)};
    worksheet_write_datetime(f->ws, r, col, &d, f->date);
  } else {
    /* Text cells: Excel never evaluates them, so no formula escaping. */
    worksheet_write_string(f->ws, r, col, v, NULL);
  }
}

bool
web_report_file_row(struct web_report_file *f, const PGresult *res)
{
  if (f->failed)
    return false;
  if (!f->header) {
    if (f->fmt == WEB_REPORT_CSV)
      f->failed = !csv_line(f, res, true);
    else
      xlsx_header(f, res);
    f->header = true;
  }
  if (PQntuples(res) == 0 || f->failed)
    return !f->failed;
  if (f->rows >= MAX_ROWS) {
    f->failed = true;
    return false;
  }
  if (f->fmt == WEB_REPORT_CSV) {
    f->failed = !csv_line(f, res, false);
  } else {
    for (int c = 0; c < PQnfields(res); c++)
      xlsx_cell(f, res, (lxw_row_t)(f->rows + 1), c);
  }
  f->rows++;
  return !f->failed;
}

uint64_t
web_report_file_rows(const struct web_report_file *f)
{
  return f->rows;
}

bool
web_report_file_close(struct web_report_file *f)
{
  if (f == NULL)
    return false;
  bool ok = !f->failed;
  if (f->csv != NULL && fclose(f->csv) != 0)
    ok = false;
  if (f->wb != NULL) {
    lxw_error e = workbook_close(f->wb);
    if (e != LXW_NO_ERROR) {
      CORE_WARN("report: workbook not written: %s", lxw_strerror(e));
      ok = false;
    }
  }
  free(f);
  return ok;
}
