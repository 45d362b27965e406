-- The ledger's operations as C calls them, in the procedure contract
-- (core/core_proc.h): one row (out_error, out_field, out_detail, out_doc,
-- out_replayed), out_error a registry wire name (core/core_ec.def) or NULL.
--
-- Two contracts, each with one kind of caller:
--  * wms_do_* (wms_do_move.sql, wms_do_reserve.sql, wms_do_transfer.sql,
--    wms_do_count.sql, wms_replenish.sql) answer boolean out_* flags. That
--    is the INTERNAL contract: other procedures call them and read the
--    flags (putaway, receipts, exceptions and replenishment call
--    wms_do_move; a transfer receipt reads a move's flags as "blocked").
--  * ledger_* below are what C calls: each calls one wms_do_* function and
--    turns its flags into an error name, the field to blame and the
--    figures of the reply, so no C file maps flags to codes. A refusal is
--    rolled back by core_proc. For insufficient_stock out_doc carries
--    {"available": n} (core_stock_refusal_from reads it); on success
--    out_doc is the changed document.

-- A stock move as the API shows it.
CREATE OR REPLACE FUNCTION ledger_move_doc(in_move_id bigint) RETURNS json
LANGUAGE sql STABLE AS $f$
  SELECT json_build_object('move_id', m.id, 'sku', s.code, 'lot', t.code,
    'expiry', t.expiry, 'qty', m.qty, 'from', lf.code, 'to', lt.code,
    'warehouse', w.code, 'reason', m.reason, 'note', m.note,
    'created_at', to_char(m.created_at AT TIME ZONE 'UTC',
      'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    FROM stock_move m JOIN sku s ON s.id = m.sku_id
    LEFT JOIN lot t ON t.id = m.lot_id
    JOIN location lf ON lf.id = m.from_location_id
    JOIN location lt ON lt.id = m.to_location_id
    JOIN warehouse w ON w.id = lt.warehouse_id
   WHERE m.id = in_move_id
$f$;

-- The figure a refusal for want of stock carries to the reply.
CREATE OR REPLACE FUNCTION ledger_available(in_available bigint)
RETURNS json
LANGUAGE sql IMMUTABLE AS $f$
  SELECT json_build_object('available', coalesce(in_available, 0))
$f$;

-- A move or an adjustment (wms_do_move); in_to_field names the input that
-- chose the destination bin ('to_bin' for a move, 'bin' for an
-- adjustment), blamed when that bin refuses the units.
CREATE OR REPLACE FUNCTION ledger_move(
  in_sku_id bigint, in_lot_id bigint, in_from bigint, in_to bigint,
  in_qty bigint, in_reason text, in_document text, in_note text,
  in_user_id bigint, in_request_id text, in_idem text, in_to_field text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m record;
BEGIN
  out_replayed := false;
  SELECT * INTO m FROM wms_do_move(in_sku_id, in_lot_id, in_from, in_to,
    in_qty, in_reason, in_document, in_note, in_user_id, in_request_id,
    in_idem);
  IF m.out_key_conflict THEN
    out_error := 'idempotency_conflict'; out_field := 'idempotency_key';
  ELSIF m.out_insufficient THEN
    out_error := 'insufficient_stock'; out_field := 'qty';
    out_detail := format('only %s available', coalesce(m.out_available, 0));
    out_doc := ledger_available(m.out_available);
  ELSIF m.out_blocked OR m.out_capacity OR m.out_mixed THEN
    out_error := CASE WHEN m.out_blocked THEN 'bin_blocked'
                      WHEN m.out_capacity THEN 'bin_capacity_exceeded'
                      ELSE 'bin_single_sku' END;
    out_field := in_to_field;
  ELSE
    out_replayed := coalesce(m.out_replayed, false);
    out_doc := ledger_move_doc(m.out_move_id);
  END IF;
END $$;

-- A reservation (wms_do_reserve); the reference is its idempotency key.
CREATE OR REPLACE FUNCTION ledger_reserve(
  in_warehouse_id bigint, in_sku_id bigint, in_qty bigint, in_reference text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO r FROM wms_do_reserve(in_warehouse_id, in_sku_id, in_qty,
    in_reference);
  IF r.out_key_conflict THEN
    out_error := 'idempotency_conflict'; out_field := 'reference';
  ELSIF r.out_insufficient THEN
    out_error := 'insufficient_stock'; out_field := 'qty';
    out_doc := ledger_available(r.out_available);
  ELSE
    out_replayed := coalesce(r.out_replayed, false);
    SELECT doc INTO out_doc FROM reservation_doc
     WHERE id = r.out_reservation_id;
  END IF;
END $$;

-- Release (in_consume false) or consume an active reservation
-- (wms_do_release, wms_do_consume).
CREATE OR REPLACE FUNCTION ledger_reserve_close(
  in_reservation_id bigint, in_consume boolean, in_user_id bigint,
  in_request_id text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  IF in_consume THEN
    SELECT * INTO r FROM wms_do_consume(in_reservation_id, in_user_id,
      in_request_id);
  ELSE
    SELECT * INTO r FROM wms_do_release(in_reservation_id);
  END IF;
  IF NOT coalesce(r.out_found, false) THEN
    out_error := 'not_found';
  ELSIF r.out_not_active THEN
    out_error := 'reservation_not_active';
  ELSE
    SELECT doc INTO out_doc FROM reservation_doc WHERE id = in_reservation_id;
  END IF;
END $$;

-- Ships a transfer (wms_do_transfer_ship).
DROP FUNCTION IF EXISTS ledger_transfer_ship(bigint, bigint, bigint, bigint,
  bigint, bigint, text, text);
CREATE OR REPLACE FUNCTION ledger_transfer_ship(
  in_sku_id bigint, in_lot_id bigint, in_from_bin bigint, in_to_wh bigint,
  in_qty bigint, in_user_id bigint, in_request_id text, in_idem text,
  in_freight numeric,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  out_replayed := false;
  SELECT * INTO t FROM wms_do_transfer_ship(in_sku_id, in_lot_id,
    in_from_bin, in_to_wh, in_qty, in_user_id, in_request_id, in_idem,
    in_freight);
  IF t.out_key_conflict THEN
    out_error := 'idempotency_conflict'; out_field := 'idempotency_key';
  ELSIF t.out_insufficient THEN
    out_error := 'insufficient_stock'; out_field := 'qty';
    out_doc := ledger_available(t.out_available);
  ELSE
    out_replayed := coalesce(t.out_replayed, false);
    SELECT doc INTO out_doc FROM stock_transfer_doc
     WHERE id = t.out_transfer_id;
  END IF;
END $$;

-- Receives a transfer into bin in_bin (a code; NULL: the implicit bin) of
-- its destination (wms_do_transfer_receive). The handler names the field.
CREATE OR REPLACE FUNCTION ledger_transfer_receive(
  in_transfer_id bigint, in_bin text, in_user_id bigint, in_request_id text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  bin bigint;
  r record;
BEGIN
  out_replayed := false;
  SELECT l.id INTO bin FROM stock_transfer t JOIN location l
      ON l.warehouse_id = t.to_warehouse_id AND l.kind = 'bin'
     AND (l.code = in_bin OR (in_bin IS NULL AND l.implicit))
   WHERE t.id = in_transfer_id;
  SELECT * INTO r FROM wms_do_transfer_receive(in_transfer_id, bin,
    in_user_id, in_request_id);
  out_error := CASE WHEN NOT coalesce(r.out_found, false) THEN 'not_found'
                    WHEN r.out_not_in_transit THEN 'conflict'
                    WHEN r.out_wrong_warehouse THEN 'unknown_bin'
                    WHEN r.out_blocked THEN 'bin_blocked' END;
  IF out_error IS NULL THEN
    SELECT doc INTO out_doc FROM stock_transfer_doc WHERE id = in_transfer_id;
  END IF;
END $$;

-- A count's document after a change: blind (no expected figures) for the
-- counter, full for the lead; not_found when there is no such count.
CREATE OR REPLACE FUNCTION ledger_count_answer(in_count_id bigint,
  in_blind boolean, INOUT out_error text, OUT out_doc json)
LANGUAGE plpgsql AS $$
BEGIN
  IF out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT CASE WHEN in_blind THEN blind ELSE doc END INTO out_doc
    FROM stock_count_doc WHERE id = in_count_id;
  IF NOT FOUND THEN
    out_error := 'not_found';
  END IF;
END $$;

-- One counted item (wms_do_count_entry); answers the blind document.
CREATE OR REPLACE FUNCTION ledger_count_entry(
  in_count_id bigint, in_bin_id bigint, in_sku_id bigint, in_lot_id bigint,
  in_qty bigint, in_user_id bigint, in_request_id text, in_idem text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  SELECT * INTO e FROM wms_do_count_entry(in_count_id, in_bin_id, in_sku_id,
    in_lot_id, in_qty, in_user_id, in_request_id, in_idem);
  out_replayed := coalesce(e.out_replayed, false);
  IF e.out_key_conflict THEN
    out_error := 'idempotency_conflict'; out_field := 'idempotency_key';
  ELSIF e.out_not_open THEN
    out_error := 'count_not_open';
  ELSIF e.out_not_in_count THEN
    out_error := 'bin_not_in_count'; out_field := 'bin';
  END IF;
  SELECT a.out_error, a.out_doc INTO out_error, out_doc
    FROM ledger_count_answer(in_count_id, true, out_error) a;
END $$;

-- Ends counting bin in_bin (a code) of the count's warehouse
-- (wms_do_count_bin_done); answers the blind document.
CREATE OR REPLACE FUNCTION ledger_count_bin_done(
  in_count_id bigint, in_bin text, in_user_id bigint, in_request_id text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  bin bigint;
  r record;
BEGIN
  out_replayed := false;
  SELECT l.id INTO bin FROM location l JOIN stock_count c
      ON c.warehouse_id = l.warehouse_id
   WHERE c.id = in_count_id AND l.code = in_bin AND l.kind = 'bin';
  SELECT * INTO r FROM wms_do_count_bin_done(in_count_id, bin, in_user_id,
    in_request_id);
  out_error := CASE WHEN r.out_not_open THEN 'count_not_open'
                    WHEN r.out_not_in_count THEN 'bin_not_in_count' END;
  SELECT a.out_error, a.out_doc INTO out_error, out_doc
    FROM ledger_count_answer(in_count_id, true, out_error) a;
END $$;

-- The lead approves or rejects a waiting line (wms_do_count_decide).
CREATE OR REPLACE FUNCTION ledger_count_decide(
  in_count_id bigint, in_line_id bigint, in_approve boolean,
  in_request_id text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO r FROM wms_do_count_decide(in_count_id, in_line_id,
    in_approve, in_request_id);
  out_error := CASE WHEN NOT coalesce(r.out_found, false) THEN 'not_found'
                    WHEN r.out_not_waiting THEN 'count_line_not_waiting'
                    WHEN r.out_short THEN 'insufficient_stock' END;
  SELECT a.out_error, a.out_doc INTO out_error, out_doc
    FROM ledger_count_answer(in_count_id, false, out_error) a;
END $$;

-- Closes a count (wms_do_count_close): not_found, or count_not_open when
-- it was closed already.
CREATE OR REPLACE FUNCTION ledger_count_close(in_count_id bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  IF NOT wms_do_count_close(in_count_id, NULL) THEN
    out_error := CASE WHEN EXISTS (SELECT 1 FROM stock_count
                                    WHERE id = in_count_id)
                      THEN 'count_not_open' ELSE 'not_found' END;
  END IF;
  SELECT a.out_error, a.out_doc INTO out_error, out_doc
    FROM ledger_count_answer(in_count_id, false, out_error) a;
END $$;

-- Confirms a replenishment task (wms_do_replenish_confirm); in_qty NULL:
-- the task's quantity. The handler words conflict (task not open).
CREATE OR REPLACE FUNCTION ledger_replenish_confirm(
  in_task_id bigint, in_qty bigint, in_user_id bigint, in_request_id text,
  in_idem text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT * INTO r FROM wms_do_replenish_confirm(in_task_id, in_qty,
    in_user_id, in_request_id, in_idem);
  out_replayed := coalesce(r.out_replayed, false);
  IF NOT coalesce(r.out_found, false) THEN
    out_error := 'not_found';
  ELSIF r.out_key_conflict THEN
    out_error := 'idempotency_conflict'; out_field := 'idempotency_key';
  ELSIF r.out_not_open THEN
    out_error := 'conflict';
  ELSIF r.out_insufficient THEN
    out_error := 'insufficient_stock'; out_field := 'qty';
    out_doc := ledger_available(r.out_available);
  ELSE
    SELECT doc INTO out_doc FROM replenish_task_doc WHERE id = in_task_id;
  END IF;
END $$;
