-- Months of stock ledger history for the reports (issue 21): receipts from
-- suppliers at a cost near the catalog's, shipments, customer returns,
-- adjustments both ways, scrap, returns to suppliers and transfers between
-- warehouses over the last in_days days. Every event is a pair of
-- back-dated ledger moves on a quant that exists: units come in, and
-- later (at most three weeks, never after now) the same units go out. So
-- quants and costs are those the demo had (`depot check stock` holds,
-- other screens see the same stock), and no past balance is negative. The
-- rollups are kept by the ledger's own triggers (migration 0150), as for
-- live moves. random() drives it: call setseed first for the same history.
CREATE OR REPLACE FUNCTION demo_ledger_history(in_days integer,
  in_pairs integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t1 timestamptz;
  t2 timestamptz;
  dice double precision;
  q record;
  k bigint;
BEGIN
  FOR i IN 1..in_pairs LOOP
    t1 := now() - make_interval(days => in_days) * random();
    t2 := least(t1 + make_interval(days => 21) * random(),
                now() - interval '1 minute');
    dice := random();
    SELECT sq.sku_id, sq.lot_id, sq.location_id, l.warehouse_id, s.cost
      INTO q
      FROM stock_quant sq JOIN location l ON l.id = sq.location_id
      JOIN warehouse w ON w.id = l.warehouse_id AND w.code <> 'SCALE'
      JOIN sku s ON s.id = sq.sku_id
     WHERE l.kind = 'bin'
     ORDER BY random() LIMIT 1;
    CONTINUE WHEN NOT FOUND;
    k := CASE WHEN dice < 0.6 THEN 3 + (random() * 27)::bigint
              ELSE 1 + (random() * 2)::bigint END;
    IF dice >= 0.88 AND demo_ledger_transfer(q, k, t1, t2) THEN
      CONTINUE;
    END IF;
    PERFORM demo_ledger_move(q, CASE WHEN dice < 0.6 THEN '@SUPPLIER'
                                     WHEN dice < 0.68 THEN '@CUSTOMER'
                                     WHEN dice < 0.76 THEN '@ADJUST'
                                     ELSE '@SUPPLIER' END, true, k, t1);
    PERFORM demo_ledger_move(q, CASE WHEN dice < 0.68 THEN '@CUSTOMER'
                                     WHEN dice < 0.76 THEN '@ADJUST'
                                     WHEN dice < 0.82 THEN '@SCRAP'
                                     WHEN dice < 0.88 THEN '@SUPPLIER'
                                     ELSE '@CUSTOMER' END, false, k, t2);
  END LOOP;
  -- A quant's layer dates from its first unit in: the aging report's age.
  UPDATE stock_quant sq SET in_date = f.first_in
    FROM (SELECT to_location_id, sku_id, lot_id, min(created_at) AS first_in
            FROM stock_move WHERE document = 'demo history'
           GROUP BY 1, 2, 3) f
   WHERE f.to_location_id = sq.location_id AND f.sku_id = sq.sku_id
     AND f.lot_id IS NOT DISTINCT FROM sq.lot_id AND f.first_in < sq.in_date;
END $$;

-- in_qty units of quant in_q's SKU and lot between its bin and its
-- warehouse's virtual location in_virtual (into the bin when in_in) at
-- in_at, with the reason the ledger gives such a move; a receipt costs
-- near the catalog's cost.
CREATE OR REPLACE FUNCTION demo_ledger_move(in_q record, in_virtual text,
  in_in boolean, in_qty bigint, in_at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
BEGIN
  SELECT id INTO v FROM location
   WHERE warehouse_id = in_q.warehouse_id AND code = in_virtual;
  IF in_in AND in_virtual = '@SUPPLIER' THEN
    PERFORM set_config('depot.receipt_cost',
      round(coalesce(in_q.cost, 10) * (0.9 + random()::numeric * 0.2), 2)::text, true);
  END IF;
  INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
    to_location_id, reason, document, created_at)
  VALUES (in_q.sku_id, in_q.lot_id, in_qty,
    CASE WHEN in_in THEN v ELSE in_q.location_id END,
    CASE WHEN in_in THEN in_q.location_id ELSE v END,
    CASE in_virtual WHEN '@SUPPLIER' THEN
           CASE WHEN in_in THEN 'receipt' ELSE 'return' END
         WHEN '@CUSTOMER' THEN CASE WHEN in_in THEN 'return' ELSE 'ship' END
         WHEN '@SCRAP' THEN 'scrap' ELSE 'adjustment' END,
    'demo history', in_at);
  PERFORM set_config('depot.receipt_cost', '', true);
END $$;

-- A transfer: in_qty units received into a quant of the same SKU and lot
-- in another warehouse at in_t1, sent through in_q's warehouse's @TRANSIT
-- half-way, arriving in in_q's bin, and shipped from there at in_t2.
-- False when no other warehouse holds the SKU and lot.
CREATE OR REPLACE FUNCTION demo_ledger_transfer(in_q record, in_qty bigint,
  in_t1 timestamptz, in_t2 timestamptz) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  src record;
  mid timestamptz := in_t1 + (in_t2 - in_t1) / 2;
  transit bigint;
BEGIN
  SELECT sq.sku_id, sq.lot_id, sq.location_id, l.warehouse_id, in_q.cost
    INTO src
    FROM stock_quant sq JOIN location l ON l.id = sq.location_id
    JOIN warehouse w ON w.id = l.warehouse_id AND w.code <> 'SCALE'
   WHERE sq.sku_id = in_q.sku_id AND sq.lot_id IS NOT DISTINCT FROM in_q.lot_id
     AND l.kind = 'bin' AND l.warehouse_id <> in_q.warehouse_id
   ORDER BY random() LIMIT 1;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  SELECT id INTO transit FROM location
   WHERE warehouse_id = in_q.warehouse_id AND code = '@TRANSIT';
  PERFORM demo_ledger_move(src, '@SUPPLIER', true, in_qty, in_t1);
  INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
    to_location_id, reason, document, created_at)
  VALUES (src.sku_id, src.lot_id, in_qty, src.location_id, transit,
    'transfer', 'demo history', mid);
  INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
    to_location_id, reason, document, created_at, unit_cost)
  SELECT in_q.sku_id, in_q.lot_id, in_qty, transit, in_q.location_id,
         'transfer', 'demo history', mid, m.unit_cost
    FROM stock_move m WHERE m.from_location_id = src.location_id
     AND m.to_location_id = transit AND m.created_at = mid
   ORDER BY m.id DESC LIMIT 1;
  PERFORM demo_ledger_move(in_q, '@CUSTOMER', false, in_qty, in_t2);
  RETURN true;
