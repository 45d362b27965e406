#ifndef WMS_WAVE_H
#define WMS_WAVE_H
/*
 * Waves, pick lists and pick by scan. A lead builds a wave from allocated
 * orders; it becomes pick lists (a batch of orders, one tote each, walked
 * in bin pick sequence; or one list per zone). Pickers take the next list
 * (never the same one twice) and confirm each step by a scan: bin, item,
 * tote. The tote scan moves the units from the bin to the tote in one
 * short transaction, idempotent by the terminal's key.
 */
#include "core_ec.h"
#include "core_stock.h"
#include "core_proc.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* POST /waves: which orders, and how to cut them into lists. */
struct wms_wave_req {
  const char *warehouse; /* required */
  const char *store;     /* only this store's orders, or NULL */
  const char *carrier;   /* only stores shipping with it, or NULL */
  const char *cutoff;    /* orders created up to this instant, or NULL */
  const char *lines;     /* "single" | "multi" | NULL */
  int64_t min_priority;  /* 0..9 */
  int64_t batch_size;    /* orders (totes) per list */
  int64_t max_orders;    /* at most this many orders */
  bool zone_picking;     /* one list per zone of each batch */
  const int64_t *orders; /* only these orders (ids), or NULL */
  size_t n_orders;       /* how many in @a orders */
};

/*
 * Builds a wave; @a out->doc is the wave with its lists. Refusals:
 * unknown_warehouse, unknown_store, no_matching_orders.
 */
enum core_ec wms_wave_create(const struct wms_wave_req *r,
                             const struct core_stock_actor *who,
                             struct core_arena *arena,
                             struct core_outcome *out);

/*
 * Cancels wave @a id (in) before anything of it was picked: its lists
 * close, its orders go back to allocated; @a out->doc is the wave.
 * Refusals: not_found, wave_not_open, wave_started.
 */
enum core_ec wms_wave_cancel(int64_t id, const struct core_stock_actor *who,
                             struct core_arena *arena,
                             struct core_outcome *out);

/*
 * Waves of @a wh (NULL: all) in @a state (NULL: any), newest first,
 * older than id @a before (0: from the newest), at most @a limit, as a
 * JSON array in @a items (out, in @a arena).
 */
enum core_ec wms_wave_list(const char *wh, const char *state, int64_t before,
                           int64_t limit, struct core_arena *arena,
                           const char **items);

/* One scan at the terminal. */
struct wms_scan {
  const char *code;            /* the text scanned, as sent */
  const char *gtin;            /* GS1 AI 01 read from it, or NULL */
  const char *lot;             /* GS1 AI 10 read from it, or NULL */
  int64_t qty;                 /* packs the scan confirms; 0: one */
  const char *idempotency_key; /* may be NULL (then not replay-safe) */
};

/*
 * Gives the caller the next open list of @a wh, or the list they hold.
 * @a out->doc is the terminal view, {"picklist":null} when none is open.
 */
enum core_ec wms_picklist_next(const char *wh,
                               const struct core_stock_actor *who,
                               struct core_arena *arena,
                               struct core_outcome *out);

/* The full list @a id for the lead (not_found if none). */
enum core_ec wms_picklist_get(int64_t id, struct core_arena *arena,
                              struct core_outcome *out);

/*
 * One scan on list @a id held by the caller. Refusals: not_found,
 * picklist_claimed, picklist_not_claimed, picklist_done, wrong_bin,
 * wrong_item, wrong_lot, over_pick, wrong_tote, tote_in_use,
 * scan_item_first, insufficient_stock, idempotency_conflict.
 */
enum core_ec wms_picklist_scan(int64_t id, const struct wms_scan *s,
                               const struct core_stock_actor *who,
                               struct core_arena *arena,
                               struct core_outcome *out);

/*
 * The rest of the current task is not in its bin: other bins are tried,
 * else the order goes on hold and onto the exceptions desk.
 */
enum core_ec wms_picklist_short(int64_t id, const char *idempotency_key,
                                const struct core_stock_actor *who,
                                struct core_arena *arena,
                                struct core_outcome *out);

/* A lead gives list @a id to @a username, or with NULL back to the queue. */
enum core_ec wms_picklist_assign(int64_t id, const char *username,
                                 struct core_arena *arena,
                                 struct core_outcome *out);

/* Creates totes @a prefix + @a from..@a to, zero-padded to @a width. */
enum core_ec wms_totes_create(const char *wh, const char *prefix, int64_t from,
                              int64_t to, int64_t width,
                              struct core_arena *arena,
                              struct core_outcome *out);

void wms_wave_register(void);

#endif
