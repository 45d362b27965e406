/*
 * The depot command line: migrations apply once, usage errors exit 2 with
 * one line, and db commands refuse to manage a configured server.
 */
#include "api_harness.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static int
depot(const char *url, char *out, size_t len, const char *a1, const char *a2,
      const char *a3)
{
  static char env_url[600];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s",
           url != NULL ? url : "");
  const char *args[] = {a1, a2, a3, NULL};
  const char *env[] = {env_url, NULL};
  return api_run_depot(args, url != NULL ? env : NULL, out, len);
}

static long
count_rows(const char *url, const char *sql)
{
  PGconn *pg = PQconnectdb(url);
  PGresult *r = PQexec(pg, sql);
  long n = PQresultStatus(r) == PGRES_TUPLES_OK
               ? strtol(PQgetvalue(r, 0, 0), NULL, 10)
               : -1;
  PQclear(r);
  PQfinish(pg);
  return n;
}

static void
second_migrate_applies_nothing(void **state)
{
  char url[512], out[4096];
  assert_true(api_fresh_database("cli_migrate", url, sizeof url));
  assert_int_equal(depot(url, out, sizeof out, "migrate", NULL, NULL), 0);
  assert_non_null(strstr(out, "applied"));
  long applied = count_rows(url, "SELECT count(*) FROM schema_migrations");
  assert_true(applied >= 1);
  assert_int_equal(depot(url, out, sizeof out, "migrate", NULL, NULL), 0);
  assert_non_null(strstr(out, "nothing to do"));
  assert_int_equal(count_rows(url, "SELECT count(*) FROM schema_migrations"),
                   applied);
}

/* Two servers starting together: the advisory lock serializes them. */
static void
concurrent_migrations_apply_once(void **state)
{
  char url[512];
  assert_true(api_fresh_database("cli_migrate_race", url, sizeof url));
  pid_t kids[4];
  for (int i = 0; i < 4; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      char out[4096];
      _exit(depot(url, out, sizeof out, "migrate", NULL, NULL));
    }
  }
  for (int i = 0; i < 4; i++) {
    int status;
    waitpid(kids[i], &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
  }
  char out[4096];
  assert_int_equal(depot(url, out, sizeof out, "migrate", NULL, NULL), 0);
  assert_non_null(strstr(out, "nothing to do"));
}

/* The demo loads once into an empty database and leaves a sound ledger. */
static void
demo_seed_loads_once(void **state)
{
  char url[512], out[8192];
  assert_true(api_fresh_database("cli_demo", url, sizeof url));
  assert_int_equal(depot(url, out, sizeof out, "demo", "seed", NULL), 0);
  assert_non_null(strstr(out, "SKUs with GTIN-13 barcodes"));
  assert_true(count_rows(url, "SELECT count(*) FROM sku") >= 100);
  assert_true(count_rows(url, "SELECT count(*) FROM lot") > 0);
  /* The client portal has a login, an ASN and orders of its client. */
  assert_non_null(strstr(out, "shanye.client"));
  assert_int_equal(count_rows(url, "SELECT count(*) FROM app_user u JOIN"
                                   " owners o ON o.id = u.owner_id"
                                   " WHERE o.code = 'SHANYE'"),
                   1);
  assert_int_equal(count_rows(url, "SELECT count(*) FROM asn"
                                   " WHERE reference = 'SY-ASN-0001'"),
                   1);
  assert_int_equal(count_rows(url, "SELECT count(*) FROM sales_order o JOIN"
                                   " store s ON s.id = o.store_id"
                                   " WHERE s.code = 'SY-SHOP'"),
                   3);
  /* Four marketplace stores with a platform connection, Tmall (TOP), JD
   * (JOS), Pinduoduo and Douyin, saved but not authorised: the demo cannot
   * reach them. */
  assert_int_equal(count_rows(url,
                              "SELECT count(*) FROM channel_account a"
                              " JOIN store s ON s.id = a.store_id"
                              " WHERE s.channel IN ('taobao', 'jd',"
                              " 'pinduoduo', 'douyin') AND a.token_pii IS NULL"
                              " AND NOT s.active"),
                   4);
  /* The back office's desks have work: an open exception and a count. */
  assert_int_equal(count_rows(url, "SELECT count(*) FROM fulfil_exception"
                                   " WHERE state = 'open'"),
                   1);
  assert_int_equal(count_rows(url, "SELECT count(*) FROM stock_count"), 1);
  /* The Tmall open-platform store's ZTO e-waybill account (电子面单). */
  assert_int_equal(count_rows(url, "SELECT count(*) FROM waybill_account w"
                                   " JOIN store s ON s.id = w.store_id"
                                   " WHERE s.code = 'TMALL-TOP'"),
                   1);
  /* The JD store's ZTO account with JD's service fields. */
  assert_int_equal(count_rows(url, "SELECT count(*) FROM waybill_account w"
                                   " JOIN store s ON s.id = w.store_id"
                                   " WHERE s.code = 'JD-POP'"
                                   " AND w.service->>'branch_code' <> ''"),
                   1);
  /* The Pinduoduo and Douyin shops' ZTO accounts. */
  assert_int_equal(count_rows(url, "SELECT count(*) FROM waybill_account w"
                                   " JOIN store s ON s.id = w.store_id"
                                   " WHERE s.code IN ('PDD-SHOP', 'DY-SHOP')"
                                   " AND w.active"),
                   2);
  assert_int_equal(count_rows(url,
                              "SELECT count(*) FROM shipment s JOIN carton"
                              " c ON c.shipment_id = s.id WHERE s.state"
                              " = 'shipped' AND c.tracking_no IS NOT NULL"),
                   12);
  assert_int_equal(count_rows(url, "SELECT count(*) FROM shipment"
                                   " WHERE state = 'delivered'"),
                   12);
  /* 3PL billing: HUAXIN's statement of last month, from dated history
   * (storage, inbound, outbound, packaging and services lines). */
  assert_int_equal(count_rows(url, "SELECT count(*) FROM billing_statement b"
                                   " JOIN owners o ON o.id = b.owner_id"
                                   " WHERE o.code = 'HUAXIN' AND b.total > 0"),
                   1);
  assert_true(count_rows(url, "SELECT count(DISTINCT kind) FROM"
                              " billing_statement_line") >= 5);
  assert_int_equal(depot(url, out, sizeof out, "demo", "seed", NULL), 1);
  assert_non_null(strstr(out, "already holds data"));
  assert_int_equal(depot(url, out, sizeof out, "demo", "seed", "--if-empty"),
                   0);
  assert_int_equal(depot(url, out, sizeof out, "check", "stock", NULL), 0);
  assert_non_null(strstr(out, "stock check: ok"));
}

