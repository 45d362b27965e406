/*
 * Partitioned history (issue 25 item 3, migration 0400, depot archive):
 *  - a database migrated as an older release left it (depot migrate
 *    --before 0400), holding moves of three past months and audit rows,
 *    is converted in place: the same rows (count, sums, ids), partitioned
 *    by month, every move with its warehouse, identities going on, keys
 *    still unique;
 *  - on the demo business (months of back-dated ledger history), depot
 *    archive --before the month after the oldest takes the oldest month
 *    out: depot check stock holds, today's stock and inventory report are
 *    unchanged, the CSV file holds the month's rows and loads back into a
 *    scratch table, a second run archives nothing, and a cut in the
 *    current month's future or a malformed month is refused;
 *  - floor_scan (migration 0430) likewise: answers stored before are
 *    converted with their keys and replay, a key stays unique across
 *    months; an archived month's answers are dumped and their keys
 *    released (as are the archived moves' keys), the others replay.
 *  - outbox, event and webhook_delivery (migration 0440) are converted
 *    with their rows, the pending outbox messages keep their one-per-key
 *    rule (outbox_pending), and deliveries their event's time;
 *  - a month holding an undelivered outbox message or a pending webhook
 *    delivery is not archived (archive_pending, nothing changes); once they
 *    are delivered or failed, the month of all three tables goes.
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
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Rows of the three past months, written before migration 0400. */
static const char seed_sql[] =
    "INSERT INTO warehouse (code, name) VALUES ('PW1', 'Part 1'),"
    " ('PW2', 'Part 2');"
    "INSERT INTO sku (code, name) VALUES ('PART-1', 'Part one');"
    "INSERT INTO location (warehouse_id, kind, code)"
    " SELECT w.id, k.kind, k.code FROM warehouse w CROSS JOIN (VALUES"
    " ('bin', 'A-01'), ('supplier', '@SUP'), ('customer', '@CUS')) k (kind,"
    " code) WHERE w.code IN ('PW1', 'PW2')"
    " ON CONFLICT (warehouse_id, code) DO NOTHING;"
    "INSERT INTO stock_move (sku_id, qty, from_location_id, to_location_id,"
    " reason, idempotency_key, created_at)"
    " SELECT (SELECT id FROM sku WHERE code = 'PART-1'), 1 + g % 7,"
    "  f.id, t.id, 'receipt', CASE WHEN g % 3 = 0 THEN 'k' || g END,"
    "  date_trunc('month', now()) - make_interval(months => 1 + g % 3)"
    "   + make_interval(hours => g)"
    " FROM generate_series(1, 300) g"
    " JOIN warehouse w ON w.code = CASE WHEN g % 2 = 0 THEN 'PW1' ELSE 'PW2'"
    "  END"
    " JOIN location f ON f.warehouse_id = w.id AND f.code = '@SUP'"
    " JOIN location t ON t.warehouse_id = w.id AND t.code = 'A-01';"
    "INSERT INTO audit_log (at, request_id, principal_kind, method, route,"
    " target, status, outcome)"
    " SELECT now() - make_interval(days => g), 'r' || g, 'user', 'POST',"
    "  '/x', '/x', 200, 'ok' FROM generate_series(1, 120) g;"
    "INSERT INTO floor_scan (idempotency_key, kind, ref_id, request,"
    " response, created_at)"
    " SELECT 'scan-' || g, 'pick', g, jsonb_build_object('n', g),"
    "  jsonb_build_object('ok', g), date_trunc('month', now())"
    "   - make_interval(months => 1 + g % 3) + make_interval(hours => g)"
    " FROM generate_series(1, 90) g;"
    /* Outbox messages and a webhook's delivery of last month, one message
     * delivered; written as the old schema stood (the triggers of today's
     * procedures are not for it). */
    "ALTER TABLE outbox DISABLE TRIGGER USER;"
    "ALTER TABLE event DISABLE TRIGGER USER;"
    "INSERT INTO store (code, name, warehouse_id, channel, sync_url)"
    " SELECT 'PS1', 'Part store', id, 'manual', 'http://127.0.0.1:9/s'"
    " FROM warehouse WHERE code = 'PW1';"
    "INSERT INTO outbox (kind, store_id, sku_id, payload, created_at,"
    " delivered_at)"
    " SELECT k, s.id, CASE WHEN k = 'stock_sync' THEN u.id END,"
    "  CASE WHEN k = 'shipment' THEN '{}'::jsonb END,"
    "  date_trunc('month', now()) - interval '20 days', d"
    " FROM store s, sku u, (VALUES ('stock_sync', NULL::timestamptz),"
    "  ('shipment', NULL), ('stock_sync', now())) v (k, d)"
    " WHERE s.code = 'PS1' AND u.code = 'PART-1';"
    "INSERT INTO webhook (url, events, secret_pii, pii_kv)"
    " VALUES ('http://127.0.0.1:9/h', '{*}', '\\x00', 1);"
    "INSERT INTO event (type, resource_kind, resource_id, data, created_at)"
    " VALUES ('sku.changed', 'sku', 1, '{}',"
    "  date_trunc('month', now()) - interval '20 days');"
    "INSERT INTO webhook_delivery (webhook_id, event_id, resource_kind,"
    " resource_id) SELECT w.id, e.id, 'sku', 1 FROM webhook w, event e;"
    "ALTER TABLE outbox ENABLE TRIGGER USER;"
    "ALTER TABLE event ENABLE TRIGGER USER";

