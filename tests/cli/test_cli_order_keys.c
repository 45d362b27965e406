/*
 * Distribution keys of the order tables (issue 25 item 7, migration 0455):
 * a database migrated as an older release left it (depot migrate --before
 * 0455), holding orders of two stores with their lines, events, holds,
 * allocations and shipped lines, is converted in place: the same rows,
 * each with its order's store; a new row whose writer names no store gets
 * its order's (order_tree_fill); one that names another store than its
 * order's is refused.
 */
#include "api_harness.h"
#include "cli_db_steps.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* One warehouse, two stores; 10 orders per store of 3 lines each, an
 * event and a hold per order, an allocation (with its reservation) per
 * line, and a shipment per order with one shipped line: the rows an older
 * release wrote, without store_id on the order's tree. */
static const char seed_sql[] =
    "INSERT INTO warehouse (code, name) VALUES ('OW1', 'Orders 1');"
    "INSERT INTO sku (code, name) VALUES ('OKEY-1', 'Order key');"
    "INSERT INTO store (code, name, channel, warehouse_id)"
    " SELECT s, 'Keys store ' || s, 'manual', w.id FROM warehouse w"
    " CROSS JOIN (VALUES ('OS1'), ('OS2')) x (s) WHERE w.code = 'OW1';"
    "INSERT INTO sales_order (store_id, external_id, currency, content_hash)"
    " SELECT s.id, s.code || '-' || g, 'CNY', 'x' FROM store s"
    " CROSS JOIN generate_series(1, 10) g WHERE s.code LIKE 'OS_';"
    "INSERT INTO order_line (order_id, line_no, sku_id, qty, unit_price)"
    " SELECT o.id, n, k.id, n, 9.50 FROM sales_order o"
    " CROSS JOIN generate_series(1, 3) n CROSS JOIN sku k"
    " WHERE k.code = 'OKEY-1';"
    "INSERT INTO order_event (order_id, to_state) SELECT id, 'new'"
    " FROM sales_order;"
    "INSERT INTO order_hold (order_id, reason) SELECT id, 'manual'"
    " FROM sales_order;"
    "INSERT INTO reservation (warehouse_id, sku_id, qty, reference)"
    " SELECT w.id, l.sku_id, l.qty, 'okey ' || l.id FROM order_line l"
    " CROSS JOIN warehouse w WHERE w.code = 'OW1';"
    "INSERT INTO order_allocation (order_id, line_id, warehouse_id,"
    " reservation_id, qty) SELECT l.order_id, l.id, r.warehouse_id, r.id,"
    " l.qty FROM order_line l JOIN reservation r"
    " ON r.reference = 'okey ' || l.id;"
    "INSERT INTO shipment (order_id, warehouse_id, track_token)"
    " SELECT o.id, w.id, 'okey-track-token-' || lpad(o.id::text, 8, '0')"
    " FROM sales_order o CROSS JOIN warehouse w WHERE w.code = 'OW1';"
    "INSERT INTO order_ship_line (shipment_id, order_id, warehouse_id,"
    " sku_id, qty, unit_price, unit_cost) SELECT sh.id, sh.order_id,"
    " sh.warehouse_id, k.id, 1, 9.50, 4 FROM shipment sh CROSS JOIN sku k"
    " WHERE k.code = 'OKEY-1'";

/* The rows, as a text that must not change through the migration. */
static const char rows_sql[] =
    "SELECT (SELECT count(*) || '/' || sum(id) || '/' || sum(store_id)"
    " FROM sales_order) || ' ' || (SELECT count(*) || '/' || sum(id) || '/'"
    " || sum(order_id) || '/' || sum(qty) FROM order_line) || ' ' ||"
    " (SELECT count(*) || '/' || sum(id) || '/' || sum(order_id)"
    " FROM order_event) || ' ' || (SELECT count(*) || '/' || sum(id) || '/'"
    " || sum(order_id) FROM order_hold) || ' ' || (SELECT count(*) || '/' ||"
    " sum(id) || '/' || sum(line_id) || '/' || sum(reservation_id)"
    " FROM order_allocation) || ' ' || (SELECT count(*) || '/' || sum(id)"
    " || '/' || sum(shipment_id) FROM order_ship_line)";

