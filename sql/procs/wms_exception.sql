-- The exceptions desk: short picks, weight mismatches, damaged items and
-- orders cancelled after picking, each with the actions that resolve it.

CREATE OR REPLACE FUNCTION wms_exception_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', e.id, 'kind', e.kind, 'state', e.state,
    'warehouse', w.code, 'order', o.external_id, 'order_id', e.order_id,
    'picklist', e.picklist_id, 'carton', e.carton_id,
    'location', l.code, 'sku', s.code, 'lot', t.code, 'qty', e.qty,
    'detail', e.detail,
    'actions', CASE WHEN e.state = 'resolved' THEN '[]'::jsonb
                    ELSE CASE e.kind
      WHEN 'short_pick' THEN '["reallocate", "cancel_order", "acknowledge"]'
      WHEN 'damaged' THEN '["scrap", "acknowledge"]'
      WHEN 'cancelled_after_pick' THEN '["putback"]'
      ELSE '["acknowledge"]' END::jsonb END,
    'created_by', (SELECT username FROM app_user WHERE id = e.created_by),
    'created_at', e.created_at,
    'resolved_by', (SELECT username FROM app_user WHERE id = e.resolved_by),
    'resolved_at', e.resolved_at, 'resolution', nullif(e.resolution, ''))
    FROM fulfil_exception e JOIN warehouse w ON w.id = e.warehouse_id
    LEFT JOIN sales_order o ON o.id = e.order_id
    LEFT JOIN location l ON l.id = e.location_id
    LEFT JOIN sku s ON s.id = e.sku_id LEFT JOIN lot t ON t.id = e.lot_id
   WHERE e.id = in_id
$f$;

-- A carton refused on the scale: one open exception per carton, kept
-- when the packer tries again.
CREATE OR REPLACE FUNCTION wms_weight_exception(in_carton bigint,
  in_detail text, in_user bigint) RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO fulfil_exception (warehouse_id, kind, order_id, carton_id,
    detail, created_by)
  SELECT sh.warehouse_id, 'weight_mismatch', sh.order_id, c.id,
         'carton ' || c.sscc || ': ' || in_detail, in_user
    FROM carton c JOIN shipment sh ON sh.id = c.shipment_id
   WHERE c.id = in_carton
  ON CONFLICT (carton_id) WHERE kind = 'weight_mismatch' AND state = 'open'
    DO UPDATE SET detail = excluded.detail
$f$;

