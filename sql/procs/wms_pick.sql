-- Pick by scan. The terminal scans the task's bin, then the item (units
-- go "in hand"), then the order's tote: that confirmation moves the
-- units from the bin to the tote in the ledger. Every scan is one call,
-- idempotent by the terminal's key.

-- Checks that in_user holds list in_list (locked); out_error otherwise.
CREATE OR REPLACE FUNCTION wms_pick_lock(in_list bigint, in_user bigint,
  OUT out_list picklist, OUT out_error text, OUT out_detail text)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT * INTO out_list FROM picklist WHERE id = in_list FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
  ELSIF out_list.state = 'done' THEN
    out_error := 'picklist_done';
  ELSIF out_list.state = 'open' THEN
    out_error := 'picklist_not_claimed';
    out_detail := 'take the list with picklists/next first';
  ELSIF out_list.picker_id IS DISTINCT FROM in_user THEN
    out_error := 'picklist_claimed';
    SELECT 'the list is claimed by ' || username INTO out_detail
      FROM app_user WHERE id = out_list.picker_id;
  END IF;
END $$;

-- After a task changed: the list's step for its new current task, and
-- the list done when no task is open.
CREATE OR REPLACE FUNCTION wms_pick_advance(in_list bigint, in_prev_bin bigint)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t pick_task%ROWTYPE := wms_pick_current(in_list);
BEGIN
  IF t.id IS NULL THEN
    UPDATE picklist SET state = 'done', done_at = now(), step = 'bin',
           hand_qty = 0, hand_lot_id = NULL
     WHERE id = in_list;
    UPDATE wave w SET state = 'done', done_at = now()
     WHERE w.id = (SELECT wave_id FROM picklist WHERE id = in_list)
       AND NOT EXISTS (SELECT 1 FROM picklist p
                        WHERE p.wave_id = w.id AND p.state <> 'done');
  ELSE
    -- The next task in the same bin needs no second bin scan.
    UPDATE picklist
       SET step = CASE WHEN t.bin_id = in_prev_bin THEN 'item' ELSE 'bin' END,
           hand_qty = 0, hand_lot_id = NULL
     WHERE id = in_list;
  END IF;
END $$;

-- The tote scanned for task t's order: its own, or a free one that the
-- order takes now, with its merge-key siblings in the wave (they ship in
-- one parcel, so they fill one tote). out_error: wrong_tote, tote_in_use.
CREATE OR REPLACE FUNCTION wms_pick_bind_tote(in_list picklist, in_task pick_task,
  in_tote location, OUT out_error text, OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  wo wave_order%ROWTYPE;
  holder text;
  mkey text;
  sibs bigint[];
BEGIN
  SELECT merge_key INTO mkey FROM sales_order WHERE id = in_task.order_id;
  IF mkey IS NOT NULL THEN
    -- By the merge key's index, then the wave's key: never the whole wave.
    SELECT array_agg(so.id ORDER BY so.id) INTO sibs
      FROM sales_order so JOIN wave_order x ON x.wave_id = in_list.wave_id
                                           AND x.order_id = so.id
     WHERE so.merge_key = mkey;
  END IF;
  sibs := coalesce(sibs, ARRAY[in_task.order_id]);
  -- Siblings' rows in id order: two lists binding siblings never deadlock.
  PERFORM 1 FROM wave_order
   WHERE wave_id = in_list.wave_id AND order_id = ANY (sibs)
   ORDER BY order_id FOR UPDATE;
  SELECT * INTO wo FROM wave_order
   WHERE wave_id = in_list.wave_id AND order_id = in_task.order_id FOR UPDATE;
  IF wo.tote_id = in_tote.id THEN
    RETURN;
  END IF;
  IF wo.tote_id IS NOT NULL THEN
    out_error := 'wrong_tote';
    SELECT 'expected tote ' || code INTO out_detail
      FROM location WHERE id = wo.tote_id;
    RETURN;
  END IF;
  -- Free: no live order's part in this warehouse uses it (a split order's
  -- part that shipped leaves its tote) and nothing is in it.
  PERFORM 1 FROM location WHERE id = in_tote.id FOR UPDATE;
  SELECT o.external_id INTO holder
    FROM wave_order x JOIN sales_order o ON o.id = x.order_id
   WHERE x.tote_id = in_tote.id
     AND o.state IN ('picking', 'packed', 'on_hold', 'partially_shipped')
     AND NOT wms_part_shipped(o.id, in_tote.warehouse_id)
   LIMIT 1;
  IF holder IS NULL THEN
    SELECT '(stock left in it)' INTO holder FROM stock_quant
     WHERE location_id = in_tote.id AND on_hand > 0 LIMIT 1;
  END IF;
  IF holder IS NOT NULL THEN
    out_error := 'tote_in_use';
    out_detail := 'tote ' || in_tote.code || ' holds order ' || holder;
    RETURN;
  END IF;
  UPDATE wave_order SET tote_id = in_tote.id
   WHERE wave_id = in_list.wave_id AND order_id = ANY (sibs)
     AND tote_id IS NULL;