/* The SQLSTATE @a sql fails with on @a url ("" when it succeeds). */
static char *
q_state(const char *url, const char *sql)
{
  PGconn *pg = PQconnectdb(url);
  PGresult *r = PQexec(pg, sql);
  const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  char *v = strdup(st != NULL ? st : "");
  PQclear(r);
  PQfinish(pg);
  return v;
}

/* The conversion of floor_scan (migration 0430): the 90 answers of the
 * seed in their three months, each key claimed once across months, old
 * answers replaying, new ones in this month. */
static void
floor_scans_converted(const char *url, const char *scans)
{
  char *scans2 = cli_sql_ok(url, "SELECT count(*) || '/' || sum(ref_id) || '/'"
                                 " || min(created_at)::text FROM floor_scan");
  assert_string_equal(scans, scans2);
  free(scans2);
  cli_sql_is(url,
             "SELECT count(DISTINCT tableoid) || '/' || count(*) FILTER (WHERE"
             " tableoid = 'floor_scan_default'::regclass) FROM floor_scan",
             "3/0");
  cli_sql_is(url,
             "SELECT count(*) FROM floor_scan_key k JOIN floor_scan f"
             " USING (idempotency_key, created_at)",
             "90");
  cli_sql_is(
      url,
      "SELECT out_replayed::text || ' ' || out_doc FROM idem_replay('scan-4',"
      " 'pick', 4, '{\"n\": 4}')",
      "true {\"ok\": 4}");
  cli_sql_is(url,
             "SELECT out_error FROM idem_replay('scan-4', 'pick', 5,"
             " '{\"n\": 4}')",
             "idempotency_conflict");
  char *dup = q_state(url, "SELECT idem_record('scan-4', 'pick', 4,"
                           " '{\"n\": 4}', '{}')");
  assert_string_equal(dup, "23505");
  free(dup);
  free(
      cli_sql_ok(url, "SELECT idem_record('scan-new', 'pick', 1, '{}', '{}')"));
  cli_sql_is(url,
             "SELECT (tableoid::regclass::text = part_name('floor_scan',"
             " part_month(now())))::text FROM floor_scan"
             " WHERE idempotency_key = 'scan-new'",
             "true");
  cli_sql_is(url, "SELECT count(*) FROM floor_scan_key", "91");
}

static const char moves_sql[] =
    "SELECT count(*) || '/' || sum(qty) || '/' || sum(id) || '/' || max(id)"
    " || '/' || count(idempotency_key) || '/' || min(created_at)::text"
    " FROM stock_move";

