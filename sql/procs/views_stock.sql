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
