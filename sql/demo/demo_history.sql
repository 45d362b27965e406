-- Thirty days of finished orders for the hand-made demo (`depot demo seed`
-- on an empty database): delivered, shipped and a few cancelled, over the
-- demo's stores and priced SKUs, so the dashboard's sales chart and the
-- reports have shape from the first minute. This is order history from
-- before Depot ran the warehouse: no stock moved for it, so the ledger and
-- `depot check stock` are untouched. External ids start with H; a second
-- call adds nothing.
CREATE OR REPLACE FUNCTION demo_history(in_days integer, in_per_day integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH st AS (
    SELECT id, currency, warehouse_id,
           row_number() OVER (ORDER BY code) - 1 AS k,
           count(*) OVER () AS n
      FROM store WHERE active AND code <> 'SCALE'),
  sk AS (
    SELECT id, code, name, list_price AS price,
           row_number() OVER (ORDER BY code) - 1 AS k,
           count(*) OVER () AS n
      FROM sku WHERE active AND list_price > 0 AND code NOT LIKE 'SC-%'),
  g AS (
    -- A weekly rhythm with a busier weekend, never an empty day.
    SELECT d, i, d * 131 + i * 17 AS h
      FROM generate_series(1, in_days) d, generate_series(1, in_per_day) i
     WHERE i <= in_per_day / 2 + (d * 37) % (in_per_day / 2 + 1)
              + CASE WHEN extract(isodow FROM current_date - d) >= 6
                     THEN in_per_day / 4 ELSE 0 END),
  src AS (
    SELECT g.h, st.id AS store_id, st.currency, st.warehouse_id,
           'H' || to_char(current_date - g.d, 'YYYYMMDD') || '-'
             || lpad(g.i::text, 3, '0') AS ext,
           date_trunc('day', now()) - make_interval(days => g.d)
             + make_interval(secs => 28800 + (g.h * 7919) % 50400) AS at,
           CASE WHEN g.h % 13 = 0 THEN 'cancelled'
                WHEN g.d <= 3 THEN 'shipped'
                ELSE 'delivered' END AS state
      FROM g JOIN st ON st.k = g.h % st.n),
  o AS (
    INSERT INTO sales_order (store_id, external_id, warehouse_id, state,
      currency, total, ship_to, content_hash, created_at, updated_at)
    SELECT store_id, ext, warehouse_id, state, currency, 0,
           jsonb_build_object('name', (ARRAY['王芳', '李娜', '张伟', '刘洋',
             '陈静', '杨磊', '赵敏', 'Emily Chen'])[1 + h % 8],
             'city', (ARRAY['株洲市', '长沙市', '湘潭市', '广州市', '上海市',
             '北京市', '杭州市'])[1 + h % 7], 'country_code', 'CN'),
           md5(ext), at, at + interval '2 days'
      FROM src
    ON CONFLICT (store_id, external_id) DO NOTHING
    RETURNING id, external_id, currency)
  INSERT INTO order_line (order_id, line_no, sku_id, sku_code, name, qty,
    unit_price)
  SELECT o.id, l, sk.id, sk.code, sk.name, 1 + (x.h + l) % 3,
         CASE WHEN o.currency = 'CNY' THEN sk.price
              ELSE round(sk.price / 7, 2) END
    FROM o
    CROSS JOIN LATERAL (SELECT s.h FROM src s
                         WHERE s.ext = o.external_id) x
    CROSS JOIN LATERAL generate_series(1, 1 + x.h % 3) l
    JOIN sk ON sk.k = (x.h * 7 + l * 31) % sk.n;
  -- The totals once the lines exist (the sales tallies follow them).
  UPDATE sales_order so SET total = t.total
    FROM (SELECT ol.order_id, sum(ol.qty * ol.unit_price) AS total
            FROM order_line ol JOIN sales_order o ON o.id = ol.order_id
           WHERE o.external_id LIKE 'H%' AND o.total = 0
           GROUP BY ol.order_id) t
   WHERE so.id = t.order_id;
END $$;
