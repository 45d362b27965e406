#include "core_warehouse.h"

#include "core_arena.h"
#include "core_db.h"
#include "db/core_db_warehouse.h"

#include <stddef.h>

const char *const core_warehouse_owner_names[] = {"own", "third_party", NULL};

void
core_warehouse_init(struct core_warehouse *w)
{
  *w = (struct core_warehouse){
      .address_line1 = "",
      .address_line2 = "",
      .city = "",
      .region = "",
      .postcode = "",
      .country_code = "CN",
      .phone = "",
      .owner = CORE_WAREHOUSE_OWN,
      .owner_name = "",
      .bin_managed = true,
      .timezone = "Asia/Shanghai",
      .active = true,
  };
}

struct create_cls {
  struct core_warehouse *w;
  struct core_arena *arena;
};

static enum core_qs
create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct create_cls *cc = cls;
  enum core_qs qs = core_db_timezone_exists(c, cc->w->timezone);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_INVALID_VALUE;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  qs = core_db_insert_warehouse(c, cc->w, cc->arena);
  if (qs == CORE_QS_NONE && core_db_was_unique_violation(c)) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_warehouse_create(struct core_warehouse *w, struct core_arena *arena)
{
  struct create_cls cc = {w, arena};
  return core_db_run_tx("warehouse_create", CORE_DB_READ_COMMITTED, create_tx,
                        &cc);
}

struct get_cls {
  const char *code;
  struct core_arena *arena;
  struct core_warehouse *out;
};

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct get_cls *gc = cls;
  enum core_qs qs = core_db_select_warehouse(c, gc->code, gc->arena, gc->out);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_warehouse_get(const char *code, struct core_arena *arena,
                   struct core_warehouse *out)
{
  struct get_cls gc = {code, arena, out};
  return core_db_run_tx("warehouse_get", CORE_DB_READ_COMMITTED, get_tx, &gc);
}

struct list_cls {
  const char *q;
  const char *only;
  int64_t limit, offset;
  struct core_arena *arena;
  struct core_warehouse_page *page;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  return core_db_list_warehouses(c, lc->q, lc->only, lc->limit, lc->offset,
                                 lc->arena, lc->page);
}

enum core_ec
core_warehouse_list(const char *q, const char *only, int64_t limit,
                    int64_t offset, struct core_arena *arena,
                    struct core_warehouse_page *page)
{
  struct list_cls lc = {q, only, limit, offset, arena, page};
  return core_db_run_tx("warehouse_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}

void
core_warehouse_register(void)
{
  core_db_register(core_db_warehouse_stmts);
}
