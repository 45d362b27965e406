-- The update tally trigger joined its old and new rows. The trigger's plan
-- is kept for the connection, and a connection whose first update changed
-- one order (an intake) kept a nested loop: the next wave on it compared
-- 10,000 old rows with 10,000 new ones (past the 10 s statement timeout).
-- Without the join: every old row takes its values out of the tallies and
-- every new row puts its values in; a row whose counted columns did not
-- change adds -1 and +1 to the same key, and keys that sum to nothing are
-- not written. Linear whatever plan the rows get.
CREATE OR REPLACE FUNCTION dash_order_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS MATERIALIZED (
    SELECT coalesce(warehouse_id, 0) AS wh, state, store_id,
           created_at::date AS day, currency, total, -1 AS n
      FROM old_rows
    UNION ALL
    SELECT coalesce(warehouse_id, 0), state, store_id, created_at::date,
           currency, total, 1
      FROM new_rows),
  s1 AS (
    INSERT INTO order_state_tally AS t (warehouse_id, state, slot, n)
    SELECT wh, state, dash_slot(), sum(n) FROM d
     GROUP BY wh, state HAVING sum(n) <> 0 ORDER BY wh, state
    ON CONFLICT (warehouse_id, state, slot) DO UPDATE SET n = t.n + excluded.n),
  s2 AS (
    INSERT INTO order_day_tally AS t (warehouse_id, day, slot, n)
    SELECT wh, day, dash_slot(), sum(n) FROM d
     GROUP BY wh, day HAVING sum(n) <> 0 ORDER BY wh, day
    ON CONFLICT (warehouse_id, day, slot) DO UPDATE SET n = t.n + excluded.n)
  -- A cancelled order is no sale: its row counts on one side only.
  INSERT INTO sales_day_tally AS t (store_id, day, currency, slot, orders,
    amount)
  SELECT store_id, day, currency, dash_slot(), sum(n), sum(n * total)
    FROM d WHERE state <> 'cancelled'
   GROUP BY store_id, day, currency
  HAVING sum(n) <> 0 OR sum(n * total) <> 0
   ORDER BY store_id, day, currency
  ON CONFLICT (store_id, day, currency, slot) DO UPDATE
    SET orders = t.orders + excluded.orders,
        amount = t.amount + excluded.amount;
  RETURN NULL;
END $$;
