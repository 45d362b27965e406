#ifndef WMS_SHIPPING_H
#define WMS_SHIPPING_H
/*
 * Shipping configuration: carriers (tracking-number ranges with check
 * digits, transit days, rate tables by zone and weight band), carton
 * types, packing stations with their label printers, and the holidays
 * that delivery estimates skip.
 */
#include "core_ec.h"
#include "core_proc.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/*
 * Creates or updates a carrier from @a doc (in: validated JSON text with
 * code, name, tracking {prefix, suffix, digits, check_digit, first, last},
 * transit_days, active, rates). @a out->replayed: it existed.
 */
enum core_ec wms_carrier_put(const char *doc, struct core_arena *arena,
                             struct core_outcome *out);

/* Every carrier as a JSON array in @a items. */
enum core_ec wms_carrier_list(struct core_arena *arena, const char **items);

/* Creates or updates carton type @a code; @a max_g 0: no limit; @a cost
 * (decimal text) what one carton costs, NULL: unchanged (0 when new). */
enum core_ec wms_carton_type_put(const char *code, const char *name,
                                 int64_t tare_g, int64_t max_g, bool active,
                                 const char *cost, struct core_arena *arena,
                                 struct core_outcome *out);

enum core_ec wms_carton_type_list(struct core_arena *arena, const char **items);

/* Creates or updates station @a code of @a wh with @a printer (or NULL). */
enum core_ec wms_station_put(const char *code, const char *wh,
                             const char *printer, struct core_arena *arena,
                             struct core_outcome *out);

/* Stations of @a wh (NULL: all). */
enum core_ec wms_station_list(const char *wh, struct core_arena *arena,
                              const char **items);

/* Adds holidays @a days (in: JSON array text of {day, name}). */
enum core_ec wms_holidays_put(const char *days, struct core_arena *arena,
                              struct core_outcome *out);

/* Holidays of @a year (0: all). */
enum core_ec wms_holiday_list(int64_t year, struct core_arena *arena,
                              const char **items);

/*
 * The shipping settings: {gs1: {company_prefix, extension}, warehouses:
 * [{code, name, weight_tolerance_pct, weight_tolerance_g}]} in
 * @a out->doc; _set applies @a doc (JSON text: company_prefix?,
 * extension?, warehouses?[{code, weight_tolerance_pct?,
 * weight_tolerance_g?}]) and answers the same. Refusal: unknown_warehouse.
 */
enum core_ec wms_settings_shipping_get(struct core_arena *arena,
                                       struct core_outcome *out);
enum core_ec wms_settings_shipping_set(const char *doc,
                                       struct core_arena *arena,
                                       struct core_outcome *out);

void wms_shipping_register(void);

#endif
