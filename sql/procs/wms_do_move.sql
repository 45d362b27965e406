-- Locks, by id, the pick lists with open tasks on the quant of (in_sku,
-- in_bin, in_lot). Whatever changes such tasks (a move whose units carry
-- them along, a count that finds their units missing) calls this before
-- it locks the quant, as a pick scan locks its list before quants, so no
-- task changes under a scan in flight and the lock order holds.
CREATE OR REPLACE FUNCTION wms_lock_task_lists(in_sku bigint, in_bin bigint,
  in_lot bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM picklist
   WHERE id IN (SELECT t.picklist_id FROM stock_quant q
                  JOIN pick_task t ON t.quant_id = q.id AND t.state = 'open'
                 WHERE q.sku_id = in_sku AND q.location_id = in_bin
                   AND q.lot_id IS NOT DISTINCT FROM in_lot)
   ORDER BY id FOR UPDATE;
END $$;

-- After tasks of lists in_lists (locked) changed: a list whose picker had
-- scanned the bin of its current task (in_cur, before the change) scans a
-- bin again when that task moved (in_moved), another became current, or
-- it now needs fewer units than are in hand; units in hand were never
-- moved in the ledger, so they are dropped (the picker puts them back),
-- as when an order's tasks are cancelled. PL/pgSQL: wms_pick_current is
-- loaded after this file.
CREATE OR REPLACE FUNCTION wms_pick_lists_recheck(in_lists bigint[],
  in_cur bigint[], in_moved bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE picklist p SET step = 'bin', hand_qty = 0, hand_lot_id = NULL
    FROM unnest(in_lists, in_cur) AS c (list_id, task_id),
         LATERAL wms_pick_current(c.list_id) AS now_t
   WHERE p.id = c.list_id AND p.step <> 'bin'
     AND (now_t.id IS DISTINCT FROM c.task_id OR c.task_id = ANY (in_moved)
          OR p.hand_qty > now_t.qty - now_t.picked_qty);
END $$;

-- Reservations follow their units: in_qty reserved units move from quant
-- in_from to quant in_to (same SKU and lot, both locked by the caller, the
-- quants' reserved figures already changed). Units not yet on a pick task
-- go first, reservation by reservation; then units of open pick tasks,
-- newest task first: a task whose units all move is re-pointed to the
-- destination bin, one that keeps some is split (the moved units become a
-- new task on the same list); a list whose current task changed asks for
-- a bin scan again. The caller locked those lists before the quants
-- (wms_lock_task_lists), so the lock order stays lists, location, quants.
CREATE OR REPLACE FUNCTION wms_reservation_follow(in_from bigint,
  in_to bigint, in_qty bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  left_qty bigint := in_qty;
  dst_bin bigint;
  dst_seq integer;
  n bigint;
  r record;
  t pick_task%ROWTYPE;
  lists bigint[];
  cur bigint[];
  moved bigint[] := '{}';
BEGIN
  SELECT q.location_id, l.pick_sequence INTO dst_bin, dst_seq
    FROM stock_quant q JOIN location l ON l.id = q.location_id
   WHERE q.id = in_to;
  FOR r IN
    SELECT rl.reservation_id AS id,
           rl.qty - coalesce((SELECT sum(k.qty - k.picked_qty) FROM pick_task k
                               WHERE k.quant_id = in_from
                                 AND k.reservation_id = rl.reservation_id
                                 AND k.state = 'open'), 0) AS unwaved
      FROM reservation_line rl JOIN reservation v ON v.id = rl.reservation_id
     WHERE rl.quant_id = in_from AND v.state = 'active'
     ORDER BY rl.reservation_id
  LOOP
    EXIT WHEN left_qty = 0;
    n := least(left_qty, r.unwaved);
    CONTINUE WHEN n <= 0;
    PERFORM wms_reservation_line_shift(r.id, in_from, in_to, n);
    left_qty := left_qty - n;
  END LOOP;
  IF left_qty = 0 THEN
    RETURN;
  END IF;
  SELECT array_agg(p.id), array_agg((wms_pick_current(p.id)).id)
    INTO lists, cur
    FROM picklist p
   WHERE p.id IN (SELECT picklist_id FROM pick_task
                   WHERE quant_id = in_from AND state = 'open');
  FOR t IN SELECT * FROM pick_task
            WHERE quant_id = in_from AND state = 'open' AND qty > picked_qty
            ORDER BY id DESC
  LOOP
    EXIT WHEN left_qty = 0;
    n := least(left_qty, t.qty - t.picked_qty);
    PERFORM wms_reservation_line_shift(t.reservation_id, in_from, in_to, n);
    IF n = t.qty THEN
      UPDATE pick_task SET quant_id = in_to, bin_id = dst_bin, seq = dst_seq
       WHERE id = t.id;
      moved := moved || t.id;
    ELSE
      UPDATE pick_task
         SET qty = qty - n,
             state = CASE WHEN qty - n = picked_qty THEN 'done' ELSE state END
       WHERE id = t.id;
      INSERT INTO pick_task (warehouse_id, picklist_id, order_id,
        reservation_id, quant_id, sku_id, lot_id, bin_id, seq, qty)
      VALUES (t.warehouse_id, t.picklist_id, t.order_id, t.reservation_id,
        in_to, t.sku_id, t.lot_id, dst_bin, dst_seq, n);
    END IF;
    left_qty := left_qty - n;
  END LOOP;
  PERFORM wms_pick_lists_recheck(lists, cur, moved);
END $$;

-- Moves in_qty units of reservation in_res's line from quant in_from to
-- quant in_to (same warehouse: the line's, read back from the row left).
CREATE OR REPLACE FUNCTION wms_reservation_line_shift(in_res bigint,
  in_from bigint, in_to bigint, in_qty bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
BEGIN
  DELETE FROM reservation_line
   WHERE reservation_id = in_res AND quant_id = in_from AND qty = in_qty
  RETURNING warehouse_id INTO wh;
  IF NOT FOUND THEN
    UPDATE reservation_line SET qty = qty - in_qty
     WHERE reservation_id = in_res AND quant_id = in_from
    RETURNING warehouse_id INTO wh;
  END IF;
  INSERT INTO reservation_line (warehouse_id, reservation_id, quant_id, qty)
  VALUES (wh, in_res, in_to, in_qty)
  ON CONFLICT (warehouse_id, reservation_id, quant_id)
    DO UPDATE SET qty = reservation_line.qty + excluded.qty;
END $$;

-- One ledger move: a stock_move row plus the quants it changes, with every
-- rule checked under row locks. Flags report refusals; the caller rolls
-- the transaction back when any flag is set, so a refusal writes nothing.
-- Lock order, the same in every procedure: the pick lists with open tasks
-- on the source quant (only for moves that may carry reserved units), the
-- destination location row (only when its capacity or single-SKU rule
-- needs it), then quants by id.
-- Inside a warehouse (putaway, moves, replenishment) reserved units may
-- move when the free ones do not suffice, except into quarantine: their
-- reservations follow them (wms_reservation_follow), free units first.
-- Whether zone in_zone holds its stock back from reservations: quarantine
-- and returns zones (see wms_reserve_fill).
CREATE OR REPLACE FUNCTION wms_zone_held(in_zone bigint) RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT EXISTS (SELECT 1 FROM zone z WHERE z.id = in_zone
                    AND z.type IN ('quarantine', 'returns'));
$f$;

CREATE OR REPLACE FUNCTION wms_do_move(
  in_sku_id bigint, in_lot_id bigint, in_from bigint, in_to bigint,
  in_qty bigint, in_reason text, in_document text, in_note text,
  in_user_id bigint, in_request_id text, in_idem text,
  OUT out_move_id bigint, OUT out_replayed boolean,
  OUT out_key_conflict boolean, OUT out_insufficient boolean,
  OUT out_available bigint, OUT out_blocked boolean,
  OUT out_capacity boolean, OUT out_mixed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  src location%ROWTYPE;
  dst location%ROWTYPE;
  prior stock_move%ROWTYPE;
  src_q stock_quant%ROWTYPE;
  dst_q_id bigint;
  in_bin bigint;
  carry bigint := 0;
BEGIN
  out_replayed := false; out_key_conflict := false; out_insufficient := false;
  out_blocked := false; out_capacity := false; out_mixed := false;
  out_available := 0;

  INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
    to_location_id, reason, document, note, user_id, request_id,
    idempotency_key)
  VALUES (in_sku_id, in_lot_id, in_qty, in_from, in_to, in_reason,
    coalesce(in_document, ''), coalesce(in_note, ''), in_user_id,
    coalesce(in_request_id, ''), in_idem)
  RETURNING id INTO out_move_id;
  -- A key already claimed in stock_move_key makes stock_move_fill skip the
  -- row (migration 0400: moves are unique by key across every month).
  IF out_move_id IS NULL THEN
    -- A replay: the first request with this key decided the outcome.
    SELECT * INTO prior FROM stock_move WHERE idempotency_key = in_idem;
    out_move_id := prior.id;
    out_replayed := true;
    out_key_conflict := (prior.sku_id, prior.lot_id, prior.from_location_id,
      prior.to_location_id, prior.qty) IS DISTINCT FROM
      (in_sku_id, in_lot_id, in_from, in_to, in_qty);
    RETURN;
  END IF;

  SELECT * INTO src FROM location WHERE id = in_from;
  SELECT * INTO dst FROM location WHERE id = in_to;
  IF in_reason IN ('putaway', 'move', 'replenish') AND src.kind = 'bin' THEN
    PERFORM wms_lock_task_lists(in_sku_id, in_from, in_lot_id);
  END IF;
  IF dst.kind = 'bin' AND dst.blocked THEN
    out_blocked := true;
    RETURN;
  END IF;
  IF dst.kind = 'bin' AND (dst.capacity_units IS NOT NULL OR NOT dst.mixed_skus)
  THEN
    PERFORM 1 FROM location WHERE id = in_to FOR NO KEY UPDATE;
  END IF;

  IF dst.kind IN ('bin', 'tote', 'in_transit') THEN
    INSERT INTO stock_quant (warehouse_id, sku_id, location_id, lot_id)
    VALUES (dst.warehouse_id, in_sku_id, in_to, in_lot_id)
    ON CONFLICT ON CONSTRAINT stock_quant_key DO NOTHING;
    SELECT id INTO dst_q_id FROM stock_quant
     WHERE sku_id = in_sku_id AND location_id = in_to
       AND lot_id IS NOT DISTINCT FROM in_lot_id;
  END IF;
  PERFORM 1 FROM stock_quant
   WHERE id = dst_q_id
      OR (sku_id = in_sku_id AND location_id = in_from
          AND lot_id IS NOT DISTINCT FROM in_lot_id)
   ORDER BY id FOR UPDATE;

  IF src.kind IN ('bin', 'tote', 'in_transit') THEN
    SELECT * INTO src_q FROM stock_quant
     WHERE sku_id = in_sku_id AND location_id = in_from
       AND lot_id IS NOT DISTINCT FROM in_lot_id;
    out_available := coalesce(src_q.on_hand - src_q.reserved, 0);
    IF out_available < in_qty THEN
      -- Reserved units never go into quarantine: reservations never sit
      -- there (see wms_reserve_fill).
      IF in_reason IN ('putaway', 'move', 'replenish') AND src.kind = 'bin'
         AND dst.kind = 'bin' AND src.warehouse_id = dst.warehouse_id
         AND src_q.on_hand >= in_qty
         AND NOT wms_zone_held(dst.zone_id) THEN
        carry := in_qty - out_available;
      ELSE
        out_insufficient := true;
        RETURN;
      END IF;
    END IF;
    UPDATE stock_quant SET on_hand = on_hand - in_qty,
           reserved = reserved - carry
     WHERE id = src_q.id;
    IF src.kind = 'bin' THEN
      PERFORM wms_replenish_check(in_sku_id, in_from);
    END IF;
  END IF;

  IF dst_q_id IS NOT NULL THEN
    IF dst.kind = 'bin' AND NOT dst.mixed_skus THEN
      SELECT 1 INTO in_bin FROM stock_quant
       WHERE location_id = in_to AND on_hand > 0 AND sku_id <> in_sku_id
       LIMIT 1;
      IF in_bin IS NOT NULL THEN
        out_mixed := true;
        RETURN;
      END IF;
    END IF;
    IF dst.kind = 'bin' AND dst.capacity_units IS NOT NULL AND
       (SELECT sum(on_hand) FROM stock_quant WHERE location_id = in_to)
         + in_qty > dst.capacity_units THEN
      out_capacity := true;
      RETURN;
    END IF;
    UPDATE stock_quant
       SET on_hand = on_hand + in_qty, reserved = reserved + carry,
           in_date = CASE WHEN on_hand = 0 THEN now() ELSE in_date END
     WHERE id = dst_q_id;
    IF carry > 0 THEN
      PERFORM wms_reservation_follow(src_q.id, dst_q_id, carry);
    END IF;
  END IF;
  -- New stock for the warehouse (not a move inside it), units put back
  -- from a tote, or units leaving a quarantine or returns zone (never
  -- reserved: customer returns wait there for their disposition) fills
  -- backorders; units going into such a zone do not.
  IF dst.kind = 'bin' AND NOT wms_zone_held(dst.zone_id)
     AND (src.kind IN ('supplier', 'adjustment', 'in_transit', 'customer',
                       'tote')
          OR (src.kind = 'bin' AND wms_zone_held(src.zone_id))) THEN
    PERFORM ord_backorder_fill(in_sku_id, dst.warehouse_id);
  END IF;
END $$;
COMMENT ON FUNCTION wms_do_move(bigint, bigint, bigint, bigint, bigint, text,
  text, text, bigint, text, text) IS
  'Moves qty of one SKU/lot between two locations of the ledger; see out_* flags';
