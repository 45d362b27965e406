-- Exports of lists (issue 21, item 9) as reports, so they stream through
-- the reports' file writer (web/web_report_file.c: CSV or XLSX in constant
-- memory): GET /api/v1/stock/export and GET /api/v1/purchase-orders/export.
-- Filters as the reports take them (rpt_common.sql).

-- The stock list per bin (and tote), SKU and lot: on hand, reserved,
-- available; no costs (a reader of stock may not read costs). Filters:
-- warehouse, allowed, sku, bin, lot.
CREATE OR REPLACE FUNCTION rpt_stock_list(in_f jsonb)
RETURNS TABLE (warehouse text, bin text, sku text, name text, lot text,
  expiry date, on_hand bigint, reserved bigint, available bigint)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f))
  SELECT w.code, l.code, s.code, s.name, t.code, t.expiry, q.on_hand,
         q.reserved, q.on_hand - q.reserved
    FROM stock_quant q
    JOIN location l ON l.id = q.location_id AND l.kind IN ('bin', 'tote')
    JOIN w ON w.id = l.warehouse_id
    JOIN s ON s.id = q.sku_id
    LEFT JOIN lot t ON t.id = q.lot_id
   WHERE (q.on_hand <> 0 OR q.reserved <> 0)
     AND (in_f->>'bin' IS NULL OR l.code = upper(in_f->>'bin'))
     AND (in_f->>'lot' IS NULL OR t.code = in_f->>'lot')
   ORDER BY w.code, l.code, s.code, t.code NULLS FIRST
$f$;

-- The purchase order list, one row per PO: supplier, warehouse, state,
-- currency, its total at PO cost, units ordered and received, the
-- earliest expected date and when it was made and sent. Filters:
-- supplier, state, warehouse, allowed, only_supplier (a supplier key).
CREATE OR REPLACE FUNCTION rpt_po_list(in_f jsonb)
RETURNS TABLE (po text, supplier text, supplier_name text, warehouse text,
  state text, currency text, total numeric, lines bigint, ordered bigint,
  received bigint, expected date, created date, sent date)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  sp AS MATERIALIZED (SELECT * FROM rpt_suppliers(in_f))
  SELECT po.number, sp.code, sp.name, w.code, po.state, po.currency,
         coalesce(l.total, 0)::numeric(14, 2), coalesce(l.n, 0)::bigint,
         coalesce(l.ordered, 0)::bigint, coalesce(l.received, 0)::bigint,
         l.expected, po.created_at::date, po.sent_at::date
    FROM purchase_order po
    JOIN w ON w.id = po.warehouse_id
    JOIN sp ON sp.id = po.supplier_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS n, sum(qty * unit_cost) AS total, sum(qty) AS ordered,
             sum(received_qty) AS received, min(expected_date) AS expected
        FROM po_line WHERE po_id = po.id) l ON true
   WHERE in_f->>'state' IS NULL OR po.state = in_f->>'state'
   ORDER BY po.id DESC
$f$;
