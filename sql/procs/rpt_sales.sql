-- Sales (issue 21): the rollup sales_day (migration 0151) is kept by the
-- shipping transaction (rpt_sales_shipped, called by wms_shipment_ship);
-- rpt_sales reads it. A sale counts on the day its units ship, at the
-- price of its order line, with the cost its ship move recorded.

-- Adds shipment in_ship's lines (order_ship_line, just written) to the
-- rollup: per store, warehouse and SKU the orders, units, revenue and cost
-- of goods; per store and warehouse (sku_id 0) the orders shipped for the
-- first time and the shipping they were charged.
CREATE OR REPLACE FUNCTION rpt_sales_shipped(in_ship bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_day AS t (store_id, warehouse_id, sku_id, day, currency,
    slot, orders, units, revenue, discounts, cogs)
  SELECT o.store_id, l.warehouse_id, l.sku_id, l.shipped_at::date, o.currency,
         dash_slot(), count(DISTINCT l.order_id), sum(l.qty),
         sum(l.qty * l.unit_price), sum(l.discount), sum(l.qty * l.unit_cost)
    FROM order_ship_line l JOIN sales_order o ON o.id = l.order_id
   WHERE l.shipment_id = in_ship
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (store_id, warehouse_id, sku_id, day, currency, slot) DO UPDATE
    SET orders = t.orders + excluded.orders, units = t.units + excluded.units,
        revenue = t.revenue + excluded.revenue,
        discounts = t.discounts + excluded.discounts,
        cogs = t.cogs + excluded.cogs;
  INSERT INTO sales_day AS t (store_id, warehouse_id, sku_id, day, currency,
    slot, orders, shipping)
  SELECT o.store_id, f.warehouse_id, 0, f.shipped_at::date, o.currency,
         dash_slot(), count(*), sum(o.shipping_amount)
    FROM (SELECT DISTINCT order_id, warehouse_id, shipped_at
            FROM order_ship_line WHERE shipment_id = in_ship) f
    JOIN sales_order o ON o.id = f.order_id
   WHERE NOT EXISTS (SELECT 1 FROM order_ship_line e
                      WHERE e.order_id = f.order_id AND e.shipment_id <> in_ship)
   GROUP BY 1, 2, 4, 5 ORDER BY 1, 2, 4, 5
  ON CONFLICT (store_id, warehouse_id, sku_id, day, currency, slot) DO UPDATE
    SET orders = t.orders + excluded.orders,
        shipping = t.shipping + excluded.shipping;
  -- Time to ship of the orders leaving for the first time (migration 0153).
  WITH f AS (
    SELECT DISTINCT l.order_id, l.warehouse_id, l.shipped_at
      FROM order_ship_line l
     WHERE l.shipment_id = in_ship
       AND NOT EXISTS (SELECT 1 FROM order_ship_line e
                        WHERE e.order_id = l.order_id
                          AND e.shipment_id <> in_ship)),
  x AS (
    SELECT o.store_id, f.warehouse_id, f.shipped_at::date AS day,
           f.shipped_at <= o.created_at
             + make_interval(hours => st.ship_within_hours) AS on_time,
           greatest(least(floor(extract(epoch FROM f.shipped_at - o.created_at)
                                / 3600), 169), 0)::integer AS h
      FROM f JOIN sales_order o ON o.id = f.order_id
      JOIN store st ON st.id = o.store_id),
  g AS (
    SELECT store_id, warehouse_id, day, count(*) AS orders,
           count(*) FILTER (WHERE on_time) AS on_time, array_agg(h) AS hs
      FROM x GROUP BY 1, 2, 3)
  INSERT INTO ship_time_day AS t (store_id, warehouse_id, carrier, day, slot,
    orders, on_time, hours)
  SELECT g.store_id, g.warehouse_id,
         coalesce((SELECT carrier FROM shipment WHERE id = in_ship), ''),
         g.day, dash_slot(), g.orders, g.on_time,
         (SELECT array_agg((SELECT count(*) FROM unnest(g.hs) v
                             WHERE v = k - 1) ORDER BY k)
            FROM generate_series(1, 170) k)
    FROM g ORDER BY 1, 2, 4
  ON CONFLICT (store_id, warehouse_id, carrier, day, slot) DO UPDATE
    SET orders = t.orders + excluded.orders,
        on_time = t.on_time + excluded.on_time,
        hours = rpt_hist_add(t.hours, excluded.hours);
END $$;

-- The after-sales module's hook: in_units of SKU in_sku of an order of
-- store in_store, shipped from warehouse in_wh, came back on day in_day
-- and in_amount (in the order's currency in_currency) was refunded. The
-- sales report subtracts them from net revenue. Nothing calls it yet.
CREATE OR REPLACE FUNCTION rpt_sale_returned(in_store bigint, in_wh bigint,
  in_sku bigint, in_day date, in_currency text, in_units bigint,
  in_amount numeric) RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO sales_day AS t (store_id, warehouse_id, sku_id, day, currency,
    slot, returns_units, returns_amount)
  VALUES (in_store, in_wh, in_sku, in_day, in_currency, dash_slot(), in_units,
    in_amount)
  ON CONFLICT (store_id, warehouse_id, sku_id, day, currency, slot) DO UPDATE
    SET returns_units = t.returns_units + excluded.returns_units,
        returns_amount = t.returns_amount + excluded.returns_amount;
$f$;

-- Sales per period (day, week, month) and key (store, channel, sku,
-- category, warehouse, owner: the store's stock owner, whose goods an
-- order line always is) and currency, never summed across currencies. Cost
-- of goods is in the cost currency (purchasing_setting.cost_currency); a
-- sale in another currency has no margin (no exchange rates are kept). By
-- store, channel or warehouse without a SKU filter, orders and shipping
-- come from the order-level rows; by SKU or category, or filtered to SKUs,
-- orders are the orders with those SKUs and shipping is not attributed.
CREATE OR REPLACE FUNCTION rpt_sales(in_f jsonb)
RETURNS TABLE (period date, key text, name text, currency text,
  orders bigint, units bigint, revenue numeric, discounts numeric,
  shipping numeric, returns_units bigint, returns_amount numeric,
  net_revenue numeric, cogs numeric, cost_currency text,
  gross_margin numeric, margin_pct numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  st AS MATERIALIZED (
    SELECT s.id, s.code, s.name, s.channel, o.code AS owner,
           o.name AS owner_name
      FROM store s JOIN owners o ON o.id = s.owner_id
     WHERE (in_f->>'store' IS NULL OR s.code = in_f->>'store')
       AND (in_f->>'owner' IS NULL OR o.code = in_f->>'owner')),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'group', 'day') AS g,
               coalesce(in_f->>'by', 'store') AS kby,
               coalesce(in_f->>'by', 'store') IN ('sku', 'category')
                 OR in_f ? 'sku' OR in_f ? 'category' AS by_line),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  r AS (
    SELECT r.*, (r.sku_id = 0) AS order_row FROM sales_day r
     WHERE r.day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)
       AND r.warehouse_id IN (SELECT id FROM w)
       AND r.store_id IN (SELECT id FROM st)
       AND (r.sku_id = 0 OR r.sku_id IN (SELECT id FROM s))),
  k AS (
    SELECT date_trunc((SELECT g FROM d), r.day)::date AS period,
           CASE (SELECT kby FROM d) WHEN 'store' THEN st.code
             WHEN 'channel' THEN st.channel WHEN 'warehouse' THEN w.code
             WHEN 'owner' THEN st.owner
             WHEN 'sku' THEN s.code ELSE s.category END AS key,
           CASE (SELECT kby FROM d) WHEN 'store' THEN st.name
             WHEN 'owner' THEN st.owner_name
             WHEN 'sku' THEN s.name END AS name,
           r.*
      FROM r JOIN st ON st.id = r.store_id JOIN w ON w.id = r.warehouse_id
      LEFT JOIN s ON s.id = r.sku_id
     WHERE NOT (r.order_row AND (SELECT by_line FROM d))),
  t AS (
    SELECT period, key, max(name) AS name, currency,
           sum(orders) FILTER (WHERE order_row <> (SELECT by_line FROM d))
             AS orders,
           sum(units) AS units, sum(revenue) AS revenue,
           sum(discounts) AS discounts, sum(shipping) AS shipping,
           sum(returns_units) AS returns_units,
           sum(returns_amount) AS returns_amount, sum(cogs) AS cogs
      FROM k GROUP BY period, key, currency),
  n AS (
    SELECT t.*, revenue - discounts - returns_amount + shipping AS net
      FROM t)
  SELECT period, key, name, currency, coalesce(orders, 0)::bigint,
         units::bigint, revenue, discounts, shipping, returns_units::bigint,
         returns_amount, net, round(cogs, 2), c.cost_currency,
         CASE WHEN currency = c.cost_currency THEN round(net - cogs, 2) END,
         CASE WHEN currency = c.cost_currency AND net <> 0
              THEN round((net - cogs) / net * 100, 1) END
    FROM n, purchasing_setting c ORDER BY period, key, currency
