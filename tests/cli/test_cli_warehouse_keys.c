/*
 * Distribution keys of the warehouse tables (issue 25 item 7, migration
 * 0450, and 0451 for the floor's tasks): a database migrated as an older
 * release left it (depot migrate --before 0450), holding quants,
 * reservations, pick, putaway and replenishment tasks in two warehouses,
 * is converted in place: the same rows, each with the
 * warehouse of its location (quants) or reservation (lines, tasks); a new
 * quant whose writer names no warehouse gets its location's; a quant,
 * reservation line or pick task that names another warehouse than the rows
 * it points at is refused.
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

/* Two warehouses with two bins each; 40 quants, 20 reservations of one
 * unit each with their lines, and a wave whose pick tasks take them: the
 * rows an older release wrote, without warehouse_id on quants, lines and
 * tasks. */
static const char seed_sql[] =
    "INSERT INTO warehouse (code, name) VALUES ('KW1', 'Keys 1'),"
    " ('KW2', 'Keys 2');"
    "INSERT INTO sku (code, name) SELECT 'KEY-' || g, 'Key ' || g"
    " FROM generate_series(1, 10) g;"
    "INSERT INTO location (warehouse_id, kind, code)"
    " SELECT w.id, 'bin', b FROM warehouse w CROSS JOIN (VALUES ('K-01'),"
    " ('K-02')) k (b) WHERE w.code IN ('KW1', 'KW2');"
    "INSERT INTO stock_quant (sku_id, location_id, on_hand, reserved)"
    " SELECT s.id, l.id, 5, CASE WHEN l.code = 'K-01' THEN 1 ELSE 0 END"
    " FROM sku s CROSS JOIN location l JOIN warehouse w ON w.id ="
    " l.warehouse_id WHERE s.code LIKE 'KEY-%' AND w.code LIKE 'KW%'"
    " AND l.kind = 'bin';"
    "INSERT INTO reservation (warehouse_id, sku_id, qty, reference)"
    " SELECT l.warehouse_id, q.sku_id, 1, 'key ' || q.id FROM stock_quant q"
    " JOIN location l ON l.id = q.location_id WHERE q.reserved = 1;"
    "INSERT INTO reservation_line (reservation_id, quant_id, qty)"
    " SELECT r.id, q.id, 1 FROM reservation r JOIN stock_quant q"
    " ON r.reference = 'key ' || q.id;"
    "INSERT INTO store (code, name, channel, warehouse_id)"
    " SELECT 'KS', 'Keys store', 'manual', id FROM warehouse"
    " WHERE code = 'KW1';"
    "INSERT INTO sales_order (store_id, external_id, currency, content_hash)"
    " SELECT id, 'K-1', 'CNY', 'x' FROM store WHERE code = 'KS';"
    "INSERT INTO wave (warehouse_id, batch_size) SELECT id, 10 FROM"
    " warehouse WHERE code IN ('KW1', 'KW2');"
    "INSERT INTO picklist (wave_id, warehouse_id, batch_no)"
    " SELECT id, warehouse_id, 1 FROM wave;"
    "INSERT INTO pick_task (picklist_id, order_id, reservation_id, quant_id,"
    " sku_id, bin_id, seq, qty)"
    " SELECT p.id, (SELECT id FROM sales_order WHERE external_id = 'K-1'),"
    "  r.id, q.id, q.sku_id, q.location_id, 1, 1"
    " FROM reservation_line rl JOIN reservation r ON r.id = rl.reservation_id"
    " JOIN stock_quant q ON q.id = rl.quant_id"
    " JOIN picklist p ON p.warehouse_id = r.warehouse_id;"
    "INSERT INTO putaway_task (warehouse_id, sku_id, from_bin_id, qty)"
    " SELECT l.warehouse_id, q.sku_id, l.id, 2 FROM stock_quant q"
    " JOIN location l ON l.id = q.location_id WHERE l.code = 'K-02';"
    "INSERT INTO replenish_task (reason, warehouse_id, sku_id, from_bin_id,"
    " to_bin_id, qty) SELECT 'slotting', l.warehouse_id, q.sku_id, l.id,"
    " k.id, 3"
    " FROM stock_quant q JOIN location l ON l.id = q.location_id"
    " JOIN location k ON k.warehouse_id = l.warehouse_id AND k.code ="
    " 'K-01' WHERE l.code = 'K-02'";

/* The rows, as a text that must not change through the migration. */
static const char rows_sql[] =
    "SELECT (SELECT count(*) || '/' || sum(id) || '/' || sum(on_hand) || '/'"
    " || sum(reserved) FROM stock_quant) || ' ' || (SELECT count(*) || '/'"
    " || sum(id) FROM reservation) || ' ' || (SELECT count(*) || '/' ||"
    " sum(quant_id) FROM reservation_line) || ' ' || (SELECT count(*) || '/'"
    " || sum(id) FROM pick_task) || ' ' || (SELECT count(*) || '/' ||"
    " sum(id) || '/' || count(DISTINCT warehouse_id) FROM putaway_task)"
    " || ' ' || (SELECT count(*) || '/' || sum(id) || '/' ||"
    " count(DISTINCT warehouse_id) FROM replenish_task)";

