-- Ships a transfer: the units leave their bin for the destination
-- warehouse's @TRANSIT location. Idempotent by key: the same key with the
-- same transfer answers the first one (out_replayed), with another one
-- out_key_conflict (README, "Idempotency").
DROP FUNCTION IF EXISTS wms_do_transfer_ship(bigint, bigint, bigint, bigint,
  bigint, bigint, text, text);
-- in_freight (migration 0193): what the move between warehouses costs.
CREATE OR REPLACE FUNCTION wms_do_transfer_ship(
  in_sku_id bigint, in_lot_id bigint, in_from_bin bigint, in_to_wh bigint,
  in_qty bigint, in_user_id bigint, in_request_id text, in_idem text,
  in_freight numeric,
  OUT out_transfer_id bigint, OUT out_replayed boolean,
  OUT out_insufficient boolean, OUT out_available bigint,
  OUT out_key_conflict boolean)
LANGUAGE plpgsql AS $$
DECLARE
  transit bigint;
  from_wh bigint;
  m record;
  prior stock_transfer%ROWTYPE;
BEGIN
  out_replayed := false; out_insufficient := false; out_available := 0;
  out_key_conflict := false;
  SELECT warehouse_id INTO from_wh FROM location WHERE id = in_from_bin;
  INSERT INTO stock_transfer (sku_id, lot_id, qty, from_warehouse_id,
    to_warehouse_id, idempotency_key, freight)
  VALUES (in_sku_id, in_lot_id, in_qty, from_wh, in_to_wh, in_idem,
    coalesce(in_freight, 0))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id INTO out_transfer_id;
  IF out_transfer_id IS NULL THEN
    SELECT * INTO prior FROM stock_transfer WHERE idempotency_key = in_idem;
    out_transfer_id := prior.id;
    out_replayed := true;
    out_key_conflict :=
      (prior.sku_id, prior.lot_id, prior.qty, prior.from_warehouse_id,
       prior.to_warehouse_id, prior.freight) IS DISTINCT FROM
      (in_sku_id, in_lot_id, in_qty, from_wh, in_to_wh,
       coalesce(in_freight, 0))
      OR (SELECT from_location_id FROM stock_move
           WHERE id = prior.ship_move_id) IS DISTINCT FROM in_from_bin;
    RETURN;
  END IF;
  SELECT id INTO transit FROM location
   WHERE warehouse_id = in_to_wh AND code = '@TRANSIT';
  SELECT * INTO m FROM wms_do_move(in_sku_id, in_lot_id, in_from_bin, transit,
    in_qty, 'transfer', 'transfer ' || out_transfer_id, '', in_user_id,
    in_request_id, NULL);
  IF m.out_insufficient THEN
    out_insufficient := true;
    out_available := m.out_available;
    RETURN;
  END IF;
  UPDATE stock_transfer SET ship_move_id = m.out_move_id
   WHERE id = out_transfer_id;
END $$;

-- The freight of transfer in_t, received by move in_recv: what its units
-- are worth more at the destination than they left with (their receive
-- move's unit cost includes freight / qty, rpt_move_cost) goes Dr 1402
-- goods in transit, Cr 2202 payables (the carrier's), so the transit
-- account nets to zero. Only for goods whose moves post (their ship move
-- has an entry); to the cent of qty x the rounded unit cost.
CREATE OR REPLACE FUNCTION wms_transfer_freight_post(in_t stock_transfer,
  in_recv bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v numeric;
  e bigint;
  cur text := fin_currency();
BEGIN
  SELECT in_t.qty * (r.unit_cost - s.unit_cost) INTO v
    FROM stock_move r, stock_move s
   WHERE r.id = in_recv AND s.id = in_t.ship_move_id;
  IF coalesce(v, 0) <= 0 OR NOT EXISTS (SELECT 1 FROM fin_entry
       WHERE source_kind = 'move' AND source_id = in_t.ship_move_id) THEN
    RETURN;
  END IF;
  INSERT INTO fin_entry (day, summary, source_kind, source_id, currency)
  VALUES (current_date, 'transfer freight ' || in_t.id, 'move', in_recv, cur)
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, sku_id)
  VALUES (e, current_date, '1402', v, 0, cur, v, in_t.to_warehouse_id,
          in_t.sku_id),
         (e, current_date, '2202', 0, v, cur, -v, in_t.to_warehouse_id,
          in_t.sku_id);
END $$;

-- Receives a transfer into a bin of its destination warehouse: the units
-- enter the destination's moving average at the cost they left with plus
-- their share of the freight.
CREATE OR REPLACE FUNCTION wms_do_transfer_receive(
  in_transfer_id bigint, in_to_bin bigint, in_user_id bigint,
  in_request_id text, OUT out_found boolean, OUT out_not_in_transit boolean,
  OUT out_wrong_warehouse boolean, OUT out_blocked boolean)
LANGUAGE plpgsql AS $$
DECLARE
  t stock_transfer%ROWTYPE;
  transit bigint;
  m record;
BEGIN
  out_found := false; out_not_in_transit := false;
  out_wrong_warehouse := false; out_blocked := false;
  SELECT * INTO t FROM stock_transfer WHERE id = in_transfer_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF t.state <> 'in_transit' THEN
    out_not_in_transit := true;
    RETURN;
  END IF;
  PERFORM 1 FROM location WHERE id = in_to_bin
     AND warehouse_id = t.to_warehouse_id AND kind = 'bin';
  IF NOT FOUND THEN
    out_wrong_warehouse := true;
    RETURN;
  END IF;
  SELECT id INTO transit FROM location
   WHERE warehouse_id = t.to_warehouse_id AND code = '@TRANSIT';
  SELECT * INTO m FROM wms_do_move(t.sku_id, t.lot_id, transit, in_to_bin,
    t.qty, 'transfer', 'transfer ' || t.id, '', in_user_id, in_request_id,
    NULL);
  IF m.out_blocked OR m.out_capacity OR m.out_mixed OR m.out_insufficient THEN
    out_blocked := true;
    RETURN;
  END IF;
  UPDATE stock_transfer SET state = 'received', received_at = now(),
         receive_move_id = m.out_move_id WHERE id = in_transfer_id;
  PERFORM pur_cost_update(t.to_warehouse_id, t.sku_id, t.qty,
    (SELECT unit_cost FROM stock_move WHERE id = m.out_move_id));
  PERFORM wms_transfer_freight_post(t, m.out_move_id);
END $$;
