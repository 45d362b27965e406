-- Partitioned history (migration 0400): partitions made ahead, and old
-- months taken out by `depot archive`. Partition names come from
-- part_table and the catalog, never from input.

-- Every table's partitions for this month and the next three, and a month
-- of its own for rows that landed in DEFAULT (written with an old date).
-- Every node calls it (nightly, and at start): the one that gets the lock
-- does the work; the others get -1. A lock on a busy table is waited for
-- at most 2 s (the next round tries again). Returns partitions made.
CREATE OR REPLACE FUNCTION part_upkeep() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  m date;
  made integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('part_upkeep', 0)) THEN
    RETURN -1;
  END IF;
  PERFORM set_config('lock_timeout', '2s', true);
  FOR t IN SELECT name, time_column FROM part_table ORDER BY name LOOP
    FOR m IN SELECT generate_series(part_month(now()),
                                    part_month(now()) + interval '3 months',
                                    interval '1 month')::date
    LOOP
      IF part_create(t.name, m) THEN
        made := made + 1;
      END IF;
    END LOOP;
    FOR m IN EXECUTE format('SELECT DISTINCT part_month(%I) FROM %I',
                            t.time_column, t.name || '_default')
    LOOP
      -- DEFAULT cannot be detached while rows of another table point into
      -- it (events in DEFAULT, written with a date far off, with their
      -- deliveries): those rows stay there, said once per look, and the
      -- other tables and months go on (depot migrate runs this too).
      -- depot archive takes them with their deliveries.
      BEGIN
        IF part_create(t.name, m) THEN
          made := made + 1;
        END IF;
      EXCEPTION WHEN foreign_key_violation THEN
        RAISE WARNING 'partitions: rows of % % stay in %: %', t.name,
          to_char(m, 'YYYY-MM'), t.name || '_default', SQLERRM;
      END;
    END LOOP;
  END LOOP;
  RETURN made;
END $$;

-- The month partitions of in_table, oldest first, with their month.
CREATE OR REPLACE FUNCTION part_months(in_table text)
RETURNS TABLE (month date, partition text)
LANGUAGE sql STABLE AS $$
  SELECT to_date(substring(c.relname FROM '_p([0-9]{6})$'), 'YYYYMM'),
         c.relname::text
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
   WHERE i.inhparent = in_table::regclass
     AND c.relname ~ ('^' || in_table || '_p[0-9]{6}$')
   ORDER BY 1
$$;

-- Adds the net units of one stock_move partition to stock_opening, per
-- warehouse, real location, SKU and lot: what the stock check needs once
-- the partition is gone.
CREATE OR REPLACE FUNCTION part_opening(in_partition text, in_next date)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO stock_opening (warehouse_id, location_id, sku_id, lot_id,'
    '  qty, through)'
    ' SELECT l.warehouse_id, x.loc, x.sku_id, x.lot_id, sum(x.qty), $1'
    '   FROM (SELECT to_location_id AS loc, sku_id, lot_id, qty FROM %I'
    '         UNION ALL'
    '         SELECT from_location_id, sku_id, lot_id, -qty FROM %I) x'
    '   JOIN location l ON l.id = x.loc'
    '  WHERE l.kind IN (''bin'', ''tote'', ''in_transit'')'
    '  GROUP BY 1, 2, 3, 4 HAVING sum(x.qty) <> 0'
    ' ON CONFLICT ON CONSTRAINT stock_opening_key DO UPDATE'
    '   SET qty = stock_opening.qty + excluded.qty,'
    '       through = greatest(stock_opening.through, excluded.through)',
    in_partition, in_partition) USING in_next;
END $$;

