-- Posts a count line's variance (counted - expected) against the current
-- quant as an adjustment move. Returns the move id, or NULL when there is
-- no variance; out_short when the bin has fewer free units than the
-- variance removes (reserved stock must be released first).
CREATE OR REPLACE FUNCTION wms_count_post(
  in_line_id bigint, in_request_id text,
  OUT out_move_id bigint, OUT out_short boolean)
LANGUAGE plpgsql AS $$
DECLARE
  ln stock_count_line%ROWTYPE;
  adj bigint;
  m record;
  delta bigint;
BEGIN
  out_short := false;
  SELECT * INTO ln FROM stock_count_line WHERE id = in_line_id;
  delta := ln.counted - ln.expected;
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
    out_short := true;
    RETURN;
  END IF;
  out_move_id := m.out_move_id;
END $$;

-- Records one counted item: locks the quant, snapshots its on_hand as the
-- expected figure, and posts the variance at once when it is within the
-- count's threshold; otherwise the line waits for the lead's approval.
-- A replayed idempotency key returns the first line.
CREATE OR REPLACE FUNCTION wms_do_count_entry(
  in_count_id bigint, in_bin_id bigint, in_sku_id bigint, in_lot_id bigint,
  in_qty bigint, in_user_id bigint, in_request_id text, in_idem text,
  OUT out_line_id bigint, OUT out_replayed boolean, OUT out_not_open boolean,
  OUT out_not_in_count boolean, OUT out_short boolean)
LANGUAGE plpgsql AS $$
DECLARE
  cnt stock_count%ROWTYPE;
  snapshot bigint;
  post record;
  prior stock_count_line%ROWTYPE;
BEGIN
  out_replayed := false; out_not_open := false; out_not_in_count := false;
  out_short := false;
  IF in_idem IS NOT NULL THEN
    PERFORM idem_lock(in_idem);
    SELECT * INTO prior FROM stock_count_line WHERE idempotency_key = in_idem;
    IF FOUND THEN
      out_line_id := prior.id;
      out_replayed := true;
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
  INSERT INTO stock_quant (sku_id, location_id, lot_id)
  VALUES (in_sku_id, in_bin_id, in_lot_id)
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
