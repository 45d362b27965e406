-- Receiving at the dock: each confirmation is one receipt, idempotent by
-- key, whose lines move units from the supplier location into a bin (the
-- receiving zone unless a bin is named), record damaged units as
-- discrepancies, update moving-average costs with the receipt's landed
-- costs, and leave putaway tasks for what landed in a receiving bin.

-- The lot of in_sku called in_code, created with in_expiry on first sight.
-- out_error: lot_required, lot_not_tracked, expiry_required,
-- expiry_mismatch, expiry_past.
CREATE OR REPLACE FUNCTION pur_lot(in_sku bigint, in_code text,
  in_expiry date, OUT out_lot bigint, OUT out_error text)
LANGUAGE plpgsql AS $$
DECLARE
  s sku%ROWTYPE;
  t lot%ROWTYPE;
BEGIN
  SELECT * INTO s FROM sku WHERE id = in_sku;
  IF in_expiry IS NOT NULL AND in_expiry < current_date THEN
    out_error := 'expiry_past';
  ELSIF s.lot_tracked AND in_code IS NULL THEN
    out_error := 'lot_required';
  ELSIF NOT s.lot_tracked AND in_code IS NOT NULL THEN
    out_error := 'lot_not_tracked';
  ELSIF in_code IS NOT NULL THEN
    SELECT * INTO t FROM lot WHERE sku_id = in_sku AND code = in_code;
    IF NOT FOUND THEN
      IF s.expiry_tracked AND in_expiry IS NULL THEN
        out_error := 'expiry_required';
        RETURN;
      END IF;
      INSERT INTO lot (sku_id, code, expiry) VALUES (in_sku, in_code, in_expiry)
      ON CONFLICT (sku_id, code) DO NOTHING;
      SELECT * INTO t FROM lot WHERE sku_id = in_sku AND code = in_code;
    ELSIF in_expiry IS NOT NULL AND t.expiry IS DISTINCT FROM in_expiry THEN
      out_error := 'expiry_mismatch';
      RETURN;
    END IF;
    out_lot := t.id;
  END IF;
END $$;

-- Where received units land: bin in_bin (code) of warehouse in_wh, or the
-- first receiving-zone bin, or a lite warehouse's implicit bin.
CREATE OR REPLACE FUNCTION pur_receiving_bin(in_wh bigint, in_bin text)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT l.id FROM location l LEFT JOIN zone z ON z.id = l.zone_id
   WHERE l.warehouse_id = in_wh AND l.kind = 'bin' AND NOT l.blocked
     AND CASE WHEN in_bin IS NOT NULL THEN l.code = upper(in_bin)
              ELSE z.type = 'receiving' OR l.implicit END
   ORDER BY l.implicit, l.pick_sequence, l.code LIMIT 1
$f$;

-- New moving average of (in_wh, in_sku) after in_qty units at in_cost.
CREATE OR REPLACE FUNCTION pur_cost_update(in_wh bigint, in_sku bigint,
  in_qty bigint, in_cost numeric) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  have bigint;
BEGIN
  -- Units already here, before this receipt's move (it ran just before).
  SELECT coalesce(sum(q.on_hand), 0) - in_qty INTO have
    FROM stock_quant q JOIN location l ON l.id = q.location_id
   WHERE q.sku_id = in_sku AND l.warehouse_id = in_wh
     AND l.kind IN ('bin', 'tote');
  INSERT INTO sku_cost (warehouse_id, sku_id, avg_cost)
  VALUES (in_wh, in_sku, in_cost)
  ON CONFLICT (warehouse_id, sku_id) DO UPDATE
    SET avg_cost = round((sku_cost.avg_cost * greatest(have, 0)
                          + in_cost * in_qty) / (greatest(have, 0) + in_qty), 4),
        updated_at = now();
END $$;

