-- Waves: allocated orders become pick lists, batches of orders (one tote
-- each) walked in bin pick sequence, or one list per zone of a batch.

-- Builds a wave in warehouse in_wh from the allocated orders that match
-- in_filters {store, carrier, cutoff, lines: single|multi, min_priority,
-- orders: [id]},
-- most urgent and oldest first, at most in_max. Orders another wave is
-- taking right now are skipped, never waited for. A split order's part in
-- in_wh (split_part) is waved like an order, whatever the order's state
-- elsewhere. Merge-key siblings come along (beyond in_max) and share a
-- batch: in_batch counts totes, and siblings fill one.
CREATE OR REPLACE FUNCTION wms_wave_build(in_wh bigint, in_filters jsonb,
  in_batch integer, in_zone_picking boolean, in_max integer, in_user bigint,
  in_request text, OUT out_wave_id bigint, OUT out_orders integer,
  OUT out_lists integer)
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
  keys text[];
  sides boolean[];
  more bigint[];
  more_keys text[];
  batches integer[];
BEGIN
  -- Parts of orders that left the floor's open states wait no longer: an
  -- order allocated again queues its parts anew (split_part_queue).
  DELETE FROM split_part p USING sales_order o
   WHERE p.warehouse_id = in_wh AND o.id = p.order_id
     AND o.state NOT IN ('allocated', 'picking', 'partially_shipped');
  WITH main AS (
    SELECT o.id, o.priority, o.created_at, o.merge_key, false AS side
      FROM sales_order o JOIN store s ON s.id = o.store_id
     WHERE o.state = 'allocated' AND o.warehouse_id = in_wh
       AND (in_filters->>'store' IS NULL OR s.code = in_filters->>'store')
       AND (in_filters->>'carrier' IS NULL
            OR s.carrier = in_filters->>'carrier')
       AND (in_filters->>'cutoff' IS NULL
            OR o.created_at <= (in_filters->>'cutoff')::timestamptz)
       AND o.priority >= coalesce((in_filters->>'min_priority')::int, 0)
       AND (in_filters->'orders' IS NULL OR o.id IN (SELECT x::bigint
              FROM jsonb_array_elements_text(in_filters->'orders') x))
       AND (in_filters->>'lines' IS NULL OR
            ((SELECT count(*) FROM order_line l WHERE l.order_id = o.id
                 AND l.requires_shipping) = 1)
            = (in_filters->>'lines' = 'single'))
       AND EXISTS (SELECT 1 FROM order_allocation a
                    WHERE a.order_id = o.id AND a.warehouse_id = in_wh)
       AND NOT EXISTS (SELECT 1 FROM order_allocation a
                        WHERE a.order_id = o.id
                          AND a.warehouse_id <> in_wh)
     ORDER BY o.priority DESC, o.created_at, o.id
     LIMIT in_max
       FOR UPDATE OF o SKIP LOCKED),
  side AS (
    SELECT o.id, o.priority, o.created_at, o.merge_key, true AS side
      FROM split_part p JOIN sales_order o ON o.id = p.order_id
      JOIN store s ON s.id = o.store_id
     WHERE p.warehouse_id = in_wh
       AND o.state IN ('allocated', 'picking', 'partially_shipped')
       AND (in_filters->>'store' IS NULL OR s.code = in_filters->>'store')
       AND (in_filters->>'carrier' IS NULL
            OR s.carrier = in_filters->>'carrier')
       AND (in_filters->>'cutoff' IS NULL
            OR o.created_at <= (in_filters->>'cutoff')::timestamptz)
       AND o.priority >= coalesce((in_filters->>'min_priority')::int, 0)
       AND (in_filters->'orders' IS NULL OR o.id IN (SELECT x::bigint
              FROM jsonb_array_elements_text(in_filters->'orders') x))
       AND (in_filters->>'lines' IS NULL OR
            ((SELECT count(*) FROM order_line l WHERE l.order_id = o.id
                 AND l.requires_shipping) = 1)
            = (in_filters->>'lines' = 'single'))
       AND EXISTS (SELECT 1 FROM order_allocation a
                    WHERE a.order_id = o.id AND a.warehouse_id = in_wh)
     ORDER BY o.priority DESC, o.created_at, o.id
     LIMIT in_max
       FOR UPDATE OF o SKIP LOCKED),
  top AS (
    SELECT * FROM (SELECT * FROM main UNION ALL SELECT * FROM side) x
     ORDER BY x.priority DESC, x.created_at, x.id LIMIT in_max)
  SELECT array_agg(t.id ORDER BY t.priority DESC, t.created_at, t.id),
         array_agg(t.merge_key ORDER BY t.priority DESC, t.created_at, t.id),
         array_agg(t.side ORDER BY t.priority DESC, t.created_at, t.id)
    INTO ids, keys, sides
    FROM top t;
  out_orders := coalesce(cardinality(ids), 0);
  out_lists := 0;
  IF out_orders = 0 THEN
    RETURN;
  END IF;
  IF true = ANY (sides) THEN
    DELETE FROM split_part p
     USING unnest(ids, sides) u (id, side)
     WHERE u.side AND p.warehouse_id = in_wh AND p.order_id = u.id;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM unnest(keys) k WHERE k IS NOT NULL) THEN
    SELECT array_agg((u.n - 1)::integer / in_batch ORDER BY u.n) INTO batches
      FROM unnest(ids) WITH ORDINALITY u (id, n);
  ELSE
    -- Siblings left out by the limit or the filters ship with these.
    SELECT array_agg(o.id ORDER BY o.id), array_agg(o.merge_key ORDER BY o.id)
      INTO more, more_keys
      FROM (SELECT o.id, o.merge_key FROM sales_order o
             WHERE o.merge_key IN (SELECT DISTINCT k FROM unnest(keys) k
                                    WHERE k IS NOT NULL)
               AND o.warehouse_id = in_wh AND o.state = 'allocated'
               -- A hashed subplan: "<> ALL (ids)" compares every
               -- sibling with every order of the wave.
               AND o.id NOT IN (SELECT unnest(ids))
               AND NOT EXISTS (SELECT 1 FROM order_allocation a
                                WHERE a.order_id = o.id
                                  AND a.warehouse_id <> in_wh)
               FOR UPDATE OF o SKIP LOCKED) o;
    ids := ids || coalesce(more, '{}');
    keys := keys || coalesce(more_keys, '{}');
    out_orders := cardinality(ids);
    -- One tote per merge key: siblings follow their first, and batches
    -- count groups (totes), not orders.
    SELECT array_agg(g.id ORDER BY g.first, g.n),
           array_agg((g.rk - 1)::integer / in_batch ORDER BY g.first, g.n)
      INTO ids, batches
      FROM (SELECT f.*, dense_rank() OVER (ORDER BY f.first) AS rk
              FROM (SELECT u.id, u.n,
                           min(u.n) OVER (PARTITION BY
                             coalesce(u.k, '#' || u.id)) AS first
                      FROM unnest(ids, keys) WITH ORDINALITY u (id, k, n)) f
           ) g;
  END IF;
  INSERT INTO wave (warehouse_id, filters, batch_size, zone_picking, created_by)
  VALUES (in_wh, in_filters, in_batch, in_zone_picking, in_user)
  RETURNING id INTO out_wave_id;
  INSERT INTO wave_order (wave_id, order_id, batch_no)
  SELECT out_wave_id, u.id, u.b FROM unnest(ids, batches) u (id, b);
  -- By key, not "id = ANY (ids)": that reads the whole order history. A
  -- split order already on the floor elsewhere keeps its state.
  WITH ch AS (
    UPDATE sales_order o SET state = 'picking', updated_at = now()
      FROM unnest(ids) u (id)
     WHERE o.id = u.id AND o.state = 'allocated'
    RETURNING o.store_id, o.id)
  INSERT INTO order_event (store_id, order_id, from_state, to_state, note,
    user_id, request_id)
  SELECT ch.store_id, ch.id, 'allocated', 'picking', 'wave ' || out_wave_id,
         in_user, coalesce(in_request, '')
    FROM ch;
  PERFORM wms_wave_add_tasks(out_wave_id, in_wh, in_zone_picking, ids);
  SELECT count(*) INTO out_lists FROM picklist WHERE wave_id = out_wave_id;
