-- Packing and shipping. A packer opens the order's shipment by scanning
-- its tote (or the order), opens cartons, verifies every unit by scan,
-- and closes each carton on the scale; the last carton makes the order
-- packed. Shipping moves the units from the totes to the customer.

-- The discount share of in_qty more units of SKU in_sku of order in_order
-- leaving now: the part of the order's lines' discount for that SKU that
-- the units shipped so far plus these carry, less what the earlier ones
-- carried, so every shipment's shares add up to the lines' discount.
-- in_also: units of the SKU the same statement ships ahead of these
-- (not yet in order_ship_line).
DROP FUNCTION IF EXISTS wms_ship_discount(bigint, bigint, bigint);
CREATE OR REPLACE FUNCTION wms_ship_discount(in_order bigint, in_sku bigint,
  in_qty bigint, in_also bigint) RETURNS numeric
LANGUAGE sql STABLE AS $f$
  SELECT CASE WHEN l.q > 0 AND l.d > 0
           THEN round(l.d * least(s.before + in_qty, l.q) / l.q, 2)
                - round(l.d * least(s.before, l.q) / l.q, 2)
           ELSE 0 END
    FROM (SELECT sum(discount) AS d, sum(qty) AS q FROM order_line
           WHERE order_id = in_order AND sku_id = in_sku
             AND kit_price IS NULL) l,
         (SELECT coalesce(sum(qty), 0) + in_also AS before
            FROM order_ship_line
           WHERE order_id = in_order AND sku_id = in_sku) s
$f$;

-- The units of order in_order picked into totes of warehouse in_wh, per
-- SKU and lot, and how many of them cartons of shipment in_ship hold.
CREATE OR REPLACE FUNCTION wms_pack_items(in_order bigint, in_wh bigint,
  in_ship bigint)
RETURNS TABLE (sku_id bigint, lot_id bigint, picked bigint, packed bigint)
LANGUAGE sql STABLE AS $f$
  WITH picked AS (
    SELECT q.sku_id, q.lot_id, sum(rl.qty) AS qty
      FROM order_allocation a
      JOIN reservation r ON r.id = a.reservation_id AND r.state = 'active'
      JOIN reservation_line rl ON rl.reservation_id = r.id
      JOIN stock_quant q ON q.id = rl.quant_id
      JOIN location l ON l.id = q.location_id AND l.kind = 'tote'
     WHERE a.order_id = in_order AND a.warehouse_id = in_wh
     GROUP BY 1, 2),
  packed AS (
    SELECT ci.sku_id, ci.lot_id, sum(ci.qty) AS qty
      FROM carton c JOIN carton_item ci ON ci.carton_id = c.id
     WHERE c.shipment_id = in_ship GROUP BY 1, 2)
  SELECT coalesce(p.sku_id, k.sku_id), coalesce(p.lot_id, k.lot_id),
         coalesce(p.qty, 0), coalesce(k.qty, 0)
    FROM picked p FULL JOIN packed k ON k.sku_id = p.sku_id
     AND k.lot_id IS NOT DISTINCT FROM p.lot_id
$f$;

-- The units the orders of shipment in_ship (merged orders share one)
-- have in totes of its warehouse, per SKU and lot, and how many of them
-- its cartons hold.
CREATE OR REPLACE FUNCTION wms_ship_items(in_ship bigint)
RETURNS TABLE (sku_id bigint, lot_id bigint, picked bigint, packed bigint)
LANGUAGE sql STABLE AS $f$
  WITH picked AS (
    SELECT q.sku_id, q.lot_id, sum(rl.qty) AS qty
      FROM shipment sh
      JOIN shipment_order x ON x.shipment_id = sh.id
      JOIN order_allocation a ON a.order_id = x.order_id
                             AND a.warehouse_id = sh.warehouse_id
      JOIN reservation r ON r.id = a.reservation_id AND r.state = 'active'
      JOIN reservation_line rl ON rl.reservation_id = r.id
      JOIN stock_quant q ON q.id = rl.quant_id
      JOIN location l ON l.id = q.location_id AND l.kind = 'tote'
     WHERE sh.id = in_ship
     GROUP BY 1, 2),
  packed AS (
    SELECT ci.sku_id, ci.lot_id, sum(ci.qty) AS qty
      FROM carton c JOIN carton_item ci ON ci.carton_id = c.id
     WHERE c.shipment_id = in_ship GROUP BY 1, 2)
  SELECT coalesce(p.sku_id, k.sku_id), coalesce(p.lot_id, k.lot_id),
         coalesce(p.qty, 0), coalesce(k.qty, 0)
    FROM picked p FULL JOIN packed k ON k.sku_id = p.sku_id
     AND k.lot_id IS NOT DISTINCT FROM p.lot_id
$f$;

-- The external ids of the orders shipment in_ship carries, for labels and
-- slips: "A1001" or, merged, "A1001 A1002".
CREATE OR REPLACE FUNCTION wms_ship_order_ids(in_ship bigint) RETURNS text
LANGUAGE sql STABLE AS $f$
  SELECT string_agg(o.external_id, ' ' ORDER BY o.id)
    FROM shipment_order x JOIN sales_order o ON o.id = x.order_id
   WHERE x.shipment_id = in_ship
$f$;

