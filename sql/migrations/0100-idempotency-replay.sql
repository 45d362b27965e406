-- One replay store for the procedures of the text contract: receipts and
-- supplier returns now keep their answers in floor_scan, like pick, pack,
-- ship and exception resolutions (idem_replay in
-- sql/procs/wms_fulfil_common.sql). Answers given before keep replaying:
-- they are copied with a request of JSON null, which matches any request
-- of the same kind and reference (their bodies were not kept).
INSERT INTO floor_scan (idempotency_key, kind, ref_id, request, response)
SELECT idempotency_key, 'receive', po_id, 'null'::jsonb, response
  FROM receipt
 WHERE idempotency_key IS NOT NULL AND response IS NOT NULL
ON CONFLICT (idempotency_key) DO NOTHING;

INSERT INTO floor_scan (idempotency_key, kind, ref_id, request, response)
SELECT idempotency_key, 'supplier_return', 0, 'null'::jsonb, response
  FROM supplier_return
 WHERE idempotency_key IS NOT NULL AND response IS NOT NULL
ON CONFLICT (idempotency_key) DO NOTHING;

COMMENT ON TABLE floor_scan IS
  'Answers of idempotent procedures by key (pick, pack, ship, exception '
  'resolutions, receipts, supplier returns): a retry with the same body '
  'gets the first answer and changes nothing; another body is a conflict';
