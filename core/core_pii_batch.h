#ifndef CORE_PII_BATCH_H
#define CORE_PII_BATCH_H
/*
 * Sealing personal data in batches (issue 20, item 4): rows not sealed
 * yet (pii_kv NULL: data from before migration 0160, or seeded by SQL)
 * and rows sealed with an older key version (after `depot key rotate`)
 * are sealed with the current key, a few hundred per transaction, in id
 * order. The server runs it at start; `depot key rotate` after adding a
 * key version. Customers, orders' ship_to and stores' webhook secrets.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Called after each batch with the table's name, the rows done in it so
 * far and @a cls (in).
 */
typedef void (*core_pii_progress_fn)(const char *table, int64_t done,
                                     void *cls);

/*
 * Seals every row behind the current key version, @a batch rows (1..5000)
 * per transaction, reporting to @a progress (may be NULL). Returns the
 * rows sealed in @a total (out). CORE_EC_PII_NO_KEY without a keyring;
 * a database error or CORE_EC_PII_BAD_KEY (a blob of another key file)
 * stops it, the batches done stay done.
 */
enum core_ec core_pii_batch_run(int batch, core_pii_progress_fn progress,
                                void *cls, int64_t *total);

/*
 * How many rows are behind the current key version, into @a out (out).
 */
enum core_ec core_pii_batch_pending(int64_t *out);

/*
 * Whether any row holds sealed data, into @a out (out): a key file just
 * made must not meet a database sealed with another one.
 */
enum core_ec core_pii_batch_sealed_any(bool *out);

/* Registers the statements; call before the pool opens. */
void core_pii_batch_register(void);

#endif
