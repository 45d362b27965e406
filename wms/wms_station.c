#include "wms_station.h"

#include "core_db.h"
#include "core_proc.h"

static const struct core_db_stmt stmts[] = {
    {"device_put", CORE_PROC_SELECT "wms_device_put($1::jsonb)"},
    {"device_list", "SELECT wms_device_list($1)::text"},
    {"station_scan", CORE_PROC_SELECT "wms_station_scan($1, $2, $3)"},
    {"station_warehouse", "SELECT w.code FROM station s JOIN warehouse w"
                          " ON w.id = s.warehouse_id WHERE s.code = $1"},
    {NULL, NULL},
};

void
wms_station_register(void)
{
  core_db_register(stmts);
}

enum core_ec
wms_device_put(const char *doc, struct core_arena *arena,
               struct core_outcome *out)
{
  const char *p[] = {doc};
  return core_proc_run("device_put", "device_put", 1, p, arena, out);
}

enum core_ec
wms_device_list(const char *station, struct core_arena *arena,
                const char **items)
{
  const char *p[] = {station};
  return core_proc_text("device_list", 1, p, arena, items);
}

enum core_ec
wms_station_warehouse(const char *station, struct core_arena *arena,
                      const char **wh)
{
  const char *p[] = {station};
  return core_proc_text("station_warehouse", 1, p, arena, wh);
}

enum core_ec
wms_station_scan(const char *station, const char *device, const char *code,
                 struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {station, device, code};
  return core_proc_run("station_scan", "station_scan", 3, p, arena, out);
}
