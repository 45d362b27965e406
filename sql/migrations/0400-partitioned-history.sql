-- Partitioned history (issue 25 items 3 and 7).
--
-- Design. The tables that grow without end are partitioned by month
-- (declarative RANGE partitioning on their time column, UTC month
-- boundaries) and carry their distribution key in the primary key and in
-- every unique index, so that both hold:
--   * partitioning: PostgreSQL needs the partition key (the time column) in
--     every unique index of a partitioned table;
--   * sharding later (Citus): a distributed table needs its distribution
--     column in every unique index.
-- Keys:
--   stock_move  PRIMARY KEY (warehouse_id, id, created_at). warehouse_id is
--               new: the warehouse of the move's source location (a
--               transfer's ship move belongs to the shipping warehouse),
--               filled by the BEFORE INSERT trigger stock_move_fill, so no
--               writer names it. The global UNIQUE (idempotency_key) cannot
--               stay (it lacks the month); it moves to stock_move_key
--               (idempotency_key PRIMARY KEY, distributed by the key
--               itself), claimed by the same trigger: a second insert with
--               a key already claimed is skipped (RETURNING gives no row),
--               exactly what ON CONFLICT (idempotency_key) DO NOTHING did,
--               concurrent inserts included (the second waits for the
--               first's commit on the key's index entry).
--   audit_log   PRIMARY KEY (id, at). Not distributed (it is written by
--               every request and read by principal): in a sharded setup it
--               stays a local table of the coordinator.
-- Foreign keys that pointed at stock_move (id) (count lines, replenishment
-- tasks, transfers, receipt lines, RMA lines) are dropped: a month that is
-- archived would otherwise be undeletable, and a key (id) alone no longer
-- exists. The columns stay; the moves are append-only and written in the
-- same transaction as the rows naming them.
-- Archived months of stock_move are summarized per warehouse, location,
-- SKU and lot in stock_opening; the stock check adds them to the moves.
--
-- Conversion in place (part_convert): the old table is renamed, a
-- partitioned one is made LIKE it, partitions for every month present and
-- three ahead plus a DEFAULT one, rows copied month by month with a
-- progress line (RAISE INFO: core_migrate prints it), then the primary
-- key, indexes, foreign keys, triggers and comments of the old table are
-- recreated from the catalog (pg_get_*def) and the identity goes on from
-- the old sequence's value. Functions taking the row type (rpt_flows) are
-- recreated on the new type. The SQL is built from the catalog and the
-- constants of this file, never from input.

