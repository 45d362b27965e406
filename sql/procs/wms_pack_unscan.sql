-- Taking units back out of an open carton, so that a packer can move them
-- into another carton of the same shipment (scan them out here, then into
-- the other one). The units stay in the totes and count as not packed
-- again. A carton left empty is removed (it was never printed: only a
-- closed carton has a label), unless an exception names it.
CREATE OR REPLACE FUNCTION wms_carton_unscan(in_carton bigint, in_code text,
  in_gtin text, in_lot text, in_qty bigint, in_key text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'unscan', 'carton', in_carton,
                                  'code', in_code, 'qty', in_qty);
  lk record;
  item record;
  have record;
  units bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO lk FROM wms_carton_lock(in_carton);
  -- A replay may find the carton gone (removed when this emptied it): its
  -- shipment is then the one the first answer was recorded under (read
  -- from the answer's month, which floor_scan_key names).
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'pack',
      coalesce((lk.out_carton).shipment_id,
               (SELECT f.ref_id FROM floor_scan_key k
                  JOIN floor_scan f ON f.idempotency_key = k.idempotency_key
                   AND f.created_at = k.created_at
                 WHERE k.idempotency_key = in_key)),
      req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  IF lk.out_error IS NOT NULL THEN
    out_error := lk.out_error;
    RETURN;
  END IF;
  SELECT * INTO item FROM wms_resolve_item(btrim(in_code), in_gtin);
  units := coalesce(in_qty, 1) * coalesce(item.out_pack, 1);
  SELECT ci.*, t.code AS lot_code INTO have
    FROM carton_item ci LEFT JOIN lot t ON t.id = ci.lot_id
   WHERE ci.carton_id = in_carton AND ci.sku_id = item.out_sku_id
     AND (in_lot IS NULL OR t.code = in_lot)
   ORDER BY ci.qty DESC LIMIT 1 FOR UPDATE OF ci;
  IF NOT FOUND THEN
    out_error := 'wrong_item';
    out_field := 'code';
    out_detail := in_code || ' is not in carton ' || (lk.out_carton).seq;
    out_doc := jsonb_build_object('params', jsonb_build_object(
      'scanned', in_code, 'carton', (lk.out_carton).seq));
    RETURN;
  END IF;
  IF have.qty < units THEN
    out_error := 'out_of_range';
    out_field := 'qty';
    out_detail := 'the carton holds ' || have.qty || ', taking out ' || units;
    out_doc := jsonb_build_object('params', jsonb_build_object(
      'max', have.qty, 'units', units));
    RETURN;
  END IF;
  IF have.qty = units THEN
    DELETE FROM carton_item
     WHERE carton_id = in_carton AND sku_id = have.sku_id
       AND lot_id IS NOT DISTINCT FROM have.lot_id;
  ELSE
    UPDATE carton_item SET qty = qty - units
     WHERE carton_id = in_carton AND sku_id = have.sku_id
       AND lot_id IS NOT DISTINCT FROM have.lot_id;
  END IF;
  DELETE FROM carton c
   WHERE c.id = in_carton
     AND NOT EXISTS (SELECT 1 FROM carton_item WHERE carton_id = c.id)
     AND NOT EXISTS (SELECT 1 FROM fulfil_exception WHERE carton_id = c.id)
     AND NOT EXISTS (SELECT 1 FROM print_job WHERE carton_id = c.id);
  out_doc := wms_shipment_doc((lk.out_ship).id);
  PERFORM idem_record(in_key, 'pack', (lk.out_ship).id, req, out_doc);
END $$;