END $$;

-- The reserved quants still in bins of orders in_ids of wave in_wave:
-- what their pick tasks take.
CREATE OR REPLACE FUNCTION wms_wave_sources(in_wave bigint, in_wh bigint,
  in_zone_picking boolean, in_ids bigint[])
RETURNS TABLE (order_id bigint, batch_no integer, reservation_id bigint,
  quant_id bigint, sku_id bigint, lot_id bigint, bin_id bigint, bin_code text,
  seq integer, zone_id bigint, qty bigint)
LANGUAGE sql STABLE AS $f$
  SELECT wo.order_id, wo.batch_no, a.reservation_id, q.id, q.sku_id, q.lot_id,
         b.id, b.code, b.pick_sequence,
         CASE WHEN in_zone_picking THEN b.zone_id END, rl.qty
    FROM wave_order wo
    JOIN order_allocation a ON a.order_id = wo.order_id
                           AND a.warehouse_id = in_wh
    JOIN reservation r ON r.id = a.reservation_id AND r.state = 'active'
    JOIN reservation_line rl ON rl.reservation_id = a.reservation_id
    JOIN stock_quant q ON q.id = rl.quant_id
    JOIN location b ON b.id = q.location_id AND b.kind = 'bin'
    -- A join, not "= ANY (in_ids)": that tests every row against the
    -- whole array, quadratic in a 10k-order wave.
    JOIN unnest(in_ids) AS u (id) ON u.id = wo.order_id
   WHERE wo.wave_id = in_wave
