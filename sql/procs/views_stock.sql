-- JSON documents of reservations, with the bins and lots that hold them.
CREATE OR REPLACE VIEW reservation_doc AS
SELECT r.id,
  json_build_object(
    'id', r.id, 'warehouse', w.code, 'sku', s.code, 'qty', r.qty,
    'reference', r.reference, 'state', r.state,
    'lines', coalesce((
      SELECT json_agg(json_build_object('bin', l.code, 'lot', t.code,
                                        'expiry', t.expiry, 'qty', rl.qty)
                      ORDER BY l.pick_sequence, l.code)
        FROM reservation_line rl
        JOIN stock_quant q ON q.id = rl.quant_id
        JOIN location l ON l.id = q.location_id
        LEFT JOIN lot t ON t.id = q.lot_id
       WHERE rl.reservation_id = r.id), '[]'::json),
    'created_at', to_char(r.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"')) AS doc
FROM reservation r
JOIN warehouse w ON w.id = r.warehouse_id
JOIN sku s ON s.id = r.sku_id;
COMMENT ON VIEW reservation_doc IS 'API document of each reservation';

-- SKUs of warehouse @in_wh (a code; NULL: all) whose available plus
-- in-transit stock is below their reorder point, the largest shortfall
-- first: the low-stock list and the dashboard's alerts. Set-based (one
-- pass over the planned SKUs' quants and the open PO lines), not a
-- lookup per SKU.
CREATE OR REPLACE FUNCTION stock_low_docs(in_wh text) RETURNS SETOF json
LANGUAGE sql STABLE AS $f$
  WITH p AS (
    SELECT p.sku_id, p.warehouse_id, w.code AS wh, p.reorder_point,
           p.safety_stock
      FROM sku_warehouse p JOIN warehouse w ON w.id = p.warehouse_id
     WHERE p.reorder_point IS NOT NULL AND (in_wh IS NULL OR w.code = in_wh)),
  q AS (
    SELECT q.sku_id, l.warehouse_id,
           sum(q.on_hand - q.reserved) FILTER (WHERE l.kind = 'bin')
             AS available,
           sum(q.on_hand) FILTER (WHERE l.kind = 'in_transit') AS transit
      FROM p JOIN stock_quant q ON q.sku_id = p.sku_id
      JOIN location l ON l.id = q.location_id
       AND l.warehouse_id = p.warehouse_id
     GROUP BY 1, 2),
  o AS (
    SELECT pl.sku_id, po.warehouse_id,
           sum(greatest(pl.qty - pl.received_qty - pl.damaged_qty, 0))
             AS on_order
      FROM purchase_order po JOIN po_line pl ON pl.po_id = po.id
     WHERE po.state IN ('approved', 'sent', 'partially_received')
     GROUP BY 1, 2),
  x AS (
    SELECT s.code AS sku, s.name, p.wh, p.reorder_point, p.safety_stock,
           coalesce(q.available, 0) AS available,
           coalesce(q.transit, 0) + coalesce(o.on_order, 0) AS in_transit
      FROM p JOIN sku s ON s.id = p.sku_id AND s.active
      LEFT JOIN q ON q.sku_id = p.sku_id AND q.warehouse_id = p.warehouse_id
      LEFT JOIN o ON o.sku_id = p.sku_id AND o.warehouse_id = p.warehouse_id)
  SELECT json_build_object('sku', sku, 'name', name, 'warehouse', wh,
           'available', available, 'in_transit', in_transit,
           'reorder_point', reorder_point, 'safety_stock', safety_stock,
           'shortfall', reorder_point - (available + in_transit))
    FROM x WHERE available + in_transit < reorder_point
   ORDER BY reorder_point - (available + in_transit) DESC, sku
$f$;
