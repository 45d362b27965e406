#ifndef DEV_GS1_JSON_H
#define DEV_GS1_JSON_H
/*
 * JSON renderings of GS1 parse results, shared by the CLI and (later) the
 * HTTP scan endpoints so both say exactly the same thing.
 */
#include "dev_gs1.h"

#include <jansson.h>

/*
 * {"ok":true,"symbology":"]C1"|null,"syntax":…,"ais":[{"ai","value"}…],
 *  "dates":{ai:"YYYY-MM-DD"},"decimals":{ai:"1.250"}, plus the derived
 *  fields gtin, lot, serial, sscc, expiry, best_before, count, net_weight
 *  when present}. Returns a new reference owned by the caller.
 */
json_t *dev_gs1_json_result(const struct dev_gs1_result *r);

/*
 * {"ok":false,"error":{"code":"bad_check_digit","message":…,"ai":…,
 *  "offset":N}}: the contract name in lower case. New reference.
 */
json_t *dev_gs1_json_error(const struct dev_gs1_error *e);

#endif
