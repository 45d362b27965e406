#ifndef CORE_FINANCE_H
#define CORE_FINANCE_H
/*
 * Finance (issue 22): the ledger's writes and reads besides the reports
 * (trial balance, journal: core_report.h). Postings of stock moves, sales
 * and refunds are not here: the database makes them in the transaction
 * of each fact (sql/procs/fin_post.sql). Every operation is one procedure
 * of sql/procs/fin_*.sql in the text contract (core/core_proc.h).
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdint.h>

struct core_arena;

/*
 * Runs finance operation @a op with request document @a req (in, JSON
 * text the caller built from what it parsed) for @a who: "close" (@a arg
 * the month YYYY-MM), "rate" ({currency, date, rate}), "entry" ({date,
 * summary, currency, lines}) or "account" (@a arg the code, @a req
 * {name_zh, name_en, kind, active}). Returns CORE_EC_OK with @a out's doc,
 * a refusal (@a out names the field) or a database error.
 */
enum core_ec core_finance_run(const char *op, const char *arg, const char *req,
                              const struct core_stock_actor *who,
                              struct core_arena *arena,
                              struct core_outcome *out);

/* The chart of accounts, closed periods and latest rates as JSON text
 * @a doc (out, in @a arena). */
enum core_ec core_finance_overview(struct core_arena *arena, const char **doc);

/* The margin of order @a order as JSON text @a doc (out, in @a arena);
 * CORE_EC_NOT_FOUND for no such order. */
enum core_ec core_finance_margin(int64_t order, struct core_arena *arena,
                                 const char **doc);

/* Adds the statements to the pool's (before core_db_open). */
void core_finance_register(void);

#endif
