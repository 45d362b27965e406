-- Advance shipping notices, reorder suggestions, supplier performance and
-- returns to suppliers.

-- A supplier tells what is coming for PO in_po: in_cartons [{sscc,
-- package_level? (carton, the default, or pallet: checked by the caller),
-- lines [{sku, qty, lot, expiry}]}]. in_only: a supplier key's supplier.
CREATE OR REPLACE FUNCTION pur_asn_create(in_po bigint, in_ref text,
  in_ship_date date, in_cartons jsonb, in_only bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  po purchase_order%ROWTYPE;
  aid bigint;
  cid bigint;
  c record;
  l record;
  lc record;
  v_sku bigint;
  f text;
BEGIN
  out_replayed := false;
  SELECT * INTO po FROM purchase_order WHERE id = in_po
     AND (in_only IS NULL OR supplier_id = in_only);
  IF NOT FOUND THEN
    out_error := 'not_found';
    out_field := 'purchase_order';
    RETURN;
  END IF;
  IF po.state NOT IN ('approved', 'sent', 'partially_received') THEN
    out_error := 'po_state';
    out_detail := 'purchase order ' || po.number || ' is ' || po.state;
    RETURN;
  END IF;
  INSERT INTO asn (po_id, reference, ship_date)
  VALUES (in_po, in_ref, in_ship_date)
  ON CONFLICT (po_id, reference) DO NOTHING RETURNING id INTO aid;
  IF aid IS NULL THEN
    out_error := 'already_exists';
    out_field := 'reference';
    RETURN;
  END IF;
  FOR c IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_cartons) WITH ORDINALITY
  LOOP
    INSERT INTO asn_carton (asn_id, sscc, package_level)
    VALUES (aid, c.v->>'sscc', coalesce(c.v->>'package_level', 'carton'))
    ON CONFLICT (sscc) DO NOTHING RETURNING id INTO cid;
    IF cid IS NULL THEN
      out_error := 'already_exists';
      out_field := 'cartons[' || c.i || '].sscc';
      RETURN;
    END IF;
    FOR l IN SELECT value AS v, ordinality - 1 AS i
               FROM jsonb_array_elements(c.v->'lines') WITH ORDINALITY
    LOOP
      f := 'cartons[' || c.i || '].lines[' || l.i || '].';
      SELECT k.id INTO v_sku FROM sku k JOIN po_line pl ON pl.sku_id = k.id
       WHERE k.code = l.v->>'sku' AND pl.po_id = in_po LIMIT 1;
      IF v_sku IS NULL THEN
        out_error := 'sku_not_on_po';
        out_field := f || 'sku';
        RETURN;
      END IF;
      IF (l.v->>'expiry')::date < current_date THEN
        out_error := 'expiry_past';
        out_field := f || 'expiry';
        RETURN;
      END IF;
      /* What the dock would refuse is refused at the notice. The refusal
       * rolls back the rows inserted above (core_proc_run). */
      SELECT * INTO lc FROM pur_asn_lot_check(v_sku, l.v->>'lot',
                                              (l.v->>'expiry')::date);
      IF lc.out_error IS NOT NULL THEN
        out_error := lc.out_error;
        out_field := f || lc.out_field;
        RETURN;
      END IF;
      INSERT INTO asn_line (carton_id, sku_id, lot, expiry, qty)
      VALUES (cid, v_sku, l.v->>'lot', (l.v->>'expiry')::date,
              (l.v->>'qty')::bigint);
    END LOOP;
  END LOOP;
  out_doc := jsonb_build_object('id', aid, 'purchase_order', po.number,
    'reference', in_ref, 'ship_date', in_ship_date,
    'cartons', (SELECT jsonb_agg(jsonb_build_object('sscc', x.sscc,
                  'lines', (SELECT jsonb_agg(jsonb_build_object('sku', k.code,
                     'qty', y.qty, 'lot', y.lot, 'expiry', y.expiry))
                     FROM asn_line y JOIN sku k ON k.id = y.sku_id
                    WHERE y.carton_id = x.id)) ORDER BY x.id)
                  FROM asn_carton x WHERE x.asn_id = aid));
END $$;

-- Per SKU with a supplier in warehouse in_wh: free stock, what is on
-- order, the sales velocity of the last in_days days and the reorder
-- point (fixed, else velocity x lead time + safety stock).
CREATE OR REPLACE FUNCTION pur_reorder_view(in_wh bigint, in_days integer)
RETURNS TABLE (sku_id bigint, supplier_id bigint, available bigint,
  on_order bigint, velocity numeric, reorder_point numeric, moq bigint,
  pack_size bigint, cost numeric, lead integer)
