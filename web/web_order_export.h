#ifndef WEB_ORDER_EXPORT_H
#define WEB_ORDER_EXPORT_H
/*
 * The order list as a file (GET /api/v1/orders/export.csv and .xlsx): the
 * filters of GET /api/v1/orders, read in keyset pages of a few hundred
 * orders, each its own short transaction, so an export of any size never
 * holds a connection or the whole list in memory.
 */
#include "core_order.h"
#include "web_request.h"

#include <jansson.h>
#include <stdbool.h>

/* One export in progress: the filter and the position in the list. */
struct web_order_export;

/*
 * Reads the list's filters (q, sort, store, external_id, state, from, to,
 * warehouse; checked against the caller's warehouses as the list does)
 * into a new export (out, the caller frees it with
 * web_order_export_free). Returns false with @a ret set when it replied.
 */
bool web_order_export_begin_or_reply(struct web_request *req,
                                     struct web_order_export **out,
                                     enum MHD_Result *ret);

/*
 * The next page of order documents (out, new reference, a JSON array,
 * empty at the end) of export @a x (in,out). Returns CORE_EC_OK or the
 * error of the page's read (a bad from/to gives CORE_EC_DB_ERROR).
 */
enum core_ec web_order_export_next(struct web_order_export *x, json_t **page);

/* The columns of a row, NULL-terminated (the CSV header, the sheet's). */
extern const char *const web_order_export_columns[];

/*
 * Cell @a col (index into web_order_export_columns) of order @a o (in,
 * borrowed) as text in @a buf (size @a len) or borrowed from @a o; "" when
 * absent. @a number (out) tells a numeric column.
 */
const char *web_order_export_cell(const json_t *o, int col, char *buf,
                                  size_t len, bool *number);

/* Frees @a x (may be NULL). */
void web_order_export_free(struct web_order_export *x);

#endif