-- Rows before in_before that are still work to do and must not be
-- archived (migration 0440): undelivered outbox messages and pending
-- webhook deliveries, per table and month, oldest first, as
-- [{"table","month","rows"}...]; NULL when there are none. The partitions
-- of those months (and DEFAULT) are locked against writes first (SHARE:
-- reads go on, and so do the writes of this month, the floor's), so no
-- row there becomes pending again (a redelivery) between this count and
-- the detach. outbox_pending changes only with its outbox row.
CREATE OR REPLACE FUNCTION part_archive_pending(in_before date) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  cut timestamptz := part_bound(in_before);
  p text;
BEGIN
  FOR p IN SELECT m.partition FROM part_months('outbox') m
            WHERE m.month < in_before
           UNION ALL
           SELECT m.partition FROM part_months('webhook_delivery') m
            WHERE m.month < in_before
           UNION ALL
           VALUES ('outbox_default'), ('webhook_delivery_default')
  LOOP
    EXECUTE format('LOCK TABLE %I IN SHARE MODE', p);
  END LOOP;
  RETURN (SELECT jsonb_agg(jsonb_build_object('table', x.t,
                   'month', to_char(x.m, 'YYYY-MM'), 'rows', x.n)
                   ORDER BY x.m, x.t)
            FROM (SELECT 'outbox' AS t, part_month(created_at) AS m,
                         count(*) AS n
                    FROM outbox_pending WHERE created_at < cut GROUP BY 2
                  UNION ALL
                  SELECT 'webhook_delivery', part_month(event_at), count(*)
                    FROM webhook_delivery
                   WHERE event_at < cut AND status = 'pending' GROUP BY 2) x);
END $$;

-- depot archive, first step, in one transaction: every month partition of
-- every partitioned table wholly before in_before is summarized (stock
-- moves: stock_opening), its keys in the table's key table (part_table:
-- stock_move_key, floor_scan_key) are released, and it is detached and
-- recorded as detached. Refuses a cut past the current month (the
-- current month is still written), and a cut with work still to do in the
-- months before it (part_archive_pending: those rows would be lost).
-- Returns {"refused":"archive_month_open","current":"YYYY-MM"},
-- {"refused":"archive_pending","pending_rows":[{"table","month","rows"}]}
-- (nothing changed) or
-- {"pending":[{"table","month","partition","rows","copy"}...]}: every
-- month detached and not yet dumped, also those of an earlier run that
-- stopped before its dump.
CREATE OR REPLACE FUNCTION part_archive_detach(in_before date) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  p record;
  m date;
  n bigint;
  nxt date;
  busy jsonb;
  fk record;
BEGIN
  IF in_before > part_month(now()) THEN
    RETURN jsonb_build_object('refused', 'archive_month_open',
                              'current', to_char(part_month(now()), 'YYYY-MM'));
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('part_upkeep', 0));
  busy := part_archive_pending(in_before);
  IF busy IS NOT NULL THEN
    RETURN jsonb_build_object('refused', 'archive_pending',
                              'pending_rows', busy);
  END IF;
  -- A table whose rows other partitioned tables reference (event, by
  -- webhook_delivery) goes after them: its month cannot be detached while
  -- rows of theirs point into it.
  FOR t IN SELECT name, time_column, opening, key_table, key_column
             FROM part_table pt
            ORDER BY EXISTS (SELECT 1 FROM pg_constraint c
                              JOIN part_table o ON o.name <> pt.name
                               AND c.conrelid = o.name::regclass
                             WHERE c.contype = 'f'
                               AND c.confrelid = pt.name::regclass), name
  LOOP
    -- Old rows that sit in DEFAULT get their month's partition first.
    FOR m IN EXECUTE format('SELECT DISTINCT part_month(%I) FROM %I'
                            ' WHERE %I < $1', t.time_column,
                            t.name || '_default', t.time_column)
               USING part_bound(in_before)
    LOOP
      PERFORM part_create(t.name, m);
    END LOOP;
    FOR p IN SELECT * FROM part_months(t.name) WHERE month < in_before LOOP
      nxt := (p.month + interval '1 month')::date;
      EXECUTE format('SELECT count(*) FROM %I', p.partition) INTO n;
      IF t.opening THEN
        PERFORM part_opening(p.partition, nxt);
      END IF;
      -- Exactly the keys of the month's rows (a key table row is written
      -- with its row), so no key table needs an index on its time.
      IF t.key_table IS NOT NULL THEN
        EXECUTE format('DELETE FROM %I k USING %I p WHERE k.%I = p.%I',
                       t.key_table, p.partition, t.key_column, t.key_column);
      END IF;
      EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', t.name,
                     p.partition);
      -- The detached month keeps its parent's foreign keys as its own;
      -- it is only dumped now, and a key into event would keep event's
      -- month from being detached.
      -- (A key to a partitioned table is one constraint per partition
      -- of it under one parent: dropping the parent drops them all.)
      FOR fk IN SELECT conname FROM pg_constraint
                 WHERE conrelid = p.partition::regclass AND contype = 'f'
                   AND conparentid = 0
      LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I',
                       p.partition, fk.conname);
      END LOOP;
      INSERT INTO part_archive (table_name, month, partition, state, rows)
      VALUES (t.name, p.month, p.partition, 'detached', n);
    END LOOP;
  END LOOP;
  RETURN jsonb_build_object('pending', coalesce((
    SELECT jsonb_agg(jsonb_build_object('table', a.table_name,
             'month', to_char(a.month, 'YYYY-MM'), 'partition', a.partition,
             'rows', a.rows,
             'copy', format('COPY %I TO STDOUT (FORMAT csv, HEADER)',
                            a.partition))
             ORDER BY a.table_name, a.month)
      FROM part_archive a WHERE a.state = 'detached'), '[]'));
