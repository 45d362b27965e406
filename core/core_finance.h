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
 * summary, currency, lines}), "account" (@a arg the code, @a req
 * {name_zh, name_en, kind, active}), "bill" (a supplier bill, with its
 * idempotency_key), "approve" (@a arg the bill id, @a req {override,
 * reason}), "pay" (@a arg the bill id, @a req {amount, date, method,
 * reference, idempotency_key}) or "settings" (the match tolerances). Returns
 * CORE_EC_OK with @a out's doc, a refusal (@a out names the field) or a
 * database error.
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

/* Filters of the supplier bill list; each NULL for none. */
struct core_finance_bill_filter {
  const char *status;     /* on_hold, matched, approved or paid */
  const char *supplier;   /* supplier code */
  const char *due_before; /* YYYY-MM-DD: open bills due before the day */
};

/*
 * Supplier bill @a id with its lines, match differences and payments as
 * JSON text @a doc (out, in @a arena); CORE_EC_NOT_FOUND for no such bill.
 */
enum core_ec core_finance_bill(int64_t id, struct core_arena *arena,
                               const char **doc);

/*
 * Supplier bills under @a f (in), newest first, with ids below @a before
 * (0: from the newest), at most @a limit, as a JSON array @a items (out,
 * in @a arena).
 */
enum core_ec core_finance_bills(const struct core_finance_bill_filter *f,
                                int64_t before, int64_t limit,
                                struct core_arena *arena, const char **items);

/* Adds the statements to the pool's (before core_db_open). */
void core_finance_register(void);

#endif
