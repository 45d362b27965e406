#ifndef CORE_INVOICE_H
#define CORE_INVOICE_H
/*
 * Sales invoices and credit notes (发票 / 红字发票, issue 22 item 3), and
 * the tax settings they follow. Every write is one procedure of
 * sql/procs/fin_tax_invoices.sql in the text contract (core/core_proc.h); the
 * database numbers them per store and year and refuses any change of an
 * issued one. Invoices post nothing: the VAT is on 2221 from the shipment.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdint.h>

struct core_arena;

/*
 * Runs invoice operation @a op with request document @a req (in, JSON
 * text) for @a who: "issue" (@a arg the order id; @a req {type,
 * buyer_title, buyer_tax_id, email, idempotency_key}), "credit" (@a arg the
 * invoice id; @a req {lines | refund, reason, idempotency_key}) or "tax"
 * (@a arg NULL; @a req {tax_rate, rates, stores}). Returns CORE_EC_OK with
 * @a out's doc, a refusal (@a out names the field) or a database error.
 */
enum core_ec core_invoice_run(const char *op, const char *arg, const char *req,
                              const struct core_stock_actor *who,
                              struct core_arena *arena,
                              struct core_outcome *out);

/*
 * Invoice or credit note @a id with its lines, credit notes and what is
 * left to credit, as JSON text @a doc (out, in @a arena);
 * CORE_EC_NOT_FOUND for no such document.
 */
enum core_ec core_invoice_get(int64_t id, struct core_arena *arena,
                              const char **doc);

/*
 * Invoices and credit notes under @a filters (in, JSON text {store, from,
 * to, q, type, kind}), newest first, ids below @a before (0: from the
 * newest), at most @a limit, as a JSON array @a items (out, in @a arena).
 */
enum core_ec core_invoice_list(const char *filters, int64_t before,
                               int64_t limit, struct core_arena *arena,
                               const char **items);

/* The tax settings (default rate, rates per category, per store: prices
 * with VAT, auto-invoice) as JSON text @a doc (out, in @a arena). */
enum core_ec core_invoice_tax(struct core_arena *arena, const char **doc);

/* Adds the statements to the pool's (before core_db_open). */
void core_invoice_register(void);

#endif