LANGUAGE sql STABLE AS $f$
  SELECT k.id, ss.supplier_id,
    coalesce((SELECT sum(q.on_hand - q.reserved) FROM stock_quant q
               JOIN location l ON l.id = q.location_id
              WHERE q.sku_id = k.id AND l.warehouse_id = in_wh
                AND l.kind = 'bin'), 0)::bigint,
    coalesce((SELECT sum(pl.qty - pl.received_qty - pl.damaged_qty)
                FROM po_line pl JOIN purchase_order po ON po.id = pl.po_id
               WHERE pl.sku_id = k.id AND po.warehouse_id = in_wh
                 AND po.state IN ('draft', 'submitted', 'approved', 'sent',
                                  'partially_received')), 0)::bigint,
    v.units / greatest(in_days, 1),
    coalesce(sw.reorder_point::numeric,
             ceil(v.units / greatest(in_days, 1) * sp.lead_time_days)
             + coalesce(sw.safety_stock, 0)),
    ss.moq, ss.pack_size, ss.cost, sp.lead_time_days
    FROM sku k
    JOIN LATERAL (SELECT x.* FROM supplier_sku x JOIN supplier s
                    ON s.id = x.supplier_id AND s.active
                   WHERE x.sku_id = k.id ORDER BY x.cost, s.code LIMIT 1) ss
      ON true
    JOIN supplier sp ON sp.id = ss.supplier_id
    LEFT JOIN sku_warehouse sw ON sw.sku_id = k.id AND sw.warehouse_id = in_wh
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(m.qty), 0)::numeric AS units FROM stock_move m
        JOIN location l ON l.id = m.from_location_id
       WHERE m.sku_id = k.id AND l.warehouse_id = in_wh
         AND m.reason IN ('ship', 'consume')
         AND m.created_at >= now() - make_interval(days => in_days)) v
   WHERE k.active
$f$;