/* Rows of table @a t whose store_id is their order's, and how many stores
 * they span. */
static void
keyed_by_order(const char *url, const char *t, const char *want)
{
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT count(*) || '/' || count(DISTINCT x.store_id) FROM %s x"
           " JOIN sales_order o ON o.id = x.order_id"
           " WHERE x.store_id = o.store_id",
           t);
  cli_sql_is(url, sql, want);
}

static void
migration_keys_existing_order_rows_by_store(void **state)
{
  (void)state;
  char url[512], env[600];
  static char out[1 << 16];
  assert_true(api_fresh_database("ord_keys", url, sizeof url));
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", url);
  const char *old[] = {"migrate", "--before", "0455", NULL};
  assert_int_equal(cli_depot(env, old, out, sizeof out), 0);
  cli_sql_is(url,
             "SELECT count(*) FROM schema_migrations WHERE version >= '0455'",
             "0");
  cli_sql_is(url, seed_sql, "");
  char *rows = cli_sql_value(url, rows_sql);
  cli_sql_is(
      url,
      "SELECT (SELECT count(*) FROM order_line) || '/' || (SELECT count(*)"
      " FROM order_allocation) || '/' || (SELECT count(*) FROM"
      " order_ship_line)",
      "60/60/20");

  const char *all[] = {"migrate", NULL};
  assert_int_equal(cli_depot(env, all, out, sizeof out), 0);
  cli_sql_is(url, rows_sql, rows);
  /* Every row has its order's store, and both stores hold some. */
  keyed_by_order(url, "order_line", "60/2");
  keyed_by_order(url, "order_event", "20/2");
  keyed_by_order(url, "order_hold", "20/2");
  keyed_by_order(url, "order_allocation", "60/2");
  keyed_by_order(url, "order_ship_line", "20/2");
  cli_sql_is(url,
             "SELECT count(*) FROM order_allocation a JOIN order_line l"
             " ON l.id = a.line_id WHERE a.store_id = l.store_id",
             "60");

  /* A writer that names no store gets the order's (order_tree_fill). */
  cli_sql_is(url,
             "INSERT INTO order_event (order_id, to_state) SELECT id, 'held'"
             " FROM sales_order WHERE external_id = 'OS2-1'"
             " RETURNING (store_id = (SELECT id FROM store WHERE code = 'OS2'))"
             "::text",
             "true");
  cli_sql_is(url,
             "INSERT INTO order_line (order_id, line_no, qty, unit_price)"
             " SELECT id, 4, 1, 1 FROM sales_order WHERE external_id = 'OS1-1'"
             " RETURNING (store_id = (SELECT id FROM store WHERE code = 'OS1'))"
             "::text",
             "true");
  /* One that names another store than its order's is refused. */
  cli_sql_is(url,
             "INSERT INTO order_hold (store_id, order_id, reason)"
             " SELECT s.id, o.id, 'manual' FROM sales_order o, store s"
             " WHERE o.external_id = 'OS1-2' AND s.code = 'OS2' RETURNING id",
             "error 23503");
  cli_sql_is(
      url,
      "INSERT INTO order_allocation (store_id, order_id, line_id,"
      " warehouse_id, reservation_id, qty) SELECT o.store_id, o.id, l.id,"
      " a.warehouse_id, a.reservation_id, 1 FROM sales_order o,"
      " order_allocation a JOIN order_line l ON l.id = a.line_id"
      " WHERE o.external_id = 'OS1-3' AND l.store_id <> o.store_id"
      " LIMIT 1 RETURNING id",
      "error 23503");
  /* A line number is still unique within its order. */
  cli_sql_is(url,
             "INSERT INTO order_line (order_id, line_no, qty, unit_price)"
             " SELECT id, 1, 1, 1 FROM sales_order WHERE external_id = 'OS1-1'",
             "error 23505");
  free(rows);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(migration_keys_existing_order_rows_by_store),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