-- The SKU a receipt line names: its code, or a barcode or GTIN scanned at
-- the dock (the handler puts a scanned code in 'sku'). The line and the
-- receipt's value for landed costs must read a line the same way.
CREATE OR REPLACE FUNCTION pur_line_sku(in_code text) RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(
    (SELECT id FROM sku WHERE code = in_code),
    (SELECT sku_id FROM barcode
      WHERE code = in_code OR gtin14 = lpad(in_code, 14, '0') LIMIT 1))
$f$;

-- One receipt line against PO in_po: in_line {sku, qty, damaged, lot,
-- expiry, bin}; in_landed the landed cost per unit of value to add.
CREATE OR REPLACE FUNCTION pur_receive_line(in_po purchase_order,
  in_receipt bigint, in_line jsonb, in_idx integer, in_landed numeric,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  pl po_line%ROWTYPE;
  v_sku bigint;
  v_qty bigint := coalesce((in_line->>'qty')::bigint, 0);
  v_damaged bigint := coalesce((in_line->>'damaged')::bigint, 0);
  tolerance numeric;
  lt record;
  v_bin bigint;
  v_move bigint;
  mv record;
  f text := 'lines[' || in_idx || '].';
BEGIN
  v_sku := pur_line_sku(in_line->>'sku');
  SELECT * INTO pl FROM po_line WHERE po_id = in_po.id AND sku_id = v_sku
   ORDER BY (qty > received_qty + damaged_qty) DESC, line_no LIMIT 1 FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'sku_not_on_po';
    out_field := f || 'sku';
    out_detail := (in_line->>'sku') || ' is not on ' || in_po.number;
    RETURN;
  END IF;
  SELECT over_receipt_pct INTO tolerance FROM purchasing_setting;
  IF pl.received_qty + pl.damaged_qty + v_qty + v_damaged >
     floor(pl.qty * (1 + tolerance / 100)) THEN
    out_error := 'over_receipt';
    out_field := f || 'qty';
    out_detail := 'ordered ' || pl.qty || ', received ' ||
                  (pl.received_qty + pl.damaged_qty) || ', tolerance ' ||
                  tolerance || '%';
    RETURN;
  END IF;
  SELECT * INTO lt FROM pur_lot(v_sku, in_line->>'lot',
                                (in_line->>'expiry')::date);
  IF lt.out_error IS NOT NULL THEN
    out_error := lt.out_error;
    out_field := f || CASE WHEN lt.out_error LIKE 'expiry%' THEN 'expiry'
                           ELSE 'lot' END;
    RETURN;
  END IF;
  v_bin := pur_receiving_bin(in_po.warehouse_id, in_line->>'bin');
  IF v_bin IS NULL THEN
    out_error := CASE WHEN in_line ? 'bin' THEN 'unknown_bin'
                      ELSE 'no_receiving_bin' END;
    out_field := f || 'bin';
    RETURN;
  END IF;
  IF v_qty > 0 THEN
    -- The move records what these units cost (stock_move.unit_cost,
    -- migration 0150): the moving average changes only after it.
    PERFORM set_config('depot.receipt_cost',
                       (pl.unit_cost * (1 + in_landed))::text, true);
    SELECT * INTO mv FROM wms_do_move(v_sku, lt.out_lot,
      (SELECT id FROM location WHERE warehouse_id = in_po.warehouse_id
          AND code = '@SUPPLIER'),
      v_bin, v_qty, 'receipt', in_po.number, NULL, in_user, in_request, NULL);
    IF mv.out_capacity OR mv.out_mixed THEN
      out_error := CASE WHEN mv.out_capacity THEN 'bin_capacity_exceeded'
                        ELSE 'bin_single_sku' END;
      out_field := f || 'bin';
      RETURN;
    END IF;
    PERFORM set_config('depot.receipt_cost', '', true);
    v_move := mv.out_move_id;
    PERFORM pur_cost_update(in_po.warehouse_id, v_sku, v_qty,
                            pl.unit_cost * (1 + in_landed));
    INSERT INTO putaway_task (warehouse_id, receipt_id, sku_id, lot_id,
      from_bin_id, suggested_bin_id, qty)
    SELECT in_po.warehouse_id, in_receipt, v_sku, lt.out_lot, v_bin,
           (SELECT l.id FROM wms_putaway_suggest(in_po.warehouse_id, v_sku,
              v_qty, 1) s JOIN location l ON l.warehouse_id = in_po.warehouse_id
              AND l.code = s.bin), v_qty
     WHERE EXISTS (SELECT 1 FROM location l JOIN zone z ON z.id = l.zone_id
                    WHERE l.id = v_bin AND z.type = 'receiving');
  END IF;
  IF v_damaged > 0 THEN
    INSERT INTO po_discrepancy (po_id, po_line_id, kind, qty, note)
    VALUES (in_po.id, pl.id, 'damage', v_damaged, 'damaged at receipt');
  END IF;
  UPDATE po_line SET received_qty = received_qty + v_qty,
         damaged_qty = damaged_qty + v_damaged
   WHERE id = pl.id;
  INSERT INTO receipt_line (receipt_id, po_line_id, qty, damaged, lot_id,
    bin_id, move_id)
  VALUES (in_receipt, pl.id, v_qty, v_damaged, lt.out_lot, v_bin, v_move);
END $$;

-- A receiving confirmation for PO in_po: in_lines as pur_receive_line
-- reads them, in_freight and in_duty spread over the receipt by value.
-- in_only: a supplier key cannot receive.
CREATE OR REPLACE FUNCTION pur_receive(in_po bigint, in_lines jsonb,
  in_freight numeric, in_duty numeric, in_key text, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  po purchase_order%ROWTYPE;
  rid bigint;
  v_value numeric;
  landed numeric := 0;
  e record;
  r record;
  req jsonb := jsonb_build_object('lines', in_lines, 'freight', in_freight,
                                  'duty', in_duty);
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'receive', in_po, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO po FROM purchase_order WHERE id = in_po FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF po.state NOT IN ('sent', 'partially_received') THEN
    out_error := 'po_not_receivable';
    out_detail := 'purchase order ' || po.number || ' is ' || po.state;
    RETURN;
  END IF;
  INSERT INTO receipt (po_id, idempotency_key, freight, duty, received_by)
  VALUES (in_po, in_key, coalesce(in_freight, 0), coalesce(in_duty, 0), in_user)
  RETURNING id INTO rid;
  SELECT sum(coalesce((x->>'qty')::bigint, 0) * l.unit_cost) INTO v_value
    FROM jsonb_array_elements(in_lines) x
    JOIN LATERAL (SELECT unit_cost FROM po_line
                   WHERE po_id = in_po AND sku_id = pur_line_sku(x->>'sku')
                   ORDER BY line_no LIMIT 1) l ON true;
  IF coalesce(v_value, 0) > 0 THEN
    landed := (coalesce(in_freight, 0) + coalesce(in_duty, 0)) / v_value;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_lines) WITH ORDINALITY
  LOOP
    SELECT * INTO r FROM pur_receive_line(po, rid, e.v, e.i::int, landed,
                                          in_user, in_request);
    IF r.out_error IS NOT NULL THEN
      out_error := r.out_error;
      out_field := r.out_field;
      out_detail := r.out_detail;
      -- The named figures for the terminal's words (error.params).
      out_doc := jsonb_build_object('params', jsonb_strip_nulls(
        jsonb_build_object('sku', e.v->>'sku', 'number', po.number,
          'open', (SELECT greatest(l.qty - l.received_qty - l.damaged_qty, 0)
                     FROM po_line l
                    WHERE l.po_id = in_po
                      AND l.sku_id = pur_line_sku(e.v->>'sku')
                    ORDER BY (l.qty > l.received_qty + l.damaged_qty) DESC,
                             l.line_no LIMIT 1))));
      RETURN;
    END IF;
  END LOOP;
  UPDATE purchase_order SET state = CASE WHEN NOT EXISTS (
      SELECT 1 FROM po_line WHERE po_id = in_po
         AND qty > received_qty + damaged_qty)
    THEN 'received' ELSE 'partially_received' END
   WHERE id = in_po;
  out_doc := pur_po_doc(in_po) || jsonb_build_object('receipt', rid,
    'putaway_tasks', (SELECT coalesce(jsonb_agg(pur_putaway_doc(t.id)
                        ORDER BY t.id), '[]')
                        FROM putaway_task t WHERE t.receipt_id = rid));
  UPDATE receipt SET response = out_doc WHERE id = rid;
  PERFORM idem_record(in_key, 'receive', in_po, req, out_doc);
END $$;

-- POST /api/v1/purchase-orders/{id}/receipts: pur_receive, the receipt
-- keeping what arrived without an ASN for 3PL billing: in_packages
-- packages (1..100000) of level in_level (carton or pallet; the caller
-- checks it). A replay changes nothing.
CREATE OR REPLACE FUNCTION pur_receive_packed(in_po bigint, in_lines jsonb,
  in_freight numeric, in_duty numeric, in_key text, in_user bigint,
  in_request text, in_level text, in_packages integer, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT * INTO out_error, out_field, out_detail, out_doc, out_replayed
    FROM pur_receive(in_po, in_lines, in_freight, in_duty, in_key, in_user,
                     in_request);
  IF out_error IS NULL AND NOT out_replayed THEN
    UPDATE receipt SET package_level = in_level, packages = in_packages
     WHERE id = (out_doc->>'receipt')::bigint;
  END IF;
END $$;

-- One scan of a notified carton's SSCC receives everything it holds.
DROP FUNCTION IF EXISTS pur_receive_sscc(text, text, bigint, text);
-- in_warehouses: the codes a warehouse-limited caller may receive into
-- (comma-separated), NULL for any; the carton's PO decides, in this
-- transaction, since only the scanned code names the warehouse.
CREATE OR REPLACE FUNCTION pur_receive_sscc(in_sscc text, in_key text,
  in_user bigint, in_request text, in_warehouses text,
  OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  c asn_carton%ROWTYPE;
  v_po bigint;
  lines jsonb;
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO c FROM asn_carton WHERE sscc = in_sscc FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    out_field := 'sscc';
    out_detail := 'no notified carton ' || in_sscc;
    RETURN;
  END IF;
  SELECT a.po_id INTO v_po FROM asn a WHERE a.id = c.asn_id;
  IF in_warehouses IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM purchase_order po JOIN warehouse w ON w.id = po.warehouse_id
        WHERE po.id = v_po
          AND w.code = ANY (string_to_array(in_warehouses, ','))) THEN
    out_error := 'warehouse_forbidden';
    out_field := 'code';
    out_detail := 'carton ' || in_sscc || ' is for a warehouse your account may not touch';
    RETURN;
  END IF;
  IF c.received_at IS NOT NULL THEN
    SELECT response INTO out_doc FROM receipt
     WHERE idempotency_key = 'sscc:' || in_sscc;
    out_replayed := true;
    RETURN;
  END IF;
  SELECT jsonb_agg(jsonb_build_object('sku', k.code, 'qty', l.qty,
           'lot', l.lot, 'expiry', l.expiry))
    INTO lines
    FROM asn_line l JOIN sku k ON k.id = l.sku_id WHERE l.carton_id = c.id;
  SELECT * INTO r FROM pur_receive(v_po, lines, 0, 0,
    coalesce(in_key, 'sscc:' || in_sscc), in_user, in_request);
  out_error := r.out_error;
  out_field := r.out_field;
  out_detail := r.out_detail;
  out_doc := r.out_doc;
  out_replayed := r.out_replayed;
  IF out_error IS NULL THEN
    UPDATE asn_carton SET received_at = now() WHERE id = c.id;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION pur_putaway_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', t.id, 'warehouse', w.code, 'sku', k.code,
    'name', k.name, 'lot', lt.code, 'from', f.code, 'suggested_bin', sb.code,
    'qty', t.qty, 'done', t.done_qty, 'state', t.state)
    FROM putaway_task t JOIN warehouse w ON w.id = t.warehouse_id
    JOIN sku k ON k.id = t.sku_id JOIN location f ON f.id = t.from_bin_id
    LEFT JOIN location sb ON sb.id = t.suggested_bin_id
    LEFT JOIN lot lt ON lt.id = t.lot_id
   WHERE t.id = in_id
$f$;

CREATE OR REPLACE FUNCTION pur_putaway_list(in_wh text) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(pur_putaway_doc(t.id) ORDER BY t.id), '[]')
    FROM putaway_task t JOIN warehouse w ON w.id = t.warehouse_id
   WHERE t.state = 'open' AND (in_wh IS NULL OR w.code = in_wh)
