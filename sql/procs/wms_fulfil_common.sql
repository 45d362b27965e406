-- Shared pieces of fulfilment: check digits, SSCCs, tracking numbers,
-- business days, what a scanned item is, and the replay store of floor
-- scans.
--
-- Floor procedures report refusals in out_error (a wire error code), with
-- out_field and out_detail; the caller rolls the transaction back, so a
-- refusal writes nothing. On success out_doc tells the terminal what to do
-- next, and out_replayed says it is the stored answer of an earlier scan.

-- GS1 mod-10 check digit of a digit string (weights 3, 1 from the right).
CREATE OR REPLACE FUNCTION wms_gs1_check_digit(in_digits text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  total integer := 0;
  n integer := length(in_digits);
BEGIN
  FOR i IN 1 .. n LOOP
    total := total + substr(in_digits, n - i + 1, 1)::integer *
             CASE WHEN i % 2 = 1 THEN 3 ELSE 1 END;
  END LOOP;
  RETURN (10 - total % 10) % 10;
END $$;

-- UPU S10 check digit of 8 serial digits.
CREATE OR REPLACE FUNCTION wms_s10_check_digit(in_digits text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  w integer[] := ARRAY[8, 6, 4, 2, 3, 5, 9, 7];
  total integer := 0;
  c integer;
BEGIN
  FOR i IN 1 .. 8 LOOP
    total := total + substr(in_digits, i, 1)::integer * w[i];
  END LOOP;
  c := 11 - total % 11;
  RETURN CASE c WHEN 10 THEN 0 WHEN 11 THEN 5 ELSE c END;
END $$;

-- The next SSCC (AI 00): extension digit, company prefix, serial, check.
CREATE OR REPLACE FUNCTION wms_next_sscc() RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  g gs1_company%ROWTYPE;
  body text;
BEGIN
  SELECT * INTO g FROM gs1_company;
  body := g.extension || g.company_prefix ||
          lpad(nextval('sscc_serial')::text, 16 - length(g.company_prefix), '0');
  RETURN body || wms_gs1_check_digit(body);
END $$;

-- Takes the next tracking number of carrier in_code from its range; NULL
-- when the range is used up.
CREATE OR REPLACE FUNCTION wms_next_tracking(in_code text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  c carrier%ROWTYPE;
  digits text;
BEGIN
  UPDATE carrier SET tracking_next = tracking_next + 1
   WHERE code = in_code AND tracking_next <= tracking_last
  RETURNING * INTO c;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  digits := lpad((c.tracking_next - 1)::text, c.tracking_digits, '0');
  RETURN c.tracking_prefix || digits ||
         CASE c.check_digit
           WHEN 'mod10' THEN wms_gs1_check_digit(digits)::text
           WHEN 's10' THEN wms_s10_check_digit(digits)::text
           ELSE '' END || c.tracking_suffix;
END $$;

-- The day in_days business days after in_from: weekends and holidays
-- are skipped.
CREATE OR REPLACE FUNCTION wms_add_business_days(in_from date, in_days integer)
RETURNS date
LANGUAGE plpgsql STABLE AS $$
DECLARE
  d date := in_from;
  left_days integer := in_days;
BEGIN
  WHILE left_days > 0 LOOP
    d := d + 1;
    IF extract(isodow FROM d) < 6
       AND NOT EXISTS (SELECT 1 FROM holiday WHERE day = d) THEN
      left_days := left_days - 1;
    END IF;
  END LOOP;
  RETURN d;
END $$;

-- What a scanned item code is: a barcode (by code, or GTIN from GS1 or
-- a bare 8/12/13/14-digit scan) with its pack quantity, else a SKU code.
CREATE OR REPLACE FUNCTION wms_resolve_item(in_code text, in_gtin text,
  OUT out_sku_id bigint, OUT out_pack bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT b.sku_id, b.pack_qty INTO out_sku_id, out_pack FROM barcode b
   WHERE b.code = in_code OR b.gtin14 = in_gtin
      OR (length(in_code) IN (8, 12, 13, 14) AND in_code ~ '^[0-9]+$'
          AND b.gtin14 = lpad(in_code, 14, '0'))
   LIMIT 1;
  IF out_sku_id IS NULL THEN
    SELECT id, 1 INTO out_sku_id, out_pack FROM sku WHERE code = in_code;
  END IF;
END $$;

-- Serializes the requests that carry idempotency key in_key (NULL: none)
-- until this transaction ends: a retry racing the first request waits for
-- it, then finds its answer instead of acting on the state it left.
CREATE OR REPLACE FUNCTION idem_lock(in_key text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF in_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('idem:' || in_key, 0));
  END IF;
END $$;

-- The one replay rule of procedures that answer in the text contract
-- (README, "Idempotency"). Takes key in_key's lock first, so a racing
-- retry waits for the first request and then reads its answer. Then:
--  * same key, same request (in_kind, in_ref, in_request): out_doc is the
--    first answer and out_replayed true;
--  * same key, another request: out_error 'idempotency_conflict' (409)
--    on field idempotency_key, and nothing else;
--  * a key not seen (or NULL): nothing; the procedure goes on and records
--    its answer with idem_record before it returns.
-- A stored request of JSON null (answers recorded before the request was
-- kept, migration 0100) matches any request of its kind and reference.
-- Every such procedure opens with the same four lines:
--   SELECT * INTO out_error, out_field, out_doc, out_replayed
--     FROM idem_replay(in_key, '<kind>', <ref>, req);
--   IF out_replayed OR out_error IS NOT NULL THEN
--     RETURN;
--   END IF;
-- A refusal rolls back, so only an answer binds a key.
DROP FUNCTION IF EXISTS wms_scan_replay(text, text, bigint, jsonb);
DROP FUNCTION IF EXISTS wms_scan_record(text, text, bigint, jsonb, jsonb);
CREATE OR REPLACE FUNCTION idem_replay(in_key text, in_kind text,
  in_ref bigint, in_request jsonb, OUT out_error text, OUT out_field text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s floor_scan%ROWTYPE;
  at timestamptz;
BEGIN
  out_replayed := false;
  IF in_key IS NULL THEN
    RETURN;
  END IF;
  PERFORM idem_lock(in_key);
  -- floor_scan is partitioned by month (migration 0430): the key table
  -- answers a new key with one index probe, and names the month of a
  -- stored one, so the answer is read from that one partition.
  SELECT created_at INTO at FROM floor_scan_key WHERE idempotency_key = in_key;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT * INTO s FROM floor_scan
   WHERE idempotency_key = in_key AND created_at = at;
  IF NOT FOUND THEN
    -- Its month was archived between the two reads: the key is released.
    RETURN;
  END IF;
  IF (s.kind, s.ref_id) IS DISTINCT FROM (in_kind, in_ref)
     OR (s.request <> 'null'::jsonb AND s.request IS DISTINCT FROM in_request)
  THEN
    out_error := 'idempotency_conflict';
    out_field := 'idempotency_key';
  ELSE
    out_doc := s.response;
    out_replayed := true;
    -- Synchronous replication (DEPOT_SYNC_REPLICA, docs/scale.md): a row
    -- is visible here as soon as it committed locally, while its commit
    -- may still wait for the standby (its first reply never left). A
    -- transactional WAL record gives this transaction a commit that waits
    -- for the standby to flush past it, so a replay acknowledges nothing
    -- the standby does not hold.
    IF current_setting('synchronous_standby_names') <> ''
       AND current_setting('synchronous_commit')
           IN ('on', 'remote_write', 'remote_apply') THEN
      PERFORM pg_logical_emit_message(true, 'depot.replay', in_key);
    END IF;
  END IF;
END $$;

-- Stores the answer in_response of request in_request under key in_key
-- (NULL: none), for idem_replay.
CREATE OR REPLACE FUNCTION idem_record(in_key text, in_kind text,
  in_ref bigint, in_request jsonb, in_response jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF in_key IS NOT NULL THEN
    -- Two requests racing with one key: the loser fails on the key's
    -- claim (floor_scan_claim: floor_scan_key's primary key) and its
    -- transaction is retried, then finds the winner's answer.
    INSERT INTO floor_scan (idempotency_key, kind, ref_id, request, response)
    VALUES (in_key, in_kind, in_ref, in_request, in_response);
  END IF;
END $$;

-- Takes in_qty units off reservation in_res's line on quant in_quant.
CREATE OR REPLACE FUNCTION wms_reservation_line_take(in_res bigint,
  in_quant bigint, in_qty bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM reservation_line
   WHERE reservation_id = in_res AND quant_id = in_quant AND qty = in_qty;
  IF NOT FOUND THEN
    UPDATE reservation_line SET qty = qty - in_qty
     WHERE reservation_id = in_res AND quant_id = in_quant;
  END IF;
END $$;

-- Moves in_qty reserved units of reservation in_res from quant in_from
-- to location in_to (a tote), keeping quants, reservation lines and the
-- ledger in step. in_take_from (may differ from in_from: another lot of
-- the SKU in the same bin) is the quant the units physically leave; its
-- free units replace the reserved ones of in_from. Returns false when
-- in_take_from lacks the units.
CREATE OR REPLACE FUNCTION wms_move_reserved(in_res bigint, in_from bigint,
  in_take_from bigint, in_to bigint, in_qty bigint, in_reason text,
  in_document text, in_user bigint, in_request text)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  src stock_quant%ROWTYPE;
  dst_id bigint;
BEGIN
  SELECT * INTO src FROM stock_quant WHERE id = in_take_from;
  INSERT INTO stock_quant (warehouse_id, sku_id, location_id, lot_id)
  VALUES (src.warehouse_id, src.sku_id, in_to, src.lot_id)
  ON CONFLICT ON CONSTRAINT stock_quant_key DO NOTHING;
  SELECT id INTO dst_id FROM stock_quant
   WHERE sku_id = src.sku_id AND location_id = in_to
     AND lot_id IS NOT DISTINCT FROM src.lot_id;
  PERFORM 1 FROM stock_quant WHERE id IN (in_from, in_take_from, dst_id)
   ORDER BY id FOR UPDATE;
  IF in_take_from <> in_from THEN
    -- A lot swap: the reserved units of in_from are freed and free units
    -- of in_take_from are taken instead.
    UPDATE stock_quant SET reserved = reserved - in_qty WHERE id = in_from;
    UPDATE stock_quant SET reserved = reserved + in_qty
     WHERE id = in_take_from AND on_hand - reserved >= in_qty;
    IF NOT FOUND THEN
      RETURN false;
    END IF;
  END IF;
  UPDATE stock_quant SET on_hand = on_hand - in_qty, reserved = reserved - in_qty
   WHERE id = in_take_from;
  UPDATE stock_quant
     SET on_hand = on_hand + in_qty, reserved = reserved + in_qty,
         in_date = CASE WHEN on_hand = 0 THEN now() ELSE in_date END
   WHERE id = dst_id;
  PERFORM wms_reservation_line_take(in_res, in_from, in_qty);
  INSERT INTO reservation_line (warehouse_id, reservation_id, quant_id, qty)
  VALUES (src.warehouse_id, in_res, dst_id, in_qty)
  ON CONFLICT (warehouse_id, reservation_id, quant_id)
    DO UPDATE SET qty = reservation_line.qty + excluded.qty;
  INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
    to_location_id, reason, document, user_id, request_id)
  VALUES (src.sku_id, src.lot_id, in_qty, src.location_id, in_to, in_reason,
    coalesce(in_document, ''), in_user, coalesce(in_request, ''));
  PERFORM wms_replenish_check(src.sku_id, src.location_id);
  RETURN true;
END $$;

-- Whether order in_order's part in warehouse in_wh has left: a shipment
-- of that warehouse carrying the order shipped (or was delivered).
CREATE OR REPLACE FUNCTION wms_part_shipped(in_order bigint, in_wh bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT EXISTS (SELECT 1 FROM shipment_order x
                   JOIN shipment sh ON sh.id = x.shipment_id
                  WHERE x.order_id = in_order AND sh.warehouse_id = in_wh
                    AND sh.state IN ('shipped', 'delivered'))
$f$;

-- Whether every part of order in_order (each warehouse it has units
-- allocated in) has a shipment in one of the states in_states.
CREATE OR REPLACE FUNCTION wms_parts_all(in_order bigint, in_states text[])
RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT NOT EXISTS (
    SELECT 1 FROM order_allocation a
     WHERE a.order_id = in_order
       AND NOT EXISTS (SELECT 1 FROM shipment_order x
                         JOIN shipment sh ON sh.id = x.shipment_id
                        WHERE x.order_id = in_order
                          AND sh.warehouse_id = a.warehouse_id
                          AND sh.state = ANY (in_states)))
$f$;