-- The packing station's view of shipment in_ship.
CREATE OR REPLACE FUNCTION wms_shipment_doc(in_ship bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  sh shipment%ROWTYPE;
BEGIN
  SELECT * INTO sh FROM shipment WHERE id = in_ship;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN (SELECT jsonb_build_object(
    'id', sh.id, 'state', sh.state, 'warehouse', w.code,
    'order', jsonb_build_object('id', o.id, 'external_id', o.external_id,
               'store', st.code, 'state', o.state),
    'orders', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', so.id,
                 'external_id', so.external_id, 'store', ss.code,
                 'state', so.state) ORDER BY so.id), '[]')
                FROM shipment_order x JOIN sales_order so ON so.id = x.order_id
                JOIN store ss ON ss.id = so.store_id
               WHERE x.shipment_id = sh.id),
    'carrier', sh.carrier, 'zone', sh.zone, 'cost', sh.cost::text,
    'eta', sh.eta, 'station', sh.station,
    'track_token', sh.track_token,
    'items', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', s.code,
                 'name', s.name, 'lot', t.code, 'picked', i.picked,
                 'packed', i.packed, 'remaining', i.picked - i.packed)
                 ORDER BY s.code, t.code), '[]')
                FROM wms_ship_items(sh.id) i
                JOIN sku s ON s.id = i.sku_id LEFT JOIN lot t ON t.id = i.lot_id),
    'cartons', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id,
                 'seq', c.seq, 'sscc', c.sscc, 'carton_type', c.carton_type,
                 'state', c.state, 'expected_g', c.expected_g,
                 'weight_g', c.weight_g, 'tracking_no', c.tracking_no,
                 'override_reason', nullif(c.override_reason, ''),
                 'items', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'sku', s.code, 'lot', t.code, 'qty', ci.qty)
                              ORDER BY s.code, t.code), '[]')
                             FROM carton_item ci JOIN sku s ON s.id = ci.sku_id
                             LEFT JOIN lot t ON t.id = ci.lot_id
                            WHERE ci.carton_id = c.id))
                 ORDER BY c.seq), '[]')
                FROM carton c WHERE c.shipment_id = sh.id),
    'created_at', sh.created_at, 'packed_at', sh.packed_at,
    'shipped_at', sh.shipped_at, 'delivered_at', sh.delivered_at)
    FROM sales_order o, store st, warehouse w
   WHERE o.id = sh.order_id AND st.id = o.store_id AND w.id = sh.warehouse_id);
END $$;

-- Which zone a parcel of order in_order from warehouse in_wh travels to.
CREATE OR REPLACE FUNCTION wms_ship_zone(in_order bigint, in_wh bigint)
RETURNS text
LANGUAGE sql STABLE AS $f$
  SELECT CASE
    WHEN upper(coalesce(o.ship_to->>'country_code', w.country_code))
         <> w.country_code THEN 'international'
    WHEN w.region <> '' AND lower(coalesce(o.ship_to->>'region', ''))
         = lower(w.region) THEN 'local'
    ELSE 'domestic' END
    FROM sales_order o, warehouse w WHERE o.id = in_order AND w.id = in_wh
$f$;

-- The warehouse whose part of order in_order a packer means, in in_wh
-- (NULL: any): one with a shipment being packed, else one whose units wait
-- in totes, else the order's own.
CREATE OR REPLACE FUNCTION wms_pack_part(in_order bigint, in_wh bigint)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT coalesce((
    SELECT w.wh
      FROM (SELECT DISTINCT a.warehouse_id AS wh FROM order_allocation a
             WHERE a.order_id = in_order
               AND (in_wh IS NULL OR a.warehouse_id = in_wh)) w
     ORDER BY EXISTS (SELECT 1 FROM shipment_order x
                        JOIN shipment sh ON sh.id = x.shipment_id
                       WHERE x.order_id = in_order AND sh.warehouse_id = w.wh
                         AND sh.state IN ('packing', 'packed')) DESC,
              EXISTS (SELECT 1 FROM wms_pack_items(in_order, w.wh, NULL) i
                       WHERE i.picked > 0) DESC,
              w.wh = (SELECT warehouse_id FROM sales_order
                       WHERE id = in_order) DESC,
              w.wh
     LIMIT 1), in_wh, (SELECT warehouse_id FROM sales_order
                        WHERE id = in_order))
$f$;