$f$;

-- Pick lists and tasks for orders in_ids of wave in_wave: one task per
-- reserved quant still in a bin, lists numbered in batch (urgency) order.
-- The sources are read once; each task finds its list by its rank among
-- the wave's (batch, zone) keys, an array subscript, where a join of 30k
-- tasks with 1k lists just inserted (no statistics yet) may be planned as
-- a nested loop that compares every task with every list.
CREATE OR REPLACE FUNCTION wms_wave_add_tasks(in_wave bigint, in_wh bigint,
  in_zone_picking boolean, in_ids bigint[]) RETURNS void
LANGUAGE plpgsql
-- A 10,000-order wave sorts 30,000 tasks: in memory, not on disk.
SET work_mem = '64MB' AS $$
BEGIN
  WITH s AS MATERIALIZED (
    SELECT w.*, dense_rank() OVER (ORDER BY w.batch_no, w.zone_id NULLS FIRST)
             AS rk
      FROM wms_wave_sources(in_wave, in_wh, in_zone_picking, in_ids) w),
  lists AS (
    INSERT INTO picklist (wave_id, warehouse_id, zone_id, batch_no)
    SELECT in_wave, in_wh, k.zone_id, k.batch_no
      FROM (SELECT DISTINCT rk, batch_no, zone_id FROM s) k
     ORDER BY k.rk
    RETURNING id, batch_no, zone_id),
  ids AS MATERIALIZED (
    SELECT array_agg(id ORDER BY batch_no, zone_id NULLS FIRST) AS a
      FROM lists)
  INSERT INTO pick_task (warehouse_id, picklist_id, order_id,
    reservation_id, quant_id, sku_id, lot_id, bin_id, seq, qty)
  SELECT in_wh, ids.a[s.rk], s.order_id, s.reservation_id, s.quant_id, s.sku_id,
         s.lot_id, s.bin_id, s.seq, s.qty
    FROM s CROSS JOIN ids
   ORDER BY s.rk, s.seq, s.bin_code, s.sku_id, s.lot_id, s.order_id;
END $$;

-- The current task of list in_list: the first open one on the walk.
CREATE OR REPLACE FUNCTION wms_pick_current(in_list bigint)
RETURNS pick_task
LANGUAGE sql STABLE AS $$
  SELECT * FROM pick_task WHERE picklist_id = in_list AND state = 'open'
   ORDER BY seq, id LIMIT 1
$$;

