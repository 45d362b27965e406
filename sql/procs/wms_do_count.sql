-- An order (or a bare reservation) lost in_lost units of reservation
-- in_res that a count found missing in bin in_bin and no other bin had:
-- the reservation, allocation and order line shrink; an allocated order
-- goes back to backordered (it fills itself when stock comes), an order
-- being picked goes on hold with its open tasks cancelled, as a short
-- pick does; the exceptions desk names it (count_shortage).
CREATE OR REPLACE FUNCTION wms_count_short_order(in_res bigint,
  in_lost bigint, in_count bigint, in_bin location, in_q stock_quant,
  in_user bigint, in_request text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  a order_allocation%ROWTYPE;
  o sales_order%ROWTYPE;
  res reservation%ROWTYPE;
  now_state text;
  what text;
BEGIN
  IF in_lost <= 0 THEN
    RETURN;
  END IF;
  -- A reservation left with nothing is over (qty must stay positive).
  UPDATE reservation
     SET qty = CASE WHEN qty > in_lost THEN qty - in_lost ELSE qty END,
         state = CASE WHEN qty > in_lost THEN state ELSE 'released' END,
         closed_at = CASE WHEN qty > in_lost THEN closed_at ELSE now() END
   WHERE id = in_res RETURNING * INTO res;
  SELECT in_lost || ' of ' || s.code || ' not found in bin ' || in_bin.code
         || ' by count ' || in_count INTO what
    FROM sku s WHERE s.id = in_q.sku_id;
  SELECT * INTO a FROM order_allocation WHERE reservation_id = in_res;
  IF FOUND THEN
    IF a.qty <= in_lost THEN
      DELETE FROM order_allocation WHERE id = a.id;
    ELSE
      UPDATE order_allocation SET qty = qty - in_lost WHERE id = a.id;
    END IF;
    UPDATE order_line SET allocated_qty = greatest(allocated_qty - in_lost, 0)
     WHERE id = a.line_id;
    SELECT * INTO o FROM sales_order WHERE id = a.order_id FOR UPDATE;
    now_state := CASE o.state WHEN 'allocated' THEN 'backordered'
                              WHEN 'picking' THEN 'on_hold'
                              ELSE o.state END;
    IF now_state = 'on_hold' THEN
      INSERT INTO order_hold (order_id, reason, field, detail, params)
      SELECT o.id, 'count_shortage', 'lines[' || (l.line_no - 1) || '].qty',
             what, jsonb_build_object('lost', in_lost, 'sku', s.code,
                                      'bin', in_bin.code, 'count', in_count)
        FROM order_line l JOIN sku s ON s.id = in_q.sku_id
       WHERE l.id = a.line_id;
      PERFORM wms_pick_cancel_order(o.id, NULL);
    END IF;
    IF now_state <> o.state THEN
      UPDATE sales_order SET state = now_state, updated_at = now()
       WHERE id = o.id;
      PERFORM ord_event_params(o.id, o.state, now_state, what,
        'count_shortage', jsonb_build_object('lost', in_lost, 'sku',
          (SELECT code FROM sku WHERE id = in_q.sku_id), 'bin', in_bin.code,
          'count', in_count), in_user, in_request);
    END IF;
    what := what || ' for order ' || o.external_id || ' (' || now_state || ')';
  ELSE
    what := what || ' for reservation ' || res.reference;
  END IF;
  INSERT INTO fulfil_exception (warehouse_id, kind, order_id, location_id,
    sku_id, lot_id, qty, detail, created_by)
  VALUES (in_bin.warehouse_id, 'count_shortage', a.order_id, in_bin.id,
    in_q.sku_id, in_q.lot_id, in_lost, what, in_user);
END $$;

-- A count found in_need fewer units in quant in_quant (locked by the
-- caller) than its reservations hold: those reserved units are let go,
-- units not yet waved first (newest reservation first), then units of
-- open pick tasks (newest task first; the task shrinks). Each is reserved
-- again in another bin of the warehouse with free stock (a waved one gets
-- a task there on its list); what no bin has is taken from its order
-- (wms_count_short_order). The caller locked the lists of the quant's
-- tasks before the quant (wms_lock_task_lists); other quants are locked by
-- the reservation fill, as a short pick does.
CREATE OR REPLACE FUNCTION wms_count_shortage(in_quant bigint,
  in_need bigint, in_count bigint, in_user bigint, in_request text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  q stock_quant%ROWTYPE;
  bin location%ROWTYPE;
  left_qty bigint := in_need;
  n bigint;
  got bigint;
  r record;
  t pick_task%ROWTYPE;
  pl picklist%ROWTYPE;
  lists bigint[];
  cur bigint[];
BEGIN
  SELECT * INTO q FROM stock_quant WHERE id = in_quant;
  SELECT * INTO bin FROM location WHERE id = q.location_id;
  SELECT array_agg(p.id), array_agg((wms_pick_current(p.id)).id)
    INTO lists, cur
    FROM picklist p
   WHERE p.id IN (SELECT picklist_id FROM pick_task
                   WHERE quant_id = in_quant AND state = 'open');
  FOR r IN
    SELECT rl.reservation_id AS id,
           rl.qty - coalesce((SELECT sum(k.qty - k.picked_qty) FROM pick_task k
                               WHERE k.quant_id = in_quant
                                 AND k.reservation_id = rl.reservation_id
                                 AND k.state = 'open'), 0) AS unwaved
      FROM reservation_line rl JOIN reservation v ON v.id = rl.reservation_id
     WHERE rl.quant_id = in_quant AND v.state = 'active'
     ORDER BY rl.reservation_id DESC
  LOOP
    EXIT WHEN left_qty = 0;
    n := least(left_qty, r.unwaved);
    CONTINUE WHEN n <= 0;
    UPDATE stock_quant SET reserved = reserved - n WHERE id = in_quant;
    PERFORM wms_reservation_line_take(r.id, in_quant, n);
    got := wms_reserve_fill(r.id, bin.warehouse_id, q.sku_id, n, bin.id);
    PERFORM wms_count_short_order(r.id, n - got, in_count, bin, q, in_user,
                                  in_request);
    left_qty := left_qty - n;
  END LOOP;
  FOR t IN SELECT * FROM pick_task
            WHERE quant_id = in_quant AND state = 'open' AND qty > picked_qty
            ORDER BY id DESC
  LOOP
    EXIT WHEN left_qty = 0;
    n := least(left_qty, t.qty - t.picked_qty);
    UPDATE stock_quant SET reserved = reserved - n WHERE id = in_quant;
    PERFORM wms_reservation_line_take(t.reservation_id, in_quant, n);
    UPDATE pick_task
       SET qty = CASE WHEN qty - n > 0 THEN qty - n ELSE qty END,
           state = CASE WHEN qty - n > picked_qty THEN 'open'
                        WHEN picked_qty > 0 THEN 'done'
                        ELSE 'cancelled' END
     WHERE id = t.id;
    SELECT * INTO pl FROM picklist WHERE id = t.picklist_id;
    got := wms_pick_reserve_elsewhere(pl, t, n);
    IF got = 0 AND NOT EXISTS (SELECT 1 FROM pick_task
                                WHERE picklist_id = pl.id AND state = 'open')
    THEN
      PERFORM wms_pick_advance(pl.id, NULL);
    END IF;
    PERFORM wms_count_short_order(t.reservation_id, n - got, in_count, bin, q,
                                  in_user, in_request);
    left_qty := left_qty - n;
  END LOOP;
  IF lists IS NOT NULL THEN
    PERFORM wms_pick_lists_recheck(lists, cur, '{}');
  END IF;
END $$;

-- Posts a count line's variance (counted - expected) against the current
-- quant as an adjustment move. Returns the move id, or NULL when there is
-- no variance. Posting always succeeds: a loss larger than the bin's free
-- units lets reservations go first (wms_count_shortage), and a loss is
-- never more than the bin still holds (units picked since the scan are
-- gone already). out_short is always false (kept for callers).
CREATE OR REPLACE FUNCTION wms_count_post(
  in_line_id bigint, in_request_id text,
  OUT out_move_id bigint, OUT out_short boolean)
LANGUAGE plpgsql AS $$
DECLARE
  ln stock_count_line%ROWTYPE;
  q stock_quant%ROWTYPE;
  adj bigint;
  m record;
  delta bigint;
BEGIN
  out_short := false;
  SELECT * INTO ln FROM stock_count_line WHERE id = in_line_id;
  delta := ln.counted - ln.expected;
  IF delta < 0 THEN
    SELECT * INTO q FROM stock_quant WHERE sku_id = ln.sku_id
       AND location_id = ln.bin_id AND lot_id IS NOT DISTINCT FROM ln.lot_id
       FOR UPDATE;
    delta := -least(-delta, coalesce(q.on_hand, 0));
    IF q.on_hand - q.reserved < -delta THEN
      PERFORM wms_count_shortage(q.id, -delta - (q.on_hand - q.reserved),
                                 ln.count_id, ln.user_id, in_request_id);
    END IF;
  END IF;
  IF delta = 0 THEN
    RETURN;
  END IF;
  SELECT l2.id INTO adj FROM location l JOIN location l2
      ON l2.warehouse_id = l.warehouse_id AND l2.code = '@ADJUST'
   WHERE l.id = ln.bin_id;
  SELECT * INTO m FROM wms_do_move(ln.sku_id, ln.lot_id,
    CASE WHEN delta > 0 THEN adj ELSE ln.bin_id END,
    CASE WHEN delta > 0 THEN ln.bin_id ELSE adj END,
    abs(delta), 'count', 'count ' || ln.count_id, '', ln.user_id,
    in_request_id, NULL);
  IF m.out_insufficient THEN
    -- Unreachable: the units were freed above under the quant's lock.
    RAISE EXCEPTION 'count line % could not post its loss', in_line_id;
  END IF;
  out_move_id := m.out_move_id;
END $$;

-- Records one counted item: locks the quant, snapshots its on_hand as the
-- expected figure, and posts the variance at once when it is within the
-- count's threshold; otherwise the line waits for the lead's approval.
-- A replayed idempotency key returns the first line; the key with another
-- entry is out_key_conflict (README, "Idempotency").
DROP FUNCTION IF EXISTS wms_do_count_entry(bigint, bigint, bigint, bigint,
  bigint, bigint, text, text);
CREATE OR REPLACE FUNCTION wms_do_count_entry(
  in_count_id bigint, in_bin_id bigint, in_sku_id bigint, in_lot_id bigint,
  in_qty bigint, in_user_id bigint, in_request_id text, in_idem text,
  OUT out_line_id bigint, OUT out_replayed boolean, OUT out_not_open boolean,
  OUT out_not_in_count boolean, OUT out_short boolean,
  OUT out_key_conflict boolean)
LANGUAGE plpgsql AS $$
DECLARE
  cnt stock_count%ROWTYPE;
  snapshot bigint;
  post record;
  prior stock_count_line%ROWTYPE;
BEGIN
  out_replayed := false; out_not_open := false; out_not_in_count := false;
  out_short := false; out_key_conflict := false;
  IF in_idem IS NOT NULL THEN
    PERFORM idem_lock(in_idem);
    SELECT * INTO prior FROM stock_count_line WHERE idempotency_key = in_idem;
    IF FOUND THEN
      out_line_id := prior.id;
      out_replayed := true;
      out_key_conflict :=
        (prior.count_id, prior.bin_id, prior.sku_id, prior.lot_id,
         prior.counted) IS DISTINCT FROM
        (in_count_id, in_bin_id, in_sku_id, in_lot_id, in_qty);
      RETURN;
    END IF;
  END IF;
  SELECT * INTO cnt FROM stock_count WHERE id = in_count_id FOR SHARE;
  IF cnt.state <> 'open' THEN
    out_not_open := true;
    RETURN;
  END IF;
  PERFORM 1 FROM stock_count_bin WHERE count_id = in_count_id
     AND bin_id = in_bin_id;
  IF NOT FOUND THEN
    out_not_in_count := true;
    RETURN;
  END IF;
  PERFORM wms_lock_task_lists(in_sku_id, in_bin_id, in_lot_id);
  INSERT INTO stock_quant (warehouse_id, sku_id, location_id, lot_id)
  VALUES (cnt.warehouse_id, in_sku_id, in_bin_id, in_lot_id)
  ON CONFLICT ON CONSTRAINT stock_quant_key DO NOTHING;
  SELECT on_hand INTO snapshot FROM stock_quant
   WHERE sku_id = in_sku_id AND location_id = in_bin_id
     AND lot_id IS NOT DISTINCT FROM in_lot_id FOR UPDATE;
  INSERT INTO stock_count_line (count_id, bin_id, sku_id, lot_id, counted,
    expected, state, user_id, idempotency_key)
  VALUES (in_count_id, in_bin_id, in_sku_id, in_lot_id, in_qty, snapshot,
    CASE WHEN abs(in_qty - snapshot) <= cnt.threshold THEN 'posted'
         ELSE 'needs_approval' END, in_user_id, in_idem)
  ON CONFLICT ON CONSTRAINT stock_count_line_item DO UPDATE
    SET counted = excluded.counted, expected = excluded.expected,
        state = excluded.state, user_id = excluded.user_id,
        idempotency_key = excluded.idempotency_key, counted_at = now()
    WHERE stock_count_line.state IN ('needs_approval', 'recount')
  RETURNING id INTO out_line_id;
  IF out_line_id IS NULL THEN
    -- Counted and posted already: a second count of it changes nothing.
    SELECT id INTO out_line_id FROM stock_count_line
     WHERE count_id = in_count_id AND bin_id = in_bin_id
       AND sku_id = in_sku_id AND lot_id IS NOT DISTINCT FROM in_lot_id;
    out_replayed := true;
    RETURN;
  END IF;
  IF abs(in_qty - snapshot) <= cnt.threshold THEN
    SELECT * INTO post FROM wms_count_post(out_line_id, in_request_id);
    IF post.out_short THEN
      UPDATE stock_count_line SET state = 'needs_approval'
       WHERE id = out_line_id;
    ELSE
      UPDATE stock_count_line SET move_id = post.out_move_id
       WHERE id = out_line_id;
    END IF;
  END IF;
END $$;

-- Ends counting a bin: every SKU/lot with stock there that nobody counted
-- was not found, so it is recorded as counted 0.
CREATE OR REPLACE FUNCTION wms_do_count_bin_done(
  in_count_id bigint, in_bin_id bigint, in_user_id bigint,
  in_request_id text, OUT out_not_open boolean, OUT out_not_in_count boolean)
LANGUAGE plpgsql AS $$
DECLARE
  q record;
  e record;
BEGIN
  out_not_open := false; out_not_in_count := false;
  FOR q IN SELECT sq.sku_id, sq.lot_id FROM stock_quant sq
            WHERE sq.location_id = in_bin_id AND sq.on_hand > 0
              AND NOT EXISTS (SELECT 1 FROM stock_count_line cl
                               WHERE cl.count_id = in_count_id
                                 AND cl.bin_id = in_bin_id
                                 AND cl.sku_id = sq.sku_id
                                 AND cl.lot_id IS NOT DISTINCT FROM sq.lot_id)
            ORDER BY sq.id
  LOOP
    SELECT * INTO e FROM wms_do_count_entry(in_count_id, in_bin_id, q.sku_id,
      q.lot_id, 0, in_user_id, in_request_id, NULL);
    IF e.out_not_open OR e.out_not_in_count THEN
      out_not_open := e.out_not_open;
      out_not_in_count := e.out_not_in_count;
      RETURN;
    END IF;
  END LOOP;
  UPDATE stock_count_bin SET state = 'counted', counted_at = now()
   WHERE count_id = in_count_id AND bin_id = in_bin_id;
  IF NOT FOUND THEN
    out_not_in_count := true;
  END IF;
END $$;

-- The lead's decision on a line that waits: approve posts its variance,
-- reject sends the bin back to be counted again.
CREATE OR REPLACE FUNCTION wms_do_count_decide(
  in_count_id bigint, in_line_id bigint, in_approve boolean,
  in_request_id text, OUT out_found boolean, OUT out_not_waiting boolean,
  OUT out_short boolean)
LANGUAGE plpgsql AS $$
DECLARE
  ln stock_count_line%ROWTYPE;
  post record;
BEGIN
  out_found := false; out_not_waiting := false; out_short := false;
  SELECT * INTO ln FROM stock_count_line
   WHERE id = in_line_id AND count_id = in_count_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF ln.state <> 'needs_approval' THEN
    out_not_waiting := true;
    RETURN;
  END IF;
  IF NOT in_approve THEN
    UPDATE stock_count_line SET state = 'recount' WHERE id = in_line_id;
    UPDATE stock_count_bin SET state = 'pending', counted_at = NULL
     WHERE count_id = in_count_id AND bin_id = ln.bin_id;
    RETURN;
  END IF;
  PERFORM wms_lock_task_lists(ln.sku_id, ln.bin_id, ln.lot_id);
  PERFORM 1 FROM stock_quant WHERE sku_id = ln.sku_id
     AND location_id = ln.bin_id AND lot_id IS NOT DISTINCT FROM ln.lot_id
     FOR UPDATE;
  SELECT * INTO post FROM wms_count_post(in_line_id, in_request_id);
  IF post.out_short THEN
    out_short := true;
    RETURN;
  END IF;
  UPDATE stock_count_line SET state = 'approved', move_id = post.out_move_id
   WHERE id = in_line_id;
END $$;

-- Closes count in_count_id; false when it is not open. Lines still
-- waiting for the lead are posted (closing approves them: a counted loss
-- is never dropped); lines sent back for a recount are not. Locks the
-- count row, the pick lists with tasks on the lines' quants, then the
-- quants by id, then posts.
CREATE OR REPLACE FUNCTION wms_do_count_close(in_count_id bigint,
  in_request_id text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  ln record;
  post record;
BEGIN
  UPDATE stock_count SET state = 'closed', closed_at = now()
   WHERE id = in_count_id AND state = 'open';
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM 1 FROM picklist
   WHERE id IN (SELECT t.picklist_id FROM stock_count_line cl
                  JOIN stock_quant q ON q.sku_id = cl.sku_id
                   AND q.location_id = cl.bin_id
                   AND q.lot_id IS NOT DISTINCT FROM cl.lot_id
                  JOIN pick_task t ON t.quant_id = q.id AND t.state = 'open'
                 WHERE cl.count_id = in_count_id
                   AND cl.state = 'needs_approval')
   ORDER BY id FOR UPDATE;
  PERFORM 1 FROM stock_quant q JOIN stock_count_line cl
      ON cl.sku_id = q.sku_id AND cl.bin_id = q.location_id
     AND cl.lot_id IS NOT DISTINCT FROM q.lot_id
   WHERE cl.count_id = in_count_id AND cl.state = 'needs_approval'
   ORDER BY q.id FOR UPDATE OF q;
  FOR ln IN SELECT id FROM stock_count_line
             WHERE count_id = in_count_id AND state = 'needs_approval'
             ORDER BY id
  LOOP
    SELECT * INTO post FROM wms_count_post(ln.id, in_request_id);
    UPDATE stock_count_line SET state = 'approved', move_id = post.out_move_id
     WHERE id = ln.id;
  END LOOP;
  RETURN true;
END $$;
