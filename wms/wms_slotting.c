#include "wms_slotting.h"

#include "core_db.h"

static const struct core_db_stmt stmts[] = {
    {"slotting_get", CORE_PROC_SELECT "wms_slotting_get($1, $2::int)"},
    {"slotting_accept",
     CORE_PROC_SELECT "wms_slotting_accept($1, $2::jsonb, $3)"},
    {NULL, NULL},
};

void
wms_slotting_register(void)
{
  core_db_register(stmts);
}

enum core_ec
wms_slotting_get(const char *wh, int64_t days, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *p[] = {wh, core_proc_num(arena, days, false)};
  return core_proc_run("slotting_get", "slotting_get", 2, p, arena, out);
}

enum core_ec
wms_slotting_accept(const char *wh, const char *proposals, const char *key,
                    struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {wh, proposals, key};
  return core_proc_run("slotting_accept", "slotting_accept", 3, p, arena, out);
}