END $$;

-- depot archive, last step for one month, once its rows are in in_file:
-- the detached table goes, the month is recorded as archived. False when
-- the month was not pending (already archived).
CREATE OR REPLACE FUNCTION part_archive_done(in_table text, in_month date,
                                             in_file text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  p text;
BEGIN
  SELECT partition INTO p FROM part_archive
   WHERE table_name = in_table AND month = in_month AND state = 'detached'
   FOR UPDATE;
  IF p IS NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('DROP TABLE IF EXISTS %I', p);
  UPDATE part_archive SET state = 'archived', file = in_file,
         archived_at = now()
   WHERE table_name = in_table AND month = in_month;
  RETURN true;
END $$;

-- What is partitioned: per table, its months (live partitions with rows)
-- and the archived ones. For `depot archive --list`.
CREATE OR REPLACE FUNCTION part_status() RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', t.name,
           'time_column', t.time_column, 'distribution_key', t.dist_column,
           'partitions', (SELECT jsonb_agg(to_char(m.month, 'YYYY-MM'))
                            FROM part_months(t.name) m),
           'archived', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'month', to_char(a.month, 'YYYY-MM'),
                          'state', a.state, 'rows', a.rows, 'file', a.file)
                          ORDER BY a.month), '[]')
                          FROM part_archive a WHERE a.table_name = t.name))
           ORDER BY t.name), '[]')
    FROM part_table t
$$;

-- The back office's view of the partitioned history (GET
-- /api/v1/admin/partitions): per table of part_table (generic: nothing
-- here names a table) its time and distribution columns, every month
-- partition with its rows and its size on disk, the rows of DEFAULT, how
-- many months are kept ahead of the current one, and the months taken out
-- (detached or archived) with rows, file and when. Rows are counted up to
-- in_exact_max per partition; a bigger one answers PostgreSQL's estimate
-- (pg_class.reltuples, as of the last ANALYZE, at least in_exact_max)
-- with rows_exact false, so the page stays cheap on a big ledger.
CREATE OR REPLACE FUNCTION part_overview(in_exact_max bigint DEFAULT 100000)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  t record;
  p record;
  n bigint;
  parts jsonb;
  ahead integer;
  res jsonb := '[]';