static void
migration_converts_existing_rows(void **state)
{
  (void)state;
  char url[512], env[600];
  static char out[1 << 16];
  assert_true(api_fresh_database("part_convert", url, sizeof url));
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", url);
  const char *old[] = {"migrate", "--before", "0400", NULL};
  assert_int_equal(cli_depot(env, old, out, sizeof out), 0);
  cli_sql_is(url,
             "SELECT count(*) FROM schema_migrations WHERE version >= '0400'",
             "0");
  free(cli_sql_ok(url, seed_sql));
  char *moves = cli_sql_ok(url, moves_sql);
  char *audit =
      cli_sql_ok(url, "SELECT count(*) || '/' || sum(id) FROM audit_log");
  char *max_id = cli_sql_ok(url, "SELECT max(id) FROM stock_move");
  char *scans = cli_sql_ok(url, "SELECT count(*) || '/' || sum(ref_id) || '/'"
                                " || min(created_at)::text FROM floor_scan");

  const char *all[] = {"migrate", NULL};
  assert_int_equal(cli_depot(env, all, out, sizeof out), 0);
  char *moves2 = cli_sql_ok(url, moves_sql);
  char *audit2 =
      cli_sql_ok(url, "SELECT count(*) || '/' || sum(id) FROM audit_log");
  assert_string_equal(moves, moves2);
  assert_string_equal(audit, audit2);
  /* Partitioned by month, three months of moves in partitions of their
   * own, none in DEFAULT; every move has its warehouse. */
  cli_sql_is(
      url,
      "SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname)"
      " FROM pg_class WHERE relname IN ('stock_move', 'audit_log',"
      " 'floor_scan')",
      "audit_log:p,floor_scan:p,stock_move:p");
  cli_sql_is(url,
             "SELECT count(DISTINCT tableoid) || '/' || count(*) FILTER (WHERE"
             " tableoid = 'stock_move_default'::regclass) FROM stock_move",
             "3/0");
  cli_sql_is(
      url,
      "SELECT count(*) FROM stock_move m JOIN location l"
      " ON l.id = m.from_location_id WHERE m.warehouse_id = l.warehouse_id",
      "300");
  /* The identity goes on past the old rows; keys stay unique across
   * months: a move with a key of last month is skipped. */
  char sql[1024];
  snprintf(sql, sizeof sql,
           "INSERT INTO stock_move (sku_id, qty, from_location_id,"
           " to_location_id, reason, idempotency_key)"
           " SELECT sku_id, 1, from_location_id, to_location_id, 'receipt',"
           " idempotency_key FROM stock_move WHERE id = %s"
           " UNION ALL SELECT sku_id, 1, from_location_id, to_location_id,"
           " 'receipt', 'fresh-key' FROM stock_move WHERE id = %s"
           " RETURNING (id > %s)::text",
           "(SELECT min(id) FROM stock_move WHERE idempotency_key IS NOT NULL)",
           max_id, max_id);
  cli_sql_is(url, sql, "true");
  cli_sql_is(url, "SELECT count(*) FROM stock_move", "301");
  cli_sql_is(url, "SELECT count(*) FROM stock_move_key", "101");
  floor_scans_converted(url, scans);
  free(scans);

  /* The queues: all rows, in last month's partitions; the two pending
   * messages in outbox_pending, and a second message for a pending store
   * and SKU is skipped, one for another key is not; every delivery (the
   * old one, and one of the move above's event) carries its event's
   * time. */
  cli_sql_is(
      url,
      "SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname)"
      " FROM pg_class WHERE relname IN ('outbox', 'event', 'webhook_delivery')",
      "event:p,outbox:p,webhook_delivery:p");
  cli_sql_is(url,
             "SELECT count(*) || '/' || count(*) FILTER (WHERE tableoid ="
             " to_regclass(part_name('outbox', part_month(now() - interval"
             " '1 month')))) FROM outbox",
             "3/3");
  cli_sql_is(
      url,
      "SELECT string_agg(p.kind, ',' ORDER BY p.kind) FROM outbox_pending p"
      " JOIN outbox o ON o.id = p.outbox_id AND o.created_at = p.created_at"
      " AND o.delivered_at IS NULL",
      "shipment,stock_sync");
  cli_sql_is(url,
             "INSERT INTO outbox (kind, store_id, sku_id) SELECT 'stock_sync',"
             " s.id, u.id FROM store s, sku u WHERE s.code = 'PS1'"
             " AND u.code = 'PART-1' RETURNING id",
             "");
  cli_sql_is(
      url,
      "INSERT INTO outbox (kind, store_id, payload) SELECT 'shipment', id,"
      " '{}' FROM store WHERE code = 'PS1' RETURNING 'made'",
      "made");
  cli_sql_is(
      url,
      "SELECT count(*) FILTER (WHERE d.event_at = e.created_at) || '/' ||"
      " count(*) FILTER (WHERE d.event_at < date_trunc('month', now())"
      " AND d.status = 'pending') FROM webhook_delivery d"
      " JOIN event e ON e.id = d.event_id",
      "2/1");
  free(moves);
  free(moves2);
  free(audit);
  free(audit2);
  free(max_id);
}

