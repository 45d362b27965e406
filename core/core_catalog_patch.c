/* Changes to SKUs after creation: fields, barcodes, reorder planning. */
#include "core_arena.h"
#include "core_catalog.h"
#include "core_db.h"

#include <inttypes.h>
#include <stdio.h>

static const struct core_db_stmt stmts[] = {
    {"catalog_patch_sku",
     "UPDATE sku SET name = coalesce($2, name),"
     " category = coalesce($3, category), unit = coalesce($4, unit),"
     " weight_kg = coalesce($5::numeric, weight_kg),"
     " length_cm = coalesce($6::numeric, length_cm),"
     " width_cm = coalesce($7::numeric, width_cm),"
     " height_cm = coalesce($8::numeric, height_cm),"
     " cost = coalesce($9::numeric, cost),"
     " list_price = coalesce($10::numeric, list_price),"
     " active = coalesce($11::boolean, active),"
     " owner_id = coalesce(owner_id_of($12), owner_id), updated_at = now()"
     " WHERE code = $1 RETURNING id"},
    {"catalog_remove_barcode",
     "DELETE FROM barcode WHERE sku_id = $1 AND code = $2"},
    {"catalog_plan",
     "INSERT INTO sku_warehouse (sku_id, warehouse_id, reorder_point,"
     " safety_stock) SELECT $1, w.id, $3, $4 FROM warehouse w WHERE w.code = $2"
     " ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET"
     " reorder_point = excluded.reorder_point,"
     " safety_stock = excluded.safety_stock"},
    {NULL, NULL},
};

void
core_catalog_patch_register(void)
{
  core_db_register(stmts);
}

struct patch_cls {
  const char *sku;
  const struct core_product_patch *p;
  struct core_arena *arena;
  const char **doc;
  unsigned *bad;
};

static enum core_qs
update_row(struct core_db_conn *c, struct patch_cls *pc, const char **id)
{
  const struct core_product_patch *p = pc->p;
  const char *params[] = {pc->sku,
                          p->name,
                          p->category,
                          p->unit,
                          p->weight_kg,
                          p->dims_cm[0],
                          p->dims_cm[1],
                          p->dims_cm[2],
                          p->cost,
                          p->list_price,
                          p->active < 0 ? NULL
                          : p->active   ? "t"
                                        : "f",
                          p->owner};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "catalog_patch_sku", 12, params, &r);
  if (qs == CORE_QS_ONE)
    *id = core_arena_strdup(pc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

static enum core_qs
change_barcodes(struct core_db_conn *c, struct patch_cls *pc, const char *id,
                enum core_ec *ec)
{
  const struct core_product_patch *p = pc->p;
  for (unsigned i = 0; i < p->nremove; i++) {
    const char *params[] = {id, p->remove[i]};
    enum core_qs qs =
        core_db_query(c, "catalog_remove_barcode", 2, params, NULL);
    if (qs < 0)
      return qs;
  }
  return core_catalog_insert_barcodes(c, id, p->add, p->nadd, pc->bad, ec);
}

static enum core_qs
plan(struct core_db_conn *c, struct patch_cls *pc, const char *id,
     enum core_ec *ec)
{
  for (unsigned i = 0; i < pc->p->nplanning; i++) {
    const struct core_planning *pl = &pc->p->planning[i];
    char rp[24], ss[24];
    snprintf(rp, sizeof rp, "%" PRId64, pl->reorder_point);
    snprintf(ss, sizeof ss, "%" PRId64, pl->safety_stock);
    const char *params[] = {id, pl->warehouse,
                            pl->reorder_point < 0 ? NULL : rp, ss};
    enum core_qs qs = core_db_query(c, "catalog_plan", 4, params, NULL);
    if (qs == CORE_QS_NONE) {
      *pc->bad = i;
      *ec = CORE_EC_UNKNOWN_WAREHOUSE;
      return CORE_QS_HARD;
    }
    if (qs < 0)
      return qs;
  }
  return CORE_QS_ONE;
}

static enum core_qs
patch_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct patch_cls *pc = cls;
  const char *id = NULL;
  enum core_qs qs = update_row(c, pc, &id);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  if (qs >= 0)
    qs = change_barcodes(c, pc, id, ec);
  if (qs >= 0)
    qs = plan(c, pc, id, ec);
  if (qs >= 0 && (pc->p->kind != NULL || pc->p->components != NULL))
    qs = core_catalog_define_kit(c, pc->sku, pc->p->kind, pc->p->components,
                                 pc->arena, pc->p->kit_refusal, pc->doc, ec);
  if (qs < 0)
    return qs;
  const char *params[] = {pc->sku};
  PGresult *r = NULL;
  qs = core_db_query(c, "catalog_select_doc", 1, params, &r);
  if (qs == CORE_QS_ONE)
    *pc->doc = core_arena_strdup(pc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

enum core_ec
core_catalog_patch(const char *sku, const struct core_product_patch *patch,
                   struct core_arena *arena, const char **doc, unsigned *bad)
{
  struct patch_cls pc = {sku, patch, arena, doc, bad};
  return core_db_run_tx("catalog_patch", CORE_DB_READ_COMMITTED, patch_tx, &pc);
}
