#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"
#include "core_warehouse.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * The demo business (see docs/demo.md): a Zhuzhou seller of Liling
 * porcelain and Hunan specialties. Each module adds its part of the demo
 * here as it lands: warehouses here, inventory in cli_demo_inventory.c.
 */
struct demo_warehouse {
  const char *code, *name, *line1, *city, *region, *postcode, *phone;
  bool bin_managed;
  const char *partner; /* NULL: own warehouse */
};

static const struct demo_warehouse demo_warehouses[] = {
    {"ZZ1", "株洲中心仓", "天元区黄河南路 88 号 3 号库", "株洲市", "湖南省",
     "412007", "0731-22880001", true, NULL},
    {"LL1", "醴陵门店仓", "瓷城大道 16 号", "醴陵市", "湖南省", "412200",
     "0731-23220016", false, NULL},
    {"CS3", "长沙第三方仓", "望城区金星北路 1 号物流园 B2", "长沙市", "湖南省",
     "410200", "0731-88120002", true, "湘顺达供应链"},
};

static enum core_ec
seed_warehouses(struct core_arena *arena)
{
  for (size_t i = 0; i < sizeof demo_warehouses / sizeof demo_warehouses[0];
       i++) {
    const struct demo_warehouse *d = &demo_warehouses[i];
    struct core_warehouse w;
    core_warehouse_init(&w);
    w.code = d->code;
    w.name = d->name;
    w.address_line1 = d->line1;
    w.city = d->city;
    w.region = d->region;
    w.postcode = d->postcode;
    w.phone = d->phone;
    w.bin_managed = d->bin_managed;
    if (d->partner != NULL) {
      w.owner = CORE_WAREHOUSE_THIRD_PARTY;
      w.owner_name = d->partner;
    }
    enum core_ec ec = core_warehouse_create(&w, arena);
    if (ec != CORE_EC_OK) {
      CORE_ERROR("could not create demo warehouse %s: %s", d->code,
                 core_ec_name(ec));
      return ec;
    }
    printf("  warehouse %-4s %s%s\n", w.code, w.name,
           w.bin_managed ? "" : " (lite: no bins)");
  }
  return CORE_EC_OK;
}

/* Whether the database holds business data already. */
static enum core_ec
holds_data(struct core_arena *arena, bool *yes)
{
  struct core_warehouse_page page;
  enum core_ec ec = core_warehouse_list(NULL, NULL, 1, 0, arena, &page);
  if (ec == CORE_EC_OK)
    *yes = page.count > 0;
  return ec;
}

/*
 * Fresh tables have no planner statistics until autovacuum reaches them,
 * and without them a reservation walks every bin of the warehouse: the
 * demo's first minute should be as fast as its second.
 */
static void
analyze(void)
{
  struct core_db_conn *c;
  if (core_db_acquire(&c) != CORE_EC_OK)
    return;
  PQclear(PQexec(core_db_pg(c), "ANALYZE"));
  core_db_release(c);
}

static int
seed(const struct cli_args *args)
{
  struct core_arena *arena = core_arena_new();
  bool has_data = false;
  enum core_ec ec = holds_data(arena, &has_data);
  int rc = 1;
  if (ec == CORE_EC_OK && has_data) {
    bool quiet = cli_arg(args, "--if-empty") != NULL;
    fprintf(quiet ? stdout : stderr,
            "demo: the database already holds data; nothing loaded\n");
    rc = quiet ? 0 : 1;
  } else if (ec == CORE_EC_OK) {
    printf("demo: loading the demo business\n");
    ec = seed_warehouses(arena);
    if (ec == CORE_EC_OK)
      ec = cli_demo_inventory(arena);
    if (ec == CORE_EC_OK)
      ec = cli_demo_orders(arena);
    if (ec == CORE_EC_OK && !cli_demo_history(30, 24))
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK)
      ec = cli_demo_purchasing(arena);
    if (ec == CORE_EC_OK)
      ec = cli_demo_fulfil(arena);
    if (ec == CORE_EC_OK && !cli_demo_shipments(12))
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_ledger_history(120, 600))
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_returns())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_kits())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK)
      ec = cli_demo_people_seed();
    if (ec == CORE_EC_OK && !cli_demo_staff_history(30))
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_crm())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_webhooks())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_finance())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_books())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_invoices())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK && !cli_demo_owners())
      ec = CORE_EC_DB_ERROR;
    if (ec == CORE_EC_OK)
      ec = cli_demo_portal_seed();
    if (ec == CORE_EC_OK && !cli_demo_billing())
      ec = CORE_EC_DB_ERROR;
    rc = ec == CORE_EC_OK ? 0 : 1;
    if (rc == 0) {
      analyze();
      printf("demo: loaded\n");
    }
  }
  core_arena_free(arena);
  return rc;
}

/* The statement timeout of a demo seeding: ten minutes. */
enum { DEMO_STATEMENT_TIMEOUT_MS = 600000 };

int
cli_demo_seed(struct core_config *cfg, const struct cli_args *args)
{
  bool scale = cli_arg(args, "--orders") != NULL ||
               cli_arg(args, "--skus") != NULL ||
               cli_arg(args, "--bins") != NULL;
  bool started;
  cli_demo_scale_register();
  /* Seeding is a batch, not a request: a slow or busy machine must not
   * stop a demo statement at the server's per-request limit (it did, at
   * 10 s, on a 2-core machine under a parallel test run). */
  if (cfg->statement_timeout_ms < DEMO_STATEMENT_TIMEOUT_MS)
    cfg->statement_timeout_ms = DEMO_STATEMENT_TIMEOUT_MS;
  if (!cli_db_open_with(cfg, cli_demo_sql, &started))
    return 1;
  int rc = scale ? cli_demo_scale(args) : seed(args);
  cli_db_close(cfg, started);
  return rc;
}