/* Whether file @a path exists. */
static bool
exists(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0;
}

/* Loads CSV @a path into a scratch table like @a table; its row count. */
static char *
restore_count(const char *url, const char *table, const char *path)
{
  char sql[300];
  snprintf(sql, sizeof sql,
           "DROP TABLE IF EXISTS scratch_move;"
           "CREATE TABLE scratch_move (LIKE %s)",
           table);
  free(cli_sql_ok(url, sql));
  PGconn *pg = PQconnectdb(url);
  PGresult *r = PQexec(pg, "COPY scratch_move FROM STDIN (FORMAT csv, HEADER)");
  assert_int_equal(PQresultStatus(r), PGRES_COPY_IN);
  PQclear(r);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    assert_int_equal(PQputCopyData(pg, buf, (int)n), 1);
  fclose(f);
  assert_int_equal(PQputCopyEnd(pg, NULL), 1);
  r = PQgetResult(pg);
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  PQfinish(pg);
  return cli_sql_ok(url, "SELECT count(*) FROM scratch_move");
}

/* Before the archive: five answers of the @a oldest month (back-dated:
 * they sit in DEFAULT until the archive gives them their month), one of
 * today, and a move of that month with a key (supplier to customer: no
 * stock). Returns the answers before the cut @a cut, heap text. */
static char *
keyed_rows_seed(const char *url, const char *oldest, const char *cut)
{
  char sql[800];
  snprintf(sql, sizeof sql,
           "INSERT INTO stock_move (sku_id, qty, from_location_id,"
           " to_location_id, reason, idempotency_key, created_at)"
           " SELECT (SELECT min(sku_id) FROM stock_move), 1, f.id, t.id,"
           " 'adjustment', 'old-move', '%s-01 01:00:00+00' FROM location f"
           " JOIN location t ON t.warehouse_id = f.warehouse_id"
           " AND t.kind = 'customer' WHERE f.kind = 'supplier'"
           " ORDER BY f.id LIMIT 1",
           oldest);
  free(cli_sql_ok(url, sql));
  cli_sql_is(url,
             "SELECT count(*) FROM stock_move_key WHERE idempotency_key ="
             " 'old-move'",
             "1");
  snprintf(sql, sizeof sql,
           "INSERT INTO floor_scan (idempotency_key, kind, ref_id, request,"
           " response, created_at) SELECT 'old-scan-' || g, 'pick', g, '{}',"
           " jsonb_build_object('ok', g), '%s-01 00:00:00+00'::timestamptz"
           " + make_interval(hours => g) FROM generate_series(1, 5) g",
           oldest);
  free(cli_sql_ok(url, sql));
  free(cli_sql_ok(url,
                  "SELECT idem_record('live-scan', 'pick', 7, '{\"n\": 7}',"
                  " '{\"ok\": 7}')"));
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM floor_scan WHERE created_at <"
           " part_bound('%s-01')",
           cut);
  char *n = cli_sql_ok(url, sql);
  assert_true(atoi(n) >= 5);
  return n;
}

/* After the archive before @a cut: the answers of the archived month
 * (@a n_old of them) are in @a file and gone, with their keys (and the
 * archived moves' keys); every answer left has its key and replays; an
 * archived key is free again. @a out is the archive's output. */