$f$;

-- Returns (issue 21, item 6) per period (day, week, month) and key (sku,
-- store), from the rollup's returns columns, which the after-sales module
-- fills through rpt_sale_returned: units sold and returned in the period,
-- the return rate and the refunds, per currency. Until returns are
-- recorded it answers no rows.
CREATE OR REPLACE FUNCTION rpt_returns(in_f jsonb)
RETURNS TABLE (period date, key text, name text, currency text,
  units_sold bigint, returns_units bigint, return_rate numeric,
  returns_amount numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'group', 'month') AS g,
               coalesce(in_f->>'by', 'sku') AS kby),
  k AS (
    SELECT date_trunc((SELECT g FROM d), r.day)::date AS period,
           CASE WHEN (SELECT kby FROM d) = 'store' THEN st.code
                ELSE s.code END AS key,
           CASE WHEN (SELECT kby FROM d) = 'store' THEN st.name
                ELSE s.name END AS name,
           r.currency, r.units, r.returns_units, r.returns_amount
      FROM sales_day r JOIN store st ON st.id = r.store_id
      JOIN s ON s.id = r.sku_id
     WHERE r.day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)
       AND r.warehouse_id IN (SELECT id FROM w)
       AND (in_f->>'store' IS NULL OR st.code = in_f->>'store'))
  SELECT period, key, max(name), currency, sum(units)::bigint,
         sum(returns_units)::bigint,
         CASE WHEN sum(units) > 0
              THEN round(sum(returns_units) / sum(units) * 100, 1) END,
         sum(returns_amount)
    FROM k GROUP BY period, key, currency
  HAVING sum(returns_units) <> 0 OR sum(returns_amount) <> 0
   ORDER BY period, key, currency
