-- Queues the packing slip of shipment in_ship again (in_payload: its ZPL,
-- rendered by C from wms_packing_slip) for station in_station (NULL: the
-- one it was packed at), under idempotency key in_key (NULL: none): the
-- same key again returns the same job (out_replayed).
CREATE OR REPLACE FUNCTION wms_print_slip(in_ship bigint, in_station text,
  in_key text, in_user bigint, in_payload text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  sh shipment%ROWTYPE;
  st station%ROWTYPE;
  j print_job%ROWTYPE;
  jid bigint;
BEGIN
  out_replayed := false;
  IF in_key IS NOT NULL THEN
    PERFORM idem_lock(in_key);
    SELECT * INTO j FROM print_job WHERE idempotency_key = in_key;
    IF FOUND THEN
      IF j.carton_id IS NOT NULL OR j.shipment_id IS DISTINCT FROM in_ship THEN
        out_error := 'idempotency_conflict';
        out_field := 'idempotency_key';
        RETURN;
      END IF;
      out_doc := wms_print_job_doc(j.id);
      out_replayed := true;
      RETURN;
    END IF;
  END IF;
  SELECT * INTO sh FROM shipment WHERE id = in_ship;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  SELECT * INTO st FROM station
   WHERE code = coalesce(upper(in_station), sh.station)
     AND warehouse_id = sh.warehouse_id;
  IF NOT FOUND THEN
    out_error := 'unknown_station';
    out_field := 'station';
    RETURN;
  END IF;
  IF st.printer = '' THEN
    out_error := 'no_printer';
    out_field := CASE WHEN in_station IS NOT NULL THEN 'station' END;
    out_detail := 'station ' || st.code || ' has no printer';
    out_doc := jsonb_build_object('params',
                                  jsonb_build_object('station', st.code));
    RETURN;
  END IF;
  INSERT INTO print_job (warehouse_id, station, printer, kind, payload,
    shipment_id, idempotency_key, created_by)
  VALUES (st.warehouse_id, st.code, st.printer, 'reprint', in_payload,
    in_ship, in_key, in_user)
  RETURNING id INTO jid;
  out_doc := wms_print_job_doc(jid);
END $$;