-- An order cancelled while on the floor: its open tasks stop, its
-- shipment is void, and the units already in totes go on the desk to be
-- put back into bins by scan.
CREATE OR REPLACE FUNCTION wms_fulfil_cancel(in_order bigint, in_user bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wms_pick_cancel_order(in_order, NULL);
  INSERT INTO fulfil_exception (warehouse_id, kind, order_id, location_id,
    sku_id, lot_id, qty, detail, created_by)
  SELECT l.warehouse_id, 'cancelled_after_pick', in_order, l.id, q.sku_id,
         q.lot_id, sum(rl.qty),
         'order ' || o.external_id || ' cancelled: ' || sum(rl.qty) ||
         ' unit(s) of ' || s.code || ' in tote ' || l.code, in_user
    FROM order_allocation a
    JOIN reservation r ON r.id = a.reservation_id AND r.state = 'active'
    JOIN reservation_line rl ON rl.reservation_id = r.id
    JOIN stock_quant q ON q.id = rl.quant_id
    JOIN location l ON l.id = q.location_id AND l.kind = 'tote'
    JOIN sku s ON s.id = q.sku_id
    JOIN sales_order o ON o.id = a.order_id
   WHERE a.order_id = in_order
   GROUP BY l.warehouse_id, l.id, l.code, q.sku_id, q.lot_id, s.code,
            o.external_id;
  -- A shipment it shares with merge-key siblings is void too: they open
  -- a new one from the tote, without it.
  UPDATE shipment SET state = 'cancelled'
   WHERE id IN (SELECT shipment_id FROM shipment_order
                 WHERE order_id = in_order)
     AND state IN ('packing', 'packed');
END $$;

-- The floor reports damaged units of a SKU in a bin or tote.
CREATE OR REPLACE FUNCTION wms_exception_report(in_wh bigint,
  in_location text, in_sku text, in_lot text, in_qty bigint, in_note text,
  in_user bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  loc location%ROWTYPE;
  v_sku bigint;
  v_lot bigint;
  v_id bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO loc FROM location WHERE warehouse_id = in_wh
     AND code = upper(in_location) AND kind IN ('bin', 'tote');
  IF NOT FOUND THEN
    out_error := 'unknown_bin';
    out_field := 'location';
    RETURN;
  END IF;
  SELECT s.id INTO v_sku FROM sku s WHERE s.code = in_sku;
  IF v_sku IS NULL THEN
    out_error := 'unknown_sku';
    out_field := 'sku';
    RETURN;
  END IF;
  IF in_lot IS NOT NULL THEN
    SELECT t.id INTO v_lot FROM lot t WHERE t.sku_id = v_sku
       AND t.code = in_lot;
    IF v_lot IS NULL THEN
      out_error := 'unknown_lot';
      out_field := 'lot';
      RETURN;
    END IF;
  END IF;
  IF coalesce((SELECT on_hand FROM stock_quant q WHERE q.sku_id = v_sku
                  AND q.location_id = loc.id
                  AND q.lot_id IS NOT DISTINCT FROM v_lot), 0) < in_qty THEN
    out_error := 'insufficient_stock';
    out_field := 'qty';
    out_detail := 'the location holds fewer units of this item';
    RETURN;
  END IF;
  INSERT INTO fulfil_exception (warehouse_id, kind, location_id, sku_id,
    lot_id, qty, detail, created_by)
  VALUES (in_wh, 'damaged', loc.id, v_sku, v_lot, in_qty,
    in_qty || ' damaged unit(s) of ' || in_sku || ' in ' || loc.code ||
    CASE WHEN coalesce(in_note, '') <> '' THEN ': ' || in_note ELSE '' END,
    in_user)
  RETURNING fulfil_exception.id INTO v_id;
  out_doc := wms_exception_doc(v_id);
END $$;

-- Runs action in_action on exception in_id. putback takes in_bin: the
-- bin the units of a tote go back to.
CREATE OR REPLACE FUNCTION wms_exception_resolve(in_id bigint,
  in_action text, in_bin text, in_note text, in_key text, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  e fulfil_exception%ROWTYPE;
  allowed jsonb;
  target bigint;
  mv record;
  rel record;
  req jsonb := jsonb_build_object('action', in_action, 'bin', in_bin,
                                  'note', in_note);
BEGIN
  out_replayed := false;
  -- A retry of a resolution (even one racing it) gets its first answer.
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'exception', in_id, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO e FROM fulfil_exception WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF e.state = 'resolved' THEN
    out_error := 'exception_resolved';
    RETURN;
  END IF;
  allowed := wms_exception_doc(in_id)->'actions';
  IF NOT allowed ? in_action THEN
    out_error := 'invalid_value';
    out_field := 'action';
    out_detail := 'this exception takes ' || allowed::text;
    RETURN;
  END IF;
  IF in_action IN ('putback', 'scrap') THEN
    IF in_action = 'putback' THEN
      SELECT id INTO target FROM location WHERE warehouse_id = e.warehouse_id
         AND code = upper(coalesce(in_bin, '')) AND kind = 'bin';
      IF target IS NULL THEN
        out_error := CASE WHEN in_bin IS NULL THEN 'missing_field'
                          ELSE 'unknown_bin' END;
        out_field := 'bin';
        RETURN;
      END IF;
    ELSE
      SELECT id INTO target FROM location
       WHERE warehouse_id = e.warehouse_id AND code = '@SCRAP';
    END IF;
    SELECT * INTO mv FROM wms_do_move(e.sku_id, e.lot_id, e.location_id,
      target, e.qty, CASE in_action WHEN 'putback' THEN 'return' ELSE 'scrap' END,
      'exception ' || e.id, in_note, in_user, in_request, in_key);
    IF mv.out_replayed THEN
      out_error := 'idempotency_conflict';
      out_field := 'idempotency_key';
      RETURN;
    END IF;
    IF mv.out_insufficient OR mv.out_blocked OR mv.out_capacity
       OR mv.out_mixed THEN
      out_error := CASE WHEN mv.out_insufficient THEN 'insufficient_stock'
                        WHEN mv.out_blocked THEN 'bin_blocked'
                        WHEN mv.out_capacity THEN 'bin_capacity_exceeded'
                        ELSE 'bin_single_sku' END;
      out_field := CASE WHEN in_action = 'putback' THEN 'bin' END;
      RETURN;
    END IF;
  ELSIF in_action = 'reallocate' THEN
    SELECT * INTO rel FROM ord_do_release(e.order_id, in_user, in_request);
    IF rel.out_not_held THEN
      out_error := 'order_not_held';
      RETURN;
    END IF;
  ELSIF in_action = 'cancel_order' THEN
    SELECT * INTO rel FROM ord_do_cancel(e.order_id, in_user, in_request);
    IF rel.out_not_cancellable THEN
      out_error := 'order_not_cancellable';
      RETURN;
    END IF;
  END IF;
  UPDATE fulfil_exception SET state = 'resolved', resolved_at = now(),
         resolved_by = in_user,
         resolution = in_action ||
           CASE WHEN coalesce(in_note, '') <> '' THEN ': ' || in_note
                ELSE '' END
   WHERE id = in_id;
  out_doc := wms_exception_doc(in_id);
  PERFORM idem_record(in_key, 'exception', in_id, req, out_doc);
END $$;

-- The desk: exceptions of warehouse in_wh (NULL: all) in state in_state,
-- reported at least in_min_age_hours ago (NULL: any age), newest first,
-- before id in_before. (The five-argument version it replaces is dropped:
-- a call with five arguments would match both.)
DROP FUNCTION IF EXISTS wms_exception_list(text, text, text, bigint, integer);
CREATE OR REPLACE FUNCTION wms_exception_list(in_wh text, in_state text,
  in_kind text, in_before bigint, in_limit integer,
  in_min_age_hours integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(wms_exception_doc(e.id) ORDER BY e.id DESC), '[]')
    FROM (SELECT e.id FROM fulfil_exception e
            JOIN warehouse w ON w.id = e.warehouse_id
           WHERE (in_wh IS NULL OR w.code = in_wh)
             AND (in_state IS NULL OR e.state = in_state)
             AND (in_kind IS NULL OR e.kind = in_kind)
             AND (in_before IS NULL OR e.id < in_before)
             AND (in_min_age_hours IS NULL OR e.created_at
                  <= now() - make_interval(hours => in_min_age_hours))
           ORDER BY e.id DESC LIMIT in_limit) e
$f$;
