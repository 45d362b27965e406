-- Staff performance (issue 21): per user, warehouse and day the ledger work
-- each person did and the time they were active, kept by the transaction
-- that writes each move (a statement trigger on stock_move), so the report
-- reads a few rows per person and day, never the ledger.

CREATE TABLE staff_day (
  user_id      bigint NOT NULL,
  warehouse_id bigint NOT NULL,
  day          date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('pick', 'putaway', 'receipt',
                 'replenish', 'move')),
  slot         smallint NOT NULL,
  lines        bigint NOT NULL,
  units        bigint NOT NULL,
  PRIMARY KEY (user_id, warehouse_id, day, kind, slot)
);
COMMENT ON TABLE staff_day IS
  'Ledger lines and units per user, warehouse (of the destination), day and '
  'kind of work; a read sums the slots';

CREATE TABLE staff_active (
  user_id      bigint NOT NULL,
  warehouse_id bigint NOT NULL,
  day          date NOT NULL,
  active_s     numeric(16, 6) NOT NULL,
  last_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, warehouse_id, day)
);
COMMENT ON TABLE staff_active IS
  'Seconds a user was active on a day: the gaps between their consecutive '
  'moves, except gaps over 5 minutes (breaks); last_at is their latest move';

CREATE FUNCTION rpt_staff_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  t timestamptz;
  p timestamptz;
  add_s numeric;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows WHERE user_id IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  INSERT INTO staff_day AS d (user_id, warehouse_id, day, kind, slot, lines,
    units)
  SELECT n.user_id, l.warehouse_id, n.created_at::date, n.reason, dash_slot(),
         count(*), sum(n.qty)
    FROM new_rows n JOIN location l ON l.id = n.to_location_id
   WHERE n.user_id IS NOT NULL
     AND n.reason IN ('pick', 'putaway', 'receipt', 'replenish', 'move')
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, warehouse_id, day, kind, slot) DO UPDATE
    SET lines = d.lines + excluded.lines, units = d.units + excluded.units;
  -- Active time: each person's moves in time order after their last one.
  FOR r IN
    SELECT n.user_id, l.warehouse_id, n.created_at::date AS day,
           array_agg(n.created_at ORDER BY n.created_at) AS ts
      FROM new_rows n JOIN location l ON l.id = n.to_location_id
     WHERE n.user_id IS NOT NULL
       AND n.reason IN ('pick', 'putaway', 'receipt', 'replenish', 'move')
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  LOOP
    SELECT last_at INTO p FROM staff_active
     WHERE user_id = r.user_id AND warehouse_id = r.warehouse_id
       AND day = r.day FOR UPDATE;
    add_s := 0;
    FOREACH t IN ARRAY r.ts LOOP
      IF p IS NOT NULL AND t >= p AND t - p <= interval '5 minutes' THEN
        add_s := add_s + extract(epoch FROM t - p);
      END IF;
      p := greatest(coalesce(p, t), t);
    END LOOP;
    INSERT INTO staff_active AS a (user_id, warehouse_id, day, active_s,
      last_at)
    VALUES (r.user_id, r.warehouse_id, r.day, add_s, p)
    ON CONFLICT (user_id, warehouse_id, day) DO UPDATE
      SET active_s = a.active_s + excluded.active_s,
          last_at = greatest(a.last_at, excluded.last_at);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER stock_move_staff AFTER INSERT ON stock_move
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rpt_staff_moved();
