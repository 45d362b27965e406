-- The print queue (print_job, migration 0081): jobs are queued by a
-- carton's close and by reprints, leased by the print workers of any
-- `depot serve` with SKIP LOCKED, and end printed or failed.

-- A job as the API shows it (never its payload: a label holds an address).
CREATE OR REPLACE FUNCTION wms_print_job_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', j.id, 'station', j.station,
    'warehouse', w.code, 'printer', j.printer, 'kind', j.kind,
    'state', j.state, 'attempts', j.attempts,
    'next_try_at', CASE WHEN j.state = 'queued' THEN j.next_try_at END,
    'last_error', j.last_error, 'carton', j.carton_id,
    'sscc', c.sscc, 'shipment', j.shipment_id, 'order', o.external_id,
    'bytes', octet_length(j.payload), 'created_at', j.created_at,
    'printed_at', j.printed_at)
    FROM print_job j JOIN warehouse w ON w.id = j.warehouse_id
    LEFT JOIN carton c ON c.id = j.carton_id
    LEFT JOIN shipment s ON s.id = j.shipment_id
    LEFT JOIN sales_order o ON o.id = s.order_id
   WHERE j.id = in_id
$f$;

-- Queues in_payload for the printer of the station carton in_carton is
-- packed at, in the closing transaction. Returns the job, or NULL when the
-- station has no printer (or the shipment no station).
CREATE OR REPLACE FUNCTION wms_print_queue_label(in_carton bigint,
  in_payload text, in_user bigint) RETURNS bigint
LANGUAGE sql AS $f$
  INSERT INTO print_job (warehouse_id, station, printer, kind, payload,
    carton_id, shipment_id, created_by)
  SELECT st.warehouse_id, st.code, st.printer, 'label', in_payload, c.id,
         sh.id, in_user
    FROM carton c JOIN shipment sh ON sh.id = c.shipment_id
    JOIN station st ON st.code = sh.station
   WHERE c.id = in_carton AND st.printer <> ''
  RETURNING id
$f$;

-- Queues carton in_carton's label again, for station in_station (NULL: the
-- one it was packed at), under idempotency key in_key (NULL: none): the
-- same key again returns the same job (out_replayed).
CREATE OR REPLACE FUNCTION wms_print_reprint(in_carton bigint,
  in_station text, in_key text, in_user bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  c record;
  st station%ROWTYPE;
  jid bigint;
  v_carton bigint;
BEGIN
  out_replayed := false;
  SELECT id, carton_id INTO jid, v_carton FROM print_job
   WHERE idempotency_key = in_key;
  IF jid IS NOT NULL THEN
    IF v_carton IS DISTINCT FROM in_carton THEN
      out_error := 'idempotency_conflict';
      out_field := 'idempotency_key';
      RETURN;
    END IF;
    out_doc := wms_print_job_doc(jid);
    out_replayed := true;
    RETURN;
  END IF;
  SELECT k.id, k.label_zpl, k.shipment_id, sh.station, sh.warehouse_id
    INTO c
    FROM carton k JOIN shipment sh ON sh.id = k.shipment_id
   WHERE k.id = in_carton;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF c.label_zpl IS NULL THEN
    out_error := 'carton_not_closed';
    out_detail := 'carton ' || in_carton || ' is still open: close it first';
    RETURN;
  END IF;
  SELECT * INTO st FROM station
   WHERE code = coalesce(upper(in_station), c.station)
     AND warehouse_id = c.warehouse_id;
  IF NOT FOUND THEN
    out_error := 'unknown_station';
    out_field := 'station';
    out_detail := CASE WHEN in_station IS NULL
      THEN 'the carton was packed at no station: name one'
      ELSE 'no station ' || in_station || ' in the carton''s warehouse' END;
    RETURN;
  END IF;
  IF st.printer = '' THEN
    out_error := 'no_printer';
    out_field := CASE WHEN in_station IS NOT NULL THEN 'station' END;
    out_detail := 'station ' || st.code || ' has no printer';
    RETURN;
  END IF;
  INSERT INTO print_job (warehouse_id, station, printer, kind, payload,
    carton_id, shipment_id, idempotency_key, created_by)
  VALUES (st.warehouse_id, st.code, st.printer, 'reprint', c.label_zpl, c.id,
    c.shipment_id, in_key, in_user)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id INTO jid;
  IF jid IS NULL THEN
    -- A concurrent request with the key committed first: answer its job.
    SELECT r.* INTO out_error, out_field, out_detail, out_doc, out_replayed
      FROM wms_print_reprint(in_carton, in_station, in_key, in_user) r;
    RETURN;
  END IF;
  out_doc := wms_print_job_doc(jid);
END $$;

-- Jobs newest first: of station in_station and warehouse in_wh (NULL:
-- any), only in warehouses in_allowed (NULL: all), in state in_state
-- (NULL: any), older than id in_before; at most in_limit.
CREATE OR REPLACE FUNCTION wms_print_list(in_station text, in_wh text,
  in_allowed text[], in_state text, in_before bigint, in_limit integer)
RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(wms_print_job_doc(x.id) ORDER BY x.id DESC), '[]')
    FROM (SELECT j.id FROM print_job j JOIN warehouse w ON w.id = j.warehouse_id
           WHERE (in_station IS NULL OR j.station = upper(in_station))
             AND (in_wh IS NULL OR w.code = in_wh)
             AND (in_allowed IS NULL OR w.code = ANY (in_allowed))
             AND (in_state IS NULL OR j.state = in_state)
             AND (in_before IS NULL OR j.id < in_before)
           ORDER BY j.id DESC LIMIT in_limit) x
$f$;

-- Queues labels (in_payload: ZPL built in C from the codes the caller
-- chose, bin or SKU labels) for station in_station's printer, under
-- idempotency key in_key (NULL: none; the same key again answers the same
-- job). Refusals: unknown_station, no_printer.
CREATE OR REPLACE FUNCTION wms_print_queue_labels(in_station text,
  in_payload text, in_key text, in_user bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  st station%ROWTYPE;
  jid bigint;
BEGIN
  out_replayed := false;
  PERFORM idem_lock(in_key);
  SELECT id INTO jid FROM print_job WHERE idempotency_key = in_key;
  IF jid IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM print_job WHERE id = jid
                      AND station = upper(in_station)
                      AND payload = in_payload) THEN
      out_error := 'idempotency_conflict';
      out_field := 'idempotency_key';
      RETURN;
    END IF;
    out_doc := wms_print_job_doc(jid);
    out_replayed := true;
    RETURN;
  END IF;
  SELECT * INTO st FROM station WHERE code = upper(in_station);
  IF NOT FOUND THEN
    out_error := 'unknown_station';
    RETURN;
  END IF;
  IF st.printer = '' THEN
    out_error := 'no_printer';
    out_detail := 'station ' || st.code || ' has no printer';
    RETURN;
  END IF;
  INSERT INTO print_job (warehouse_id, station, printer, kind, payload,
    idempotency_key, created_by)
  VALUES (st.warehouse_id, st.code, st.printer, 'labels', in_payload, in_key,
    in_user)
  RETURNING id INTO jid;
  out_doc := wms_print_job_doc(jid);
END $$;