static void
migration_keys_existing_rows_by_warehouse(void **state)
{
  (void)state;
  char url[512], env[600];
  static char out[1 << 16];
  assert_true(api_fresh_database("wh_keys", url, sizeof url));
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", url);
  const char *old[] = {"migrate", "--before", "0450", NULL};
  assert_int_equal(cli_depot(env, old, out, sizeof out), 0);
  cli_sql_is(url,
             "SELECT count(*) FROM schema_migrations WHERE version >= '0450'",
             "0");
  cli_sql_is(url, seed_sql, "");
  char *rows = cli_sql_value(url, rows_sql);
  cli_sql_is(
      url,
      "SELECT (SELECT count(*) FROM pick_task) || '/' || (SELECT count(*)"
      " FROM putaway_task) || '/' || (SELECT count(*) FROM replenish_task)",
      "20/20/20");

  const char *all[] = {"migrate", NULL};
  assert_int_equal(cli_depot(env, all, out, sizeof out), 0);
  cli_sql_is(url, rows_sql, rows);
  /* Every row has the warehouse of its location or reservation, and both
   * warehouses hold some. */
  cli_sql_is(url,
             "SELECT count(*) || '/' || count(DISTINCT q.warehouse_id)"
             " FROM stock_quant q JOIN location l ON l.id = q.location_id"
             " WHERE q.warehouse_id = l.warehouse_id",
             "40/2");
  cli_sql_is(
      url,
      "SELECT count(*) FROM reservation_line rl JOIN reservation r"
      " ON r.id = rl.reservation_id WHERE rl.warehouse_id = r.warehouse_id",
      "20");
  cli_sql_is(url,
             "SELECT count(*) FROM pick_task t JOIN picklist p"
             " ON p.id = t.picklist_id WHERE t.warehouse_id = p.warehouse_id",
             "20");

  /* A writer that names no warehouse gets the location's (stock_quant_fill);
   * one that names another warehouse is refused by the location key. */
  const char dup_sql[] =
      "INSERT INTO stock_quant (sku_id, location_id)"
      " SELECT s.id, l.id FROM sku s, location l JOIN warehouse w"
      " ON w.id = l.warehouse_id WHERE s.code = 'KEY-1' AND w.code = 'KW2'"
      " AND l.code = 'K-01'";
  cli_sql_is(url, dup_sql, "error 23505");
  char conflict_sql[400];
  snprintf(conflict_sql, sizeof conflict_sql,
           "WITH i AS (%s ON CONFLICT ON CONSTRAINT stock_quant_key"
           " DO NOTHING RETURNING id) SELECT count(*) FROM i",
           dup_sql);
  cli_sql_is(url, conflict_sql, "0");
  cli_sql_is(url,
             "INSERT INTO location (warehouse_id, kind, code) SELECT id, 'bin',"
             " 'K-03' FROM warehouse WHERE code = 'KW2' RETURNING kind",
             "bin");
  cli_sql_is(url,
             "INSERT INTO stock_quant (sku_id, location_id)"
             " SELECT s.id, l.id FROM sku s, location l WHERE s.code = 'KEY-1'"
             " AND l.code = 'K-03' RETURNING (warehouse_id = (SELECT id FROM"
             " warehouse WHERE code = 'KW2'))::text",
             "true");
  cli_sql_is(url,
             "INSERT INTO stock_quant (warehouse_id, sku_id, location_id)"
             " SELECT w.id, s.id, l.id FROM sku s, location l, warehouse w"
             " WHERE s.code = 'KEY-2' AND l.code = 'K-03' AND w.code = 'KW1'"
             " RETURNING id",
             "error 23503");
  /* A line or task of a reservation of KW1 on a quant of KW2 is refused. */
  cli_sql_is(
      url,
      "INSERT INTO reservation_line (warehouse_id, reservation_id,"
      " quant_id, qty) SELECT r.warehouse_id, r.id, q.id, 1"
      " FROM reservation r, stock_quant q WHERE r.warehouse_id ="
      " (SELECT id FROM warehouse WHERE code = 'KW1') AND q.warehouse_id ="
      " (SELECT id FROM warehouse WHERE code = 'KW2') LIMIT 1 RETURNING qty",
      "error 23503");
  cli_sql_is(
      url,
      "UPDATE pick_task t SET quant_id = q.id, bin_id = q.location_id,"
      " sku_id = q.sku_id FROM stock_quant q WHERE t.id = (SELECT min(id)"
      " FROM pick_task WHERE warehouse_id = (SELECT id FROM warehouse"
      " WHERE code = 'KW1')) AND q.warehouse_id = (SELECT id FROM"
      " warehouse WHERE code = 'KW2') AND q.location_id = (SELECT id"
      " FROM location WHERE code = 'K-03') RETURNING t.id",
      "error 23503");
  free(rows);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(migration_keys_existing_rows_by_warehouse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
