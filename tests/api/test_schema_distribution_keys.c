/*
 * Issue 25 item 7, the schema half: every table named here carries its
 * distribution key (the column a sharded setup such as Citus would
 * distribute it by) in its primary key and in every unique index, so
 * sharding later needs no redesign; and the history tables are partitioned
 * by RANGE on their time column, month by month (migration 0400), with
 * that column in every unique index too. Read from pg_catalog on a freshly
 * migrated database.
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

#include <cmocka.h>

/* A large table: its distribution column, and its month column if it is
 * partitioned (NULL: a plain table). */
struct rule {
  const char *table;
  const char *dist;
  const char *month;
};

static const struct rule rules[] = {
    {"stock_move", "warehouse_id", "created_at"},
    {"audit_log", NULL, "at"},
    {"stock_move_key", "idempotency_key", NULL},
    {"stock_opening", "warehouse_id", NULL},
    {"floor_scan", "idempotency_key", "created_at"},
    {"floor_scan_key", "idempotency_key", NULL},
    {"outbox", NULL, "created_at"},
    {"event", NULL, "created_at"},
    {"webhook_delivery", NULL, "event_at"},
    {"stock_quant", "warehouse_id", NULL},
    {"reservation", "warehouse_id", NULL},
    {"reservation_line", "warehouse_id", NULL},
    {"pick_task", "warehouse_id", NULL},
    {"putaway_task", "warehouse_id", NULL},
    {"replenish_task", "warehouse_id", NULL},
    {"sales_order", "store_id", NULL},
    {"order_line", "store_id", NULL},
    {"order_event", "store_id", NULL},
    {"order_hold", "store_id", NULL},
    {"order_allocation", "store_id", NULL},
    {"order_ship_line", "store_id", NULL},
};

static PGconn *pg;

/* The first cell of @a sql with parameter @a a, @a b as heap text. */
static char *
q(const char *sql, const char *a, const char *b)
{
  const char *p[] = {a, b};
  PGresult *r = PQexecParams(pg, sql, 2, NULL, p, NULL, NULL, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    fprintf(stderr, "%s: %s\n", sql, PQresultErrorMessage(r));
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  char *v = strdup(
      PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "");
  PQclear(r);
  return v;
}

/* Unique indexes (the primary key among them) of $1 lacking column $2. */
static const char lacking_sql[] =
    "SELECT coalesce(string_agg(c.relname, ','), '') FROM pg_index i"
    " JOIN pg_class c ON c.oid = i.indexrelid"
    " WHERE i.indrelid = $1::regclass AND i.indisunique"
    " AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
    "  WHERE a.attrelid = i.indrelid AND a.attname = $2"
    "  AND a.attnum = ANY (i.indkey))";

static void
check(const struct rule *r)
{
  char *v = q("SELECT count(*) FROM pg_index WHERE indrelid = $1::regclass"
              " AND indisprimary AND $2 = $2",
              r->table, "x");
  if (strcmp(v, "1") != 0)
    fprintf(stderr, "%s: no primary key\n", r->table);
  assert_string_equal(v, "1");
  free(v);
  const char *cols[] = {r->dist, r->month};
  for (int k = 0; k < 2; k++) {
    if (cols[k] == NULL)
      continue;
    v = q(lacking_sql, r->table, cols[k]);
    if (v[0] != '\0')
      fprintf(stderr, "%s: unique index %s lacks %s\n", r->table, v, cols[k]);
    assert_string_equal(v, "");
    free(v);
  }
  v = q("SELECT coalesce((SELECT p.partstrat::text || ':' || a.attname"
        " FROM pg_partitioned_table p JOIN pg_attribute a"
        "  ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]"
        " WHERE p.partrelid = $1::regclass AND p.partnatts = 1), 'none')"
        " || $2",
        r->table, "");
  char want[80];
  snprintf(want, sizeof want, "%s%s", r->month != NULL ? "r:" : "none",
           r->month != NULL ? r->month : "");
  assert_string_equal(v, want);
  free(v);
  if (r->month == NULL)
    return;
  /* Each partition but DEFAULT spans exactly one UTC month, and the coming
   * three months are there. */
  v = q("SELECT count(*) FILTER (WHERE b !~ ('FROM \\(''' || to_char(m,"
        "  'YYYY-MM') || '-01 00:00:00\\+00''\\) TO \\(''' || to_char(m +"
        "  interval '1 month', 'YYYY-MM') || '-01 00:00:00\\+00''\\)'))"
        " || '/' || count(*) FILTER (WHERE m >= part_month(now())"
        "  AND m <= part_month(now()) + interval '3 months')"
        " FROM (SELECT pg_get_expr(c.relpartbound, c.oid) AS b,"
        "  to_date(substring(c.relname FROM '_p([0-9]{6})$'), 'YYYYMM') AS m"
        "  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        "  WHERE i.inhparent = $1::regclass AND $2 = $2"
        "  AND c.relname <> $1 || '_default') x",
        r->table, "x");
  assert_string_equal(v, "0/4");
  free(v);
  v = q("SELECT count(*) FROM pg_inherits i JOIN pg_class c"
        " ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass"
        " AND c.relname = $1 || '_default' AND $2 = $2",
        r->table, "x");
  assert_string_equal(v, "1");
  free(v);
}

static void
named_tables_carry_their_keys(void **state)
{
  (void)state;
  char url[512], env[600];
  static char out[1 << 14];
  assert_true(api_fresh_database("dist_keys", url, sizeof url));
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", url);
  const char *args[] = {"migrate", NULL};
  const char *envs[] = {env, "DEPOT_LOG_LEVEL=warn", NULL};
  assert_int_equal(api_run_depot(args, envs, out, sizeof out), 0);
  pg = PQconnectdb(url);
  assert_int_equal(PQstatus(pg), CONNECTION_OK);
  PQclear(PQexec(pg, "SET TimeZone = 'UTC'"));
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    check(&rules[i]);
  /* And the registry names the same keys. */
  char *v = q("SELECT string_agg(name || ':' || coalesce(dist_column, '-'),"
              " ',' ORDER BY name) || $1 || $2 FROM part_table",
              "", "");
  assert_string_equal(v, "audit_log:-,event:-,floor_scan:idempotency_key,"
                         "outbox:-,stock_move:warehouse_id,webhook_delivery:-");
  free(v);
  /* Keys unique across months have a table of their own, which depot
   * archive releases with the months (migration 0430). */
  v = q("SELECT string_agg(name || ':' || key_table || '.' || key_column,"
        " ',' ORDER BY name) || $1 || $2 FROM part_table"
        " WHERE key_table IS NOT NULL",
        "", "");
  assert_string_equal(v, "floor_scan:floor_scan_key.idempotency_key,"
                         "stock_move:stock_move_key.idempotency_key");
  free(v);
  PQfinish(pg);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(named_tables_carry_their_keys),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
