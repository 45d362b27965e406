#ifndef CORE_STORE_H
#define CORE_STORE_H
/*
 * Stores: one shop on one sales channel, with its default warehouse,
 * currency, price list and webhook secret.
 */
#include "core_ec.h"

#include <stdint.h>

struct core_arena;

/* Channel names, NULL-terminated. */
extern const char *const core_store_channels[];

struct core_store {
  const char *code, *name;
  int channel; /* index into core_store_channels */
  const char *warehouse;
  const char *webhook_secret;
  const char *currency;
  const char *price_tolerance; /* percent, decimal text */
  const char *carrier;
  int64_t ship_within_hours; /* promised dispatch time, 1..720 */
  const char *owner;         /* stock owner's code; NULL: the default */
};

/*
 * Creates @a s; @a doc (out) is the store without its secret. Returns
 * CORE_EC_OK, CORE_EC_ALREADY_EXISTS, CORE_EC_UNKNOWN_WAREHOUSE.
 */
enum core_ec core_store_create(const struct core_store *s,
                               struct core_arena *arena, const char **doc);

/* Store @a code as JSON, or CORE_EC_NOT_FOUND. */
enum core_ec core_store_get(const char *code, struct core_arena *arena,
                            const char **doc);

/*
 * All stores, by code, as a JSON array; only those shipping from the
 * warehouses in @a warehouses (comma-separated codes) when not NULL, and
 * only owner @a owner's (a code; unknown_owner if none) when not NULL.
 */
enum core_ec core_store_list(const char *warehouses, const char *owner,
                             struct core_arena *arena, const char **items);

/*
 * The channel and webhook secret of store @a code (out, in @a arena), for
 * verifying a webhook. CORE_EC_UNKNOWN_STORE if there is none.
 */
enum core_ec core_store_secret(const char *code, struct core_arena *arena,
                               const char **channel, const char **secret);

/*
 * Sets the price of @a sku in store @a code's price list. Returns
 * CORE_EC_OK, CORE_EC_UNKNOWN_STORE or CORE_EC_UNKNOWN_SKU.
 */
enum core_ec core_store_set_price(const char *code, const char *sku,
                                  const char *price);

/* A change to a store: NULL members stay as they are. */
struct core_store_patch {
  const char *name, *warehouse, *webhook_secret, *currency, *price_tolerance,
      *carrier;
  int active; /* -1 unchanged */
  const char *sync_url;
  int64_t sync_percent, sync_buffer; /* -1 unchanged */
  int allow_merge;                   /* -1 unchanged */
  const char *events_url;    /* where order events (shipped) are POSTed */
  int64_t ship_within_hours; /* -1 unchanged */
  const char *owner;         /* stock owner's code; NULL unchanged */
};

/*
 * Applies @a p to store @a code; @a doc (out) is the store after it.
 * Returns CORE_EC_OK, CORE_EC_NOT_FOUND, CORE_EC_UNKNOWN_WAREHOUSE.
 */
enum core_ec core_store_patch(const char *code,
                              const struct core_store_patch *p,
                              struct core_arena *arena, const char **doc);

void core_store_register(void);

#endif