static void
floor_scans_archived(const char *url, const char *out, const char *oldest,
                     const char *cut, const char *file, const char *n_old)
{
  char line[300];
  snprintf(line, sizeof line, "archived floor_scan %s: %s rows", oldest, n_old);
  if (strstr(out, line) == NULL)
    fprintf(stderr, "want \"%s\" in:\n%s\n", line, out);
  assert_non_null(strstr(out, line));
  assert_true(exists(file));
  char *back = restore_count(url, "floor_scan", file);
  assert_string_equal(back, n_old);
  free(back);
  snprintf(line, sizeof line,
           "SELECT (SELECT count(*) FROM floor_scan WHERE created_at <"
           " part_bound('%s-01')) || '/' || (SELECT count(*) FROM"
           " stock_move_key WHERE created_at < part_bound('%s-01'))",
           cut, cut);
  cli_sql_is(url, line, "0/0");
  /* Keys and rows match one to one, in both tables. */
  cli_sql_is(
      url,
      "SELECT (SELECT count(*) FROM floor_scan_key k FULL JOIN floor_scan f"
      " USING (idempotency_key, created_at) WHERE k.idempotency_key IS NULL"
      " OR f.kind IS NULL) || '/' || (SELECT count(*) FROM stock_move_key k"
      " FULL JOIN (SELECT * FROM stock_move WHERE idempotency_key IS NOT"
      " NULL) m USING (idempotency_key) WHERE k.move_id IS NULL"
      " OR m.id IS NULL)",
      "0/0");
  cli_sql_is(url,
             "SELECT out_replayed::text || ' ' || out_doc FROM"
             " idem_replay('live-scan', 'pick', 7, '{\"n\": 7}')",
             "true {\"ok\": 7}");
  cli_sql_is(
      url,
      "SELECT out_replayed::text FROM idem_replay('old-scan-1', 'pick', 1,"
      " '{}')",
      "false");
  free(cli_sql_ok(url,
                  "SELECT idem_record('old-scan-1', 'pick', 2, '{}', '{}')"));
}

static void
archive_keeps_the_stock_check(void **state)
{
  (void)state;
  const char *tmp = getenv("DEPOT_TEST_TMP");
  char url[512], env[600], dir[600], cmd[2000], report1[700], report2[700];
  static char out[1 << 16];
  assert_true(api_fresh_database("part_archive", url, sizeof url));
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", url);
  snprintf(dir, sizeof dir, "%s/archive-test", tmp);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  const char *seed[] = {"demo", "seed", NULL};
  assert_int_equal(cli_depot(env, seed, out, sizeof out), 0);
  const char *check[] = {"check", "stock", NULL};
  assert_int_equal(cli_depot(env, check, out, sizeof out), 0);

  char *oldest = cli_sql_ok(
      url, "SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM')"
           " FROM stock_move");
  char *cut =
      cli_sql_ok(url, "SELECT to_char(date_trunc('month', min(created_at)"
                      " AT TIME ZONE 'UTC') + interval '1 month', 'YYYY-MM')"
                      " FROM stock_move");
  char *scans_old = keyed_rows_seed(url, oldest, cut);
  char *n_old = cli_sql_ok(
      url, "SELECT count(*) FROM stock_move WHERE part_month(created_at) <"
           " (SELECT min(part_month(created_at)) + interval '1 month'"
           " FROM stock_move)");
  assert_true(atoi(n_old) > 0);
  char *total = cli_sql_ok(url, "SELECT count(*) FROM stock_move");
  assert_true(atoi(total) > atoi(n_old));
  char *stock =
      cli_sql_ok(url, "SELECT string_agg(concat_ws(':', sku_id, location_id,"
                      " lot_id, on_hand, reserved), ',' ORDER BY id)"
                      " FROM stock_quant");
  snprintf(report1, sizeof report1, "%s/inv1.csv", tmp);
  snprintf(report2, sizeof report2, "%s/inv2.csv", tmp);
  const char *rep1[] = {"report", "inventory", "--format", "csv",
                        "--out",  report1,     NULL};
  assert_int_equal(cli_depot(env, rep1, out, sizeof out), 0);

  /* Refused: a malformed month, and a cut past the current month. */
  const char *bad[] = {"archive", "--before", "2026-13", "--out", dir, NULL};
  assert_int_equal(cli_depot(env, bad, out, sizeof out), 2);
  assert_non_null(strstr(out, "archive_month_invalid"));
  char *ahead = cli_sql_ok(url, "SELECT to_char(now() AT TIME ZONE 'UTC'"
                                " + interval '1 month', 'YYYY-MM')");
  const char *open[] = {"archive", "--before", ahead, "--out", dir, NULL};
  assert_int_equal(cli_depot(env, open, out, sizeof out), 1);
  assert_non_null(strstr(out, "archive_month_open"));
  cli_sql_is(url, "SELECT count(*) FROM part_archive", "0");

  const char *archive[] = {"archive", "--before", cut, "--out", dir, NULL};
  assert_int_equal(cli_depot(env, archive, out, sizeof out), 0);
  char *archived = strdup(out);
  char line[1200];
  snprintf(line, sizeof line, "archived stock_move %s: %s rows", oldest, n_old);
  if (strstr(out, line) == NULL)
    fprintf(stderr, "want \"%s\" in:\n%s\n", line, out);
  assert_non_null(strstr(out, line));

  /* The month is gone from the ledger, summarized: the check holds and
   * today's figures are the same. */
  assert_int_equal(cli_depot(env, check, out, sizeof out), 0);
  assert_non_null(strstr(out, "stock check: ok"));
  char *left = cli_sql_ok(url, "SELECT count(*) FROM stock_move");
  assert_int_equal(atoi(left), atoi(total) - atoi(n_old));
  char *stock2 = cli_sql_ok(url, "SELECT string_agg(concat_ws(':', sku_id,"
                                 " location_id, lot_id, on_hand, reserved), ','"
                                 " ORDER BY id) FROM stock_quant");
  assert_string_equal(stock, stock2);
  const char *rep2[] = {"report", "inventory", "--format", "csv",
                        "--out",  report2,     NULL};
  assert_int_equal(cli_depot(env, rep2, out, sizeof out), 0);
  snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", report1, report2);
  assert_int_equal(system(cmd), 0);

  /* The file holds the month and loads back. */
  char file[800], *mon = strdup(oldest);
  mon[4] = mon[5];
  mon[5] = mon[6];
  mon[6] = '\0';
  snprintf(file, sizeof file, "%s/stock_move_p%s.csv", dir, mon);
  assert_true(exists(file));
  char *back = restore_count(url, "stock_move", file);
  assert_string_equal(back, n_old);
  snprintf(line, sizeof line,
           "SELECT state || '/' || rows FROM part_archive WHERE table_name ="
           " 'stock_move' AND month = '%s-01'",
           oldest);
  char want[64];
  snprintf(want, sizeof want, "archived/%s", n_old);
  cli_sql_is(url, line, want);

  const char *list[] = {"archive", "--list", NULL};
  assert_int_equal(cli_depot(env, list, out, sizeof out), 0);
  snprintf(line, sizeof line,
           "{\"file\": \"%s\", \"rows\": %s, \"month\": \"%s\", "
           "\"state\": \"archived\"}",
           file, n_old, oldest);
  if (strstr(out, line) == NULL)
    fprintf(stderr, "want %s in:\n%s\n", line, out);
  assert_non_null(strstr(out, line));

  snprintf(file, sizeof file, "%s/floor_scan_p%s.csv", dir, mon);
  floor_scans_archived(url, archived, oldest, cut, file, scans_old);

  /* Again: nothing twice. */
  assert_int_equal(cli_depot(env, archive, out, sizeof out), 0);
  assert_non_null(strstr(out, "archive: 0 months archived"));
  assert_int_equal(cli_depot(env, check, out, sizeof out), 0);
  free(scans_old);
  free(archived);
  free(oldest);
  free(cut);
  free(n_old);
  free(total);
  free(stock);
  free(stock2);
  free(ahead);
  free(left);
  free(mon);
  free(back);
}

