#include "web_render.h"

json_t *
web_render_warehouse(const struct core_warehouse *w)
{
  return json_pack("{s:I, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s},"
                   " s:{s:s, s:s}, s:b, s:s, s:b, s:s}",
                   "id", (json_int_t)w->id, "code", w->code, "name", w->name,
                   "address", "line1", w->address_line1, "line2",
                   w->address_line2, "city", w->city, "region", w->region,
                   "postcode", w->postcode, "country_code", w->country_code,
                   "phone", w->phone, "owner", "kind",
                   core_warehouse_owner_names[w->owner], "name", w->owner_name,
                   "bin_managed", (int)w->bin_managed, "timezone", w->timezone,
                   "active", (int)w->active, "created_at", w->created_at);
}
