-- Stock reports (issue 21) read the per-day rollup stock_flow_day
-- (migration 0150), never stock_move. Filters: rpt_common.sql.

-- 进销存: per warehouse, SKU and period (day or month) of [from, to], the
-- opening stock, each kind of flow and the closing stock, in units and
-- value. A pair appears in every period with a flow, and once (the first
-- period) when it had stock but no flow; each opening is the previous
-- period's closing, and the last closing is the stock at the end of `to`.
-- One pass over the rollup: the days before `from` fold into one row per
-- pair (period NULL) that opens the running sum; filters are semi-joins,
-- never a materialised list of every SKU (make bench, 100k tier).
CREATE OR REPLACE FUNCTION rpt_stock_movement(in_f jsonb)
RETURNS TABLE (period date, warehouse text, sku text, name text,
  category text, opening bigint, received bigint, returned bigint,
  shipped bigint, adjusted bigint, transfer_in bigint, transfer_out bigint,
  scrapped bigint, supplier_returned bigint, closing bigint,
  opening_value numeric, received_value numeric, returned_value numeric,
  shipped_value numeric, adjusted_value numeric, transfer_in_value numeric,
  transfer_out_value numeric, scrapped_value numeric,
  supplier_returned_value numeric, closing_value numeric)
LANGUAGE sql STABLE AS $f$
  WITH d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
                    coalesce((in_f->>'to')::date, current_date) AS hi,
                    coalesce(in_f->>'group', 'day') AS g),
  a AS (
    SELECT r.warehouse_id, r.sku_id,
           CASE WHEN r.day >= d.lo THEN date_trunc(d.g, r.day)::date END
             AS period,
           sum(r.qty) FILTER (WHERE kind = 'received') AS received,
           sum(r.qty) FILTER (WHERE kind = 'returned') AS returned,
           -sum(r.qty) FILTER (WHERE kind = 'shipped') AS shipped,
           sum(r.qty) FILTER (WHERE kind = 'adjusted') AS adjusted,
           sum(r.qty) FILTER (WHERE kind = 'transfer_in') AS transfer_in,
           -sum(r.qty) FILTER (WHERE kind = 'transfer_out') AS transfer_out,
           -sum(r.qty) FILTER (WHERE kind = 'scrapped') AS scrapped,
           -sum(r.qty) FILTER (WHERE kind = 'supplier_returned')
             AS supplier_returned,
           sum(r.value) FILTER (WHERE kind = 'received') AS received_v,
           sum(r.value) FILTER (WHERE kind = 'returned') AS returned_v,
           -sum(r.value) FILTER (WHERE kind = 'shipped') AS shipped_v,
           sum(r.value) FILTER (WHERE kind = 'adjusted') AS adjusted_v,
           sum(r.value) FILTER (WHERE kind = 'transfer_in') AS transfer_in_v,
           -sum(r.value) FILTER (WHERE kind = 'transfer_out') AS transfer_out_v,
           -sum(r.value) FILTER (WHERE kind = 'scrapped') AS scrapped_v,
           -sum(r.value) FILTER (WHERE kind = 'supplier_returned')
             AS supplier_returned_v,
           sum(r.qty) AS net_q, sum(r.value) AS net_v
      FROM stock_flow_day r CROSS JOIN d
     WHERE r.day <= d.hi
       AND r.warehouse_id IN (SELECT id FROM rpt_warehouses(in_f))
       AND r.sku_id IN (SELECT id FROM rpt_skus(in_f))
     GROUP BY 1, 2, 3),
  x AS (
    SELECT a.*,
           coalesce(sum(a.net_q) OVER p, 0) AS oq,
           coalesce(sum(a.net_v) OVER p, 0) AS ov,
           count(*) OVER (PARTITION BY a.warehouse_id, a.sku_id) AS n
      FROM a
    WINDOW p AS (PARTITION BY a.warehouse_id, a.sku_id
                 ORDER BY a.period NULLS FIRST
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
  SELECT coalesce(x.period, date_trunc(d.g, d.lo)::date), w.code, s.code,
         s.name, s.category,
         (CASE WHEN x.period IS NULL THEN x.net_q ELSE x.oq END)::bigint,
         coalesce(f.received, 0)::bigint, coalesce(f.returned, 0)::bigint,
         coalesce(f.shipped, 0)::bigint, coalesce(f.adjusted, 0)::bigint,
         coalesce(f.transfer_in, 0)::bigint,
         coalesce(f.transfer_out, 0)::bigint,
         coalesce(f.scrapped, 0)::bigint,
         coalesce(f.supplier_returned, 0)::bigint,
         (x.oq + x.net_q)::bigint,
         round(CASE WHEN x.period IS NULL THEN x.net_v ELSE x.ov END, 2),
         round(coalesce(f.received_v, 0), 2),
         round(coalesce(f.returned_v, 0), 2),
         round(coalesce(f.shipped_v, 0), 2),
         round(coalesce(f.adjusted_v, 0), 2),
         round(coalesce(f.transfer_in_v, 0), 2),
         round(coalesce(f.transfer_out_v, 0), 2),
         round(coalesce(f.scrapped_v, 0), 2),
         round(coalesce(f.supplier_returned_v, 0), 2),
         round(x.ov + x.net_v, 2)
    FROM x CROSS JOIN d
    -- The opening row's own flows are before `from`: not this report's.
    LEFT JOIN LATERAL (SELECT x.received, x.returned, x.shipped, x.adjusted,
                              x.transfer_in, x.transfer_out, x.scrapped,
                              x.supplier_returned, x.received_v, x.returned_v,
                              x.shipped_v, x.adjusted_v, x.transfer_in_v,
                              x.transfer_out_v, x.scrapped_v,
                              x.supplier_returned_v
                        WHERE x.period IS NOT NULL) f ON true
    JOIN warehouse w ON w.id = x.warehouse_id JOIN sku s ON s.id = x.sku_id
   WHERE x.period IS NOT NULL
      OR (x.n = 1 AND (x.net_q <> 0 OR x.net_v <> 0))
   ORDER BY 1, 2, 3
$f$;

-- Valuation at the end of day `at`: units on hand and their value from the
-- rollup (each move valued at the cost that applied when it was made),
-- per sku, category or warehouse.
CREATE OR REPLACE FUNCTION rpt_inventory(in_f jsonb)
RETURNS TABLE (warehouse text, sku text, name text, category text,
  on_hand bigint, value numeric, unit_cost numeric)
LANGUAGE sql STABLE AS $f$
  WITH t AS (
    SELECT r.warehouse_id, r.sku_id, sum(r.qty) AS q, sum(r.value) AS v
      FROM stock_flow_day r
     WHERE r.day <= coalesce((in_f->>'at')::date, current_date)
       AND r.warehouse_id IN (SELECT id FROM rpt_warehouses(in_f))
       AND r.sku_id IN (SELECT id FROM rpt_skus(in_f))
     GROUP BY 1, 2 HAVING sum(r.qty) <> 0 OR sum(r.value) <> 0),
  k AS (
    SELECT w.code AS warehouse,
           CASE WHEN coalesce(in_f->>'by', 'sku') = 'sku' THEN s.code END
             AS sku,
           CASE WHEN coalesce(in_f->>'by', 'sku') = 'sku' THEN s.name END
             AS name,
           CASE WHEN coalesce(in_f->>'by', 'sku') IN ('sku', 'category')
                THEN s.category END AS category,
           t.q, t.v
      FROM t JOIN warehouse w ON w.id = t.warehouse_id
      JOIN sku s ON s.id = t.sku_id)
  SELECT warehouse, sku, name, category, sum(q)::bigint, round(sum(v), 2),
         CASE WHEN sum(q) > 0 THEN round(sum(v) / sum(q), 4) END
    FROM k GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4
$f$;

-- Valuation at the end of day `at` per warehouse and stock owner (issue 23:
-- a SKU's owner is the owner of its units), from the same rollup as
-- rpt_inventory, so an owner's rows add up to its SKUs' rows there.
CREATE OR REPLACE FUNCTION rpt_inventory_owners(in_f jsonb)
RETURNS TABLE (warehouse text, owner text, owner_name text, on_hand bigint,
  value numeric, unit_cost numeric)
LANGUAGE sql STABLE AS $f$
  WITH t AS (
    SELECT r.warehouse_id, r.sku_id, sum(r.qty) AS q, sum(r.value) AS v
      FROM stock_flow_day r
     WHERE r.day <= coalesce((in_f->>'at')::date, current_date)
       AND r.warehouse_id IN (SELECT id FROM rpt_warehouses(in_f))
       AND r.sku_id IN (SELECT id FROM rpt_skus(in_f))
     GROUP BY 1, 2 HAVING sum(r.qty) <> 0 OR sum(r.value) <> 0)
  SELECT w.code, o.code, o.name, sum(t.q)::bigint, round(sum(t.v), 2),
         CASE WHEN sum(t.q) > 0 THEN round(sum(t.v) / sum(t.q), 4) END
    FROM t JOIN warehouse w ON w.id = t.warehouse_id
    JOIN sku s ON s.id = t.sku_id JOIN owners o ON o.id = s.owner_id
   GROUP BY w.code, o.code, o.name ORDER BY 1, 2
$f$;

-- Aging and slow movers per warehouse and SKU: units on hand now by age
-- (days since each quant last went from empty to stocked, its in_date: the
-- receipt of that layer) in the buckets of in_f (default 30, 60, 90, 180
-- days: age_1 up to the first, age_2 up to the second, ..., the last
-- column past the last), the stock's value, the last day units shipped,
-- units shipped in the last `days` days (default 30) and the days of cover
-- they give; last shipments come from the rollup, not the ledger.
-- Read pair by pair in the report's order (the warehouse x SKU pairs
-- sorted first, then each pair's quants and rollup rows by index), so a
-- screen's page stops after its rows instead of aggregating every quant
-- and rollup row of the warehouse (make bench, 1M tier: 899 ms for the
-- set-wise form); the OFFSET 0 keeps the sorted pairs a subquery whose
-- order the plan carries. The bounds rise (web_report.c), so a quant's
-- bucket is the count of bounds under its age (width_bucket).
CREATE OR REPLACE FUNCTION rpt_aging(in_f jsonb)
RETURNS TABLE (warehouse text, sku text, name text, category text,
  on_hand bigint, value numeric, age_1 bigint, age_2 bigint, age_3 bigint,
  age_4 bigint, age_5 bigint, last_shipped date, days_since_sale integer,
  shipped_recent bigint, days_of_cover numeric, slow boolean)
LANGUAGE sql STABLE AS $f$
  WITH b AS (SELECT coalesce(array_agg(x::integer ORDER BY o), '{30,60,90,180}')
                 AS bounds,
               coalesce((in_f->>'days')::integer, 30) AS days
          FROM jsonb_array_elements_text(coalesce(in_f->'buckets', '[]'))
               WITH ORDINALITY AS e (x, o))
  SELECT p.wcode, p.scode, p.name, p.category, a.on_hand::bigint,
         round(coalesce(r.value, 0), 2), coalesce(a.a1, 0)::bigint,
         coalesce(a.a2, 0)::bigint, coalesce(a.a3, 0)::bigint,
         coalesce(a.a4, 0)::bigint, coalesce(a.a5, 0)::bigint,
         r.last_shipped, current_date - r.last_shipped,
         coalesce(r.recent, 0)::bigint,
         CASE WHEN coalesce(r.recent, 0) > 0
              THEN round(a.on_hand / (r.recent / (SELECT days FROM b)::numeric),
                         1) END,
         r.last_shipped IS NULL
           OR r.last_shipped <= current_date - (SELECT days FROM b)
    FROM (SELECT w.id AS wid, w.code AS wcode, s.id AS sid, s.code AS scode,
                 s.name, s.category
            FROM rpt_warehouses(in_f) w CROSS JOIN rpt_skus(in_f) s
           ORDER BY w.code, s.code OFFSET 0) p
    CROSS JOIN LATERAL (
      SELECT sum(x.on_hand) AS on_hand,
             sum(x.on_hand) FILTER (WHERE x.bucket = 1) AS a1,
             sum(x.on_hand) FILTER (WHERE x.bucket = 2) AS a2,
             sum(x.on_hand) FILTER (WHERE x.bucket = 3) AS a3,
             sum(x.on_hand) FILTER (WHERE x.bucket = 4) AS a4,
             sum(x.on_hand) FILTER (WHERE x.bucket = 5) AS a5
        FROM (SELECT q.on_hand,
                     width_bucket(current_date - q.in_date::date - 1,
                                  (SELECT bounds FROM b)) + 1 AS bucket
                FROM stock_quant q JOIN location l ON l.id = q.location_id
               WHERE q.sku_id = p.sid AND l.warehouse_id = p.wid
                 AND l.kind IN ('bin', 'tote') AND q.on_hand > 0) x
      HAVING sum(x.on_hand) > 0) a
    LEFT JOIN LATERAL (
      SELECT sum(r.value) AS value,
             max(r.day) FILTER (WHERE r.kind = 'shipped') AS last_shipped,
             -sum(r.qty) FILTER (
               WHERE r.kind = 'shipped'
                 AND r.day > current_date - (SELECT days FROM b)) AS recent
        FROM stock_flow_day r
       WHERE r.warehouse_id = p.wid AND r.sku_id = p.sid) r ON true
   ORDER BY 1, 2
$f$;

-- Lots near expiry: per warehouse, SKU and lot with units on hand, those
-- expiring within `days` days (default 90) or expired, soonest first, with
-- the days left (negative: expired) and the bins holding them.
CREATE OR REPLACE FUNCTION rpt_expiry(in_f jsonb)
RETURNS TABLE (warehouse text, sku text, name text, lot text, expiry date,
  days_left integer, on_hand bigint, bins text)
LANGUAGE sql STABLE AS $f$
  SELECT w.code, s.code, s.name, t.code, t.expiry, t.expiry - current_date,
         sum(q.on_hand)::bigint,
         string_agg(DISTINCT l.code, ' ' ORDER BY l.code)
    FROM stock_quant q JOIN lot t ON t.id = q.lot_id
    JOIN location l ON l.id = q.location_id AND l.kind IN ('bin', 'tote')
    JOIN rpt_warehouses(in_f) w ON w.id = l.warehouse_id
    JOIN rpt_skus(in_f) s ON s.id = q.sku_id
   WHERE q.on_hand > 0 AND t.expiry IS NOT NULL
     AND t.expiry <= current_date + coalesce((in_f->>'days')::integer, 90)
   GROUP BY w.code, s.code, s.name, t.code, t.expiry
   ORDER BY t.expiry, w.code, s.code, t.code
$f$;

-- Valuation by bin (and tote) at the end of day `at` (default today): each
-- bin's units of each SKU, its quants now walked back by the moves since
-- (sql/migrations/0156), valued at the warehouse's cost of the SKU then
-- (its value over its units in stock_flow_day, as by=sku reports it): a
-- bin's value is its share of the warehouse's, so the bins of a warehouse
-- and SKU add up to its by=sku row (to the cent, but for rounding).
CREATE OR REPLACE FUNCTION rpt_inventory_bins(in_f jsonb)
RETURNS TABLE (warehouse text, bin text, sku text, name text,
  category text, on_hand bigint, value numeric, unit_cost numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS NOT MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  s AS NOT MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  d AS (SELECT coalesce((in_f->>'at')::date, current_date) AS at),
  since AS (SELECT ((SELECT at FROM d) + 1)::timestamptz AS t),
  q AS (
    SELECT q.location_id AS loc, q.sku_id, sum(q.on_hand) AS n
      FROM stock_quant q JOIN location l ON l.id = q.location_id
     WHERE l.kind IN ('bin', 'tote') AND l.warehouse_id IN (SELECT id FROM w)
       AND q.sku_id IN (SELECT id FROM s)
     GROUP BY 1, 2),
  m AS (
    SELECT loc, sku_id, sum(dq) AS n FROM (
      SELECT to_location_id AS loc, sku_id, -qty AS dq FROM stock_move
       WHERE created_at >= (SELECT t FROM since)
      UNION ALL
      SELECT from_location_id, sku_id, qty FROM stock_move
       WHERE created_at >= (SELECT t FROM since)) x
     WHERE sku_id IN (SELECT id FROM s)
     GROUP BY 1, 2),
  b AS (
    SELECT coalesce(q.loc, m.loc) AS loc, coalesce(q.sku_id, m.sku_id) AS sku_id,
           coalesce(q.n, 0) + coalesce(m.n, 0) AS n
      FROM q FULL JOIN m ON m.loc = q.loc AND m.sku_id = q.sku_id),
  c AS (
    SELECT r.warehouse_id, r.sku_id, sum(r.value) / sum(r.qty) AS cost
      FROM stock_flow_day r
     WHERE r.warehouse_id IN (SELECT id FROM w)
       AND r.sku_id IN (SELECT id FROM s)
       AND r.day <= (SELECT at FROM d)
     GROUP BY 1, 2 HAVING sum(r.qty) > 0)
  SELECT w.code, l.code, s.code, s.name, s.category, b.n::bigint,
         round(b.n * c.cost, 2), round(c.cost, 4)
    FROM b JOIN location l ON l.id = b.loc AND l.kind IN ('bin', 'tote')
    JOIN w ON w.id = l.warehouse_id JOIN s ON s.id = b.sku_id
    LEFT JOIN c ON c.warehouse_id = l.warehouse_id AND c.sku_id = b.sku_id
   WHERE b.n <> 0
   ORDER BY 1, 2, 3
$f$;

-- Valuation by bin today (by=bin without `at`): the rows of
-- rpt_inventory_bins at the current day, read bin by bin in the report's
-- order (the bins sorted first, then each bin's quants and each pair's
-- cost by index), so a screen's page stops after its rows instead of
-- valuing every quant of the warehouse and sorting them all (make bench,
-- 1M tier: 100k pairs in 50k bins). The OFFSET 0 keeps the sorted bins a
-- subquery whose order the plan can carry; a file still reads all rows.
-- No moves to walk back: the quants are today's stock.
CREATE OR REPLACE FUNCTION rpt_inventory_bins_now(in_f jsonb)
RETURNS TABLE (warehouse text, bin text, sku text, name text,
  category text, on_hand bigint, value numeric, unit_cost numeric)
LANGUAGE sql STABLE AS $f$
  SELECT b.wcode, b.lcode, s.code, s.name, s.category, q.n::bigint,
         round(q.n * c.cost, 2), round(c.cost, 4)
    FROM (SELECT w.id AS wid, w.code AS wcode, l.id AS loc, l.code AS lcode
            FROM rpt_warehouses(in_f) w
            JOIN location l ON l.warehouse_id = w.id
                           AND l.kind IN ('bin', 'tote')
           ORDER BY w.code, l.code OFFSET 0) b
    CROSS JOIN LATERAL (
      SELECT q.sku_id, sum(q.on_hand) AS n FROM stock_quant q
       WHERE q.location_id = b.loc
       GROUP BY q.sku_id HAVING sum(q.on_hand) <> 0) q
    JOIN rpt_skus(in_f) s ON s.id = q.sku_id
    LEFT JOIN LATERAL (
      SELECT sum(r.value) / sum(r.qty) AS cost FROM stock_flow_day r
       WHERE r.warehouse_id = b.wid AND r.sku_id = q.sku_id
         AND r.day <= current_date
      HAVING sum(r.qty) > 0) c ON true
   ORDER BY 1, 2, 3
$f$;