-- What the terminal shows for list in_list: the step, the task with its
-- bin, item, quantities and tote, and the progress.
CREATE OR REPLACE FUNCTION wms_picklist_view(in_list bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  pl picklist%ROWTYPE;
  t pick_task%ROWTYPE;
  task jsonb;
  action text;
BEGIN
  SELECT * INTO pl FROM picklist WHERE id = in_list;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  t := wms_pick_current(in_list);
  IF t.id IS NULL THEN
    action := 'done';
  ELSIF pl.step = 'bin' THEN
    action := 'scan_bin';
  ELSIF pl.hand_qty = 0 THEN
    action := 'scan_item';
  ELSIF pl.hand_qty = t.qty - t.picked_qty THEN
    action := 'scan_tote';
  ELSE
    action := 'scan_item_or_tote';
  END IF;
  IF t.id IS NOT NULL THEN
    SELECT jsonb_build_object('id', t.id, 'bin', b.code, 'sku', s.code,
             'name', s.name, 'lot', lt.code, 'expiry', lt.expiry,
             'qty', t.qty, 'picked', t.picked_qty,
             'remaining', t.qty - t.picked_qty, 'in_hand', pl.hand_qty,
             'hand_lot', hl.code, 'order', o.external_id, 'order_id', o.id,
             'tote', tt.code,
             -- A kit's component names its kit (issue 24).
             'kit', (SELECT ks.code FROM order_line ol JOIN sku ks
                         ON ks.id = ol.kit_sku_id
                      WHERE ol.order_id = t.order_id
                        AND ol.reservation_id = t.reservation_id LIMIT 1))
      INTO task
      FROM location b, sku s, sales_order o
      LEFT JOIN lot lt ON lt.id = t.lot_id
      LEFT JOIN lot hl ON hl.id = pl.hand_lot_id
      LEFT JOIN wave_order wo ON wo.wave_id = pl.wave_id AND wo.order_id = o.id
      LEFT JOIN location tt ON tt.id = wo.tote_id
     WHERE b.id = t.bin_id AND s.id = t.sku_id AND o.id = t.order_id;
  END IF;
  RETURN jsonb_build_object(
    'picklist', pl.id, 'wave', pl.wave_id, 'state', pl.state,
    'warehouse', (SELECT code FROM warehouse WHERE id = pl.warehouse_id),
    'zone', (SELECT code FROM zone WHERE id = pl.zone_id),
    'picker', (SELECT username FROM app_user WHERE id = pl.picker_id),
    'routing_method', pl.routing_method, 'distance_m', pl.distance_m,
    'sequence_distance_m', pl.sequence_distance_m,
    'action', action, 'task', task,
    'progress', (SELECT jsonb_build_object(
        'tasks', count(*),
        'done', count(*) FILTER (WHERE state IN ('done', 'short', 'cancelled')),
        'units', coalesce(sum(qty), 0),
        'picked', coalesce(sum(picked_qty), 0),
        'short', count(*) FILTER (WHERE state = 'short'))
      FROM pick_task WHERE picklist_id = pl.id));
END $$;

-- The full list for the lead: the view plus every task and its orders.
CREATE OR REPLACE FUNCTION wms_picklist_doc(in_list bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v jsonb := wms_picklist_view(in_list);
BEGIN
  IF v IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN v || jsonb_build_object(
    'tasks', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id,
        'bin', b.code, 'sku', s.code, 'name', s.name, 'lot', lt.code,
        'qty', t.qty,
        'picked', t.picked_qty, 'state', t.state, 'order', o.external_id,
        'order_id', o.id,
        -- A kit's component names its kit (issue 24).
        'kit', (SELECT ks.code FROM order_line ol JOIN sku ks
                    ON ks.id = ol.kit_sku_id
                 WHERE ol.order_id = t.order_id
                   AND ol.reservation_id = t.reservation_id LIMIT 1))
        ORDER BY t.seq, t.id), '[]')
      FROM pick_task t JOIN location b ON b.id = t.bin_id
      JOIN sku s ON s.id = t.sku_id JOIN sales_order o ON o.id = t.order_id
      LEFT JOIN lot lt ON lt.id = t.lot_id WHERE t.picklist_id = in_list),
    'orders', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id,
        'external_id', o.external_id, 'state', o.state, 'tote', tt.code)
        ORDER BY o.id), '[]')
      FROM wave_order wo JOIN sales_order o ON o.id = wo.order_id
      LEFT JOIN location tt ON tt.id = wo.tote_id
      WHERE wo.wave_id = (SELECT wave_id FROM picklist WHERE id = in_list)
        AND EXISTS (SELECT 1 FROM pick_task t WHERE t.picklist_id = in_list
                       AND t.order_id = o.id)));
