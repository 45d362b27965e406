#ifndef CORE_SKUMAP_H
#define CORE_SKUMAP_H
/*
 * A store's platform SKU map (商家编码, issue 24 item 2): the channel's
 * code of a listing -> a SKU or kit and the units one listed unit means.
 * Order intake reads it before SKU and barcode (kit_resolve,
 * sql/procs/kits.sql). Changes are procedures in the text contract
 * (core/core_proc.h): a refusal rolls back, so an upload is all or none.
 */
#include "core_ec.h"
#include "core_proc.h"

#include <stddef.h>
#include <stdint.h>

struct core_arena;

/*
 * Saves rows @a rows (in: JSON text [{platform_sku, sku | kit, qty}], or
 * {"csv_error": why} for an upload that could not be read) in
 * store @a store's map; @a prefix is the field prefix of a refusal
 * ("rows" for an upload, "" for one row, whose out->doc is then the row).
 * Returns CORE_EC_OK with out->doc {saved, rows}, or the refusal
 * (unknown_store, unknown_sku, not_a_kit, invalid_value on csv) with
 * field and detail.
 */
enum core_ec core_skumap_save(const char *store, const char *rows,
                              const char *prefix, struct core_arena *arena,
                              struct core_outcome *out);

/* Removes platform code @a code from store @a store's map (NOT_FOUND). */
enum core_ec core_skumap_delete(const char *store, const char *code,
                                struct core_arena *arena,
                                struct core_outcome *out);

/*
 * A page of store @a store's map by platform code after @a after (NULL:
 * first page) matching @a q (contained in code, SKU or name; NULL: all):
 * @a items (out) a JSON array text, @a next (out) the cursor or NULL.
 */
enum core_ec core_skumap_list(const char *store, const char *q,
                              const char *after, int64_t limit,
                              struct core_arena *arena, const char **items,
                              const char **next);

/*
 * Reads CSV @a data (@a len bytes, UTF-8 or GBK) with a header row naming
 * platform_sku (or 商家编码 / 平台编码), sku (or SKU / 商品编码), kit
 * (or 组合商品) and qty (or 数量) into @a rows (out: JSON text in
 * @a arena) for core_skumap_save. Returns CORE_EC_OK, or
 * CORE_EC_INVALID_VALUE with @a why (out, static text) and @a bad_line
 * (out) for a file that is not CSV, has no platform_sku or sku/kit column,
 * an empty code or a bad qty.
 */
enum core_ec core_skumap_csv_rows(const char *data, size_t len,
                                  struct core_arena *arena, const char **rows,
                                  const char **why, size_t *bad_line);

void core_skumap_register(void);

#endif
