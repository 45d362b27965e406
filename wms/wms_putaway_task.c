#include "wms_putaway_task.h"

#include "core_db.h"
#include "core_proc.h"

static const struct core_db_stmt stmts[] = {
    {"pur_putaway_list", "SELECT pur_putaway_list($1)::text"},
    {"pur_putaway_confirm",
     CORE_PROC_SELECT "pur_putaway_confirm($1, $2, $3, $4, $5, $6)"},
    {NULL, NULL},
};

void
wms_putaway_task_register(void)
{
  core_db_register(stmts);
}

enum core_ec
wms_putaway_task_list(const char *wh, struct core_arena *arena,
                      const char **items)
{
  const char *p[] = {wh};
  return core_proc_text("pur_putaway_list", 1, p, arena, items);
}

enum core_ec
wms_putaway_task_confirm(int64_t id, const char *bin, int64_t qty,
                         const char *key, const struct core_stock_actor *who,
                         struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {core_proc_num(arena, id, false),          bin,
                     core_proc_num(arena, qty, true),          key,
                     core_proc_num(arena, who->user_id, true), who->request_id};
  return core_proc_run("pur_putaway_confirm", "pur_putaway_confirm", 6, p,
                       arena, out);
}
