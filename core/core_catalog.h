#ifndef CORE_CATALOG_H
#define CORE_CATALOG_H
/*
 * The catalog: SKUs and their barcodes. Reads return the API document
 * (JSON text built by the sku_doc view) so that one place defines it.
 */
#include "core_db.h"
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;
struct core_outcome;

struct core_barcode {
  const char *code;
  const char *gtin14; /* NULL: an internal code */
  int64_t pack_qty;
};

/* A new SKU; decimal fields are canonical text or NULL (unknown). */
struct core_product {
  const char *sku;
  const char *name;
  const char *category;
  const char *unit;
  const char *weight_kg;
  const char *dims_cm[3];
  const char *cost;
  const char *list_price;
  bool active;
  bool lot_tracked;
  bool expiry_tracked;
  struct core_barcode *barcodes;
  unsigned nbarcodes;
  const char *kind;       /* "item", "kit", or NULL (item) */
  const char *components; /* JSON text [{sku, qty}] of a kit, or NULL */
  /* out: the field and detail of a kit refusal (kit_define); may be NULL */
  struct core_outcome *kit_refusal;
  const char *owner; /* stock owner's code; NULL: the default owner */
};

/*
 * Creates @a p (in). @a doc (out, in @a arena) is the new SKU's JSON.
 * Returns CORE_EC_OK, CORE_EC_ALREADY_EXISTS (SKU code taken),
 * CORE_EC_BARCODE_TAKEN with @a bad_barcode (out) the index of the code
 * another SKU has, or a database error.
 */
enum core_ec core_catalog_create(const struct core_product *p,
                                 struct core_arena *arena, const char **doc,
                                 unsigned *bad_barcode);

/* The JSON of SKU @a sku (in) into @a doc (out); CORE_EC_NOT_FOUND. */
enum core_ec core_catalog_get(const char *sku, struct core_arena *arena,
                              const char **doc);

/*
 * A page of SKUs ordered by code, after code @a after (may be NULL),
 * matching @a q (SKU or name contains it, or a barcode equals it; may be
 * NULL), @a category (may be NULL) and stock owner @a owner (a code; NULL:
 * every owner's; unknown_owner when there is none). @a items (out) is a
 * JSON array text; @a next (out) the last code when more rows follow.
 */
enum core_ec core_catalog_list(const char *q, const char *category,
                               const char *owner, const char *after,
                               int64_t limit, struct core_arena *arena,
                               const char **items, const char **next);

struct core_db_conn;

/*
 * Adds barcodes @a codes[0..n) to SKU @a sku_id inside the caller's
 * transaction (shared by create and patch). On a code another SKU has,
 * sets @a bad (out) to its index and @a ec to CORE_EC_BARCODE_TAKEN and
 * returns CORE_QS_HARD.
 */
enum core_qs core_catalog_insert_barcodes(struct core_db_conn *c,
                                          const char *sku_id,
                                          const struct core_barcode *codes,
                                          unsigned n, unsigned *bad,
                                          enum core_ec *ec);

/* Reorder planning of one SKU in one warehouse. */
struct core_planning {
  const char *warehouse;
  int64_t reorder_point; /* -1: none (derived by purchasing) */
  int64_t safety_stock;
};

/* A change to a SKU: NULL / unset members stay as they are. */
struct core_product_patch {
  const char *name, *category, *unit;
  const char *weight_kg, *dims_cm[3], *cost, *list_price;
  int active; /* -1 unchanged, 0, 1 */
  struct core_barcode *add;
  unsigned nadd;
  const char **remove;
  unsigned nremove;
  struct core_planning *planning;
  unsigned nplanning;
  const char *kind;       /* "item", "kit", or NULL (unchanged) */
  const char *components; /* JSON text [{sku, qty}], or NULL (unchanged) */
  /* out: the field and detail of a kit refusal (kit_define); may be NULL */
  struct core_outcome *kit_refusal;
  const char *owner; /* stock owner's code, or NULL (unchanged) */
};

/*
 * Applies @a patch to SKU @a sku in one transaction; @a doc (out) is the
 * SKU after it. Returns CORE_EC_OK, CORE_EC_NOT_FOUND,
 * CORE_EC_BARCODE_TAKEN (@a bad the index into add),
 * CORE_EC_UNKNOWN_WAREHOUSE (@a bad the index into planning) or a
 * database error.
 */
enum core_ec core_catalog_patch(const char *sku,
                                const struct core_product_patch *patch,
                                struct core_arena *arena, const char **doc,
                                unsigned *bad);

/*
 * Makes SKU @a sku (in) a kit or a plain SKU and sets its components
 * inside the caller's transaction (kit_define, sql/procs/kits.sql):
 * @a kind and @a components as in core_product (both NULL: nothing to
 * do). On success @a doc (out, in @a arena) is the SKU's document; a
 * refusal (CORE_EC_KIT_OF_KITS, CORE_EC_KIT_EMPTY, CORE_EC_KIT_HAS_STOCK,
 * CORE_EC_UNKNOWN_SKU, CORE_EC_INVALID_VALUE) sets @a ec, fills @a out
 * when not NULL and returns CORE_QS_HARD.
 */
enum core_qs core_catalog_define_kit(struct core_db_conn *c, const char *sku,
                                     const char *kind, const char *components,
                                     struct core_arena *arena,
                                     struct core_outcome *out, const char **doc,
                                     enum core_ec *ec);

/* Register this module's statements (core_catalog.c, core_catalog_patch.c). */
void core_catalog_register(void);
void core_catalog_patch_register(void);

#endif