END $$;

-- The units in hand go into the tote: one ledger move, bin to tote.
CREATE OR REPLACE FUNCTION wms_pick_confirm(in_list picklist, in_task pick_task,
  in_tote location, in_user bigint, in_request text,
  OUT out_error text, OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  take_from bigint := in_task.quant_id;
BEGIN
  IF in_list.hand_lot_id IS DISTINCT FROM in_task.lot_id THEN
    SELECT id INTO take_from FROM stock_quant
     WHERE sku_id = in_task.sku_id AND location_id = in_task.bin_id
       AND lot_id = in_list.hand_lot_id;
  END IF;
  IF take_from IS NULL OR NOT wms_move_reserved(in_task.reservation_id,
       in_task.quant_id, take_from, in_tote.id, in_list.hand_qty, 'pick',
       'picklist ' || in_list.id, in_user, in_request) THEN
    out_error := 'insufficient_stock';
    out_detail := 'the lot scanned has no free units left in this bin';
    RETURN;
  END IF;
  UPDATE pick_task
     SET picked_qty = picked_qty + in_list.hand_qty,
         state = CASE WHEN picked_qty + in_list.hand_qty = qty THEN 'done'
                      ELSE 'open' END
   WHERE id = in_task.id;
  IF in_list.hand_qty < in_task.qty - in_task.picked_qty THEN
    UPDATE picklist SET hand_qty = 0, hand_lot_id = NULL, step = 'item'
     WHERE id = in_list.id;
  ELSE
    PERFORM wms_pick_advance(in_list.id, in_task.bin_id);
  END IF;
END $$;

-- An item scanned at the task's bin: it must be the task's SKU (another
-- lot of it when that lot has free units in the bin), and no more than
-- the task still needs. The units go in hand.
CREATE OR REPLACE FUNCTION wms_pick_item(in_list picklist, in_task pick_task,
  in_sku bigint, in_pack bigint, in_lot_code text, in_qty bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  want sku%ROWTYPE;
  v_lot bigint := in_task.lot_id;
  units bigint := coalesce(in_qty, 1) * in_pack;
  need bigint := in_task.qty - in_task.picked_qty - in_list.hand_qty;
BEGIN
  SELECT * INTO want FROM sku WHERE id = in_task.sku_id;
  IF in_sku IS DISTINCT FROM in_task.sku_id THEN
    out_error := 'wrong_item';
    out_field := 'code';
    out_detail := 'expected ' || want.code || ' ' || want.name;
    RETURN;
  END IF;
  IF want.lot_tracked AND in_lot_code IS NOT NULL THEN
    SELECT t.id INTO v_lot FROM lot t
     WHERE t.sku_id = in_sku AND t.code = in_lot_code;
    IF v_lot IS DISTINCT FROM in_task.lot_id AND NOT EXISTS (
         SELECT 1 FROM stock_quant q LEFT JOIN lot t ON t.id = q.lot_id
          WHERE q.sku_id = in_sku AND q.location_id = in_task.bin_id
            AND q.lot_id = v_lot AND q.on_hand - q.reserved >= units
            AND (t.expiry IS NULL OR t.expiry >= current_date)) THEN
      out_error := 'wrong_lot';
      out_field := 'code';
      out_detail := 'expected lot ' || (SELECT code FROM lot
                                          WHERE id = in_task.lot_id);
      RETURN;
    END IF;
  END IF;
  IF in_list.hand_qty > 0 AND v_lot IS DISTINCT FROM in_list.hand_lot_id THEN
    out_error := 'wrong_lot';
    out_field := 'code';
    out_detail := 'put the units in hand into the tote before another lot';
    RETURN;
  END IF;
  IF units > need THEN
    out_error := 'over_pick';
    out_field := 'qty';
    out_detail := 'the task needs ' || need || ' more, scanned ' || units;
    RETURN;
  END IF;
  UPDATE picklist SET hand_qty = hand_qty + units, hand_lot_id = v_lot
   WHERE id = in_list.id;
END $$;

-- The named figures of a refused pick scan, as {"params": {...}} (sent
-- as error.params; the terminal words the error from its catalogs):
-- what the task expected (bin, SKU, lot, tote), what was scanned, how many
-- the task still needs. in_units: the units an item scan meant, or NULL.
CREATE OR REPLACE FUNCTION wms_pick_refusal(in_error text, in_list picklist,
  in_task pick_task, in_scanned text, in_units bigint)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('params', jsonb_strip_nulls(jsonb_build_object(
    'scanned', in_scanned,
    'sku', (SELECT code FROM sku WHERE id = in_task.sku_id),
    'bin', (SELECT code FROM location WHERE id = in_task.bin_id),
    'need', in_task.qty - in_task.picked_qty - in_list.hand_qty,
    'units', in_units,
    'expected', CASE in_error
      WHEN 'wrong_item' THEN (SELECT code FROM sku WHERE id = in_task.sku_id)
      WHEN 'wrong_lot' THEN (SELECT code FROM lot WHERE id = in_task.lot_id)
      WHEN 'wrong_tote' THEN (SELECT l.code FROM wave_order x
                                JOIN location l ON l.id = x.tote_id
                               WHERE x.wave_id = in_list.wave_id
                                 AND x.order_id = in_task.order_id)
    END,
    'order', CASE WHEN in_error = 'tote_in_use' THEN
      (SELECT o.external_id FROM wave_order x
         JOIN sales_order o ON o.id = x.order_id
         JOIN location l ON l.id = x.tote_id
        WHERE l.code = in_scanned AND l.warehouse_id = in_list.warehouse_id
          AND o.state IN ('picking', 'packed', 'on_hold', 'partially_shipped')
        ORDER BY x.wave_id DESC LIMIT 1) END)));
$$;

-- One scan on list in_list by in_user. in_code is the text scanned;
-- in_gtin and in_lot what C read from it as GS1 (or NULL); in_qty how
-- many packs an item scan confirms (NULL: one).
CREATE OR REPLACE FUNCTION wms_pick_scan(in_list bigint, in_user bigint,
  in_code text, in_gtin text, in_lot text, in_qty bigint, in_key text,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'scan', 'code', in_code, 'qty', in_qty);
  lk record;
  pl picklist%ROWTYPE;
  t pick_task%ROWTYPE;
  bin location%ROWTYPE;
  hit location%ROWTYPE;
  code_up text := upper(btrim(in_code));
  item record;
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'pick', in_list, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO lk FROM wms_pick_lock(in_list, in_user);
  IF lk.out_error IS NOT NULL THEN
    out_error := lk.out_error;
    out_detail := lk.out_detail;
    RETURN;
  END IF;
  pl := lk.out_list;
  t := wms_pick_current(in_list);
  SELECT * INTO bin FROM location WHERE id = t.bin_id;
  SELECT * INTO hit FROM location
   WHERE warehouse_id = pl.warehouse_id AND code = code_up
     AND kind IN ('bin', 'tote');
  IF pl.step = 'bin' OR (hit.kind = 'bin' AND hit.id <> bin.id) THEN
    IF hit.id IS DISTINCT FROM bin.id THEN
      out_error := 'wrong_bin';
      out_field := 'code';
      out_detail := 'expected bin ' || bin.code;
      out_doc := jsonb_build_object('params', jsonb_build_object(
        'expected', bin.code, 'scanned', code_up));
      RETURN;
    END IF;
    UPDATE picklist SET step = 'item' WHERE id = in_list;
  ELSIF hit.kind = 'bin' THEN
    NULL; -- the task's bin again: nothing to do
  ELSIF hit.kind = 'tote' THEN
    IF pl.hand_qty = 0 THEN
      out_error := 'scan_item_first';
      out_field := 'code';
      out_detail := 'scan the item before the tote';
      RETURN;
    END IF;
    SELECT * INTO r FROM wms_pick_bind_tote(pl, t, hit);
    IF r.out_error IS NULL THEN
      SELECT * INTO r FROM wms_pick_confirm(pl, t, hit, in_user, in_request);
    END IF;
    IF r.out_error IS NOT NULL THEN
      out_error := r.out_error;
      out_field := 'code';
      out_detail := r.out_detail;
      out_doc := wms_pick_refusal(r.out_error, pl, t, code_up, NULL);
      RETURN;
    END IF;
  ELSE
    SELECT * INTO item FROM wms_resolve_item(btrim(in_code), in_gtin);
    SELECT * INTO r FROM wms_pick_item(pl, t, item.out_sku_id,
      coalesce(item.out_pack, 1), in_lot, in_qty);
    IF r.out_error IS NOT NULL THEN
      out_error := r.out_error;
      out_field := r.out_field;
      out_detail := r.out_detail;
      out_doc := wms_pick_refusal(r.out_error, pl, t, code_up,
                                  coalesce(in_qty, 1) * coalesce(item.out_pack, 1));
      RETURN;
    END IF;
  END IF;
  out_doc := wms_picklist_view(in_list);
  PERFORM idem_record(in_key, 'pick', in_list, req, out_doc);
END $$;

-- The picker cannot find the rest of the current task in its bin. The
-- missing units are reserved in other bins when there are any (new tasks
-- on this list); what cannot be found puts the order on hold, cancels
-- its open tasks and lands on the exceptions desk.
CREATE OR REPLACE FUNCTION wms_pick_short(in_list bigint, in_user bigint,
  in_key text, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'short');
  lk record;
  pl picklist%ROWTYPE;
  t pick_task%ROWTYPE;
  a order_allocation%ROWTYPE;
  missing bigint;
  found_qty bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'pick', in_list, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO lk FROM wms_pick_lock(in_list, in_user);
  IF lk.out_error IS NOT NULL THEN
    out_error := lk.out_error;
    out_detail := lk.out_detail;
    RETURN;
  END IF;
  pl := lk.out_list;
  IF pl.hand_qty > 0 THEN
    out_error := 'hand_not_empty';
    out_detail := 'scan the tote for the ' || pl.hand_qty ||
                  ' units in hand first';
    out_doc := jsonb_build_object('params',
                                  jsonb_build_object('in_hand', pl.hand_qty));
    RETURN;
  END IF;
  t := wms_pick_current(in_list);
  missing := t.qty - t.picked_qty;
  SELECT * INTO a FROM order_allocation WHERE reservation_id = t.reservation_id;
  -- Give the missing units back, then look for them in other bins.
  PERFORM 1 FROM stock_quant WHERE id = t.quant_id FOR UPDATE;
  UPDATE stock_quant SET reserved = reserved - missing WHERE id = t.quant_id;
  PERFORM wms_reservation_line_take(t.reservation_id, t.quant_id, missing);
  UPDATE pick_task SET state = 'short' WHERE id = t.id;
  PERFORM wms_pick_count_bin(pl.warehouse_id, t.bin_id, in_user);
  found_qty := wms_pick_reserve_elsewhere(pl, t, missing);
  IF found_qty < missing THEN
    PERFORM wms_pick_hold_short(pl, t, a, missing - found_qty, in_user,
                                in_request);
  END IF;
  PERFORM wms_pick_advance(in_list, t.bin_id);
  out_doc := wms_picklist_view(in_list) ||
             jsonb_build_object('short', jsonb_build_object(
               'task', t.id, 'missing', missing, 'found_elsewhere', found_qty));
  PERFORM idem_record(in_key, 'pick', in_list, req, out_doc);
END $$;

-- Reserves up to in_missing units of task in_t's SKU in bins other than
-- its own and adds a task on list in_pl for each. Returns the units found.
CREATE OR REPLACE FUNCTION wms_pick_reserve_elsewhere(in_pl picklist,
  in_t pick_task, in_missing bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  got bigint;
  before jsonb;
BEGIN
  SELECT coalesce(jsonb_object_agg(quant_id::text, qty), '{}') INTO before
    FROM reservation_line WHERE reservation_id = in_t.reservation_id;
  got := wms_reserve_fill(in_t.reservation_id, in_pl.warehouse_id,
                          in_t.sku_id, in_missing, in_t.bin_id);
  IF got > 0 THEN
    INSERT INTO pick_task (warehouse_id, picklist_id, order_id,
      reservation_id, quant_id, sku_id, lot_id, bin_id, seq, qty)
    SELECT in_pl.warehouse_id, in_pl.id, in_t.order_id, in_t.reservation_id, q.id, q.sku_id,
           q.lot_id, b.id, b.pick_sequence,
           rl.qty - coalesce((before->>rl.quant_id::text)::bigint, 0)
      FROM reservation_line rl
      JOIN stock_quant q ON q.id = rl.quant_id
      JOIN location b ON b.id = q.location_id AND b.kind = 'bin'
     WHERE rl.reservation_id = in_t.reservation_id
       AND rl.qty > coalesce((before->>rl.quant_id::text)::bigint, 0)
     ORDER BY b.pick_sequence, b.code;
  END IF;
  RETURN got;
END $$;

-- What no bin has: the order line loses the units, the order goes on
-- hold with its open tasks cancelled, and the lead sees an exception.
CREATE OR REPLACE FUNCTION wms_pick_hold_short(in_pl picklist, in_t pick_task,
  in_a order_allocation, in_lost bigint, in_user bigint, in_request text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  figures jsonb; -- lost, sku, bin: the hold's and the event's params
BEGIN
  -- A reservation left with nothing is over (qty must stay positive).
  UPDATE reservation
     SET qty = CASE WHEN qty > in_lost THEN qty - in_lost ELSE qty END,
         state = CASE WHEN qty > in_lost THEN state ELSE 'released' END,
         closed_at = CASE WHEN qty > in_lost THEN closed_at ELSE now() END
   WHERE id = in_t.reservation_id;
  IF in_a.qty = in_lost THEN
    DELETE FROM order_allocation WHERE id = in_a.id;
  ELSE
    UPDATE order_allocation SET qty = qty - in_lost WHERE id = in_a.id;
  END IF;
  UPDATE order_line SET allocated_qty = allocated_qty - in_lost
   WHERE id = in_a.line_id;
  SELECT * INTO o FROM sales_order WHERE id = in_t.order_id FOR UPDATE;
  SELECT jsonb_build_object('lost', in_lost, 'sku', s.code, 'bin', b.code)
    INTO figures FROM sku s, location b
   WHERE s.id = in_t.sku_id AND b.id = in_t.bin_id;
  INSERT INTO order_hold (store_id, order_id, reason, field, detail, params)
  SELECT o.store_id, o.id, 'short_pick', 'lines[' || (l.line_no - 1) || '].qty',
         in_lost || ' of ' || (figures->>'sku') || ' not found in bin ' ||
         (figures->>'bin'), figures
    FROM order_line l WHERE l.id = in_a.line_id;
  PERFORM wms_pick_cancel_order(o.id, in_pl.id);
  UPDATE sales_order SET state = 'on_hold', updated_at = now() WHERE id = o.id;
  PERFORM ord_event_params(o.id, o.state, 'on_hold', 'short pick',
                           'short_pick', figures, in_user, in_request);
  INSERT INTO fulfil_exception (warehouse_id, kind, order_id, picklist_id,
    location_id, sku_id, lot_id, qty, detail, created_by)
  VALUES (in_pl.warehouse_id, 'short_pick', o.id, in_pl.id, in_t.bin_id,
    in_t.sku_id, in_t.lot_id, in_lost,
    (SELECT in_lost || ' of ' || s.code || ' missing in bin ' || b.code ||
            ' for order ' || o.external_id
       FROM sku s, location b WHERE s.id = in_t.sku_id AND b.id = in_t.bin_id),
    in_user);
END $$;

-- Cancels the open tasks of order in_order. Other lists whose current
-- task was one of them drop the units in hand (they were never moved: the
-- picker puts them back), and lists left without work are done.
-- in_keep: a list the caller advances itself.
CREATE OR REPLACE FUNCTION wms_pick_cancel_order(in_order bigint,
  in_keep bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  lists bigint[];
BEGIN
  SELECT array_agg(DISTINCT picklist_id) INTO lists FROM pick_task
   WHERE order_id = in_order AND state = 'open';
  IF lists IS NULL THEN
    RETURN;
  END IF;
  PERFORM 1 FROM picklist WHERE id = ANY (lists) ORDER BY id FOR UPDATE;
  UPDATE picklist p SET hand_qty = 0, hand_lot_id = NULL, step = 'bin'
   WHERE p.id = ANY (lists) AND p.id IS DISTINCT FROM in_keep
     AND (wms_pick_current(p.id)).order_id = in_order;
  UPDATE pick_task SET state = 'cancelled'
   WHERE order_id = in_order AND state = 'open';
  UPDATE picklist p SET state = 'done', done_at = now()
   WHERE p.id = ANY (lists) AND p.id IS DISTINCT FROM in_keep
     AND p.state <> 'done'
     AND NOT EXISTS (SELECT 1 FROM pick_task t
                      WHERE t.picklist_id = p.id AND t.state = 'open');
END $$;

-- A bin found short is suspect: it gets a cycle count, unless an open
-- count covers it already.
CREATE OR REPLACE FUNCTION wms_pick_count_bin(in_wh bigint, in_bin bigint,
  in_user bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  cid bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM stock_count c JOIN stock_count_bin b
                ON b.count_id = c.id
              WHERE c.state = 'open' AND b.bin_id = in_bin
                AND b.state = 'pending') THEN
    RETURN;
  END IF;
  INSERT INTO stock_count (warehouse_id, note)
  VALUES (in_wh, 'short pick in ' || (SELECT code FROM location
                                       WHERE id = in_bin))
  RETURNING id INTO cid;
  INSERT INTO stock_count_bin (count_id, bin_id) VALUES (cid, in_bin);
END $$;