/* Rows of last month in the three queues: one outbox message pending,
 * one delivered; an event whose delivery is pending. */
static const char queues_sql[] =
    "INSERT INTO warehouse (code, name) VALUES ('QW1', 'Queue 1');"
    "INSERT INTO sku (code, name) VALUES ('Q-1', 'Queue one');"
    "INSERT INTO store (code, name, warehouse_id, channel, sync_url)"
    " SELECT 'QS1', 'Queue store', id, 'manual', 'http://127.0.0.1:9/s'"
    " FROM warehouse WHERE code = 'QW1';"
    "INSERT INTO outbox (kind, store_id, sku_id, created_at, delivered_at)"
    " SELECT 'stock_sync', s.id, u.id, date_trunc('month', now())"
    "  - interval '10 days', d"
    " FROM store s, sku u, (VALUES (now()), (NULL)) v (d)"
    " WHERE s.code = 'QS1' AND u.code = 'Q-1';"
    "INSERT INTO webhook (url, events, secret_pii, pii_kv, active)"
    " VALUES ('http://127.0.0.1:9/h', '{sku.changed}', '\\x00', 1, true);"
    "INSERT INTO event (type, resource_kind, resource_id, data, created_at)"
    " SELECT 'sku.changed', 'sku', id, '{}', date_trunc('month', now())"
    "  - interval '10 days' FROM sku WHERE code = 'Q-1'";

