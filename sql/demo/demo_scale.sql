-- The demo at scale, for benchmarks: SKUs, bins with stock, and order
-- history generated set-based (INSERT ... SELECT over generate_series, as
-- fast as COPY and with no file to ship), in batches the CLI commits one
-- by one to show progress. Everything lands in warehouse SCALE and store
-- SCALE, so it never mixes with the hand-made demo.

-- Warehouse, zone, store and their virtual locations; idempotent.
CREATE OR REPLACE FUNCTION demo_scale_base() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO warehouse (code, name, city)
  VALUES ('SCALE', '压测仓 Scale', '株洲') ON CONFLICT (code) DO NOTHING;
  INSERT INTO zone (warehouse_id, code, name, type)
  SELECT id, 'S', 'scale', 'pick' FROM warehouse WHERE code = 'SCALE'
  ON CONFLICT DO NOTHING;
  INSERT INTO store (code, name, channel, warehouse_id)
  SELECT 'SCALE', '压测店 Scale', 'api', id FROM warehouse WHERE code = 'SCALE'
  ON CONFLICT (code) DO NOTHING;
END $$;

-- SKUs SC-<i> for i in [in_from, in_to], each with a GTIN-13-style code
-- (demo_scale_base runs first: the SCALE warehouse exists).
CREATE OR REPLACE FUNCTION demo_scale_skus(in_from integer, in_to integer)
RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO sku (code, name, category, weight_kg, cost, list_price)
  SELECT 'SC-' || lpad(i::text, 7, '0'), '压测商品 ' || i,
         'scale-' || (i % 50), 0.1 + (i % 20) * 0.05, 5 + i % 90, 19 + i % 180
    FROM generate_series(in_from, in_to) i
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO barcode (code, sku_id, kind)
  SELECT 'SCB' || lpad(i::text, 9, '0'), s.id, 'internal'
    FROM generate_series(in_from, in_to) i
    JOIN sku s ON s.code = 'SC-' || lpad(i::text, 7, '0')
  ON CONFLICT (code) DO NOTHING;
  -- Every tenth SKU is planned with a fixed reorder point; about one in
  -- five of those starts below it, so low-stock alerts have work to do.
  INSERT INTO sku_warehouse (sku_id, warehouse_id, reorder_point)
  SELECT s.id, w.id, 600
    FROM generate_series(in_from, in_to) i
    JOIN sku s ON s.code = 'SC-' || lpad(i::text, 7, '0')
    JOIN warehouse w ON w.code = 'SCALE'
   WHERE i % 10 = 0
  ON CONFLICT (sku_id, warehouse_id) DO NOTHING;
$f$;

-- Bins S-<i> for i in [in_from, in_to] in warehouse SCALE's zone S.
CREATE OR REPLACE FUNCTION demo_scale_bins(in_from integer, in_to integer)
RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO location (warehouse_id, zone_id, kind, code, pick_sequence)
  SELECT w.id, z.id, 'bin', 'S-' || lpad(i::text, 6, '0'), i
    FROM generate_series(in_from, in_to) i, warehouse w
    JOIN zone z ON z.warehouse_id = w.id AND z.code = 'S'
   WHERE w.code = 'SCALE'
  ON CONFLICT (warehouse_id, code) DO NOTHING;
$f$;

-- Opening stock for SKUs [in_from, in_to]: each in one bin (SKU i in bin
-- i modulo the bins), written as ledger moves from @ADJUST and the quants
-- they make, so `depot check stock` holds; a SKU stocked already is left.
CREATE OR REPLACE FUNCTION demo_scale_stock(in_from integer, in_to integer,
  in_bins integer) RETURNS void
LANGUAGE sql AS $f$
  WITH w AS (SELECT id FROM warehouse WHERE code = 'SCALE'),
  src AS (SELECT s.id AS sku_id, b.id AS bin_id, 500 + i % 500 AS qty
            FROM generate_series(in_from, in_to) i
            JOIN sku s ON s.code = 'SC-' || lpad(i::text, 7, '0')
            JOIN location b ON b.warehouse_id = (SELECT id FROM w)
             AND b.code = 'S-' || lpad((1 + (i - 1) % in_bins)::text, 6, '0')
           WHERE NOT EXISTS (SELECT 1 FROM stock_quant q
                              WHERE q.sku_id = s.id AND q.location_id = b.id)),
  moved AS (
    INSERT INTO stock_move (sku_id, qty, from_location_id, to_location_id,
      reason, document)
    SELECT sku_id, qty, (SELECT id FROM location WHERE code = '@ADJUST'
                           AND warehouse_id = (SELECT id FROM w)),
           bin_id, 'adjustment', 'demo scale'
      FROM src RETURNING sku_id, to_location_id, qty)
  INSERT INTO stock_quant (sku_id, location_id, on_hand)
  SELECT sku_id, to_location_id, qty FROM moved
  ON CONFLICT ON CONSTRAINT stock_quant_key
    DO UPDATE SET on_hand = stock_quant.on_hand + excluded.on_hand;
$f$;

-- Order history [in_from, in_to]: delivered, shipped and cancelled orders
-- over the last 90 days, one to three lines of random scale SKUs among
-- in_skus, so dashboards and reports have millions of rows to read.
CREATE OR REPLACE FUNCTION demo_scale_orders(in_from integer, in_to integer,
  in_skus integer) RETURNS void
LANGUAGE sql AS $f$
  WITH st AS (SELECT s.id, s.warehouse_id FROM store s WHERE s.code = 'SCALE'),
  o AS (
    INSERT INTO sales_order (store_id, external_id, warehouse_id, state,
      currency, total, ship_to, content_hash, created_at, updated_at)
    SELECT st.id, 'S' || lpad(i::text, 9, '0'), st.warehouse_id,
           (ARRAY['delivered', 'delivered', 'delivered', 'shipped',
                  'cancelled'])[1 + i % 5],
           'CNY', 20 + i % 500,
           jsonb_build_object('name', '买家 ' || (i % 9973), 'city', '株洲',
                              'country_code', 'CN'),
           md5(i::text),
           now() - make_interval(secs => (i::bigint * 7919) % 7776000),
           now() - make_interval(secs => (i::bigint * 7919) % 7776000)
      FROM generate_series(in_from, in_to) i, st
    ON CONFLICT (store_id, external_id) DO NOTHING
    RETURNING id, external_id)
  INSERT INTO order_line (order_id, line_no, sku_id, sku_code, qty,
    unit_price)
  SELECT o.id, l, s.id, s.code, 1 + (n + l) % 3, 19 + (n + l) % 180
    FROM o CROSS JOIN LATERAL (SELECT substr(o.external_id, 2)::int AS n) x
    CROSS JOIN LATERAL generate_series(1, 1 + x.n % 3) l
    JOIN sku s ON s.code = 'SC-' ||
                  lpad((1 + (x.n * 31 + l * 17) % in_skus)::text, 7, '0');
$f$;
