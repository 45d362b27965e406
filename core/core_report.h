#ifndef CORE_REPORT_H
#define CORE_REPORT_H
/*
 * Reports (issue 21): each is one SQL function (sql/procs/rpt_*.sql) that
 * takes the checked filters as one JSON object and reads rollups kept by
 * the transactions that write the facts (stock_flow_day, ...), never the
 * history. A report is read either as one JSON document (the first rows)
 * or streamed row by row (libpq single-row mode), so an export of any
 * size holds one row in memory.
 */
#include "core_ec.h"

#include <libpq-fe.h>
#include <stdbool.h>

struct core_arena;

/* One report: its name on the wire and its two statements. */
struct core_report {
  const char *name;      /* "stock-movement": URL segment and CLI name */
  const char *json_stmt; /* first rows as {"rows": [...], "truncated"} */
  const char *rows_stmt; /* every row, typed columns */
  const char *sheet_en;  /* sheet and file name, English */
  const char *sheet_zh;  /* sheet name, Simplified Chinese */
};

/* The reports, ended by a NULL name. */
extern const struct core_report core_reports[];

/* The report called @a name, or NULL. */
const struct core_report *core_report_find(const char *name);

/* Adds the reports' statements to the pool's (before core_db_open). */
void core_report_register(void);

/*
 * Reads report @a r under @a filters (in, a JSON object text) as the
 * document {"rows": [at most @a limit rows], "truncated": bool} into
 * @a doc (out, in @a arena). Returns CORE_EC_OK or the database error.
 */
enum core_ec core_report_json(const struct core_report *r, const char *filters,
                              int limit, struct core_arena *arena,
                              const char **doc);

/*
 * Called for each row of a streamed report: @a res (borrowed) holds
 * exactly the row 0, or no row at all for the last call, which only
 * describes the columns. Return false to stop the stream.
 */
typedef bool (*core_report_row_fn)(void *cls, const PGresult *res);

/*
 * Streams every row of report @a r under @a filters (in) to @a fn, one
 * row at a time, then calls it once more with the empty final result.
 * Returns CORE_EC_OK, CORE_EC_INTERNAL when @a fn stopped the stream, or
 * the database error.
 */
enum core_ec core_report_stream(const struct core_report *r,
                                const char *filters, core_report_row_fn fn,
                                void *cls);

#endif
