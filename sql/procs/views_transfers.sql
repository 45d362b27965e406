-- JSON documents of transfers.
CREATE OR REPLACE VIEW stock_transfer_doc AS
SELECT t.id, t.state, t.from_warehouse_id, t.to_warehouse_id,
  json_build_object('id', t.id, 'sku', s.code, 'lot', l.code, 'qty', t.qty,
    'freight', t.freight::text,
    'from_warehouse', wf.code, 'to_warehouse', wt.code, 'state', t.state,
    'created_at', to_char(t.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'received_at', to_char(t.received_at AT TIME ZONE 'UTC',
                           'YYYY-MM-DD"T"HH24:MI:SS"Z"')) AS doc
FROM stock_transfer t
JOIN sku s ON s.id = t.sku_id
LEFT JOIN lot l ON l.id = t.lot_id
JOIN warehouse wf ON wf.id = t.from_warehouse_id
JOIN warehouse wt ON wt.id = t.to_warehouse_id;
COMMENT ON VIEW stock_transfer_doc IS 'API document of each transfer';
