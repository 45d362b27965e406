#ifndef WMS_LOCATION_H
#define WMS_LOCATION_H
/*
 * Zone and bin planning: what a warehouse lead sets up before stock
 * arrives. Zones and bins are addressed by code within their warehouse.
 * Reads return API documents (JSON text) built in SQL.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* Zone types, as on the wire, NULL-terminated. */
extern const char *const wms_location_zone_types[];

struct wms_bin {
  const char *code;
  const char *zone;       /* zone code */
  int64_t pick_sequence;  /* -1: after the warehouse's last bin */
  int64_t capacity_units; /* 0: no limit */
  bool mixed_skus;
  bool blocked;
  bool mixed_owners; /* may hold several stock owners' goods at once */
};

/* A bin generation request (POST …/bins/generate). */
struct wms_bin_pattern {
  const char *zone;
  const char *aisles, *racks, *levels, *positions; /* "A-F", "1-20", "1,3" */
  const char *pattern; /* "{aisle}-{rack:02}-{level}-{position}" */
  int64_t capacity_units;
  bool mixed_skus;
  bool preview;
};

/* Which input of a pattern is to blame, for the error reply. */
struct wms_pattern_error {
  const char *field;
  char message[200];
};

/*
 * Creates zone @a code of @a type (index into wms_location_zone_types) in
 * warehouse @a wh; with @a mixed_owners its bins may hold several stock
 * owners' goods at once. @a doc (out) is the zone's JSON. Returns
 * CORE_EC_OK, CORE_EC_NOT_FOUND (warehouse), CORE_EC_ALREADY_EXISTS or a
 * db error.
 */
enum core_ec wms_location_zone_create(const char *wh, const char *code,
                                      int type, const char *name,
                                      bool mixed_owners,
                                      struct core_arena *arena,
                                      const char **doc);

/* All zones of warehouse @a wh with their bin counts, as a JSON array. */
enum core_ec wms_location_zone_list(const char *wh, struct core_arena *arena,
                                    const char **items);

/*
 * Creates bin @a b in warehouse @a wh; @a doc (out) its JSON. Returns
 * CORE_EC_OK, CORE_EC_NOT_FOUND (warehouse), CORE_EC_UNKNOWN_ZONE,
 * CORE_EC_ALREADY_EXISTS or a db error.
 */
enum core_ec wms_location_bin_create(const char *wh, const struct wms_bin *b,
                                     struct core_arena *arena,
                                     const char **doc);

/*
 * Expands @a p (in) and, unless it is a preview, inserts every bin in one
 * transaction with a serpentine pick sequence. @a doc (out) summarizes:
 * {"count","first","last","sample":[…],"created":bool}. Errors: pattern
 * mistakes as CORE_EC_INVALID_VALUE / CORE_EC_TOO_MANY_BINS described in
 * @a perr; CORE_EC_NOT_FOUND, CORE_EC_UNKNOWN_ZONE, CORE_EC_ALREADY_EXISTS
 * (a code exists; perr->message names it).
 */
enum core_ec wms_location_bin_generate(const char *wh,
                                       const struct wms_bin_pattern *p,
                                       struct core_arena *arena,
                                       const char **doc,
                                       struct wms_pattern_error *perr);

/*
 * A page of bins of @a wh in pick sequence with occupancy, filtered by
 * zone code, emptiness (@a empty: -1 any, 0 occupied, 1 empty) and a SKU
 * held (all filters may be NULL/-1). Keyset after @a after (may be NULL).
 */
enum core_ec wms_location_bin_list(const char *wh, const char *zone, int empty,
                                   const char *sku, const char *after,
                                   int64_t limit, struct core_arena *arena,
                                   const char **items, const char **next);

/* Registers this module's statements. */
void wms_location_register(void);

#endif