static void
archive_keeps_pending_queues(void **state)
{
  (void)state;
  const char *tmp = getenv("DEPOT_TEST_TMP");
  char url[512], env[600], dir[600], cmd[1400], line[1200];
  static char out[1 << 16];
  assert_true(api_fresh_database("part_queues", url, sizeof url));
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", url);
  snprintf(dir, sizeof dir, "%s/archive-queues", tmp);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  const char *mig[] = {"migrate", NULL};
  assert_int_equal(cli_depot(env, mig, out, sizeof out), 0);
  free(cli_sql_ok(url, queues_sql));
  /* Last month's event and its delivery sit in DEFAULT (no partition for
   * last month on a fresh database): the upkeep of every migrate moves
   * the delivery and leaves the event, which it cannot detach while the
   * delivery points at it, and still succeeds. */
  assert_int_equal(cli_depot(env, mig, out, sizeof out), 0);
  cli_sql_is(
      url,
      "SELECT (SELECT count(*) FROM event_default) || '/' || (SELECT count(*)"
      " FROM webhook_delivery_default)",
      "1/0");
  char *last = cli_sql_ok(url, "SELECT to_char(now() AT TIME ZONE 'UTC'"
                               " - interval '1 month', 'YYYY-MM')");
  char *cut =
      cli_sql_ok(url, "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')");
  cli_sql_is(
      url,
      "SELECT (SELECT count(*) FROM outbox) || '/' || (SELECT count(*)"
      " FROM outbox_pending) || '/' || (SELECT count(*) FROM webhook_delivery"
      " WHERE status = 'pending' AND event_at < date_trunc('month', now()))",
      "2/1/1");

  /* Refused, naming what waits; nothing changed. */
  const char *archive[] = {"archive", "--before", cut, "--out", dir, NULL};
  assert_int_equal(cli_depot(env, archive, out, sizeof out), 1);
  assert_non_null(strstr(out, "archive_pending"));
  snprintf(line, sizeof line, "outbox %s has 1 row(s) still pending", last);
  if (strstr(out, line) == NULL)
    fprintf(stderr, "want \"%s\" in:\n%s\n", line, out);
  assert_non_null(strstr(out, line));
  snprintf(line, sizeof line, "webhook_delivery %s has 1 row(s) still pending",
           last);
  assert_non_null(strstr(out, line));
  cli_sql_is(
      url,
      "SELECT (SELECT count(*) FROM part_archive) || '/' || (SELECT count(*)"
      " FROM outbox) || '/' || (SELECT count(*) FROM event)",
      "0/2/1");

  /* The delivery failed, the message went: still refused for the
   * message, then the month of all three goes. */
  free(cli_sql_ok(url, "UPDATE webhook_delivery SET status = 'failed'"));
  assert_int_equal(cli_depot(env, archive, out, sizeof out), 1);
  assert_non_null(strstr(out, "archive_pending"));
  assert_null(strstr(out, "webhook_delivery"));
  free(cli_sql_ok(url, "UPDATE outbox SET delivered_at = now()"
                       " WHERE delivered_at IS NULL"));
  cli_sql_is(url, "SELECT count(*) FROM outbox_pending", "0");
  assert_int_equal(cli_depot(env, archive, out, sizeof out), 0);
  const char *want[] = {"outbox", "2", "webhook_delivery", "1", "event", "1"};
  for (int i = 0; i < 6; i += 2) {
    snprintf(line, sizeof line, "archived %s %s: %s rows", want[i], last,
             want[i + 1]);
    if (strstr(out, line) == NULL)
      fprintf(stderr, "want \"%s\" in:\n%s\n", line, out);
    assert_non_null(strstr(out, line));
  }
  cli_sql_is(url,
             "SELECT (SELECT count(*) FROM outbox) || '/' || (SELECT count(*)"
             " FROM event) || '/' || (SELECT count(*) FROM webhook_delivery)",
             "0/0/0");
  /* The key is free again: a new message for the store and SKU is made. */
  cli_sql_is(url,
             "INSERT INTO outbox (kind, store_id, sku_id) SELECT 'stock_sync',"
             " s.id, u.id FROM store s, sku u WHERE s.code = 'QS1'"
             " AND u.code = 'Q-1' RETURNING 'made'",
             "made");
  free(last);
  free(cut);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(migration_converts_existing_rows),
      cmocka_unit_test(archive_keeps_the_stock_check),
      cmocka_unit_test(archive_keeps_pending_queues),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