END $$;

-- Gives picker in_user the next open list of warehouse in_wh, or the one
-- they hold already. Two pickers asking at once never get the same list:
-- the queue is read with SKIP LOCKED.
CREATE OR REPLACE FUNCTION wms_picklist_next(in_wh bigint, in_user bigint,
  OUT out_list bigint, OUT out_resumed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_resumed := false;
  SELECT id INTO out_list FROM picklist
   WHERE warehouse_id = in_wh AND state = 'claimed' AND picker_id = in_user
   ORDER BY id LIMIT 1;
  IF out_list IS NOT NULL THEN
    out_resumed := true;
    RETURN;
  END IF;
  SELECT id INTO out_list FROM picklist
   WHERE warehouse_id = in_wh AND state = 'open'
   ORDER BY id LIMIT 1
     FOR UPDATE SKIP LOCKED;
  IF out_list IS NOT NULL THEN
    UPDATE picklist SET state = 'claimed', picker_id = in_user,
           claimed_at = now()
     WHERE id = out_list;
  END IF;
END $$;

-- A lead hands list in_list to another picker (in_user) or, with NULL,
-- back to the queue. Units in hand stay with the list: the next picker
-- scans them into the tote.
CREATE OR REPLACE FUNCTION wms_picklist_assign(in_list bigint, in_user bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  pl picklist%ROWTYPE;
BEGIN
  SELECT * INTO pl FROM picklist WHERE id = in_list FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF pl.state = 'done' THEN
    out_error := 'picklist_done';
    RETURN;
  END IF;
  IF in_user IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM app_user u WHERE u.id = in_user AND u.active) THEN
    out_error := 'unknown_user';
    out_field := 'picker';
    RETURN;
  END IF;
  UPDATE picklist
     SET state = CASE WHEN in_user IS NULL THEN 'open' ELSE 'claimed' END,
         picker_id = in_user,
         claimed_at = CASE WHEN in_user IS NULL THEN NULL ELSE now() END
   WHERE id = in_list;
  out_doc := wms_picklist_view(in_list);
END $$;

-- The lead's view of wave in_wave: its lists and their progress.
CREATE OR REPLACE FUNCTION wms_wave_doc(in_wave bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', w.id, 'warehouse', wh.code,
    'state', w.state, 'filters', w.filters, 'batch_size', w.batch_size,
    'zone_picking', w.zone_picking, 'created_at', w.created_at,
    'done_at', w.done_at,
    'orders', (SELECT count(*) FROM wave_order WHERE wave_id = w.id),
    'picklists', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', p.id,
        'batch', p.batch_no, 'zone', z.code, 'state', p.state,
        'picker', u.username,
        'tasks', (SELECT count(*) FROM pick_task t WHERE t.picklist_id = p.id),
        'open', (SELECT count(*) FROM pick_task t WHERE t.picklist_id = p.id
                    AND t.state = 'open'),
        -- The walk in metres (issue 24): by the routing method, and by
        -- plain pick sequence for comparison; null where unmeasured.
        'routing_method', p.routing_method, 'distance_m', p.distance_m,
        'sequence_distance_m', p.sequence_distance_m)
        ORDER BY p.id), '[]')
      FROM picklist p LEFT JOIN zone z ON z.id = p.zone_id
      LEFT JOIN app_user u ON u.id = p.picker_id WHERE p.wave_id = w.id))
    FROM wave w JOIN warehouse wh ON wh.id = w.warehouse_id
   WHERE w.id = in_wave
$f$;

