#include "core_catalog.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_page.h"
#include "core_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const struct core_db_stmt stmts[] = {
    {"catalog_insert_sku",
     "INSERT INTO sku (code, name, category, unit, weight_kg, length_cm,"
     " width_cm, height_cm, cost, list_price, active, lot_tracked,"
     " expiry_tracked, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
     " $10, $11, $12, $13, coalesce(owner_id_of($14), 1)) RETURNING id"},
    {"catalog_insert_barcode",
     "INSERT INTO barcode (code, sku_id, kind, gtin14, pack_qty)"
     " VALUES ($1, $2, CASE WHEN $3::text IS NULL THEN 'internal' ELSE 'gtin'"
     " END, $3, $4)"},
    {"catalog_select_doc", "SELECT doc::text FROM sku_doc WHERE code = $1"},
    {"catalog_kit_define", CORE_PROC_SELECT "kit_define($1, $2, $3::jsonb)"},
    /* One row past the page tells whether a next page exists. */
    {"catalog_list_docs",
     "SELECT code, doc::text FROM sku_doc d"
     " WHERE ($1::text IS NULL OR strpos(lower(d.code), lower($1)) > 0"
     "   OR strpos(lower(d.name), lower($1)) > 0"
     "   OR EXISTS (SELECT 1 FROM barcode b WHERE b.sku_id = d.id"
     "     AND (b.code = $1 OR b.gtin14 = lpad($1, 14, '0'))))"
     " AND ($2::text IS NULL OR d.category = $2)"
     " AND ($3::text IS NULL OR d.code > $3)"
     " AND ($5::text IS NULL OR d.owner_id = (SELECT owner_id_of($5)))"
     " ORDER BY d.code LIMIT $4::bigint + 1"},
    {NULL, NULL},
};

void
core_catalog_register(void)
{
  core_db_register(stmts);
}

struct create_cls {
  const struct core_product *p;
  struct core_arena *arena;
  const char **doc;
  unsigned *bad_barcode;
};

enum core_qs
core_catalog_insert_barcodes(struct core_db_conn *c, const char *sku_id,
                             const struct core_barcode *codes, unsigned n,
                             unsigned *bad, enum core_ec *ec)
{
  for (unsigned i = 0; i < n; i++) {
    const struct core_barcode *b = &codes[i];
    char pack[24];
    snprintf(pack, sizeof pack, "%" PRId64, b->pack_qty);
    const char *params[] = {b->code, sku_id, b->gtin14, pack};
    enum core_qs qs =
        core_db_query(c, "catalog_insert_barcode", 4, params, NULL);
    if (qs == CORE_QS_NONE) {
      *bad = i;
      *ec = CORE_EC_BARCODE_TAKEN;
      return CORE_QS_HARD;
    }
    if (qs < 0)
      return qs;
  }
  return CORE_QS_ONE;
}

static enum core_qs
read_doc(struct core_db_conn *c, const char *sku, struct core_arena *arena,
         const char **doc)
{
  const char *params[] = {sku};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "catalog_select_doc", 1, params, &r);
  if (qs == CORE_QS_ONE)
    *doc = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

enum core_qs
core_catalog_define_kit(struct core_db_conn *c, const char *sku,
                        const char *kind, const char *components,
                        struct core_arena *arena, struct core_outcome *out,
                        const char **doc, enum core_ec *ec)
{
  if (kind == NULL && components == NULL)
    return CORE_QS_ONE;
  struct core_outcome o = {.ec = CORE_EC_OK};
  const char *params[] = {sku, kind, components};
  enum core_qs qs =
      core_proc_query(c, "catalog_kit_define", 3, params, arena, &o, ec);
  if (out != NULL)
    *out = o;
  if (qs == CORE_QS_ONE)
    *doc = o.doc;
  return qs;
}

static enum core_qs
create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct create_cls *cc = cls;
  const struct core_product *p = cc->p;
  const char *params[] = {
      p->sku,
      p->name,
      p->category,
      p->unit,
      p->weight_kg,
      p->dims_cm[0],
      p->dims_cm[1],
      p->dims_cm[2],
      p->cost,
      p->list_price,
      p->active ? "t" : "f",
      p->lot_tracked ? "t" : "f",
      p->expiry_tracked ? "t" : "f",
      p->owner,
  };
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "catalog_insert_sku", 14, params, &r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  char *id = core_arena_strdup(cc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  qs = core_catalog_insert_barcodes(c, id, p->barcodes, p->nbarcodes,
                                    cc->bad_barcode, ec);
  if (qs < 0)
    return qs;
  if (p->kind != NULL || p->components != NULL)
    return core_catalog_define_kit(c, p->sku, p->kind, p->components, cc->arena,
                                   p->kit_refusal, cc->doc, ec);
  return read_doc(c, p->sku, cc->arena, cc->doc);
}

enum core_ec
core_catalog_create(const struct core_product *p, struct core_arena *arena,
                    const char **doc, unsigned *bad_barcode)
{
  struct create_cls cc = {p, arena, doc, bad_barcode};
  return core_db_run_tx("catalog_create", CORE_DB_READ_COMMITTED, create_tx,
                        &cc);
}

struct get_cls {
  const char *sku;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct get_cls *gc = cls;
  enum core_qs qs = read_doc(c, gc->sku, gc->arena, gc->doc);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_catalog_get(const char *sku, struct core_arena *arena, const char **doc)
{
  struct get_cls gc = {sku, arena, doc};
  return core_db_run_tx("catalog_get", CORE_DB_READ_COMMITTED, get_tx, &gc);
}

struct list_cls {
  const char *q, *category, *after, *owner;
  int64_t limit;
  struct core_arena *arena;
  const char **items, **next;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  char lim[24];
  snprintf(lim, sizeof lim, "%" PRId64, lc->limit);
  const char *params[] = {lc->q, lc->category, lc->after, lim, lc->owner};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "catalog_list_docs", 5, params, &r);
  if (qs < 0)
    return qs;
  core_page_collect(r, lc->limit, lc->arena, lc->items, lc->next);
  PQclear(r);
  return qs;
}

enum core_ec
core_catalog_list(const char *q, const char *category, const char *owner,
                  const char *after, int64_t limit, struct core_arena *arena,
                  const char **items, const char **next)
{
  struct list_cls lc = {q, category, after, owner, limit, arena, items, next};
  return core_db_run_tx("catalog_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
