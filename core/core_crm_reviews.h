#ifndef CORE_CRM_REVIEWS_H
#define CORE_CRM_REVIEWS_H
/*
 * Marketplace reviews into the feedback desk (issue 20, item 3): a CSV
 * export (UTF-8 or GBK, as the order importer reads them) becomes review
 * tickets, one per row, idempotent by the platform's review id within the
 * store (crm_review_import in sql/procs/crm_desk.sql). Shared by
 * `depot import reviews` and POST /api/v1/feedback/import.
 *
 * Columns are found by their header, English or as Chinese shops name
 * them: review_id (评价ID, 评价编号, 评论ID), rating (评分, 星级, 评价等级;
 * 好评/中评/差评 read as 5/3/1), text (content, 评价内容, 评论内容, 内容),
 * sku (商家编码, 商品编码, 货号), order (order_id, 订单编号, 订单号),
 * posted_at (date, 评价时间, 评论时间; YYYY-MM-DD [HH:MM[:SS]], / or -).
 */
#include "core_ec.h"
#include "core_proc.h"

#include <stddef.h>
#include <stdint.h>

struct core_arena;

/* Rows handed to the database per transaction. */
#define CORE_CRM_REVIEWS_BATCH 500

/*
 * Parses the @a len bytes at @a data (in) into review rows: @a rows (out,
 * JSON array text in @a arena, [{line, review_id, rating, text, sku,
 * order, posted_at}]) and their number @a n (out). Returns CORE_EC_OK;
 * CORE_EC_INVALID_VALUE with @a why (out, static) when the bytes are not
 * CSV in UTF-8 or GBK (@a bad_line, out) or the header has no review id
 * or text column.
 */
enum core_ec core_crm_reviews_parse(const char *data, size_t len,
                                    struct core_arena *arena, const char **rows,
                                    size_t *n, size_t *bad_line,
                                    const char **why);

/*
 * Imports review rows @a rows (in, JSON array text as parsed above, at
 * most CORE_CRM_REVIEWS_BATCH) into store @a store as user @a user (0:
 * none) in one transaction. @a out's doc: {rows, new, duplicates,
 * orders_unmatched, skus_unmatched, refused: [{line, error, field}]}.
 */
enum core_ec core_crm_reviews_import(const char *store, const char *rows,
                                     int64_t user, struct core_arena *arena,
                                     struct core_outcome *out);

/*
 * Parses @a data and imports it in batches, adding up the batches' counts
 * into @a summary (out, JSON text in @a arena, the shape above).
 * @a progress (may be NULL) is called after each batch with rows done and
 * the total. Errors as core_crm_reviews_parse, or the first batch's
 * refusal (unknown_store) or database error.
 */
enum core_ec core_crm_reviews_run(const char *store, const char *data,
                                  size_t len, int64_t user,
                                  void (*progress)(size_t done, size_t total),
                                  struct core_arena *arena,
                                  const char **summary, size_t *bad_line,
                                  const char **why);

void core_crm_reviews_register(void);

#endif