CREATE TABLE part_table (
  name        text PRIMARY KEY,
  time_column text NOT NULL,
  dist_column text,
  opening     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE part_table IS
  'Tables partitioned by month: kept ahead by part_upkeep, archived by depot archive';
COMMENT ON COLUMN part_table.dist_column IS
  'The distribution key (warehouse, owner, store) in its primary key and unique indexes; NULL: a table that stays local';
COMMENT ON COLUMN part_table.opening IS
  'Archived months are summarized in stock_opening before their partition goes';

CREATE TABLE part_archive (
  table_name  text NOT NULL REFERENCES part_table (name),
  month       date NOT NULL,
  partition   text NOT NULL,
  state       text NOT NULL CHECK (state IN ('detached', 'archived')),
  rows        bigint NOT NULL,
  file        text NOT NULL DEFAULT '',
  detached_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  PRIMARY KEY (table_name, month)
);
COMMENT ON TABLE part_archive IS
  'Months taken out by depot archive: detached (dump pending) then archived (dumped to file and dropped)';
COMMENT ON COLUMN part_archive.file IS 'Where the month''s rows were written (COPY, CSV with a header)';

CREATE TABLE stock_opening (
  id           bigint GENERATED ALWAYS AS IDENTITY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  location_id  bigint NOT NULL REFERENCES location (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  lot_id       bigint REFERENCES lot (id),
  qty          bigint NOT NULL,
  through      date NOT NULL,
  PRIMARY KEY (warehouse_id, id),
  CONSTRAINT stock_opening_key
    UNIQUE NULLS NOT DISTINCT (warehouse_id, location_id, sku_id, lot_id)
);
COMMENT ON TABLE stock_opening IS
  'Net units into each location of the archived months of stock_move: the stock check counts them as moves';
COMMENT ON COLUMN stock_opening.through IS 'First month not summarized here (the moves from then on are in stock_move)';

CREATE TABLE stock_move_key (
  idempotency_key text PRIMARY KEY,
  warehouse_id    bigint NOT NULL,
  move_id         bigint NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX stock_move_key_created_idx ON stock_move_key (created_at);
COMMENT ON TABLE stock_move_key IS
  'Idempotency keys of moves, unique across every month (stock_move itself can only be unique per month); claimed by stock_move_fill';

-- The first day of the UTC month of @ts; and that month's bounds.
CREATE FUNCTION part_month(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', ts AT TIME ZONE 'UTC')::date
$$;
CREATE FUNCTION part_bound(m date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
  SELECT m::timestamp AT TIME ZONE 'UTC'
$$;
CREATE FUNCTION part_name(in_table text, m date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT in_table || '_p' || to_char(m, 'YYYYMM')
$$;

-- Makes the partition of @in_table for month @m unless it is there. Rows
-- of that month sitting in the DEFAULT partition (written with an old or
-- far date) are moved into it: DEFAULT is detached, the month's rows go to
-- a new table, which is attached, and DEFAULT goes back. True when made.
CREATE FUNCTION part_create(in_table text, m date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  p text := part_name(in_table, m);
  d text := in_table || '_default';
  t text;
  lo timestamptz := part_bound(m);
  hi timestamptz := part_bound((m + interval '1 month')::date);
  moving boolean;
BEGIN
  IF to_regclass(p) IS NOT NULL
     OR EXISTS (SELECT 1 FROM part_archive WHERE table_name = in_table
                   AND month = m) THEN
    RETURN false;
  END IF;
  SELECT time_column INTO t FROM part_table WHERE name = in_table;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)',
                 d, t, t) INTO moving USING lo, hi;
  IF NOT moving THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                   p, in_table, lo, hi);
    RETURN true;
  END IF;
  EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', in_table, d);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                 p, in_table);
  EXECUTE format('INSERT INTO %I SELECT * FROM %I WHERE %I >= $1 AND %I < $2',
                 p, d, t, t) USING lo, hi;
  EXECUTE format('DELETE FROM %I WHERE %I >= $1 AND %I < $2', d, t, t)
    USING lo, hi;
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                 in_table, p, lo, hi);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I DEFAULT', in_table, d);
  RAISE INFO 'partitions: % rows of % moved out of %', in_table,
    to_char(m, 'YYYY-MM'), d;
  RETURN true;
END $$;
COMMENT ON FUNCTION part_create(text, date) IS
  'Makes one month''s partition, moving that month''s rows out of DEFAULT';

-- Converts the plain table @in_table into one partitioned by month on
-- @in_time with primary key @in_key. @in_dist (may be NULL) is the
-- distribution column, added with the value @in_dist_expr (an expression
-- over the old row "o") when the table lacks it. Unique constraints other
-- than the primary key become plain indexes: the caller keeps their rule
-- another way (stock_move_key).
CREATE FUNCTION part_convert(in_table text, in_time text, in_key text[],
                             in_dist text, in_dist_expr text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  rel regclass := in_table::regclass;
  old text := in_table || '_unpart';
  ddl text[] := '{}';
  funcs text[] := '{}';
  r record;
  cols text;
  m date;
  first date;
  last date := (part_month(now()) + interval '3 months')::date;
  n bigint;
  total bigint;
  done bigint := 0;
  seq text;
  ident text;
  next bigint;
BEGIN
  EXECUTE format('SELECT count(*), min(part_month(%I)), max(part_month(%I))'
                 ' FROM %I', in_time, in_time, in_table)
    INTO total, first, m;
  first := coalesce(first, part_month(now()));
  -- Rows dated past the three months ahead (a clock set wrong) get their
  -- months too, so every row is copied.
  last := greatest(last, m);
  RAISE INFO 'partitions: converting % (% rows) by month of %', in_table,
    total, in_time;

  -- What the new table needs again, as the catalog writes it.
  FOR r IN SELECT pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i
            WHERE i.indrelid = rel
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                               WHERE c.conindid = i.indexrelid)
  LOOP
    IF r.def LIKE 'CREATE UNIQUE%' THEN
      RAISE EXCEPTION 'part_convert: unique index on %: %', in_table, r.def;
    END IF;
    ddl := ddl || r.def;
  END LOOP;
  FOR r IN SELECT conname, contype, pg_get_constraintdef(oid) AS def,
                  (SELECT string_agg(quote_ident(a.attname), ', ')
                     FROM unnest(conkey) k
                     JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = k)
                    AS cols
             FROM pg_constraint WHERE conrelid = rel AND contype IN ('f', 'u')
  LOOP
    IF r.contype = 'f' THEN
      ddl := ddl || format('ALTER TABLE %I ADD CONSTRAINT %I %s', in_table,
                           r.conname, r.def);
    ELSE
      ddl := ddl || format('CREATE INDEX %I ON %I (%s)', r.conname, in_table,
                           r.cols);
    END IF;
  END LOOP;
  FOR r IN SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger
            WHERE tgrelid = rel AND NOT tgisinternal
  LOOP
    ddl := ddl || r.def;
  END LOOP;
  IF obj_description(rel, 'pg_class') IS NOT NULL THEN
    ddl := ddl || format('COMMENT ON TABLE %I IS %L', in_table,
                         obj_description(rel, 'pg_class'));
  END IF;

  -- Keys pointing here cannot stay (see the top of this file).
  FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
            WHERE confrelid = rel AND contype = 'f'
  LOOP
    RAISE INFO 'partitions: dropping foreign key %.% (to % id)', r.t,
      r.conname, in_table;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
  END LOOP;
  -- Functions taking the row type (or an array of it) follow the new type.
  FOR r IN SELECT DISTINCT p.oid, pg_get_functiondef(p.oid) AS def
             FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
            WHERE d.classid = 'pg_proc'::regclass
              AND d.refclassid = 'pg_type'::regclass
              AND d.refobjid IN (SELECT reltype FROM pg_class WHERE oid = rel
                                 UNION ALL
                                 SELECT typarray FROM pg_type
                                  WHERE typrelid = rel)
  LOOP
    funcs := funcs || r.def;
    EXECUTE format('DROP FUNCTION %s', r.oid::regprocedure);
  END LOOP;

  -- Old aside, new in its place.
  SELECT attname INTO ident FROM pg_attribute
   WHERE attrelid = rel AND attidentity <> '' AND NOT attisdropped;
  IF ident IS NOT NULL THEN
    seq := pg_get_serial_sequence(in_table, ident);
  END IF;
  EXECUTE format('ALTER TABLE %I RENAME TO %I', in_table, old);
  FOR r IN SELECT c.relname FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = rel
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', r.relname,
                   left(r.relname, 55) || '_unpart');
  END LOOP;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING '
                 'CONSTRAINTS INCLUDING COMMENTS INCLUDING IDENTITY '
                 'INCLUDING STORAGE INCLUDING STATISTICS) '
                 'PARTITION BY RANGE (%I)', in_table, old, in_time);
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped;
  IF in_dist IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = in_dist)
  THEN
    EXECUTE format('ALTER TABLE %I ADD COLUMN %I bigint NOT NULL', in_table,
                   in_dist);
  ELSE
    in_dist_expr := NULL;
  END IF;
  INSERT INTO part_table (name, time_column, dist_column, opening)
  VALUES (in_table, in_time, in_dist, in_table = 'stock_move');
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT',
                 in_table || '_default', in_table);
  m := first;
  WHILE m <= last LOOP
    PERFORM part_create(in_table, m);
    m := (m + interval '1 month')::date;
  END LOOP;

  -- Rows, one month per statement, with a line each.
  m := first;
  WHILE m <= last LOOP
    EXECUTE format('INSERT INTO %I (%s%s) OVERRIDING SYSTEM VALUE '
                   'SELECT %s%s FROM %I o WHERE %I >= $1 AND %I < $2',
                   in_table, cols,
                   CASE WHEN in_dist_expr IS NULL THEN ''
                        ELSE ', ' || quote_ident(in_dist) END,
                   cols, coalesce(', ' || in_dist_expr, ''), old, in_time,
                   in_time)
      USING part_bound(m), part_bound((m + interval '1 month')::date);
    GET DIAGNOSTICS n = ROW_COUNT;
    done := done + n;
    IF n > 0 THEN
      RAISE INFO 'partitions: % %: % rows (% of %)', in_table,
        to_char(m, 'YYYY-MM'), n, done, total;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  IF done <> total THEN
    RAISE EXCEPTION 'part_convert: % rows of % copied, % expected', done,
      in_table, total;
  END IF;

  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)',
                 in_table, in_table || '_pkey',
                 (SELECT string_agg(quote_ident(k), ', ') FROM unnest(in_key) k));
  FOR i IN 1 .. coalesce(array_length(ddl, 1), 0) LOOP
    EXECUTE ddl[i];
  END LOOP;
  IF seq IS NOT NULL THEN
    EXECUTE format('SELECT CASE WHEN is_called THEN last_value + 1 '
                   'ELSE last_value END FROM %s', seq) INTO next;
  END IF;
  EXECUTE format('DROP TABLE %I', old);
  IF seq IS NOT NULL THEN
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I RESTART WITH %s', in_table,
                   ident, next);
    EXECUTE format('ALTER SEQUENCE %s RENAME TO %I',
                   pg_get_serial_sequence(in_table, ident),
                   in_table || '_' || ident || '_seq');
  END IF;
  FOR i IN 1 .. coalesce(array_length(funcs, 1), 0) LOOP
    EXECUTE funcs[i];
  END LOOP;
  RAISE INFO 'partitions: % converted', in_table;
END $$;
COMMENT ON FUNCTION part_convert(text, text, text[], text, text) IS
  'Converts a plain table into one partitioned by month, in place (migration 0400)';

SELECT part_convert('stock_move', 'created_at',
                    ARRAY['warehouse_id', 'id', 'created_at'], 'warehouse_id',
                    '(SELECT l.warehouse_id FROM location l'
                    ' WHERE l.id = o.from_location_id)');
SELECT part_convert('audit_log', 'at', ARRAY['id', 'at'], NULL, NULL);

COMMENT ON COLUMN stock_move.warehouse_id IS
  'Distribution key: the warehouse of the source location (stock_move_fill sets it)';
COMMENT ON COLUMN stock_move.idempotency_key IS
  'Chosen by the terminal per confirmed scan: unique through stock_move_key; a replay finds this row and moves nothing';

-- Keys of moves already written.
INSERT INTO stock_move_key (idempotency_key, warehouse_id, move_id, created_at)
SELECT idempotency_key, warehouse_id, id, created_at FROM stock_move
 WHERE idempotency_key IS NOT NULL;

-- The trigger that fills warehouse_id and claims keys, stock_move_fill,
-- is a procedure (sql/procs/part.sql), loaded right after this.
