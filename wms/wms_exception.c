#include "wms_exception.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_proc.h"

static const struct core_db_stmt stmts[] = {
    {"exception_list",
     "SELECT wms_exception_list($1, $2, $3, $4, $5::int, $6::int)::text"},
    {"exception_report",
     CORE_PROC_SELECT "wms_exception_report((SELECT id FROM warehouse"
                      " WHERE code = $1), $2, $3, $4, $5, $6, $7)"},
    {"exception_resolve",
     CORE_PROC_SELECT "wms_exception_resolve($1, $2, $3, $4, $5, $6, $7)"},
    {NULL, NULL},
};

void
wms_exception_register(void)
{
  core_db_register(stmts);
}

enum core_ec
wms_exception_list(const char *wh, const char *state, const char *kind,
                   int64_t min_age_hours, int64_t before, int64_t limit,
                   struct core_arena *arena, const char **items)
{
  const char *p[] = {wh,
                     state,
                     kind,
                     core_proc_num(arena, before, true),
                     core_proc_num(arena, limit, false),
                     core_proc_num(arena, min_age_hours, true)};
  return core_proc_text("exception_list", 6, p, arena, items);
}

enum core_ec
wms_exception_report(const struct wms_damage_req *r,
                     const struct core_stock_actor *who,
                     struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {r->warehouse,
                     r->location,
                     r->sku,
                     r->lot,
                     core_proc_num(arena, r->qty, false),
                     r->note,
                     core_proc_num(arena, who->user_id, true)};
  return core_proc_run("exception_report", "exception_report", 7, p, arena,
                       out);
}

enum core_ec
wms_exception_resolve(int64_t id, const struct wms_resolve_req *r,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {core_proc_num(arena, id, false),
                     r->action,
                     r->bin,
                     r->note,
                     r->idempotency_key,
                     core_proc_num(arena, who->user_id, true),
                     who->request_id};
  return core_proc_run("exception_resolve", "exception_resolve", 7, p, arena,
                       out);
}