-- Opens (or returns) the shipment of the order that tote or order code
-- in_code names, in warehouse in_wh (NULL: any). A split order has one
-- shipment per warehouse (the tote's, or in_wh). Orders sharing the tote
-- (merge-key siblings) share the shipment. Packing starts when every pick
-- task of them in the warehouse is finished.
CREATE OR REPLACE FUNCTION wms_pack_open(in_wh bigint, in_code text,
  in_station text, in_token text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  code_up text := upper(btrim(in_code));
  -- An order id when the code is all digits. Cast here, once: inside the
  -- query the planner may cast a code like F0097 before the regex test.
  code_id bigint := CASE WHEN btrim(in_code) ~ '^[0-9]{1,18}$'
                         THEN btrim(in_code)::bigint END;
  o sales_order%ROWTYPE;
  oid bigint;
  part_wh bigint;
  tote bigint;
  v_wave bigint;
  grp bigint[];
  sh shipment%ROWTYPE;
  st station%ROWTYPE;
  open_tasks bigint;
BEGIN
  out_replayed := false;
  SELECT so.id, l.warehouse_id, l.id, wo.wave_id
    INTO oid, part_wh, tote, v_wave
    FROM location l
    JOIN wave_order wo ON wo.tote_id = l.id
    JOIN sales_order so ON so.id = wo.order_id
   WHERE l.kind = 'tote' AND l.code = code_up
     AND (in_wh IS NULL OR l.warehouse_id = in_wh)
     AND so.state IN ('picking', 'packed', 'on_hold', 'partially_shipped')
     AND NOT wms_part_shipped(so.id, l.warehouse_id)
   ORDER BY wo.wave_id DESC, so.id LIMIT 1;
  IF oid IS NOT NULL THEN
    SELECT * INTO o FROM sales_order WHERE id = oid;
  ELSE
    SELECT * INTO o FROM sales_order so
     WHERE (so.external_id = btrim(in_code) OR so.id = code_id)
       AND (in_wh IS NULL OR so.warehouse_id = in_wh
            OR EXISTS (SELECT 1 FROM order_allocation a
                        WHERE a.order_id = so.id AND a.warehouse_id = in_wh))
     ORDER BY so.id DESC LIMIT 1;
    IF FOUND THEN
      part_wh := wms_pack_part(o.id, in_wh);
      SELECT wo.wave_id, wo.tote_id INTO v_wave, tote
        FROM wave_order wo JOIN wave w ON w.id = wo.wave_id
       WHERE wo.order_id = o.id AND w.warehouse_id = part_wh
       ORDER BY wo.wave_id DESC LIMIT 1;
    END IF;
  END IF;
  IF o.id IS NULL THEN
    out_error := 'not_found';
    out_field := 'code';
    out_detail := 'no tote or order ' || in_code;
    RETURN;
  END IF;
  IF in_station IS NOT NULL THEN
    SELECT * INTO st FROM station WHERE code = in_station;
    IF NOT FOUND OR st.warehouse_id <> part_wh THEN
      out_error := 'unknown_station';
      out_field := 'station';
      RETURN;
    END IF;
  END IF;
  -- The tote's orders of the wave that are on the floor: one parcel.
  SELECT array_agg(wo.order_id ORDER BY wo.order_id) INTO grp
    FROM wave_order wo JOIN sales_order so ON so.id = wo.order_id
   WHERE wo.tote_id = tote AND wo.wave_id = v_wave
     AND (so.id = o.id OR so.state IN ('picking', 'partially_shipped'));
  grp := coalesce(grp, ARRAY[o.id]);
  PERFORM 1 FROM sales_order WHERE id = ANY (grp) ORDER BY id FOR UPDATE;
  SELECT sh2.* INTO sh FROM shipment_order x
    JOIN shipment sh2 ON sh2.id = x.shipment_id
   WHERE x.order_id = o.id AND sh2.warehouse_id = part_wh
     AND sh2.state <> 'cancelled'
   ORDER BY sh2.id DESC LIMIT 1;
  IF FOUND THEN
    IF in_station IS NOT NULL AND sh.state = 'packing' THEN
      UPDATE shipment SET station = in_station WHERE id = sh.id;
    END IF;
    out_doc := wms_shipment_doc(sh.id);
    out_replayed := true;
    RETURN;
  END IF;
  IF o.state NOT IN ('picking', 'partially_shipped') THEN
    out_error := 'order_not_picked';
    out_detail := 'order ' || o.external_id || ' is ' || o.state;
    RETURN;
  END IF;
  SELECT count(*) INTO open_tasks FROM pick_task t
    JOIN picklist p ON p.id = t.picklist_id
   WHERE t.order_id = ANY (grp) AND t.state = 'open'
     AND p.warehouse_id = part_wh;
  IF open_tasks > 0 OR NOT EXISTS (
       SELECT 1 FROM wms_pack_items(o.id, part_wh, NULL) i
        WHERE i.picked > 0) THEN
    out_error := 'order_not_picked';
    out_detail := open_tasks || ' pick task(s) of order ' || o.external_id ||
                  ' still open';
    RETURN;
  END IF;
  INSERT INTO shipment (order_id, warehouse_id, carrier, zone, track_token,
    station)
  SELECT o.id, part_wh,
         coalesce((SELECT c.code FROM store s JOIN carrier c ON c.code = s.carrier
                    WHERE s.id = o.store_id AND c.active),
                  (SELECT c.code FROM carrier c WHERE c.active
                    ORDER BY c.code LIMIT 1)),
         wms_ship_zone(o.id, part_wh), in_token, in_station
  RETURNING * INTO sh;
  INSERT INTO shipment_order (shipment_id, order_id)
  SELECT sh.id, g.id FROM unnest(grp) g (id);
  out_doc := wms_shipment_doc(sh.id);
END $$;

-- Locks shipment in_ship for packing; out_error unless it is packing.
CREATE OR REPLACE FUNCTION wms_pack_lock(in_ship bigint, OUT out_ship shipment,
  OUT out_error text)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT * INTO out_ship FROM shipment WHERE id = in_ship FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
  ELSIF out_ship.state <> 'packing' THEN
    out_error := 'shipment_not_packing';
  END IF;
END $$;

-- A new carton of type in_type for shipment in_ship, with its SSCC.
CREATE OR REPLACE FUNCTION wms_carton_open(in_ship bigint, in_type text,
  in_key text, OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'carton', 'type', in_type);
  lk record;
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'pack', in_ship, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO lk FROM wms_pack_lock(in_ship);
  IF lk.out_error IS NOT NULL THEN
    out_error := lk.out_error;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM carton_type WHERE code = in_type AND active) THEN
    out_error := 'unknown_carton_type';
    out_field := 'carton_type';
    RETURN;
  END IF;
  INSERT INTO carton (shipment_id, seq, carton_type, sscc)
  VALUES (in_ship, coalesce((SELECT max(seq) FROM carton
                              WHERE shipment_id = in_ship), 0) + 1,
          in_type, wms_next_sscc());
  out_doc := wms_shipment_doc(in_ship);
  PERFORM idem_record(in_key, 'pack', in_ship, req, out_doc);
END $$;

-- Locks carton in_carton and its shipment for packing.
CREATE OR REPLACE FUNCTION wms_carton_lock(in_carton bigint,
  OUT out_carton carton, OUT out_ship shipment, OUT out_error text)
LANGUAGE plpgsql AS $$
DECLARE
  lk record;
BEGIN
  SELECT * INTO out_carton FROM carton WHERE id = in_carton;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  SELECT * INTO lk FROM wms_pack_lock(out_carton.shipment_id);
  out_ship := lk.out_ship;
  out_error := lk.out_error;
  SELECT * INTO out_carton FROM carton WHERE id = in_carton;
  IF out_error IS NULL AND out_carton.state <> 'open' THEN
    out_error := 'carton_closed';
  END IF;
END $$;

-- One item scanned into carton in_carton: it must be a unit of the order
-- that was picked and is not in a carton yet.
CREATE OR REPLACE FUNCTION wms_carton_scan(in_carton bigint, in_code text,
  in_gtin text, in_lot text, in_qty bigint, in_key text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'item', 'carton', in_carton,
                                  'code', in_code, 'qty', in_qty);
  lk record;
  item record;
  want record;
  units bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO lk FROM wms_carton_lock(in_carton);
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'pack', (lk.out_carton).shipment_id, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  IF lk.out_error IS NOT NULL THEN
    out_error := lk.out_error;
    RETURN;
  END IF;
  SELECT * INTO item FROM wms_resolve_item(btrim(in_code), in_gtin);
  units := coalesce(in_qty, 1) * coalesce(item.out_pack, 1);
  SELECT i.*, t.code AS lot_code INTO want
    FROM wms_ship_items((lk.out_ship).id) i
    LEFT JOIN lot t ON t.id = i.lot_id
   WHERE i.sku_id = item.out_sku_id AND (in_lot IS NULL OR t.code = in_lot)
   ORDER BY i.picked - i.packed DESC LIMIT 1;
  IF NOT FOUND OR want.picked = 0 THEN
    out_error := 'wrong_item';
    out_field := 'code';
    out_detail := 'not an item of order ' ||
      wms_ship_order_ids((lk.out_ship).id) ||
      CASE WHEN in_lot IS NOT NULL THEN ' (lot ' || in_lot || ')' ELSE '' END;
    out_doc := jsonb_build_object('params', jsonb_strip_nulls(
      jsonb_build_object('order', wms_ship_order_ids((lk.out_ship).id),
                         'scanned', in_code, 'lot', in_lot)));
    RETURN;
  END IF;
  IF want.picked - want.packed < units THEN
    out_error := 'extra_item';
    out_field := 'qty';
    out_detail := (want.picked - want.packed) || ' unit(s) of this item left '
                  || 'to pack, scanned ' || units;
    out_doc := jsonb_build_object('params', jsonb_build_object(
      'sku', (SELECT code FROM sku WHERE id = want.sku_id),
      'left', want.picked - want.packed, 'units', units));
    RETURN;
  END IF;
  INSERT INTO carton_item (carton_id, sku_id, lot_id, qty)
  VALUES (in_carton, want.sku_id, want.lot_id, units)
  ON CONFLICT ON CONSTRAINT carton_item_key
    DO UPDATE SET qty = carton_item.qty + excluded.qty;
  out_doc := wms_shipment_doc((lk.out_ship).id);
  PERFORM idem_record(in_key, 'pack', (lk.out_ship).id, req, out_doc);
END $$;

-- Closes carton in_carton weighed at in_weight_g. Off the expected weight
-- (items + tare) by more than the warehouse's tolerance it is refused,
-- unless a lead overrides with in_override (a reason). Closing gives it a
-- tracking number; the last carton makes the shipment and order packed.
-- out_doc carries what the shipping label prints (label).
-- What carton in_carton should weigh: its tare plus its items.
CREATE OR REPLACE FUNCTION wms_carton_expected_g(in_carton bigint)
RETURNS integer
LANGUAGE sql STABLE AS $f$
  SELECT (ct.tare_g + coalesce(round(sum(coalesce(s.weight_kg, 0) * 1000
                                         * ci.qty)), 0))::integer
    FROM carton c JOIN carton_type ct ON ct.code = c.carton_type
    JOIN carton_item ci ON ci.carton_id = c.id JOIN sku s ON s.id = ci.sku_id
   WHERE c.id = in_carton GROUP BY ct.tare_g
$f$;

-- How far off in_expected grams warehouse in_wh's scale may read.
CREATE OR REPLACE FUNCTION wms_carton_tolerance_g(in_wh bigint,
  in_expected integer) RETURNS integer
LANGUAGE sql STABLE AS $f$
  SELECT greatest(w.weight_tolerance_g,
                  ceil(in_expected * w.weight_tolerance_pct / 100)::integer)
    FROM warehouse w WHERE w.id = in_wh
$f$;

CREATE OR REPLACE FUNCTION wms_carton_close(in_carton bigint,
  in_weight_g integer, in_override text, in_key text, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'close', 'carton', in_carton,
                                  'weight_g', in_weight_g,
                                  'override', in_override);
  lk record;
  w warehouse%ROWTYPE;
  expected integer;
  tol integer;
  tracking text;
  wb record;
BEGIN
  out_replayed := false;
  SELECT * INTO lk FROM wms_carton_lock(in_carton);
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'pack', (lk.out_carton).shipment_id, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  IF lk.out_error IS NOT NULL THEN
    out_error := lk.out_error;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM carton_item WHERE carton_id = in_carton) THEN
    out_error := 'carton_empty';
    RETURN;
  END IF;
  SELECT * INTO w FROM warehouse WHERE id = (lk.out_ship).warehouse_id;
  expected := wms_carton_expected_g(in_carton);
  tol := wms_carton_tolerance_g(w.id, expected);
  IF abs(in_weight_g - expected) > tol AND in_override IS NULL THEN
    out_error := 'weight_mismatch';
    out_field := 'weight_g';
    out_detail := 'expected ' || expected || ' g ± ' || tol || ' g, weighed '
                  || in_weight_g || ' g';
    out_doc := jsonb_build_object('expected_g', expected, 'tolerance_g', tol,
      'params', jsonb_build_object('expected_g', expected, 'tolerance_g', tol,
                                   'weighed_g', in_weight_g));
    RETURN;
  END IF;
  IF (lk.out_ship).carrier IS NULL THEN
    out_error := 'no_carrier';
    RETURN;
  END IF;
  -- An e-waybill (waybill.sql) when the carrier has an account for the
  -- order's store; else Depot's own range, as before.
  SELECT * INTO wb FROM wms_waybill_of(in_carton, lk.out_ship);
  IF wb.out_needed THEN
    out_error := 'waybill_missing';
    out_detail := 'carton ' || in_carton;
    RETURN;
  END IF;
  -- Its tracking number comes last (below); until then, in this
  -- transaction only, a stand-in of its own (the column is unique: one
  -- shared by concurrent closes would make each wait for the other).
  UPDATE carton SET state = 'closed', weight_g = in_weight_g,
         expected_g = expected, override_reason = coalesce(in_override, ''),
         tracking_no = 'carton ' || in_carton, closed_at = now()
   WHERE id = in_carton;
  -- The packer's carton, for the staff report (migration 0155).
  PERFORM rpt_staff_tally(in_user, w.id, current_date, 'carton', 1,
    (SELECT coalesce(sum(qty), 0)::bigint FROM carton_item
      WHERE carton_id = in_carton));
  UPDATE fulfil_exception SET state = 'resolved', resolved_at = now(),
         resolved_by = in_user, resolution = 'override: ' || in_override
   WHERE carton_id = in_carton AND kind = 'weight_mismatch' AND state = 'open'
     AND in_override IS NOT NULL;
  PERFORM wms_pack_finish(lk.out_ship, in_user, in_request);
  -- The carrier's tracking number last: taking one locks the carrier's
  -- row until commit, and every close of that carrier waits for it. A
  -- refusal here rolls the close back (the caller ends the transaction).
  tracking := coalesce(wb.out_code, wms_next_tracking((lk.out_ship).carrier));
  IF tracking IS NULL THEN
    out_error := 'tracking_exhausted';
    out_detail := 'carrier ' || (lk.out_ship).carrier ||
                  ' has no tracking numbers left in its range';
    RETURN;
  END IF;
  UPDATE carton SET tracking_no = tracking WHERE id = in_carton;
  out_doc := wms_shipment_doc((lk.out_ship).id) ||
             jsonb_build_object('label', wms_carton_label(in_carton));
  IF out_doc->>'state' = 'packed' THEN
    out_doc := out_doc || jsonb_build_object('slip',
                 wms_packing_slip((lk.out_ship).id));
  END IF;
  PERFORM idem_record(in_key, 'pack', (lk.out_ship).id, req, out_doc);