BEGIN
  FOR t IN SELECT name, time_column, dist_column FROM part_table
            ORDER BY name LOOP
    parts := '[]';
    ahead := 0;
    FOR p IN SELECT m.month, m.partition, c.reltuples,
                    pg_total_relation_size(c.oid) AS bytes
               FROM part_months(t.name) m
               JOIN pg_class c ON c.oid = m.partition::regclass
              ORDER BY m.month LOOP
      EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I LIMIT $1) x',
                     p.partition) INTO n USING in_exact_max + 1;
      parts := parts || jsonb_build_object(
        'month', to_char(p.month, 'YYYY-MM'), 'partition', p.partition,
        'rows', CASE WHEN n > in_exact_max
                     THEN greatest(p.reltuples::bigint, in_exact_max)
                     ELSE n END,
        'rows_exact', n <= in_exact_max, 'bytes', p.bytes);
      IF p.month > part_month(now()) THEN
        ahead := ahead + 1;
      END IF;
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %I', t.name || '_default') INTO n;
    res := res || jsonb_build_object(
      'table', t.name, 'time_column', t.time_column,
      'distribution_key', t.dist_column,
      'current_month', to_char(part_month(now()), 'YYYY-MM'),
      'months_ahead', ahead,
      'default_rows', n,
      'default_bytes', pg_total_relation_size((t.name || '_default')::regclass),
      'partitions', parts,
      'archived', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'month', to_char(a.month, 'YYYY-MM'), 'state', a.state,
                     'rows', a.rows, 'file', nullif(a.file, ''),
                     'detached_at', a.detached_at,
                     'archived_at', a.archived_at) ORDER BY a.month), '[]')
                     FROM part_archive a WHERE a.table_name = t.name));
  END LOOP;
  RETURN res;
END $$;

-- POST /api/v1/admin/archive, before the run: the replay rule of
-- idem_replay (kind 'archive', no reference) under key in_key for the
-- request in_request. Text contract (core_proc.h).
CREATE OR REPLACE FUNCTION part_archive_replay(in_key text, in_request jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT r.out_error, r.out_field, r.out_doc, r.out_replayed
    INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'archive', 0, in_request) r;
END $$;

-- POST /api/v1/admin/archive, after the run: keeps answer in_response
-- under key in_key (NULL: none). A request with the same key that raced
-- this one and recorded first wins: its answer comes back, replayed, so
-- both callers hold the same answer. Text contract (core_proc.h).
CREATE OR REPLACE FUNCTION part_archive_record(in_key text, in_request jsonb,
  in_response jsonb, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT r.out_error, r.out_field, r.out_doc, r.out_replayed
    INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'archive', 0, in_request) r;
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM idem_record(in_key, 'archive', 0, in_request, in_response);
  out_doc := in_response;
END $$;

-- Every move gets its warehouse (the distribution key, migration 0400),
-- and its key is claimed across months: a key already claimed skips the
-- row (the writer's RETURNING is empty and it reads the first move, as
-- with ON CONFLICT DO NOTHING).
CREATE OR REPLACE FUNCTION stock_move_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.warehouse_id IS NULL THEN
    SELECT warehouse_id INTO NEW.warehouse_id FROM location
     WHERE id = NEW.from_location_id;
  END IF;
  IF NEW.idempotency_key IS NOT NULL THEN
    INSERT INTO stock_move_key (idempotency_key, warehouse_id, move_id,
                                created_at)
    VALUES (NEW.idempotency_key, NEW.warehouse_id, NEW.id, NEW.created_at)
    ON CONFLICT (idempotency_key) DO NOTHING;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION stock_move_fill() IS
  'Sets stock_move.warehouse_id and claims the idempotency key (skips the row when taken)';
CREATE OR REPLACE TRIGGER stock_move_fill BEFORE INSERT ON stock_move
  FOR EACH ROW EXECUTE FUNCTION stock_move_fill();

-- Every floor_scan answer claims its idempotency key across months
-- (migration 0430): a key already claimed fails the insert on
-- floor_scan_key_pkey (23505), as floor_scan's own primary key did before
-- it was partitioned, and the writer's transaction is retried (it then
-- finds the first answer). The key row keeps the row's created_at, which
-- names its partition for idem_replay.
CREATE OR REPLACE FUNCTION floor_scan_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO floor_scan_key (idempotency_key, created_at)
  VALUES (NEW.idempotency_key, NEW.created_at);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION floor_scan_claim() IS
  'Claims floor_scan.idempotency_key in floor_scan_key (fails the insert when taken)';
CREATE OR REPLACE TRIGGER floor_scan_claim BEFORE INSERT ON floor_scan
  FOR EACH ROW EXECUTE FUNCTION floor_scan_claim();