-- Drafts purchase orders, one per supplier, for every SKU of warehouse
-- in_wh whose free stock plus what is on order is below its reorder
-- point: up to the reorder point plus one lead time of sales, in whole
-- packs and at least the minimum order.
CREATE OR REPLACE FUNCTION pur_suggest(in_wh text, in_days integer,
  in_user bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  r record;
  made bigint[] := '{}';
  doc jsonb;
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'unknown_warehouse';
    out_field := 'warehouse';
    RETURN;
  END IF;
  FOR r IN
    SELECT s.code AS supplier, jsonb_agg(jsonb_build_object('sku', k.code,
             'qty', greatest(v.moq, ceil((v.reorder_point - v.available
               - v.on_order + ceil(v.velocity * v.lead)) / v.pack_size)
               * v.pack_size)::bigint,
             'unit_cost', v.cost) ORDER BY k.code) AS lines
      FROM pur_reorder_view(wh, in_days) v
      JOIN sku k ON k.id = v.sku_id JOIN supplier s ON s.id = v.supplier_id
     WHERE v.available + v.on_order < v.reorder_point
     GROUP BY s.code ORDER BY s.code
  LOOP
    SELECT p.out_doc INTO doc FROM pur_po_create(jsonb_build_object(
      'supplier', r.supplier, 'warehouse', in_wh, 'lines', r.lines,
      'note', 'reorder suggestion'), in_user) p;
    made := made || (doc->>'id')::bigint;
  END LOOP;
  out_doc := jsonb_build_object('purchase_orders',
    (SELECT coalesce(jsonb_agg(pur_po_doc(x) ORDER BY x), '[]')
       FROM unnest(made) x));
END $$;

-- How supplier in_code did on the PO lines expected in [in_from, in_to]:
-- on time = complete by the expected date; fill = received / ordered;
-- lead time = first receipt of a PO after it was sent (per PO); a line is
-- discrepant with any damage or shortage; value = received at PO cost.
CREATE OR REPLACE FUNCTION pur_performance(in_code text, in_from date,
  in_to date, in_only bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s supplier%ROWTYPE;
BEGIN
  out_replayed := false;
  SELECT * INTO s FROM supplier WHERE code = in_code
     AND (in_only IS NULL OR id = in_only);
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  WITH lines AS (
    SELECT pl.*, po.sent_at,
      (SELECT max(r.received_at) FROM receipt_line rl
         JOIN receipt r ON r.id = rl.receipt_id WHERE rl.po_line_id = pl.id)
        AS last_receipt,
      (SELECT min(r.received_at) FROM receipt r WHERE r.po_id = pl.po_id)
        AS po_first,
      EXISTS (SELECT 1 FROM po_discrepancy d WHERE d.po_line_id = pl.id)
        AS discrepant
      FROM po_line pl JOIN purchase_order po ON po.id = pl.po_id
     WHERE po.supplier_id = s.id
       AND po.state NOT IN ('draft', 'submitted', 'cancelled')
       AND pl.expected_date BETWEEN in_from AND in_to)
  SELECT jsonb_build_object('supplier', s.code, 'from', in_from, 'to', in_to,
    'lines', count(*),
    'on_time_rate', round(count(*) FILTER (
        WHERE received_qty + damaged_qty >= qty
          AND last_receipt::date <= expected_date)::numeric
        / nullif(count(*), 0), 4),
    'fill_rate', round(sum(received_qty)::numeric / nullif(sum(qty), 0), 4),
    'avg_lead_days', (SELECT round(avg(extract(epoch FROM x.po_first
                                                 - x.sent_at) / 86400)
                                     ::numeric, 2)
                        FROM (SELECT DISTINCT po_id, po_first, sent_at
                                FROM lines) x),
    'promised_lead_days', s.lead_time_days,
    'discrepancy_rate', round(count(*) FILTER (WHERE discrepant)::numeric
                              / nullif(count(*), 0), 4),
    'value_purchased', coalesce(sum(received_qty * unit_cost), 0)
                         ::numeric(14, 2)::text)
    INTO out_doc FROM lines;
END $$;

-- Sends defective stock back: in_lines [{sku, lot, bin, qty}] move from
-- their bins to the warehouse's supplier location, one document.
CREATE OR REPLACE FUNCTION pur_return_create(in_supplier text, in_wh text,
  in_reason text, in_lines jsonb, in_key text, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  sid bigint;
  wh bigint;
  rid bigint;
  e record;
  v_sku bigint;
  v_lot bigint;
  v_bin bigint;
  mv record;
  f text;
  req jsonb := jsonb_build_object('supplier', in_supplier, 'warehouse', in_wh,
                                  'reason', in_reason, 'lines', in_lines);
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'supplier_return', 0, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT id INTO sid FROM supplier WHERE code = in_supplier;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF sid IS NULL OR wh IS NULL THEN
    out_error := CASE WHEN sid IS NULL THEN 'unknown_supplier'
                      ELSE 'unknown_warehouse' END;
    out_field := CASE WHEN sid IS NULL THEN 'supplier' ELSE 'warehouse' END;
    RETURN;
  END IF;
  INSERT INTO supplier_return (supplier_id, warehouse_id, reason,
    idempotency_key, created_by)
  VALUES (sid, wh, coalesce(in_reason, ''), in_key, in_user)
  RETURNING id INTO rid;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_lines) WITH ORDINALITY
  LOOP
    f := 'lines[' || e.i || '].';
    SELECT id INTO v_sku FROM sku WHERE code = e.v->>'sku';
    SELECT id INTO v_lot FROM lot WHERE sku_id = v_sku AND code = e.v->>'lot';
    SELECT id INTO v_bin FROM location WHERE warehouse_id = wh
       AND kind = 'bin' AND code = upper(e.v->>'bin');
    IF v_sku IS NULL OR v_bin IS NULL
       OR (e.v->>'lot' IS NOT NULL AND v_lot IS NULL) THEN
      out_error := CASE WHEN v_sku IS NULL THEN 'unknown_sku'
                        WHEN v_bin IS NULL THEN 'unknown_bin'
                        ELSE 'unknown_lot' END;
      out_field := f || CASE WHEN v_sku IS NULL THEN 'sku'
                             WHEN v_bin IS NULL THEN 'bin' ELSE 'lot' END;
      RETURN;
    END IF;
    SELECT * INTO mv FROM wms_do_move(v_sku, v_lot, v_bin,
      (SELECT id FROM location WHERE warehouse_id = wh AND code = '@SUPPLIER'),
      (e.v->>'qty')::bigint, 'return', 'supplier return ' || rid,
      in_reason, in_user, in_request, NULL);
    IF mv.out_insufficient THEN
      out_error := 'insufficient_stock';
      out_field := f || 'qty';
      out_detail := mv.out_available || ' free in the bin';
      RETURN;
    END IF;
  END LOOP;
  out_doc := jsonb_build_object('id', rid, 'supplier', in_supplier,
    'warehouse', in_wh, 'reason', coalesce(in_reason, ''),
    'lines', in_lines);
  UPDATE supplier_return SET response = out_doc WHERE id = rid;
  PERFORM idem_record(in_key, 'supplier_return', 0, req, out_doc);
END $$;
