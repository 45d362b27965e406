DROP FUNCTION IF EXISTS wms_reserve_fill(bigint, bigint, bigint, bigint);
DROP FUNCTION IF EXISTS wms_do_reserve_upto(bigint, bigint, bigint, text);
-- Order allocation reserves set-based now (ord_allocate_apply).
DROP FUNCTION IF EXISTS wms_do_reserve_upto(bigint, bigint, bigint, text,
  bigint);

-- Adds up to in_want units of a SKU in a warehouse to reservation
-- in_reservation_id, bin by bin in removal order: FEFO for expiry-tracked
-- SKUs, else FIFO by the quant's in_date, ties by pick sequence. Blocked
-- bins, quarantine zones, expired lots and in_exclude (a bin just found
-- short) are never reserved. All
-- candidate quants are locked (by id, the global lock order) before
-- anything is counted, so concurrent reservations cannot promise the same
-- unit twice. Returns the units taken: less than in_want only when that
-- was everything free.
CREATE OR REPLACE FUNCTION wms_reserve_fill(
  in_reservation_id bigint, in_warehouse_id bigint, in_sku_id bigint,
  in_want bigint, in_exclude bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  fefo boolean;
  need bigint := in_want;
  take bigint;
  r record;
BEGIN
  SELECT expiry_tracked INTO fefo FROM sku WHERE id = in_sku_id;
  PERFORM 1
     FROM stock_quant q
     JOIN location l ON l.id = q.location_id
     LEFT JOIN zone z ON z.id = l.zone_id
     LEFT JOIN lot t ON t.id = q.lot_id
    WHERE q.sku_id = in_sku_id AND l.warehouse_id = in_warehouse_id
      AND l.kind = 'bin' AND NOT l.blocked
      AND l.id IS DISTINCT FROM in_exclude
      AND (z.type IS NULL OR z.type NOT IN ('quarantine', 'returns'))
      AND (t.expiry IS NULL OR t.expiry >= current_date)
      AND q.on_hand > q.reserved
    ORDER BY q.id
      FOR UPDATE OF q;
  FOR r IN
    SELECT q.id, q.on_hand - q.reserved AS free
      FROM stock_quant q
      JOIN location l ON l.id = q.location_id
      LEFT JOIN zone z ON z.id = l.zone_id
      LEFT JOIN lot t ON t.id = q.lot_id
     WHERE q.sku_id = in_sku_id AND l.warehouse_id = in_warehouse_id
       AND l.kind = 'bin' AND NOT l.blocked
       AND l.id IS DISTINCT FROM in_exclude
       AND (z.type IS NULL OR z.type NOT IN ('quarantine', 'returns'))
       AND (t.expiry IS NULL OR t.expiry >= current_date)
       AND q.on_hand > q.reserved
     ORDER BY CASE WHEN fefo THEN t.expiry END NULLS LAST, q.in_date,
              l.pick_sequence, q.id
  LOOP
    EXIT WHEN need <= 0;
    take := least(need, r.free);
    UPDATE stock_quant SET reserved = reserved + take
     WHERE id = r.id AND on_hand - reserved >= take;
    IF NOT FOUND THEN
      -- A quant that appeared after the locking scan changed under us.
      RAISE EXCEPTION 'quant % changed during reservation', r.id
        USING ERRCODE = '40001';
    END IF;
    INSERT INTO reservation_line (warehouse_id, reservation_id, quant_id,
      qty)
    VALUES (in_warehouse_id, in_reservation_id, r.id, take)
    ON CONFLICT (warehouse_id, reservation_id, quant_id)
      DO UPDATE SET qty = reservation_line.qty + excluded.qty;
    need := need - take;
  END LOOP;
  RETURN in_want - need;
END $$;

-- Reserves exactly in_qty or nothing (out_insufficient, with what is
-- available). The same (warehouse, sku, reference) again returns the
-- existing reservation.
CREATE OR REPLACE FUNCTION wms_do_reserve(
  in_warehouse_id bigint, in_sku_id bigint, in_qty bigint, in_reference text,
  OUT out_reservation_id bigint, OUT out_replayed boolean,
  OUT out_key_conflict boolean, OUT out_insufficient boolean,
  OUT out_available bigint)
LANGUAGE plpgsql AS $$
DECLARE
  prior reservation%ROWTYPE;
BEGIN
  out_replayed := false; out_key_conflict := false; out_insufficient := false;
  out_available := 0;
  INSERT INTO reservation (warehouse_id, sku_id, qty, reference)
  VALUES (in_warehouse_id, in_sku_id, in_qty, in_reference)
  ON CONFLICT (warehouse_id, sku_id, reference) DO NOTHING
  RETURNING id INTO out_reservation_id;
  IF out_reservation_id IS NULL THEN
    SELECT * INTO prior FROM reservation
     WHERE warehouse_id = in_warehouse_id AND sku_id = in_sku_id
       AND reference = in_reference;
    out_reservation_id := prior.id;
    out_replayed := true;
    out_key_conflict := prior.qty <> in_qty;
    RETURN;
  END IF;
  out_available := wms_reserve_fill(out_reservation_id, in_warehouse_id,
                                    in_sku_id, in_qty);
  out_insufficient := out_available < in_qty;
END $$;

-- Gives back the units of an active reservation.
CREATE OR REPLACE FUNCTION wms_do_release(
  in_reservation_id bigint, OUT out_found boolean, OUT out_not_active boolean)
LANGUAGE plpgsql AS $$
DECLARE
  res reservation%ROWTYPE;
BEGIN
  out_found := false; out_not_active := false;
  SELECT * INTO res FROM reservation WHERE id = in_reservation_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF res.state <> 'active' THEN
    out_not_active := true;
    RETURN;
  END IF;
  PERFORM 1 FROM stock_quant q JOIN reservation_line rl ON rl.quant_id = q.id
   WHERE rl.reservation_id = in_reservation_id ORDER BY q.id FOR UPDATE OF q;
  UPDATE stock_quant q SET reserved = q.reserved - rl.qty
    FROM reservation_line rl
   WHERE rl.reservation_id = in_reservation_id AND rl.quant_id = q.id;
  UPDATE reservation SET state = 'released', closed_at = now()
   WHERE id = in_reservation_id;
END $$;

-- The reserved units leave the warehouse (shipped without a pick flow):
-- one move per reserved quant to the warehouse's @CUSTOMER location.
CREATE OR REPLACE FUNCTION wms_do_consume(
  in_reservation_id bigint, in_user_id bigint, in_request_id text,
  OUT out_found boolean, OUT out_not_active boolean)
LANGUAGE plpgsql AS $$
DECLARE
  res reservation%ROWTYPE;
  customer bigint;
  r record;
BEGIN
  out_found := false; out_not_active := false;
  SELECT * INTO res FROM reservation WHERE id = in_reservation_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF res.state <> 'active' THEN
    out_not_active := true;
    RETURN;
  END IF;
  SELECT id INTO customer FROM location
   WHERE warehouse_id = res.warehouse_id AND code = '@CUSTOMER';
  PERFORM 1 FROM stock_quant q JOIN reservation_line rl ON rl.quant_id = q.id
   WHERE rl.reservation_id = in_reservation_id ORDER BY q.id FOR UPDATE OF q;
  FOR r IN SELECT q.id, q.sku_id, q.lot_id, q.location_id, rl.qty
             FROM reservation_line rl JOIN stock_quant q ON q.id = rl.quant_id
            WHERE rl.reservation_id = in_reservation_id ORDER BY q.id
  LOOP
    UPDATE stock_quant SET reserved = reserved - r.qty, on_hand = on_hand - r.qty
     WHERE id = r.id;
    INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
      to_location_id, reason, document, user_id, request_id)
    VALUES (r.sku_id, r.lot_id, r.qty, r.location_id, customer, 'consume',
      res.reference, in_user_id, coalesce(in_request_id, ''));
    PERFORM wms_replenish_check(r.sku_id, r.location_id);
  END LOOP;
  UPDATE reservation SET state = 'consumed', closed_at = now()
   WHERE id = in_reservation_id;
END $$;
