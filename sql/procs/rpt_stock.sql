-- Stock reports (issue 21) read the per-day rollup stock_flow_day
-- (migration 0150), never stock_move. Filters: rpt_common.sql.

-- 进销存: per warehouse, SKU and period (day or month) of [from, to], the
-- opening stock, each kind of flow and the closing stock, in units and
-- value. A pair appears in every period with a flow, and once (the first
-- period) when it had stock but no flow; each opening is the previous
-- period's closing, and the last closing is the stock at the end of `to`.
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
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'group', 'day') AS g),
  r AS (
    SELECT r.* FROM stock_flow_day r
     WHERE r.warehouse_id IN (SELECT id FROM w)
       AND r.sku_id IN (SELECT id FROM s)
       AND r.day <= (SELECT hi FROM d)),
  op AS (
    SELECT warehouse_id, sku_id, sum(qty) AS q, sum(value) AS v FROM r
     WHERE day < (SELECT lo FROM d) GROUP BY 1, 2),
  fl AS (
    SELECT warehouse_id, sku_id,
           date_trunc((SELECT g FROM d), day)::date AS period,
           sum(qty) FILTER (WHERE kind = 'received') AS received,
           sum(qty) FILTER (WHERE kind = 'returned') AS returned,
           -sum(qty) FILTER (WHERE kind = 'shipped') AS shipped,
           sum(qty) FILTER (WHERE kind = 'adjusted') AS adjusted,
           sum(qty) FILTER (WHERE kind = 'transfer_in') AS transfer_in,
           -sum(qty) FILTER (WHERE kind = 'transfer_out') AS transfer_out,
           -sum(qty) FILTER (WHERE kind = 'scrapped') AS scrapped,
           -sum(qty) FILTER (WHERE kind = 'supplier_returned')
             AS supplier_returned,
           sum(value) FILTER (WHERE kind = 'received') AS received_v,
           sum(value) FILTER (WHERE kind = 'returned') AS returned_v,
           -sum(value) FILTER (WHERE kind = 'shipped') AS shipped_v,
           sum(value) FILTER (WHERE kind = 'adjusted') AS adjusted_v,
           sum(value) FILTER (WHERE kind = 'transfer_in') AS transfer_in_v,
           -sum(value) FILTER (WHERE kind = 'transfer_out') AS transfer_out_v,
           -sum(value) FILTER (WHERE kind = 'scrapped') AS scrapped_v,
           -sum(value) FILTER (WHERE kind = 'supplier_returned')
             AS supplier_returned_v,
           sum(qty) AS net_q, sum(value) AS net_v
      FROM r WHERE day >= (SELECT lo FROM d) GROUP BY 1, 2, 3),
  -- Pairs with stock at the start and no flow: one row, first period.
  still AS (
    SELECT op.warehouse_id, op.sku_id,
           date_trunc((SELECT g FROM d), (SELECT lo FROM d))::date AS period
      FROM op
     WHERE (op.q <> 0 OR op.v <> 0)
       AND NOT EXISTS (SELECT 1 FROM fl WHERE fl.warehouse_id = op.warehouse_id
                          AND fl.sku_id = op.sku_id)),
  x AS (
    SELECT fl.*, coalesce(op.q, 0) + coalesce(sum(fl.net_q) OVER p, 0) AS oq,
           coalesce(op.v, 0) + coalesce(sum(fl.net_v) OVER p, 0) AS ov
      FROM fl LEFT JOIN op USING (warehouse_id, sku_id)
    WINDOW p AS (PARTITION BY fl.warehouse_id, fl.sku_id ORDER BY fl.period
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    UNION ALL
    SELECT st.warehouse_id, st.sku_id, st.period, 0, 0, 0, 0, 0, 0, 0, 0,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 0, op.q, op.v
      FROM still st JOIN op USING (warehouse_id, sku_id))
  SELECT x.period, w.code, s.code, s.name, s.category, x.oq::bigint,
         coalesce(x.received, 0)::bigint, coalesce(x.returned, 0)::bigint,
         coalesce(x.shipped, 0)::bigint, coalesce(x.adjusted, 0)::bigint,
         coalesce(x.transfer_in, 0)::bigint,
         coalesce(x.transfer_out, 0)::bigint,
         coalesce(x.scrapped, 0)::bigint,
         coalesce(x.supplier_returned, 0)::bigint,
         (x.oq + x.net_q)::bigint,
         round(x.ov, 2), round(coalesce(x.received_v, 0), 2),
         round(coalesce(x.returned_v, 0), 2),
         round(coalesce(x.shipped_v, 0), 2),
         round(coalesce(x.adjusted_v, 0), 2),
         round(coalesce(x.transfer_in_v, 0), 2),
         round(coalesce(x.transfer_out_v, 0), 2),
         round(coalesce(x.scrapped_v, 0), 2),
         round(coalesce(x.supplier_returned_v, 0), 2),
         round(x.ov + x.net_v, 2)
    FROM x JOIN w ON w.id = x.warehouse_id JOIN s ON s.id = x.sku_id
   ORDER BY x.period, w.code, s.code
$f$;

-- Valuation at the end of day `at`: units on hand and their value from the
-- rollup (each move valued at the cost that applied when it was made),
-- per sku, category or warehouse.
CREATE OR REPLACE FUNCTION rpt_inventory(in_f jsonb)
RETURNS TABLE (warehouse text, sku text, name text, category text,
  on_hand bigint, value numeric, unit_cost numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  b AS (SELECT coalesce(in_f->>'by', 'sku') AS kby),
  t AS (
    SELECT r.warehouse_id, r.sku_id, sum(r.qty) AS q, sum(r.value) AS v
      FROM stock_flow_day r
     WHERE r.warehouse_id IN (SELECT id FROM w)
       AND r.sku_id IN (SELECT id FROM s)
       AND r.day <= coalesce((in_f->>'at')::date, current_date)
     GROUP BY 1, 2 HAVING sum(r.qty) <> 0 OR sum(r.value) <> 0),
  k AS (
    SELECT w.code AS warehouse,
           CASE WHEN (SELECT kby FROM b) = 'sku' THEN s.code END AS sku,
           CASE WHEN (SELECT kby FROM b) = 'sku' THEN s.name END AS name,
           CASE WHEN (SELECT kby FROM b) IN ('sku', 'category')
                THEN s.category END AS category,
           t.q, t.v
      FROM t JOIN w ON w.id = t.warehouse_id JOIN s ON s.id = t.sku_id)
  SELECT warehouse, sku, name, category, sum(q)::bigint, round(sum(v), 2),
         CASE WHEN sum(q) > 0 THEN round(sum(v) / sum(q), 4) END
    FROM k GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4
$f$;