$f$;

-- Putaway by scan: the item was scanned, then bin in_bin; in_qty units
-- (NULL: the rest) move there from the receiving bin.
CREATE OR REPLACE FUNCTION pur_putaway_confirm(in_task bigint, in_bin text,
  in_qty bigint, in_key text, in_user bigint, in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  t putaway_task%ROWTYPE;
  dst bigint;
  n bigint;
  mv record;
  req jsonb := jsonb_build_object('bin', in_bin, 'qty', in_qty);
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'putaway', in_task, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO t FROM putaway_task WHERE id = in_task FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  -- A confirmation answered before migration 0100 kept no answer: its
  -- move carries the key.
  IF in_key IS NOT NULL AND EXISTS (SELECT 1 FROM stock_move
                                     WHERE idempotency_key = in_key) THEN
    out_doc := pur_putaway_doc(in_task);
    out_replayed := true;
    RETURN;
  END IF;
  IF t.state = 'done' THEN
    out_error := 'putaway_done';
    RETURN;
  END IF;
  n := coalesce(in_qty, t.qty - t.done_qty);
  IF n > t.qty - t.done_qty THEN
    out_error := 'out_of_range';
    out_field := 'qty';
    out_detail := 'the task has ' || (t.qty - t.done_qty) || ' left';
    RETURN;
  END IF;
  SELECT id INTO dst FROM location WHERE warehouse_id = t.warehouse_id
     AND kind = 'bin' AND code = upper(in_bin);
  IF dst IS NULL OR dst = t.from_bin_id THEN
    out_error := CASE WHEN dst IS NULL THEN 'unknown_bin' ELSE 'same_location' END;
    out_field := 'bin';
    RETURN;
  END IF;
  SELECT * INTO mv FROM wms_do_move(t.sku_id, t.lot_id, t.from_bin_id, dst, n,
    'putaway', 'putaway ' || t.id, NULL, in_user, in_request, in_key);
  IF mv.out_insufficient OR mv.out_blocked OR mv.out_capacity OR mv.out_mixed
  THEN
    out_error := CASE WHEN mv.out_insufficient THEN 'insufficient_stock'
                      WHEN mv.out_blocked THEN 'bin_blocked'
                      WHEN mv.out_capacity THEN 'bin_capacity_exceeded'
                      ELSE 'bin_single_sku' END;
    out_field := 'bin';
    RETURN;
  END IF;
  UPDATE putaway_task SET done_qty = done_qty + n,
         state = CASE WHEN done_qty + n = qty THEN 'done' ELSE 'open' END
   WHERE id = in_task;
  out_doc := pur_putaway_doc(in_task);
  PERFORM idem_record(in_key, 'putaway', in_task, req, out_doc);
END $$;
