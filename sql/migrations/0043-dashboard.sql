-- The back-office dashboard at a million orders costs what it costs at ten
-- thousand: order counts per state and sales per day are running tallies
-- kept by statement triggers, so a read sums a few hundred rows instead of
-- scanning the order history.

ALTER TABLE store ADD COLUMN ship_within_hours integer NOT NULL DEFAULT 48
  CHECK (ship_within_hours BETWEEN 1 AND 720);
COMMENT ON COLUMN store.ship_within_hours IS
  'Promised dispatch time: an order not shipped this long after it was placed is late';

CREATE TABLE order_state_tally (
  warehouse_id bigint NOT NULL,
  state        text NOT NULL,
  slot         smallint NOT NULL,
  n            bigint NOT NULL,
  PRIMARY KEY (warehouse_id, state, slot)
);
COMMENT ON TABLE order_state_tally IS
  'Orders per warehouse and state; a read sums the slots';
COMMENT ON COLUMN order_state_tally.warehouse_id IS
  '0 for orders not yet at a warehouse (no foreign key: 0 is no row)';
COMMENT ON COLUMN order_state_tally.slot IS
  'The writing backend''s slot: concurrent transactions rarely wait on one row';

CREATE TABLE order_day_tally (
  warehouse_id bigint NOT NULL,
  day          date NOT NULL,
  slot         smallint NOT NULL,
  n            bigint NOT NULL,
  PRIMARY KEY (warehouse_id, day, slot)
);
COMMENT ON TABLE order_day_tally IS
  'Orders placed per warehouse (0: none yet) and day, every state';

CREATE TABLE sales_day_tally (
  store_id bigint NOT NULL REFERENCES store (id),
  day      date NOT NULL,
  currency text NOT NULL,
  slot     smallint NOT NULL,
  orders   bigint NOT NULL,
  amount   numeric(16, 2) NOT NULL,
  PRIMARY KEY (store_id, day, currency, slot)
);
COMMENT ON TABLE sales_day_tally IS
  'Orders placed per store and day (the database''s TimeZone) and their total, cancelled orders taken out';

CREATE TABLE dash_cache (
  warehouse   text NOT NULL,
  part        text NOT NULL CHECK (part IN ('low_stock', 'pick_rate')),
  doc         json NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (warehouse, part)
);
COMMENT ON TABLE dash_cache IS
  'Dashboard parts that read what grows with the day''s work (every planned SKU''s stock, the day''s pick moves), per warehouse code (empty: all), reused for a minute';

-- A planner who changes a reorder point sees it on the next dashboard.
CREATE FUNCTION dash_low_stock_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dash_cache WHERE part = 'low_stock';
  RETURN NULL;
END $$;
CREATE TRIGGER sku_warehouse_low_stock_forget
  AFTER INSERT OR UPDATE OR DELETE ON sku_warehouse
  FOR EACH STATEMENT EXECUTE FUNCTION dash_low_stock_forget();

-- Late orders: the open ones of a store placed before its promise.
CREATE INDEX sales_order_open_idx ON sales_order (store_id, created_at)
  WHERE state IN ('new', 'on_hold', 'allocated', 'backordered', 'picking',
                  'packed');
-- Pick lines per hour for the pick rate.
CREATE INDEX stock_move_pick_time_idx ON stock_move (created_at)
  WHERE reason = 'pick';

CREATE FUNCTION dash_slot() RETURNS smallint
LANGUAGE sql STABLE AS $f$
  SELECT (pg_backend_pid() % 64)::smallint
$f$;

