#ifndef CORE_SETTLEMENT_H
#define CORE_SETTLEMENT_H
/*
 * Platform settlements (issue 22, item 4): a payout or bill export read
 * into the lines the settlement procedure matches to orders
 * (sql/procs/fin_settlements.sql), and that procedure's run. Shared by
 * `depot import settlement` and POST /api/v1/settlements.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stddef.h>

struct core_arena;

/* The profiles, NULL-ended: shopify_payouts, alipay, jd, generic. */
extern const char *const core_settlement_profiles[];

/*
 * Reads the @a len bytes at @a data (in: CSV in UTF-8 or GBK, header lines
 * before the column header allowed, as 支付宝 writes them) of profile
 * @a profile into @a rows (out, a JSON array text in @a arena: per line
 * {line, ref, day, type, amount, amount_in, amount_out, fee, currency},
 * the fields the profile has). On failure returns CORE_EC_INVALID_VALUE
 * with the reason @a why (out, static) and the line @a bad_line (out).
 */
enum core_ec core_settlement_rows(const char *profile, const char *data,
                                  size_t len, struct core_arena *arena,
                                  const char **rows, const char **why,
                                  size_t *bad_line);

/*
 * Imports settlement @a req (in, JSON text {store, profile, file_name,
 * days, rows}) for @a who: matched, stored and posted in one transaction.
 * Returns CORE_EC_OK with @a out's doc (the settlement and its report), a
 * refusal naming the field, or a database error.
 */
enum core_ec core_settlement_import(const char *req,
                                    const struct core_stock_actor *who,
                                    struct core_arena *arena,
                                    struct core_outcome *out);

/* Settlement @a id as JSON text @a doc (out, in @a arena); NOT_FOUND. */
enum core_ec core_settlement_get(int64_t id, struct core_arena *arena,
                                 const char **doc);

/* Settlements of store @a store (NULL: all) with ids below @a before (0:
 * from the newest), at most @a limit, as a JSON array @a items (out). */
enum core_ec core_settlement_list(const char *store, int64_t before,
                                  int64_t limit, struct core_arena *arena,
                                  const char **items);

/* Adds the statements to the pool's (before core_db_open). */
void core_settlement_register(void);

#endif