$f$;

-- The smallest whole hour by which share in_q (0-1) of the orders counted
-- in histogram in_h (ship_time_day.hours) had shipped.
CREATE OR REPLACE FUNCTION rpt_hist_pct(in_h bigint[], in_q numeric)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $f$
  SELECT min(i - 1)::integer FROM (
    SELECT i, sum(n) OVER (ORDER BY i) AS cum, sum(n) OVER () AS total
      FROM unnest(in_h) WITH ORDINALITY AS u (n, i)) c
   WHERE total > 0 AND cum >= in_q * total
$f$;

-- Fulfilment (issue 21, item 8) over [from, to] (ship days) per store,
-- carrier or warehouse: orders shipped, the share within the store's
-- promise, hours from placed to shipped at the median and the 90th
-- percentile (whole hours, from the histograms), and by store the
-- backorders open now with the age of the oldest, in hours.
CREATE OR REPLACE FUNCTION rpt_fulfilment(in_f jsonb)
RETURNS TABLE (key text, orders bigint, on_time bigint, on_time_pct numeric,
  p50_hours integer, p90_hours integer, backorders bigint,
  oldest_backorder_hours integer)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  st AS MATERIALIZED (
    SELECT id, code FROM store
     WHERE in_f->>'store' IS NULL OR code = in_f->>'store'),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'by', 'store') AS kby),
  r AS (
    SELECT CASE (SELECT kby FROM d) WHEN 'store' THEN st.code
             WHEN 'carrier' THEN t.carrier ELSE w.code END AS key,
           t.orders, t.on_time, t.hours
      FROM ship_time_day t JOIN st ON st.id = t.store_id
      JOIN w ON w.id = t.warehouse_id
     WHERE t.day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)),
  h AS (
    SELECT key, sum(orders) AS orders, sum(on_time) AS on_time,
           (SELECT array_agg(s::bigint ORDER BY i) FROM (
              SELECT i, sum(n) AS s
                FROM r r2, unnest(r2.hours) WITH ORDINALITY AS u (n, i)
               WHERE r2.key = r.key GROUP BY i) z) AS hist
      FROM r GROUP BY key),
  b AS (
    SELECT st.code AS key, count(*) AS n,
           max(floor(extract(epoch FROM now() - o.created_at) / 3600))
             ::integer AS oldest
      FROM sales_order o JOIN st ON st.id = o.store_id
     WHERE o.state = 'backordered'
       AND (o.warehouse_id IS NULL OR o.warehouse_id IN (SELECT id FROM w))
       AND (SELECT kby FROM d) = 'store'
     GROUP BY 1)
  SELECT coalesce(h.key, b.key), coalesce(h.orders, 0)::bigint,
         coalesce(h.on_time, 0)::bigint,
         CASE WHEN h.orders > 0 THEN round(h.on_time * 100.0 / h.orders, 1) END,
         rpt_hist_pct(h.hist, 0.5), rpt_hist_pct(h.hist, 0.9),
         CASE WHEN (SELECT kby FROM d) = 'store' THEN coalesce(b.n, 0) END,
         b.oldest
    FROM h FULL JOIN b ON b.key = h.key
   ORDER BY 1
$f$;
