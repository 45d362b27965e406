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
-- first: the low-stock list and the dashboard's alerts.
CREATE OR REPLACE FUNCTION stock_low_docs(in_wh text) RETURNS SETOF json
LANGUAGE sql STABLE AS $f$
  SELECT x.doc FROM (
    SELECT s.code AS sku, p.reorder_point - (coalesce(a.available, 0)
             + coalesce(a.in_transit, 0)) AS shortfall,
           json_build_object('sku', s.code, 'name', s.name,
             'warehouse', w.code, 'available', coalesce(a.available, 0),
             'in_transit', coalesce(a.in_transit, 0),
             'reorder_point', p.reorder_point,
             'safety_stock', p.safety_stock,
             'shortfall', p.reorder_point - (coalesce(a.available, 0)
               + coalesce(a.in_transit, 0))) AS doc
      FROM sku_warehouse p JOIN sku s ON s.id = p.sku_id
      JOIN warehouse w ON w.id = p.warehouse_id
      LEFT JOIN LATERAL (
        SELECT sum(q.on_hand - q.reserved) FILTER (WHERE l.kind = 'bin')
                 AS available,
               coalesce(sum(q.on_hand) FILTER (WHERE l.kind = 'in_transit'),
                        0) + pur_on_order(p.sku_id, p.warehouse_id)
                 AS in_transit
          FROM stock_quant q JOIN location l ON l.id = q.location_id
         WHERE q.sku_id = p.sku_id AND l.warehouse_id = p.warehouse_id) a
        ON true
     WHERE p.reorder_point IS NOT NULL AND s.active
       AND (in_wh IS NULL OR w.code = in_wh)
       AND coalesce(a.available, 0) + coalesce(a.in_transit, 0)
             < p.reorder_point) x
   ORDER BY x.shortfall DESC, x.sku
$f$;