END $$;

-- The demo's order history (demo_history.sql: delivered and shipped
-- orders, no stock moved for them) as sales in the reports' rollup
-- (sales_day, migration 0151), shipped the day after they were placed at
-- the warehouse's moving average (or the catalog cost): what the shipping
-- transaction would have recorded. A second call adds nothing.
CREATE OR REPLACE FUNCTION demo_sales_history() RETURNS void
LANGUAGE sql AS $f$
  WITH o AS (
    SELECT so.* FROM sales_order so
     WHERE so.external_id LIKE 'H%' AND so.state IN ('shipped', 'delivered')
       AND so.warehouse_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM sales_day WHERE slot = 99)),
  l AS (
    SELECT o.store_id, o.warehouse_id, ol.sku_id,
           least(o.created_at::date + 1, current_date) AS day, o.currency,
           count(DISTINCT o.id) AS orders, sum(ol.qty) AS units,
           sum(ol.qty * ol.unit_price) AS revenue,
           sum(ol.qty * coalesce(c.avg_cost, s.cost, 0)) AS cogs
      FROM o JOIN order_line ol ON ol.order_id = o.id AND ol.requires_shipping
      JOIN sku s ON s.id = ol.sku_id
      LEFT JOIN sku_cost c ON c.warehouse_id = o.warehouse_id
                          AND c.sku_id = ol.sku_id
     GROUP BY 1, 2, 3, 4, 5),
  lines AS (
    INSERT INTO sales_day (store_id, warehouse_id, sku_id, day, currency,
      slot, orders, units, revenue, cogs)
    SELECT store_id, warehouse_id, sku_id, day, currency, 99, orders, units,
           revenue, cogs FROM l)
  INSERT INTO sales_day (store_id, warehouse_id, sku_id, day, currency, slot,
    orders, shipping)
  SELECT store_id, warehouse_id, 0, least(created_at::date + 1, current_date),
         currency, 99, count(*), sum(shipping_amount)
    FROM o GROUP BY 1, 2, 4, 5;
$f$;