-- POST /waves: the floor convention around wms_wave_build.
CREATE OR REPLACE FUNCTION wms_wave_create(in_wh text, in_filters jsonb,
  in_batch integer, in_zone_picking boolean, in_max integer, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  b record;
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'unknown_warehouse';
    out_field := 'warehouse';
    RETURN;
  END IF;
  IF in_filters->>'store' IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM store WHERE code = in_filters->>'store') THEN
    out_error := 'unknown_store';
    out_field := 'store';
    RETURN;
  END IF;
  SELECT * INTO b FROM wms_wave_build(wh, in_filters, in_batch,
    in_zone_picking, in_max, in_user, in_request);
  IF b.out_orders = 0 THEN
    out_error := 'no_matching_orders';
    RETURN;
  END IF;
  out_doc := wms_wave_doc(b.out_wave_id);
END $$;

-- The waves of warehouse in_wh, newest first, before id in_before.
CREATE OR REPLACE FUNCTION wms_wave_list(in_wh text, in_state text,
  in_before bigint, in_limit integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(wms_wave_doc(w.id) ORDER BY w.id DESC), '[]')
    FROM (SELECT w.id FROM wave w JOIN warehouse wh ON wh.id = w.warehouse_id
           WHERE (in_wh IS NULL OR wh.code = in_wh)
             AND (in_state IS NULL OR w.state = in_state)
             AND (in_before IS NULL OR w.id < in_before)
           ORDER BY w.id DESC LIMIT in_limit) w
$f$;

