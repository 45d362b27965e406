#ifndef CORE_BILLING_H
#define CORE_BILLING_H
/*
 * 3PL billing (issue 23 item 4): price lists per stock owner, value-added
 * services recorded on orders, end-of-day stock snapshots and monthly
 * statements computed from the ledger (sql/procs/billing.sql, which says
 * what each line charges). Every function runs one procedure in its own
 * transaction; documents are JSON text in the caller's arena.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* What a write operation is: the procedure core_billing_run calls. */
enum core_billing_op {
  CORE_BILLING_RULES_PUT,   /* @a key: owner code; @a req: the price list */
  CORE_BILLING_SERVICE_ADD, /* @a key: order id; @a req: {service, qty...} */
  CORE_BILLING_ISSUE,       /* @a key: owner code; @a req: {month...} */
  CORE_BILLING_ADJUST,      /* @a key: owner code, @a id: statement */
};

/*
 * Runs write @a op on @a key (in: owner code or order id as text) and
 * statement @a id (CORE_BILLING_ADJUST only) with request @a req (in, JSON
 * object text) for @a who. Returns CORE_EC_OK with @a out's doc, the
 * refusal (out->field, out->detail), or a database error; a refusal
 * writes nothing.
 */
enum core_ec core_billing_run(enum core_billing_op op, const char *key,
                              int64_t id, const char *req,
                              const struct core_stock_actor *who,
                              struct core_arena *arena,
                              struct core_outcome *out);

/* The price list of owner @a owner (in) with its history as @a doc (out);
 * NOT_FOUND for an unknown owner. */
enum core_ec core_billing_rules(const char *owner, struct core_arena *arena,
                                const char **doc);

/* The services recorded on order @a order and those its owner's price list
 * offers, as @a doc (out); NOT_FOUND for an unknown order. */
enum core_ec core_billing_services(int64_t order, struct core_arena *arena,
                                   const char **doc);

/* Statement @a id of owner @a owner as @a doc (out); NOT_FOUND when the
 * owner has no such statement. */
enum core_ec core_billing_statement(const char *owner, int64_t id,
                                    struct core_arena *arena, const char **doc);

/* Statements of @a owner with ids below @a before (0: from the newest), at
 * most @a limit, newest first, as a JSON array @a items (out). */
enum core_ec core_billing_statements(const char *owner, int64_t before,
                                     int64_t limit, struct core_arena *arena,
                                     const char **items);

/* The facts line @a n of statement @a id of @a owner charges for, row by
 * row, as @a doc (out); NOT_FOUND when there is no such line. */
enum core_ec core_billing_facts(const char *owner, int64_t id, int64_t n,
                                struct core_arena *arena, const char **doc);

/*
 * The nightly stock snapshot (yesterday's and missed days), safe to call
 * from every node: one runs it. Sets @a days (out) to the days written.
 */
enum core_ec core_billing_nightly(int64_t *days);

/* Adds the statements to the pool's (before core_db_open). */
void core_billing_register(void);

#endif
