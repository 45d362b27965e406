-- JSON documents of replenishment rules and tasks.
CREATE OR REPLACE VIEW replenish_task_doc AS
SELECT t.id, t.warehouse_id, t.state, fb.pick_sequence,
  json_build_object('id', t.id, 'sku', s.code, 'name', s.name,
    'lot', lt.code, 'from_bin', fb.code, 'to_bin', tb.code, 'qty', t.qty,
    'state', t.state, 'reason', t.reason,
    'created_at', to_char(t.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"')) AS doc
FROM replenish_task t
JOIN sku s ON s.id = t.sku_id
LEFT JOIN lot lt ON lt.id = t.lot_id
JOIN location fb ON fb.id = t.from_bin_id
JOIN location tb ON tb.id = t.to_bin_id;
COMMENT ON VIEW replenish_task_doc IS 'API document of each replenishment task';

CREATE OR REPLACE VIEW replenish_rule_doc AS
SELECT r.id, r.warehouse_id, l.code AS bin_code, s.code AS sku_code,
  json_build_object('id', r.id, 'sku', s.code, 'bin', l.code,
    'min', r.min_qty, 'max', r.max_qty,
    'on_hand', (SELECT coalesce(sum(q.on_hand), 0) FROM stock_quant q
                 WHERE q.sku_id = r.sku_id AND q.location_id = r.bin_id))
    AS doc
FROM replenish_rule r
JOIN sku s ON s.id = r.sku_id
JOIN location l ON l.id = r.bin_id;
COMMENT ON VIEW replenish_rule_doc IS 'API document of each replenishment rule';
