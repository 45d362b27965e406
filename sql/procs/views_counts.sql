-- JSON documents of cycle counts: the lead's full view and the counter's
-- blind view (bins to count, never the expected quantities).
CREATE OR REPLACE VIEW stock_count_doc AS
SELECT c.id, c.warehouse_id,
  json_build_object(
    'id', c.id, 'warehouse', w.code, 'state', c.state,
    'threshold', c.threshold, 'note', c.note,
    'created_at', to_char(c.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'bins', (SELECT coalesce(json_agg(json_build_object('bin', l.code,
               'state', b.state) ORDER BY l.pick_sequence, l.code), '[]')
               FROM stock_count_bin b JOIN location l ON l.id = b.bin_id
              WHERE b.count_id = c.id),
    'lines', (SELECT coalesce(json_agg(json_build_object('id', cl.id,
                'bin', l.code, 'sku', s.code, 'lot', t.code,
                'counted', cl.counted, 'expected', cl.expected,
                'variance', cl.counted - cl.expected, 'state', cl.state)
                ORDER BY l.pick_sequence, l.code, s.code, cl.id), '[]')
               FROM stock_count_line cl JOIN location l ON l.id = cl.bin_id
               JOIN sku s ON s.id = cl.sku_id LEFT JOIN lot t ON t.id = cl.lot_id
              WHERE cl.count_id = c.id)) AS doc,
  json_build_object(
    'id', c.id, 'warehouse', w.code, 'state', c.state,
    'bins', (SELECT coalesce(json_agg(json_build_object('bin', l.code,
               'state', b.state) ORDER BY l.pick_sequence, l.code), '[]')
               FROM stock_count_bin b JOIN location l ON l.id = b.bin_id
              WHERE b.count_id = c.id AND b.state = 'pending')) AS blind
FROM stock_count c JOIN warehouse w ON w.id = c.warehouse_id;
COMMENT ON VIEW stock_count_doc IS
  'doc: the lead''s view of a count; blind: the counter''s, without quantities';