/* The benchmark scale seed: additive, idempotent, the ledger adds up. */
static void
demo_seed_scales_for_benchmarks(void **state)
{
  char url[512], out[8192], env_url[600];
  assert_true(api_fresh_database("cli_demo_scale", url, sizeof url));
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", url);
  const char *env[] = {env_url, NULL};
  const char *args[] = {"demo", "seed",   "--orders", "2500", "--skus",
                        "300",  "--bins", "120",      NULL};
  for (int run = 0; run < 2; run++) {
    assert_int_equal(api_run_depot(args, env, out, sizeof out), 0);
    assert_non_null(strstr(out, "demo scale: done"));
  }
  assert_int_equal(count_rows(url, "SELECT count(*) FROM sales_order"), 2500);
  assert_int_equal(count_rows(url, "SELECT count(*) FROM sku"), 300);
  assert_int_equal(count_rows(url, "SELECT count(*) FROM stock_quant"), 300);
  assert_true(count_rows(url, "SELECT count(*) FROM order_line") >= 2500);
  assert_int_equal(depot(url, out, sizeof out, "check", "stock", NULL), 0);
  const char *bad[] = {"demo", "seed", "--orders", "0", NULL};
  assert_int_equal(api_run_depot(bad, env, out, sizeof out), 2);
}

