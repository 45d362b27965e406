#ifndef CORE_PURCHASE_H
#define CORE_PURCHASE_H
/*
 * Purchasing: suppliers, purchase orders with approval, advance shipping
 * notices, receiving by scan (idempotent receipts into the receiving zone,
 * damages as discrepancies, moving-average costs with landed costs),
 * reorder suggestions, supplier performance and returns to
 * suppliers. Every write is one PL/pgSQL procedure (sql/procs/pur_*.sql)
 * run through core_proc; JSON inputs arrive validated by the handlers.
 *
 * @a only, where it appears, is the supplier id of a supplier's API key
 * (0 for staff): such a caller sees its own documents and nothing else,
 * and another supplier's document is not_found.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* Creates or updates a supplier from @a doc (JSON text, validated). */
enum core_ec core_purchase_supplier_put(const char *doc,
                                        struct core_arena *arena,
                                        struct core_outcome *out);

/*
 * Suppliers matching @a q (NULL: all) of stock owner @a owner (a code;
 * NULL: every owner's) as a JSON array, or only @a only's.
 */
enum core_ec core_purchase_supplier_list(const char *q, const char *owner,
                                         int64_t only, struct core_arena *arena,
                                         const char **items);

/* Drafts a PO from @a doc {supplier, warehouse, lines, currency, note}. */
enum core_ec core_purchase_po_create(const char *doc,
                                     const struct core_stock_actor *who,
                                     struct core_arena *arena,
                                     struct core_outcome *out);

/*
 * POs by supplier code and state (NULL: any), newest first, keyset; only
 * supplier @a only's when it is not 0, only those of the warehouses in
 * @a warehouses (comma-separated codes) when it is not NULL, and only
 * stock owner @a owner's (a 3PL client's) when it is not 0.
 */
enum core_ec core_purchase_po_list(const char *supplier, const char *state,
                                   int64_t only, const char *warehouses,
                                   int64_t owner, int64_t before, int64_t limit,
                                   struct core_arena *arena,
                                   const char **items);

/* PO @a id; not_found for another supplier's key. */
enum core_ec core_purchase_po_get(int64_t id, int64_t only,
                                  struct core_arena *arena,
                                  struct core_outcome *out);

/*
 * submit | approve | send | cancel | close on PO @a id. @a admin lifts the
 * approval limit and the separation of duties. Refusals: not_found,
 * po_state, approval_limit, approver_is_requester (@a who created or
 * submitted the PO).
 */
enum core_ec core_purchase_po_step(int64_t id, const char *action, bool admin,
                                   const struct core_stock_actor *who,
                                   struct core_arena *arena,
                                   struct core_outcome *out);

/* One receiving confirmation. */
struct core_receipt_req {
  const char *lines;   /* JSON array text: [{sku, qty, damaged, lot, expiry,
                          bin}] */
  const char *freight; /* decimal text or NULL */
  const char *duty;
  const char *idempotency_key;
  /* A receipt without an ASN, for 3PL billing: what arrived, as the
   * clerk chose it ("carton" or "pallet"; NULL: carton) and how many
   * (decimal text 1..100000; NULL: 1). */
  const char *package_level;
  const char *packages;
};

/*
 * Receives against PO @a id. Refusals: not_found, po_not_receivable,
 * sku_not_on_po, over_receipt, expiry_past, lot_required, unknown_bin,
 * no_receiving_bin, idempotency_conflict (field names the line).
 */
enum core_ec core_purchase_receive(int64_t id, const struct core_receipt_req *r,
                                   const struct core_stock_actor *who,
                                   struct core_arena *arena,
                                   struct core_outcome *out);

/* One scan of a notified carton's SSCC receives all it holds. */
enum core_ec core_purchase_receive_sscc(const char *sscc,
                                        const struct core_stock_actor *who,
                                        struct core_arena *arena,
                                        struct core_outcome *out);

/*
 * Records an ASN for PO @a po: @a cartons JSON text [{sscc, lines [{sku,
 * qty, lot, expiry}]}] (SSCCs checked by the caller).
 */
enum core_ec core_purchase_asn_create(int64_t po, const char *reference,
                                      const char *ship_date,
                                      const char *cartons, int64_t only,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

/*
 * ASNs newest first, as JSON text into @a items (in @a arena): @a filter
 * (in) is a JSON object {owner, only_supplier, warehouses, purchase_order,
 * q, before, limit} (pur_asn_list in sql/procs/pur_asn.sql).
 */
enum core_ec core_purchase_asn_list(const char *filter,
                                    struct core_arena *arena,
                                    const char **items);

/*
 * Records an ASN for PO @a po from the rows of a CSV file: @a rows (in)
 * JSON text [{line, sscc, sku, qty, lot, expiry}] with the rows C refused
 * already marked {error, field, message}. Every row is checked before
 * anything is written: CORE_EC_ASN_ROWS_INVALID with @a out's doc
 * {"params":{"rows":[...]}} naming each bad row, else the ASN's document.
 * @a bad_file (in, may be NULL): why the file could not be read as a
 * whole (then @a rows is NULL): CORE_EC_INVALID_VALUE on field csv, once
 * the PO is known to be the caller's. @a only: a supplier key's supplier
 * (0: none).
 */
enum core_ec core_purchase_asn_import(int64_t po, const char *ref,
                                      const char *ship_date, const char *rows,
                                      const char *bad_file, int64_t only,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

/* Drafts POs for what warehouse @a wh runs short of (sales of @a days). */
enum core_ec core_purchase_suggest(const char *wh, int64_t days,
                                   const struct core_stock_actor *who,
                                   struct core_arena *arena,
                                   struct core_outcome *out);

/* Supplier @a code's figures for lines expected in [@a from, @a to]. */
enum core_ec core_purchase_performance(const char *code, const char *from,
                                       const char *to, int64_t only,
                                       struct core_arena *arena,
                                       struct core_outcome *out);

/* Sends @a lines (JSON [{sku, lot, bin, qty}]) of @a wh back to @a supplier. */
enum core_ec core_purchase_return(const char *supplier, const char *wh,
                                  const char *reason, const char *lines,
                                  const char *key,
                                  const struct core_stock_actor *who,
                                  struct core_arena *arena,
                                  struct core_outcome *out);

void core_purchase_register(void);

/*
 * The purchasing settings {admin_approval_above, over_receipt_pct} as JSON
 * text into @a doc (out, in @a arena).
 */
enum core_ec core_purchase_setting_get(struct core_arena *arena,
                                       const char **doc);

/*
 * Changes the purchasing settings: @a above (in, decimal text or NULL:
 * unchanged) is the amount above which only an admin approves; @a clear
 * removes that limit; @a pct (in, decimal text or NULL: unchanged) is the
 * over-receipt tolerance in percent. @a out's doc is the new settings.
 * Refusal: out_of_range (pct above 100).
 */
enum core_ec core_purchase_setting_put(const char *above, bool clear,
                                       const char *pct,
                                       struct core_arena *arena,
                                       struct core_outcome *out);

#endif
