#ifndef WEB_REPORT_FILE_H
#define WEB_REPORT_FILE_H
/*
 * A report written to a file, row by row, as CSV (UTF-8 with a BOM,
 * formula-safe fields, as the order export) or XLSX (libxlsxwriter in
 * constant-memory mode: numbers as numbers, dates as dates, a frozen
 * header row). Memory stays one row's worth whatever the report's size.
 * Shared by GET /api/v1/reports/{name}?format= and `depot report`.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

enum web_report_format {
  WEB_REPORT_JSON, /* not a file: the API's document */
  WEB_REPORT_CSV,
  WEB_REPORT_XLSX,
};

/* One file being written. */
struct web_report_file;

/*
 * Parses @a s ("csv", "xlsx", "json") into @a out; false when unknown.
 */
bool web_report_format_parse(const char *s, enum web_report_format *out);

/*
 * Starts file @a path (in, created or truncated) in format @a fmt (CSV or
 * XLSX), with sheet name @a sheet (in, copied; XLSX only). Returns the new
 * writer (the caller ends it with web_report_file_close) or NULL.
 */
struct web_report_file *web_report_file_open(const char *path,
                                             enum web_report_format fmt,
                                             const char *sheet);

/*
 * Writes row 0 of @a res (in, borrowed), a core_report_row_fn result;
 * the first call writes the header from its column names, and a result
 * without rows writes only that. Returns false when the file cannot take
 * more (a write error, or the sheet's 1,048,576 rows).
 */
bool web_report_file_row(struct web_report_file *f, const PGresult *res);

/* Rows written so far (header excluded). */
uint64_t web_report_file_rows(const struct web_report_file *f);

/*
 * Finishes and frees @a f (may be NULL). Returns false when the file
 * could not be completed.
 */
bool web_report_file_close(struct web_report_file *f);

#endif
