#include "core_purchase.h"

#include "core_db.h"
#include "core_proc.h"

#define CONVENTION CORE_PROC_SELECT

static const struct core_db_stmt stmts[] = {
    {"pur_supplier_put", CONVENTION "pur_supplier_put($1::jsonb)"},
    {"pur_supplier_list",
     "SELECT CASE WHEN $2::bigint IS NULL THEN pur_supplier_list($1, $3)"
     " ELSE jsonb_build_array(pur_supplier_doc($2)) END::text"},
    {"pur_po_create", CONVENTION "pur_po_create($1::jsonb, $2)"},
    {"pur_po_list",
     "SELECT pur_po_list($1, $2, $3, $4, $5::int, $6, $7)::text"},
    {"pur_asn_list", "SELECT pur_asn_list($1::jsonb)::text"},
    {"pur_asn_import",
     CONVENTION "pur_asn_import($1, $2, $3::date, $4::jsonb, $5, $6)"},
    {"pur_po_get", CONVENTION "pur_po_get($1, $2)"},
    {"pur_po_step", CONVENTION "pur_po_transition($1, $2, $3, $4)"},
    {"pur_receive", CONVENTION "pur_receive($1, $2::jsonb, $3::numeric,"
                               " $4::numeric, $5, $6, $7)"},
    {"pur_receive_packed",
     CONVENTION "pur_receive_packed($1, $2::jsonb, $3::numeric, $4::numeric,"
                " $5, $6, $7, $8, $9::int)"},
    {"pur_receive_sscc", CONVENTION "pur_receive_sscc($1, NULL, $2, $3, $4)"},
    {"pur_asn_create",
     CONVENTION "pur_asn_create($1, $2, $3::date, $4::jsonb, $5)"},
    {"pur_suggest", CONVENTION "pur_suggest($1, $2::int, $3)"},
    {"pur_performance",
     CONVENTION "pur_performance($1, $2::date, $3::date, $4)"},
    {"pur_return",
     CONVENTION "pur_return_create($1, $2, $3, $4::jsonb, $5, $6, $7)"},
    {"pur_setting_get", "SELECT pur_setting_doc()::text"},
    {"pur_setting_put", CONVENTION "pur_setting_put($1::numeric, $2::boolean,"
                                   " $3::numeric)"},
    {NULL, NULL},
};

void
core_purchase_register(void)
{
  core_db_register(stmts);
}

static const char *
num(struct core_arena *arena, int64_t v)
{
  return core_proc_num(arena, v, false);
}

/* A supplier key's supplier id, NULL for staff. */
static const char *
only_param(struct core_arena *arena, int64_t only)
{
  return core_proc_num(arena, only, true);
}

static const char *
user(struct core_arena *arena, const struct core_stock_actor *who)
{
  return core_proc_num(arena, who->user_id, true);
}

enum core_ec
core_purchase_supplier_put(const char *doc, struct core_arena *arena,
                           struct core_outcome *out)
{
  const char *p[] = {doc};
  return core_proc_run("pur_supplier_put", "pur_supplier_put", 1, p, arena,
                       out);
}

enum core_ec
core_purchase_supplier_list(const char *q, const char *owner, int64_t only,
                            struct core_arena *arena, const char **items)
{
  const char *p[] = {q, only_param(arena, only), owner};
  return core_proc_text("pur_supplier_list", 3, p, arena, items);
}

enum core_ec
core_purchase_po_create(const char *doc, const struct core_stock_actor *who,
                        struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {doc, user(arena, who)};
  return core_proc_run("pur_po_create", "pur_po_create", 2, p, arena, out);
}

enum core_ec
core_purchase_po_list(const char *supplier, const char *state, int64_t only,
                      const char *warehouses, int64_t owner, int64_t before,
                      int64_t limit, struct core_arena *arena,
                      const char **items)
{
  const char *p[] = {supplier,
                     state,
                     only_param(arena, only),
                     core_proc_num(arena, before, true),
                     num(arena, limit),
                     warehouses,
                     core_proc_num(arena, owner, true)};
  return core_proc_text("pur_po_list", 7, p, arena, items);
}

enum core_ec
core_purchase_asn_list(const char *filter, struct core_arena *arena,
                       const char **items)
{
  const char *p[] = {filter};
  return core_proc_text("pur_asn_list", 1, p, arena, items);
}

enum core_ec
core_purchase_asn_import(int64_t po, const char *ref, const char *ship_date,
                         const char *rows, const char *bad_file, int64_t only,
                         struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, po),          ref,     ship_date, rows,
                     only_param(arena, only), bad_file};
  return core_proc_run("pur_asn_import", "pur_asn_import", 6, p, arena, out);
}

enum core_ec
core_purchase_po_get(int64_t id, int64_t only, struct core_arena *arena,
                     struct core_outcome *out)
{
  const char *p[] = {num(arena, id), only_param(arena, only)};
  return core_proc_run("pur_po_get", "pur_po_get", 2, p, arena, out);
}

enum core_ec
core_purchase_po_step(int64_t id, const char *action, bool admin,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id), action, user(arena, who),
                     admin ? "t" : "f"};
  return core_proc_run("pur_po_step", "pur_po_step", 4, p, arena, out);
}

enum core_ec
core_purchase_receive(int64_t id, const struct core_receipt_req *r,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id),
                     r->lines,
                     r->freight,
                     r->duty,
                     r->idempotency_key,
                     user(arena, who),
                     who->request_id,
                     r->package_level != NULL ? r->package_level : "carton",
                     r->packages != NULL ? r->packages : "1"};
  return core_proc_run("pur_receive", "pur_receive_packed", 9, p, arena, out);
}

enum core_ec
core_purchase_receive_sscc(const char *sscc, const struct core_stock_actor *who,
                           struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {sscc, user(arena, who), who->request_id, who->warehouses};
  return core_proc_run("pur_receive_sscc", "pur_receive_sscc", 4, p, arena,
                       out);
}

enum core_ec
core_purchase_asn_create(int64_t po, const char *reference,
                         const char *ship_date, const char *cartons,
                         int64_t only, struct core_arena *arena,
                         struct core_outcome *out)
{
  const char *p[] = {num(arena, po), reference, ship_date, cartons,
                     only_param(arena, only)};
  return core_proc_run("pur_asn_create", "pur_asn_create", 5, p, arena, out);
}

enum core_ec
core_purchase_suggest(const char *wh, int64_t days,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {wh, num(arena, days), user(arena, who)};
  return core_proc_run("pur_suggest", "pur_suggest", 3, p, arena, out);
}

enum core_ec
core_purchase_performance(const char *code, const char *from, const char *to,
                          int64_t only, struct core_arena *arena,
                          struct core_outcome *out)
{
  const char *p[] = {code, from, to, only_param(arena, only)};
  return core_proc_run("pur_performance", "pur_performance", 4, p, arena, out);
}

enum core_ec
core_purchase_return(const char *supplier, const char *wh, const char *reason,
                     const char *lines, const char *key,
                     const struct core_stock_actor *who,
                     struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {supplier,       wh, reason, lines, key, user(arena, who),
                     who->request_id};
  return core_proc_run("pur_return", "pur_return", 7, p, arena, out);
}

enum core_ec
core_purchase_setting_get(struct core_arena *arena, const char **doc)
{
  return core_proc_text("pur_setting_get", 0, NULL, arena, doc);
}

enum core_ec
core_purchase_setting_put(const char *above, bool clear, const char *pct,
                          struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {above, clear ? "t" : "f", pct};
  return core_proc_run("pur_setting_put", "pur_setting_put", 3, p, arena, out);
}