static bool
exec_sql(const char *url, const char *sql)
{
  PGconn *pg = PQconnectdb(url);
  PGresult *r = PQexec(pg, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  PQfinish(pg);
  return ok;
}

/* 30 demo functions in 16 files (4 in demo_ledger_history.sql, the reports'
 * history; 6 in demo_purchase_history.sql, the purchasing report's; 1 in
 * demo_staff_history.sql, the staff report's; 1 in demo_returns.sql, the
 * after-sales; 2 in demo_crm.sql, the customers' and the feedback desk's;
 * 1 in demo_kits.sql, the kits and SKU map; 1 in demo_webhooks.sql, the
 * example event subscription; 1 in demo_finance.sql, the books'; 2 in
 * demo_books.sql, the supplier bills and a settlement; 1 in
 * demo_owners.sql, the 3PL clients; 1 in demo_invoices.sql, the invoices;
 * 1 in demo_portal.sql, the client portal's lots, ASN and orders; 1 in
 * demo_billing.sql, the 3PL price lists and an issued statement). */
#define DEMO_FUNCTIONS                                                         \
  "SELECT count(*) FROM pg_proc WHERE proname LIKE 'demo\\_%'"
/* The ones that were in sql/procs before migration 0105. */
#define DEMO_LEGACY                                                            \
  "SELECT count(*) FROM pg_proc WHERE proname = 'demo_history'"                \
  " OR proname LIKE 'demo\\_scale\\_%'"
#define DEMO_LEGACY_RECORDS                                                    \
  "SELECT count(*) FROM schema_procs"                                          \
  " WHERE name IN ('demo_history.sql', 'demo_scale.sql')"
#define DEMO_RECORDS                                                           \
  "SELECT count(*) FROM schema_procs WHERE name LIKE 'demo\\_%'"

/*
 * The demo's functions (sql/demo) are no part of the schema: migrate does
 * not load them, demo seed does, and migration 0105 takes them out of a
 * database that had them from sql/procs.
 */
static void
demo_sql_is_no_part_of_the_schema(void **state)
{
  char url[512], out[8192], env_url[600];
  assert_true(api_fresh_database("cli_demo_sql", url, sizeof url));
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", url);
  const char *env[] = {env_url, NULL};
  assert_int_equal(depot(url, out, sizeof out, "migrate", NULL, NULL), 0);
  assert_int_equal(count_rows(url, DEMO_FUNCTIONS), 0);
  assert_int_equal(count_rows(url, DEMO_RECORDS), 0);
  const char *seed[] = {"demo", "seed",   "--orders", "20", "--skus",
                        "10",   "--bins", "10",       NULL};
  assert_int_equal(api_run_depot(seed, env, out, sizeof out), 0);
  assert_int_equal(count_rows(url, DEMO_FUNCTIONS), 30);
  assert_int_equal(count_rows(url, DEMO_RECORDS), 16);
  assert_int_equal(depot(url, out, sizeof out, "migrate", NULL, NULL), 0);
  assert_non_null(strstr(out, "nothing to do"));
  /* A database migrated while the demo was in sql/procs. */
  assert_true(exec_sql(url, "DELETE FROM schema_migrations"
                            " WHERE version = '0105-demo-out-of-schema.sql'"));
  assert_int_equal(depot(url, out, sizeof out, "migrate", NULL, NULL), 0);
  assert_int_equal(count_rows(url, DEMO_LEGACY), 0);
  assert_int_equal(count_rows(url, DEMO_LEGACY_RECORDS), 0);
  assert_int_equal(api_run_depot(seed, env, out, sizeof out), 0);
  assert_non_null(strstr(out, "demo scale: done"));
  assert_int_equal(count_rows(url, DEMO_FUNCTIONS), 30);
}

static void
usage_errors_exit_2_with_one_line(void **state)
{
  const char *cases[][3] = {
      {"frobnicate", NULL, NULL},         {"serve", "--no-such-flag", "1"},
      {"serve", "--threads", "many"},     {"serve", "--threads=-1", NULL},
      {"migrate", "--log-level", "loud"}, {"db", "explode", NULL},
      {"serve", "stray", NULL},           {"serve", "--listen", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[4096];
    int rc =
        depot(NULL, out, sizeof out, cases[i][0], cases[i][1], cases[i][2]);
    if (rc != 2)
      fprintf(stderr, "case %zu: rc %d: %s\n", i, rc, out);
    assert_int_equal(rc, 2);
    int lines = 0;
    for (const char *p = out; *p != '\0'; p++)
      lines += *p == '\n';
    assert_int_equal(lines, 1);
  }
}

static void
help_and_version_exit_0(void **state)
{
  char out[8192];
  assert_int_equal(depot(NULL, out, sizeof out, "help", NULL, NULL), 0);
  assert_non_null(strstr(out, "db start"));
  assert_int_equal(depot(NULL, out, sizeof out, "serve", "--help", NULL), 0);
  assert_non_null(strstr(out, "DEPOT_LISTEN"));
  assert_int_equal(depot(NULL, out, sizeof out, "version", NULL, NULL), 0);
  assert_non_null(strstr(out, "depot "));
}

static void
db_commands_leave_a_configured_server_alone(void **state)
{
  char out[4096];
  assert_int_equal(
      depot("host=/nonexistent dbname=x", out, sizeof out, "db", "stop", NULL),
      2);
  assert_non_null(strstr(out, "DEPOT_DATABASE_URL"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(second_migrate_applies_nothing),
      cmocka_unit_test(concurrent_migrations_apply_once),
      cmocka_unit_test(demo_seed_loads_once),
      cmocka_unit_test(demo_seed_scales_for_benchmarks),
      cmocka_unit_test(demo_sql_is_no_part_of_the_schema),
      cmocka_unit_test(usage_errors_exit_2_with_one_line),
      cmocka_unit_test(help_and_version_exit_0),
      cmocka_unit_test(db_commands_leave_a_configured_server_alone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
