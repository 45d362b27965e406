#include "wms_shipping.h"

#include "core_db.h"
#include "core_proc.h"

static const struct core_db_stmt stmts[] = {
    {"carrier_put", CORE_PROC_SELECT "wms_carrier_put($1::jsonb)"},
    {"carrier_list", "SELECT wms_carrier_list()::text"},
    {"carton_type_put",
     CORE_PROC_SELECT "wms_carton_type_put($1, $2, $3::int, $4::int, $5,"
                      " $6::numeric)"},
    {"carton_type_list", "SELECT wms_carton_type_list()::text"},
    {"station_put", CORE_PROC_SELECT "wms_station_put($1, $2, $3)"},
    {"station_list", "SELECT wms_station_list($1)::text"},
    {"holidays_put", CORE_PROC_SELECT "wms_holidays_put($1::jsonb)"},
    {"holiday_list", "SELECT wms_holiday_list($1::int)::text"},
    {"settings_shipping_get", CORE_PROC_SELECT
     "(SELECT NULL::text AS out_error, NULL::text AS out_field,"
     " NULL::text AS out_detail, wms_settings_shipping_doc() AS"
     " out_doc, false AS out_replayed) s"},
    {"settings_shipping_set",
     CORE_PROC_SELECT "wms_settings_shipping_set($1::jsonb)"},
    {NULL, NULL},
};

void
wms_shipping_register(void)
{
  core_db_register(stmts);
}

enum core_ec
wms_carrier_put(const char *doc, struct core_arena *arena,
                struct core_outcome *out)
{
  const char *p[] = {doc};
  return core_proc_run("carrier_put", "carrier_put", 1, p, arena, out);
}

enum core_ec
wms_carrier_list(struct core_arena *arena, const char **items)
{
  return core_proc_text("carrier_list", 0, NULL, arena, items);
}

enum core_ec
wms_carton_type_put(const char *code, const char *name, int64_t tare_g,
                    int64_t max_g, bool active, const char *cost,
                    struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {code,
                     name,
                     core_proc_num(arena, tare_g, false),
                     core_proc_num(arena, max_g, true),
                     active ? "t" : "f",
                     cost};
  return core_proc_run("carton_type_put", "carton_type_put", 6, p, arena, out);
}

enum core_ec
wms_carton_type_list(struct core_arena *arena, const char **items)
{
  return core_proc_text("carton_type_list", 0, NULL, arena, items);
}

enum core_ec
wms_station_put(const char *code, const char *wh, const char *printer,
                struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {code, wh, printer};
  return core_proc_run("station_put", "station_put", 3, p, arena, out);
}

enum core_ec
wms_station_list(const char *wh, struct core_arena *arena, const char **items)
{
  const char *p[] = {wh};
  return core_proc_text("station_list", 1, p, arena, items);
}

enum core_ec
wms_holidays_put(const char *days, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *p[] = {days};
  return core_proc_run("holidays_put", "holidays_put", 1, p, arena, out);
}

enum core_ec
wms_holiday_list(int64_t year, struct core_arena *arena, const char **items)
{
  const char *p[] = {core_proc_num(arena, year, true)};
  return core_proc_text("holiday_list", 1, p, arena, items);
}

enum core_ec
wms_settings_shipping_get(struct core_arena *arena, struct core_outcome *out)
{
  return core_proc_run("settings_shipping_get", "settings_shipping_get", 0,
                       NULL, arena, out);
}

enum core_ec
wms_settings_shipping_set(const char *doc, struct core_arena *arena,
                          struct core_outcome *out)
{
  const char *p[] = {doc};
  return core_proc_run("settings_shipping_set", "settings_shipping_set", 1, p,
                       arena, out);
}
