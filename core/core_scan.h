#ifndef CORE_SCAN_H
#define CORE_SCAN_H
/*
 * What a scanned code is in Depot: a bin, a SKU barcode (with its pack
 * quantity), a SKU code, an order, a user badge — the first that matches,
 * in that order.
 */
#include "core_ec.h"

struct core_arena;

/*
 * Looks @a code (in) up, bins limited to warehouse @a wh (may be NULL);
 * @a gtin14 (may be NULL) also matches barcodes by GTIN. @a doc (out) is
 * the match as JSON with a "kind", or NULL when nothing matched.
 */
enum core_ec core_scan_lookup(const char *code, const char *wh,
                              const char *gtin14, struct core_arena *arena,
                              const char **doc);

void core_scan_register(void);

#endif