CREATE FUNCTION dash_order_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_state_tally AS t (warehouse_id, state, slot, n)
  SELECT coalesce(warehouse_id, 0), state, dash_slot(), count(*)
    FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (warehouse_id, state, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO order_day_tally AS t (warehouse_id, day, slot, n)
  SELECT coalesce(warehouse_id, 0), created_at::date, dash_slot(), count(*)
    FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (warehouse_id, day, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO sales_day_tally AS t (store_id, day, currency, slot, orders,
    amount)
  SELECT store_id, created_at::date, currency, dash_slot(), count(*),
         sum(total)
    FROM new_rows WHERE state <> 'cancelled' GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (store_id, day, currency, slot) DO UPDATE
    SET orders = t.orders + excluded.orders,
        amount = t.amount + excluded.amount;
  RETURN NULL;
END $$;

-- What each changed row takes out of the tallies (its old values) and puts
-- in (its new ones); rows whose counted columns did not change add nothing.
-- One statement: the old and new rows are joined once, whatever the size.
CREATE FUNCTION dash_order_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH ch AS MATERIALIZED (
    SELECT coalesce(o.warehouse_id, 0) AS o_wh, o.state AS o_state,
           o.store_id AS o_store, o.created_at::date AS o_day,
           o.currency AS o_cur, o.total AS o_total,
           coalesce(n.warehouse_id, 0) AS n_wh, n.state AS n_state,
           n.store_id AS n_store, n.created_at::date AS n_day,
           n.currency AS n_cur, n.total AS n_total
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.warehouse_id, o.state, o.store_id, o.created_at, o.currency,
            o.total) IS DISTINCT FROM
           (n.warehouse_id, n.state, n.store_id, n.created_at, n.currency,
            n.total)),
  by_state AS (
    SELECT o_wh AS wh, o_state AS state, -1 AS n FROM ch
     WHERE (o_wh, o_state) IS DISTINCT FROM (n_wh, n_state)
    UNION ALL
    SELECT n_wh, n_state, 1 FROM ch
     WHERE (o_wh, o_state) IS DISTINCT FROM (n_wh, n_state)),
  by_day AS (
    SELECT o_wh AS wh, o_day AS day, -1 AS n FROM ch
     WHERE (o_wh, o_day) IS DISTINCT FROM (n_wh, n_day)
    UNION ALL
    SELECT n_wh, n_day, 1 FROM ch
     WHERE (o_wh, o_day) IS DISTINCT FROM (n_wh, n_day)),
  sales AS (
    SELECT o_store AS store, o_day AS day, o_cur AS cur, -1 AS n,
           -o_total AS amount
      FROM ch WHERE o_state <> 'cancelled'
    UNION ALL
    SELECT n_store, n_day, n_cur, 1, n_total
      FROM ch WHERE n_state <> 'cancelled'),
  s1 AS (
    INSERT INTO order_state_tally AS t (warehouse_id, state, slot, n)
    SELECT wh, state, dash_slot(), sum(n) FROM by_state
     GROUP BY wh, state HAVING sum(n) <> 0 ORDER BY wh, state
    ON CONFLICT (warehouse_id, state, slot) DO UPDATE SET n = t.n + excluded.n),
  s2 AS (
    INSERT INTO order_day_tally AS t (warehouse_id, day, slot, n)
    SELECT wh, day, dash_slot(), sum(n) FROM by_day
     GROUP BY wh, day HAVING sum(n) <> 0 ORDER BY wh, day
    ON CONFLICT (warehouse_id, day, slot) DO UPDATE SET n = t.n + excluded.n)
  INSERT INTO sales_day_tally AS t (store_id, day, currency, slot, orders,
    amount)
  SELECT store, day, cur, dash_slot(), sum(n), sum(amount) FROM sales
   GROUP BY store, day, cur
  HAVING sum(n) <> 0 OR sum(amount) <> 0
   ORDER BY store, day, cur
  ON CONFLICT (store_id, day, currency, slot) DO UPDATE
    SET orders = t.orders + excluded.orders,
        amount = t.amount + excluded.amount;
  RETURN NULL;
END $$;

CREATE FUNCTION dash_order_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_state_tally AS t (warehouse_id, state, slot, n)
  SELECT coalesce(warehouse_id, 0), state, dash_slot(), -count(*)
    FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (warehouse_id, state, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO order_day_tally AS t (warehouse_id, day, slot, n)
  SELECT coalesce(warehouse_id, 0), created_at::date, dash_slot(), -count(*)
    FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (warehouse_id, day, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO sales_day_tally AS t (store_id, day, currency, slot, orders,
    amount)
  SELECT store_id, created_at::date, currency, dash_slot(), -count(*),
         -sum(total)
    FROM old_rows WHERE state <> 'cancelled' GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (store_id, day, currency, slot) DO UPDATE
    SET orders = t.orders + excluded.orders,
        amount = t.amount + excluded.amount;
  RETURN NULL;
END $$;

-- The history so far, then the triggers keep it (migrations run before the
-- server takes requests).
INSERT INTO order_state_tally (warehouse_id, state, slot, n)
SELECT coalesce(warehouse_id, 0), state, 0, count(*)
  FROM sales_order GROUP BY 1, 2;
INSERT INTO order_day_tally (warehouse_id, day, slot, n)
SELECT coalesce(warehouse_id, 0), created_at::date, 0, count(*)
  FROM sales_order GROUP BY 1, 2;
INSERT INTO sales_day_tally (store_id, day, currency, slot, orders, amount)
SELECT store_id, created_at::date, currency, 0, count(*), sum(total)
  FROM sales_order WHERE state <> 'cancelled' GROUP BY 1, 2, 3;

CREATE TRIGGER sales_order_tally_insert AFTER INSERT ON sales_order
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_order_inserted();
CREATE TRIGGER sales_order_tally_update AFTER UPDATE ON sales_order
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_order_changed();
CREATE TRIGGER sales_order_tally_delete AFTER DELETE ON sales_order
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_order_deleted();