-- POST /picklists/next in the floor convention.
CREATE OR REPLACE FUNCTION wms_picklist_claim(in_wh text, in_user bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  n record;
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'unknown_warehouse';
    out_field := 'warehouse';
    RETURN;
  END IF;
  SELECT * INTO n FROM wms_picklist_next(wh, in_user);
  IF n.out_list IS NULL THEN
    out_doc := jsonb_build_object('picklist', NULL, 'action', 'none');
  ELSE
    out_doc := wms_picklist_view(n.out_list);
    out_replayed := n.out_resumed;
  END IF;
END $$;

-- GET /picklists/{id} in the floor convention.
CREATE OR REPLACE FUNCTION wms_picklist_get(in_list bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  out_doc := wms_picklist_doc(in_list);
  IF out_doc IS NULL THEN
    out_error := 'not_found';
  END IF;
END $$;

-- A lead gives list in_list to user in_username (NULL: back to the
-- queue); the picker must be allowed in the list's warehouse.
CREATE OR REPLACE FUNCTION wms_picklist_reassign(in_list bigint,
  in_username text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  uid bigint;
  r record;
BEGIN
  out_replayed := false;
  IF in_username IS NOT NULL THEN
    SELECT u.id INTO uid FROM app_user u, picklist p
     WHERE u.username = in_username AND u.active AND p.id = in_list
       AND (NOT EXISTS (SELECT 1 FROM app_user_warehouse x
                         WHERE x.user_id = u.id)
            OR EXISTS (SELECT 1 FROM app_user_warehouse x
                        WHERE x.user_id = u.id
                          AND x.warehouse_code = (SELECT code FROM warehouse
                                                   WHERE id = p.warehouse_id)));
    IF uid IS NULL THEN
      out_error := CASE WHEN EXISTS (SELECT 1 FROM picklist WHERE id = in_list)
                        THEN 'unknown_user' ELSE 'not_found' END;
      out_field := 'picker';
      RETURN;
    END IF;
  END IF;
  SELECT * INTO r FROM wms_picklist_assign(in_list, uid);
  out_error := r.out_error;
  out_field := r.out_field;
  out_doc := r.out_doc;
END $$;

-- Totes in_prefix || in_from .. in_to (zero-padded to in_width digits)
-- for warehouse in_wh; existing ones are kept.
CREATE OR REPLACE FUNCTION wms_totes_create(in_wh text, in_prefix text,
  in_from integer, in_to integer, in_width integer,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  made integer;
  clash text;
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'unknown_warehouse';
    out_field := 'warehouse';
    RETURN;
  END IF;
  SELECT l.code INTO clash FROM location l, generate_series(in_from, in_to) n
   WHERE l.warehouse_id = wh AND l.kind <> 'tote'
     AND l.code = in_prefix || lpad(n::text, in_width, '0') LIMIT 1;
  IF clash IS NOT NULL THEN
    out_error := 'already_exists';
    out_field := 'prefix';
    out_detail := clash || ' is a bin of this warehouse';
    RETURN;
  END IF;
  INSERT INTO location (warehouse_id, kind, code)
  SELECT wh, 'tote', in_prefix || lpad(n::text, in_width, '0')
    FROM generate_series(in_from, in_to) n
  ON CONFLICT (warehouse_id, code) DO NOTHING;
  GET DIAGNOSTICS made = ROW_COUNT;
  out_doc := jsonb_build_object('warehouse', in_wh, 'created', made,
    'totes', (SELECT count(*) FROM location
               WHERE warehouse_id = wh AND kind = 'tote'));
END $$;

-- A lead cancels wave in_wave before anything of it was picked: its open
-- tasks are cancelled and its lists closed (a picker holding one is told
-- picklist_done), its orders go back from picking to allocated (so a new
-- wave can take them; a split order's part in this warehouse is queued
-- again) and the wave becomes cancelled. The reservations stay. Refusals:
-- not_found, wave_not_open (done or cancelled already), wave_started (a
-- unit was picked or is in hand, or a task was shorted).
CREATE OR REPLACE FUNCTION wms_wave_cancel(in_wave bigint, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  w wave%ROWTYPE;
  started bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO w FROM wave WHERE id = in_wave FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF w.state <> 'open' THEN
    out_error := 'wave_not_open';
    out_detail := 'the wave is ' || w.state;
    RETURN;
  END IF;
  -- Lists first, in id order (the lock order of pick scans).
  PERFORM 1 FROM picklist WHERE wave_id = in_wave ORDER BY id FOR UPDATE;
  SELECT count(*) INTO started FROM pick_task t
    JOIN picklist p ON p.id = t.picklist_id
   WHERE p.wave_id = in_wave
     AND (t.picked_qty > 0 OR t.state IN ('done', 'short'));
  IF started = 0 THEN
    SELECT count(*) INTO started FROM picklist
     WHERE wave_id = in_wave AND (hand_qty > 0 OR state = 'done');
  END IF;
  IF started > 0 THEN
    out_error := 'wave_started';
    out_detail := 'picking has begun: cancel its orders one by one instead';
    RETURN;
  END IF;
  UPDATE pick_task t SET state = 'cancelled'
    FROM picklist p
   WHERE p.wave_id = in_wave AND t.picklist_id = p.id AND t.state = 'open';
  UPDATE picklist SET state = 'done', done_at = now(), step = 'bin'
   WHERE wave_id = in_wave;
  WITH ch AS (
    UPDATE sales_order o SET state = 'allocated', updated_at = now()
      FROM wave_order wo
     WHERE wo.wave_id = in_wave AND o.id = wo.order_id
       AND o.state = 'picking' AND o.warehouse_id = w.warehouse_id
       AND NOT EXISTS (SELECT 1 FROM pick_task t
                        WHERE t.order_id = o.id AND t.state = 'open')
    RETURNING o.store_id, o.id)
  INSERT INTO order_event (store_id, order_id, from_state, to_state, note,
    user_id, request_id)
  SELECT ch.store_id, ch.id, 'picking', 'allocated',
         'wave ' || in_wave || ' cancelled', in_user,
         coalesce(in_request, '')
    FROM ch;
  INSERT INTO split_part (warehouse_id, order_id)
  SELECT w.warehouse_id, wo.order_id FROM wave_order wo
    JOIN sales_order o ON o.id = wo.order_id
   WHERE wo.wave_id = in_wave AND o.warehouse_id <> w.warehouse_id
     AND o.state IN ('allocated', 'picking', 'partially_shipped')
  ON CONFLICT DO NOTHING;
  UPDATE wave SET state = 'cancelled', done_at = now() WHERE id = in_wave;
  out_doc := wms_wave_doc(in_wave);
END $$;