END $$;

-- The shipment is packed when no carton is open and every picked unit
-- is in a carton. Each of its orders is packed once every part of it (a
-- split order has one per warehouse) is; a partially shipped order stays
-- so until its last part ships.
CREATE OR REPLACE FUNCTION wms_pack_finish(in_ship shipment, in_user bigint,
  in_request text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  total_g integer;
  v_note text;
BEGIN
  IF EXISTS (SELECT 1 FROM carton WHERE shipment_id = in_ship.id
                AND state = 'open')
     OR EXISTS (SELECT 1 FROM wms_ship_items(in_ship.id) i
                 WHERE i.picked <> i.packed) THEN
    RETURN;
  END IF;
  SELECT sum(weight_g) INTO total_g FROM carton WHERE shipment_id = in_ship.id;
  UPDATE shipment s SET state = 'packed', packed_at = now(),
         cost = (SELECT sum((SELECT r.price FROM carrier_rate r
                              WHERE r.carrier = s.carrier AND r.zone = s.zone
                                AND r.max_weight_g >= c.weight_g
                              ORDER BY r.max_weight_g LIMIT 1))
                   FROM carton c WHERE c.shipment_id = s.id)
   WHERE s.id = in_ship.id;
  v_note := (SELECT count(*) FROM carton WHERE shipment_id = in_ship.id) ||
          ' carton(s), ' || total_g || ' g';
  -- The shipment's orders first, the per-order check on them only: as a
  -- filter of sales_order the planner ran it on every open order's row
  -- before the join (one call per open order and close).
  WITH mine AS MATERIALIZED (
    SELECT x.order_id FROM shipment_order x
     WHERE x.shipment_id = in_ship.id
       AND wms_parts_all(x.order_id, ARRAY['packed', 'shipped', 'delivered'])),
  ch AS (
    UPDATE sales_order o SET state = 'packed', updated_at = now()
      FROM mine WHERE o.id = mine.order_id AND o.state = 'picking'
    RETURNING o.store_id, o.id)
  INSERT INTO order_event (store_id, order_id, from_state, to_state, note,
    user_id, request_id)
  SELECT ch.store_id, ch.id, 'picking', 'packed', v_note, in_user,
         coalesce(in_request, '')
    FROM ch;
END $$;

-- What the shipping label of carton in_carton prints.
CREATE OR REPLACE FUNCTION wms_carton_label(in_carton bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'carrier', cr.code, 'carrier_name', cr.name,
    'tracking_no', c.tracking_no, 'sscc', c.sscc,
    'e_waybill', EXISTS (SELECT 1 FROM carton_waybill x
                          WHERE x.carton_id = c.id AND x.state = 'issued'),
    'carton', c.seq, 'cartons', (SELECT count(*) FROM carton x
                                  WHERE x.shipment_id = c.shipment_id),
    'weight_g', c.weight_g, 'order', wms_ship_order_ids(sh.id),
    'ship_to', o.ship_to || jsonb_build_object('$pii', pii_b64(o.ship_to_pii)),
    'from', jsonb_build_object('name', w.name, 'line1', w.address_line1,
              'city', w.city, 'postcode', w.postcode,
              'country_code', w.country_code))
    FROM carton c JOIN shipment sh ON sh.id = c.shipment_id
    JOIN sales_order o ON o.id = sh.order_id
    JOIN warehouse w ON w.id = sh.warehouse_id
    LEFT JOIN carrier cr ON cr.code = sh.carrier
   WHERE c.id = in_carton
$f$;

-- The units of shipment in_sh leave its totes for location in_customer:
-- one row per reservation line (quant, SKU, lot, tote, units, order), in
-- quant order. One statement each for the quants, the moves and the sale
-- lines: the moves' statement triggers (flows, postings, staff tally,
-- events) and the sale lines' posting run once per shipment, not once
-- per line.
CREATE OR REPLACE FUNCTION wms_ship_units(in_sh shipment, in_customer bigint,
  in_quant bigint[], in_sku bigint[], in_lot bigint[], in_loc bigint[],
  in_qty bigint[], in_order bigint[], in_user bigint, in_request text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_cost numeric[];
BEGIN
  UPDATE stock_quant q SET reserved = q.reserved - u.qty,
         on_hand = q.on_hand - u.qty
    FROM (SELECT id, sum(qty) AS qty
            FROM unnest(in_quant, in_qty) AS t (id, qty) GROUP BY id) u
   WHERE q.id = u.id;
  WITH mv AS (
    INSERT INTO stock_move (sku_id, lot_id, qty, from_location_id,
      to_location_id, reason, document, user_id, request_id)
    SELECT u.sku, u.lot, u.qty, u.loc, in_customer, 'ship',
           'shipment ' || in_sh.id, in_user, coalesce(in_request, '')
      FROM unnest(in_sku, in_lot, in_loc, in_qty) WITH ORDINALITY
           AS u (sku, lot, loc, qty, n)
     ORDER BY u.n
    RETURNING sku_id, lot_id, from_location_id, unit_cost)
  -- A move's cost depends only on its SKU and tote: any of the same is it.
  SELECT array_agg(c.unit_cost ORDER BY u.n) INTO v_cost
    FROM unnest(in_sku, in_lot, in_loc) WITH ORDINALITY AS u (sku, lot, loc, n)
    CROSS JOIN LATERAL (SELECT m.unit_cost FROM mv m
                         WHERE m.sku_id = u.sku AND m.from_location_id = u.loc
                           AND m.lot_id IS NOT DISTINCT FROM u.lot
                         LIMIT 1) c;
  -- The sale's cost of goods is the move's (migration 0151); a SKU's
  -- discount share counts its earlier lines in this shipment as shipped.
  INSERT INTO order_ship_line (shipment_id, order_id, warehouse_id, sku_id,
    qty, unit_price, unit_cost, discount)
  SELECT in_sh.id, u.ord, in_sh.warehouse_id, u.sku, u.qty,
         coalesce((SELECT unit_price FROM order_line
                    WHERE order_id = u.ord AND sku_id = u.sku
                    ORDER BY line_no LIMIT 1), 0), coalesce(u.cost, 0),
         wms_ship_discount(u.ord, u.sku, u.qty, coalesce(sum(u.qty) OVER (
           PARTITION BY u.ord, u.sku ORDER BY u.n
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint)
    FROM unnest(in_order, in_sku, in_qty, v_cost) WITH ORDINALITY
         AS u (ord, sku, qty, cost, n)
   ORDER BY u.n;
END $$;

-- Ships packed shipment in_ship: its units leave the totes for the
-- customer location, the reservations are consumed, the delivery date is
-- estimated and the store hears of it through the outbox. Each order it
-- carries is shipped, or partially_shipped while a part of it in another
-- warehouse has not left yet.
CREATE OR REPLACE FUNCTION wms_shipment_ship(in_ship bigint, in_key text,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  req jsonb := jsonb_build_object('op', 'ship');
  sh shipment%ROWTYPE;
  grp bigint[];
  customer bigint;
  v_quant bigint[];
  v_sku bigint[];
  v_lot bigint[];
  v_loc bigint[];
  v_qty bigint[];
  v_order bigint[];
  v_unpicked bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'ship', in_ship, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO sh FROM shipment WHERE id = in_ship FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF sh.state <> 'packed' THEN
    out_error := 'shipment_not_packed';
    out_detail := 'the shipment is ' || sh.state;
    RETURN;
  END IF;
  -- Its orders (merged ones share it), locked in id order; one cancelled
  -- meanwhile ships nothing and keeps its state.
  SELECT array_agg(o.id ORDER BY o.id) INTO grp
    FROM (SELECT so.id FROM shipment_order x
            JOIN sales_order so ON so.id = x.order_id
           WHERE x.shipment_id = sh.id ORDER BY so.id FOR UPDATE OF so) o;
  SELECT array_agg(so.id ORDER BY so.id) INTO grp FROM sales_order so
   WHERE so.id = ANY (grp) AND so.state <> 'cancelled';
  SELECT id INTO customer FROM location
   WHERE warehouse_id = sh.warehouse_id AND code = '@CUSTOMER';
  PERFORM 1 FROM stock_quant q
    JOIN reservation_line rl ON rl.quant_id = q.id
    JOIN order_allocation a ON a.reservation_id = rl.reservation_id
   WHERE a.order_id = ANY (grp) AND a.warehouse_id = sh.warehouse_id
   ORDER BY q.id FOR UPDATE OF q;
  -- What leaves, one row per reservation line in quant order (a quant two
  -- merged orders share is two rows, as two moves).
  SELECT array_agg(q.id ORDER BY q.id, a.order_id),
         array_agg(q.sku_id ORDER BY q.id, a.order_id),
         array_agg(q.lot_id ORDER BY q.id, a.order_id),
         array_agg(q.location_id ORDER BY q.id, a.order_id),
         array_agg(rl.qty ORDER BY q.id, a.order_id),
         array_agg(a.order_id ORDER BY q.id, a.order_id),
         min(a.order_id) FILTER (WHERE l.kind <> 'tote')
    INTO v_quant, v_sku, v_lot, v_loc, v_qty, v_order, v_unpicked
    FROM order_allocation a
    JOIN reservation res ON res.id = a.reservation_id AND res.state = 'active'
    JOIN reservation_line rl ON rl.reservation_id = res.id
    JOIN stock_quant q ON q.id = rl.quant_id
    JOIN location l ON l.id = q.location_id
   WHERE a.order_id = ANY (grp) AND a.warehouse_id = sh.warehouse_id;
  IF v_unpicked IS NOT NULL THEN
    -- Packing checked this; a unit still in a bin means a bug upstream.
    RAISE EXCEPTION 'order % has unpicked units in a bin', v_unpicked;
  END IF;
  IF v_quant IS NOT NULL THEN
    PERFORM wms_ship_units(sh, customer, v_quant, v_sku, v_lot, v_loc, v_qty,
                           v_order, in_user, in_request);
  END IF;
  PERFORM rpt_sales_shipped(sh.id);
  UPDATE reservation SET state = 'consumed', closed_at = now()
   WHERE id IN (SELECT reservation_id FROM order_allocation
                 WHERE order_id = ANY (grp)
                   AND warehouse_id = sh.warehouse_id)
     AND state = 'active';
  UPDATE shipment SET state = 'shipped', shipped_at = now(),
         eta = wms_add_business_days(current_date,
                 coalesce((SELECT transit_days FROM carrier
                            WHERE code = sh.carrier), 2))
   WHERE id = sh.id;
  PERFORM wms_ship_orders(sh.id, grp, in_user, in_request);
  out_doc := wms_shipment_doc(sh.id);
  PERFORM idem_record(in_key, 'ship', in_ship, req, out_doc);
END $$;

-- Orders in_orders of shipment in_ship (shipped just now): shipped when
-- every part of the order has left, else partially_shipped; each one's
-- store hears of it with this shipment's tracking numbers.
CREATE OR REPLACE FUNCTION wms_ship_orders(in_ship bigint, in_orders bigint[],
  in_user bigint, in_request text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH o AS (
    SELECT so.id, so.state AS old_state, so.store_id, so.external_id,
           CASE WHEN wms_parts_all(so.id, ARRAY['shipped', 'delivered'])
                THEN 'shipped' ELSE 'partially_shipped' END AS new_state
      FROM unnest(in_orders) u (id) JOIN sales_order so ON so.id = u.id),
  ch AS (
    UPDATE sales_order so SET state = o.new_state, updated_at = now()
      FROM o WHERE so.id = o.id AND so.state <> o.new_state
    RETURNING so.id),
  ev AS (
    INSERT INTO order_event (store_id, order_id, from_state, to_state, note,
      user_id, request_id)
    SELECT o.store_id, o.id, o.old_state, o.new_state, 'shipment ' || in_ship,
           in_user, coalesce(in_request, '')
      FROM o)
  INSERT INTO outbox (kind, store_id, payload)
  SELECT 'shipment', s.id, jsonb_build_object(
           'event', CASE o.new_state WHEN 'shipped' THEN 'order.shipped'
                    ELSE 'order.partially_shipped' END,
           'store', s.code, 'order', o.external_id,
           'carrier', sh.carrier, 'warehouse', w.code,
           'tracking_numbers', (SELECT jsonb_agg(tracking_no ORDER BY seq)
                                  FROM carton WHERE shipment_id = sh.id),
           'eta', sh.eta)
    FROM o JOIN store s ON s.id = o.store_id
    JOIN shipment sh ON sh.id = in_ship
    JOIN warehouse w ON w.id = sh.warehouse_id
   WHERE s.events_url <> '';
END $$;

-- The carrier (or a lead) reports shipment in_ship delivered.
CREATE OR REPLACE FUNCTION wms_shipment_delivered(in_ship bigint,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  sh shipment%ROWTYPE;
BEGIN
  out_replayed := false;
  SELECT * INTO sh FROM shipment WHERE id = in_ship FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF sh.state = 'delivered' THEN
    out_doc := wms_shipment_doc(sh.id);
    out_replayed := true;
    RETURN;
  END IF;
  IF sh.state <> 'shipped' THEN
    out_error := 'shipment_not_shipped';
    out_detail := 'the shipment is ' || sh.state;
    RETURN;
  END IF;
  UPDATE shipment SET state = 'delivered', delivered_at = now()
   WHERE id = sh.id;
  -- An order is delivered with its last parcel.
  WITH mine AS MATERIALIZED (
    SELECT x.order_id FROM shipment_order x
     WHERE x.shipment_id = sh.id
       AND wms_parts_all(x.order_id, ARRAY['delivered'])),
  ch AS (
    UPDATE sales_order o SET state = 'delivered', updated_at = now()
      FROM mine WHERE o.id = mine.order_id AND o.state = 'shipped'
    RETURNING o.store_id, o.id)
  INSERT INTO order_event (store_id, order_id, from_state, to_state, note,
    user_id, request_id)
  SELECT ch.store_id, ch.id, 'shipped', 'delivered', 'shipment ' || sh.id,
         in_user, coalesce(in_request, '')
    FROM ch;
  out_doc := wms_shipment_doc(sh.id);
END $$;

-- One parcel on the tracking page: state, carrier, tracking numbers and
-- dates of shipment in_ship.
CREATE OR REPLACE FUNCTION wms_track_parcel(in_ship bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('state', sh.state, 'carrier', cr.name,
    'tracking_numbers', (SELECT coalesce(jsonb_agg(c.tracking_no ORDER BY c.seq),
                                         '[]')
                           FROM carton c WHERE c.shipment_id = sh.id
                            AND c.tracking_no IS NOT NULL),
    'eta', sh.eta, 'shipped_at', sh.shipped_at,
    'delivered_at', sh.delivered_at)
    FROM shipment sh LEFT JOIN carrier cr ON cr.code = sh.carrier
   WHERE sh.id = in_ship
$f$;

-- The public tracking page's facts: nothing about the customer. The
-- top-level fields are the token's shipment; parcels lists every live
-- shipment of its orders (a split order sends one per warehouse), and
-- more_to_come says a part of them has not left yet.
CREATE OR REPLACE FUNCTION wms_track_doc(in_token text) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT wms_track_parcel(sh.id) || jsonb_build_object(
    'parcels', (SELECT jsonb_agg(wms_track_parcel(p.id) ORDER BY p.id)
                  FROM shipment p
                 WHERE p.state <> 'cancelled'
                   AND p.id IN (SELECT y.shipment_id
                                  FROM shipment_order x
                                  JOIN shipment_order y
                                    ON y.order_id = x.order_id
                                 WHERE x.shipment_id = sh.id)),
    'more_to_come', EXISTS (SELECT 1 FROM shipment_order x
                              JOIN sales_order o ON o.id = x.order_id
                             WHERE x.shipment_id = sh.id
                               AND o.state NOT IN ('shipped', 'delivered',
                                                   'cancelled')))
    FROM shipment sh
   WHERE sh.track_token = in_token AND sh.state <> 'cancelled'
$f$;

-- GET /shipments/{id} in the floor convention.
CREATE OR REPLACE FUNCTION wms_shipment_get(in_ship bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  out_doc := wms_shipment_doc(in_ship);
  IF out_doc IS NULL THEN
    out_error := 'not_found';
  END IF;
END $$;

-- What the packing slip of shipment in_ship prints: the units packed.
CREATE OR REPLACE FUNCTION wms_packing_slip(in_ship bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('title', st.name,
    'order', wms_ship_order_ids(sh.id),
    'ship_to', o.ship_to->>'name', 'date', current_date,
    'cartons', (SELECT count(*) FROM carton WHERE shipment_id = sh.id),
    'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', k.code,
                 'name', k.name, 'qty', x.qty) ORDER BY k.code), '[]')
                FROM (SELECT ci.sku_id, sum(ci.qty) AS qty
                        FROM carton c JOIN carton_item ci ON ci.carton_id = c.id
                       WHERE c.shipment_id = sh.id GROUP BY ci.sku_id) x
                JOIN sku k ON k.id = x.sku_id))
    FROM shipment sh JOIN sales_order o ON o.id = sh.order_id
    JOIN store st ON st.id = o.store_id
   WHERE sh.id = in_ship
$f$;

-- A dock scan: the SSCC or tracking number of any carton of a packed
-- shipment ships the whole shipment (idempotent by key, like ship).
CREATE OR REPLACE FUNCTION wms_dock_scan(in_wh bigint, in_code text,
  in_key text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  ship bigint;
  r record;
BEGIN
  out_replayed := false;
  SELECT c.shipment_id INTO ship FROM carton c
    JOIN shipment sh ON sh.id = c.shipment_id
   WHERE (c.sscc = in_code OR c.tracking_no = upper(in_code))
     AND (in_wh IS NULL OR sh.warehouse_id = in_wh)
   LIMIT 1;
  IF ship IS NULL THEN
    out_error := 'not_found';
    out_field := 'code';
    out_detail := 'no carton with SSCC or tracking number ' || in_code;
    RETURN;
  END IF;
  SELECT * INTO r FROM wms_shipment_ship(ship, in_key, in_user, in_request);
  out_error := r.out_error;
  out_field := r.out_field;
  out_detail := r.out_detail;
  out_doc := r.out_doc;
  out_replayed := r.out_replayed;
END $$;
