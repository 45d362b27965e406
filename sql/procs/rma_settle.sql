-- After-sales (issue 19), after the goods are back: what becomes of them
-- (disposition), the money paid back (refund), and the RMA's own steps
-- (authorise, reject, close). Text contract (core/core_proc.h).

-- The target of a disposition of in_qty units of SKU in_sku in warehouse
-- in_wh: in_bin (a code) when given; else a restock goes to the first
-- putaway suggestion (NULL: a putaway task decides later) and quarantine
-- to the first bin of a quarantine zone. Scrap and to-supplier go to
-- their virtual locations.
CREATE OR REPLACE FUNCTION rma_dispose_target(in_wh bigint, in_sku bigint,
  in_qty bigint, in_action text, in_bin text)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT CASE
    WHEN in_action = 'scrap' THEN
      (SELECT id FROM location WHERE warehouse_id = in_wh AND code = '@SCRAP')
    WHEN in_action = 'to_supplier' THEN
      (SELECT id FROM location WHERE warehouse_id = in_wh
          AND code = '@SUPPLIER')
    WHEN in_bin IS NOT NULL THEN
      (SELECT id FROM location WHERE warehouse_id = in_wh AND kind = 'bin'
          AND code = upper(in_bin))
    WHEN in_action = 'quarantine' THEN
      (SELECT l.id FROM location l JOIN zone z ON z.id = l.zone_id
        WHERE l.warehouse_id = in_wh AND l.kind = 'bin' AND NOT l.blocked
          AND z.type = 'quarantine' ORDER BY l.pick_sequence, l.code LIMIT 1)
    END;
$f$;

-- Disposes of in_qty units of receipt in_r (RMA in_m) by in_action to
-- location in_to (NULL for a restock: a putaway task from the returns
-- bin to the suggested bin). in_supplier names the supplier of a
-- to-supplier disposal.
CREATE OR REPLACE FUNCTION rma_dispose_one(in_m rma, in_r rma_receipt,
  in_qty bigint, in_action text, in_to bigint, in_supplier bigint,
  in_user bigint, in_request text, OUT out_error text)
LANGUAGE plpgsql AS $$
DECLARE
  sku bigint := (SELECT sku_id FROM rma_line WHERE id = in_r.rma_line_id);
  mv record;
  moved bigint;
  task bigint;
  sret bigint;
BEGIN
  IF in_to IS NULL THEN
    INSERT INTO putaway_task (warehouse_id, sku_id, lot_id, from_bin_id,
      suggested_bin_id, qty)
    VALUES (in_m.warehouse_id, sku, in_r.lot_id, in_r.bin_id,
      (SELECT l.id FROM wms_putaway_suggest(in_m.warehouse_id, sku, in_qty, 1)
              s JOIN location l ON l.warehouse_id = in_m.warehouse_id
                AND l.code = s.bin), in_qty)
    RETURNING id INTO task;
  ELSE
    SELECT * INTO mv FROM wms_do_move(sku, in_r.lot_id, in_r.bin_id, in_to,
      in_qty, CASE in_action WHEN 'scrap' THEN 'scrap'
                             WHEN 'to_supplier' THEN 'return'
                             ELSE 'putaway' END,
      in_m.number, in_action, in_user, in_request, NULL);
    out_error := CASE WHEN mv.out_insufficient THEN 'insufficient_stock'
                      WHEN mv.out_blocked THEN 'bin_blocked'
                      WHEN mv.out_capacity THEN 'bin_capacity_exceeded'
                      WHEN mv.out_mixed THEN 'bin_single_sku' END;
    IF out_error IS NOT NULL THEN
      RETURN;
    END IF;
    moved := mv.out_move_id;
  END IF;
  IF in_action = 'to_supplier' THEN
    -- Joins the RMA's supplier return for that supplier (one per RMA and
    -- supplier, however many lines or requests send goods back to it).
    SELECT id INTO sret FROM supplier_return
     WHERE supplier_id = in_supplier AND warehouse_id = in_m.warehouse_id
       AND reason = 'customer return ' || in_m.number
     ORDER BY id LIMIT 1;
    IF sret IS NULL THEN
      INSERT INTO supplier_return (supplier_id, warehouse_id, reason,
        created_by)
      VALUES (in_supplier, in_m.warehouse_id,
        'customer return ' || in_m.number, in_user)
      RETURNING id INTO sret;
    END IF;
  END IF;
  INSERT INTO rma_disposal (rma_id, rma_receipt_id, qty, action,
    to_location_id, move_id, putaway_task_id, supplier_return_id, user_id)
  VALUES (in_m.id, in_r.id, in_qty, in_action, in_to, moved, task,
    sret, in_user);
  -- A move out of the returns zone fills backorders (wms_do_move).
  UPDATE rma_receipt SET disposed = disposed + in_qty WHERE id = in_r.id;
END $$;

-- Checks a disposal line's target: out_error when there is none or it
-- does not suit the action (quarantine must go to a quarantine zone).
CREATE OR REPLACE FUNCTION rma_dispose_check(in_m rma, in_v jsonb,
  in_to bigint, in_field text, OUT out_error text, OUT out_field text,
  OUT out_supplier bigint)
LANGUAGE plpgsql AS $$
BEGIN
  IF in_v->>'action' = 'to_supplier' THEN
    SELECT id INTO out_supplier FROM supplier WHERE code = in_v->>'supplier';
    IF out_supplier IS NULL THEN
      out_error := CASE WHEN in_v->>'supplier' IS NULL THEN 'missing_field'
                        ELSE 'unknown_supplier' END;
      out_field := in_field || 'supplier';
    END IF;
    RETURN;
  END IF;
  IF in_to IS NULL AND (in_v->>'bin' IS NOT NULL
                        OR in_v->>'action' <> 'restock') THEN
    out_error := CASE WHEN in_v->>'bin' IS NOT NULL THEN 'unknown_bin'
                      ELSE 'no_quarantine_bin' END;
    out_field := in_field || 'bin';
  ELSIF in_v->>'action' = 'quarantine' AND NOT EXISTS (
          SELECT 1 FROM location l JOIN zone z ON z.id = l.zone_id
           WHERE l.id = in_to AND z.type = 'quarantine') THEN
    out_error := 'not_quarantine_bin'; out_field := in_field || 'bin';
  END IF;
END $$;

-- Disposes of one request line in_v {sku, qty, action, bin?, condition?,
-- supplier?} of RMA in_m, from its receipts not yet disposed of (oldest
-- first, of that condition when given).
CREATE OR REPLACE FUNCTION rma_dispose_line(in_m rma, in_v jsonb,
  in_field text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  sku bigint;
  want bigint := (in_v->>'qty')::bigint;
  open bigint;
  take bigint;
  dst bigint;
  chk record;
  one record;
  r rma_receipt%ROWTYPE;
BEGIN
  SELECT ri.out_sku_id INTO sku FROM wms_resolve_item(in_v->>'sku', NULL) ri;
  SELECT coalesce(sum(x.qty - x.disposed), 0) INTO open
    FROM rma_receipt x JOIN rma_line l ON l.id = x.rma_line_id
   WHERE x.rma_id = in_m.id AND l.sku_id = sku
     AND (in_v->>'condition' IS NULL OR x.condition = in_v->>'condition');
  IF open < want THEN
    out_error := 'dispose_exceeds_received'; out_field := in_field || 'qty';
    out_detail := open || ' received and not yet disposed of';
    RETURN;
  END IF;
  dst := rma_dispose_target(in_m.warehouse_id, sku, want, in_v->>'action',
    in_v->>'bin');
  SELECT * INTO chk FROM rma_dispose_check(in_m, in_v, dst, in_field);
  IF chk.out_error IS NOT NULL THEN
    out_error := chk.out_error; out_field := chk.out_field;
    RETURN;
  END IF;
  FOR r IN SELECT x.* FROM rma_receipt x JOIN rma_line l ON l.id = x.rma_line_id
            WHERE x.rma_id = in_m.id AND l.sku_id = sku AND x.disposed < x.qty
              AND (in_v->>'condition' IS NULL
                   OR x.condition = in_v->>'condition')
            ORDER BY x.id FOR UPDATE OF x
  LOOP
    EXIT WHEN want = 0;
    take := least(want, r.qty - r.disposed);
    SELECT * INTO one FROM rma_dispose_one(in_m, r, take, in_v->>'action',
      dst, chk.out_supplier, in_user, in_request);
    IF one.out_error IS NOT NULL THEN
      out_error := one.out_error; out_field := in_field || 'bin';
      RETURN;
    END IF;
    want := want - take;
  END LOOP;
END $$;

-- Disposes of received units of RMA in_rma: in_req {lines: [{sku, qty,
-- action, bin?, condition?, supplier?}]}.
CREATE OR REPLACE FUNCTION rma_dispose(in_rma bigint, in_req jsonb,
  in_key text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  e record;
  one record;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'rma_dispose', in_rma, in_req);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO m FROM rma WHERE id = in_rma FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF m.state IN ('closed', 'rejected') THEN
    out_error := 'rma_state'; out_detail := m.state;
    RETURN;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_req->'lines') WITH ORDINALITY
  LOOP
    SELECT * INTO one FROM rma_dispose_line(m, e.v, 'lines[' || e.i || '].',
      in_user, in_request);
    IF one.out_error IS NOT NULL THEN
      out_error := one.out_error; out_field := one.out_field;
      out_detail := one.out_detail;
      RETURN;
    END IF;
  END LOOP;
  UPDATE rma SET updated_at = now() WHERE id = m.id;
  PERFORM rma_event_add(m.id, m.state, m.state, 'disposed',
    jsonb_build_object('lines', in_req->'lines'), in_user, in_request);
  out_doc := rma_doc(m.id);
  PERFORM idem_record(in_key, 'rma_dispose', in_rma, in_req, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;

-- Spreads refund in_amount over RMA in_m's lines up to each line's paid
-- value (qty x unit price), in line order, and gives each share to the
-- sales report (returns_amount).
CREATE OR REPLACE FUNCTION rma_refund_spread(in_m rma, in_amount numeric)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  l record;
  left_ numeric := in_amount;
  take numeric;
BEGIN
  FOR l IN SELECT id, sku_id, qty * unit_price - refunded AS room
             FROM rma_line WHERE rma_id = in_m.id ORDER BY line_no FOR UPDATE
  LOOP
    EXIT WHEN left_ <= 0;
    take := least(left_, greatest(l.room, 0));
    UPDATE rma_line SET refunded = refunded + take WHERE id = l.id;
    IF in_m.store_id IS NOT NULL AND take > 0 THEN
      PERFORM rpt_sale_returned(in_m.store_id, in_m.warehouse_id, l.sku_id,
        current_date, in_m.currency, 0, take);
    END IF;
    left_ := left_ - take;
  END LOOP;
END $$;

-- Pays back money on RMA in_rma: in_req {amount, shipping_refund, method,
-- reference, channel_refund_id?}. Never more than the returned lines' paid
-- value (the order's total when the RMA has no lines: a price adjustment)
-- plus the order's shipping, over all refunds of the order's RMAs.
CREATE OR REPLACE FUNCTION rma_refund_add(in_rma bigint, in_req jsonb,
  in_key text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  o sales_order%ROWTYPE;
  amt numeric := coalesce((in_req->>'amount')::numeric, 0);
  shp numeric := coalesce((in_req->>'shipping_refund')::numeric, 0);
  cap numeric;
  paid numeric;
  paid_ship numeric;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'rma_refund', in_rma, in_req);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO m FROM rma WHERE id = in_rma;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = m.order_id FOR UPDATE;
  IF m.state = 'rejected' THEN
    out_error := 'rma_state'; out_detail := m.state;
    RETURN;
  END IF;
  SELECT CASE WHEN count(*) = 0 THEN o.total
              ELSE sum(qty * unit_price) END INTO cap
    FROM rma_line WHERE rma_id = m.id;
  SELECT coalesce(sum(amount), 0) INTO paid FROM rma_refund WHERE rma_id = m.id;
  SELECT coalesce(sum(f.shipping_refund), 0) INTO paid_ship
    FROM rma_refund f JOIN rma x ON x.id = f.rma_id
   WHERE x.order_id = m.order_id;
  IF paid + amt > cap OR paid_ship + shp > coalesce(o.shipping_amount, 0) THEN
    out_error := 'refund_exceeds_paid';
    out_field := CASE WHEN paid + amt > cap THEN 'amount'
                      ELSE 'shipping_refund' END;
    out_detail := CASE WHEN paid + amt > cap
      THEN (cap - paid) || ' ' || m.currency || ' refundable'
      ELSE (coalesce(o.shipping_amount, 0) - paid_ship) || ' ' || m.currency
           || ' of shipping refundable' END;
    RETURN;
  END IF;
  INSERT INTO rma_refund (rma_id, currency, amount, shipping_refund, method,
    reference, channel_refund_id, user_id)
  VALUES (m.id, m.currency, amt, shp, coalesce(in_req->>'method', 'original'),
    coalesce(in_req->>'reference', ''), in_req->>'channel_refund_id', in_user);
  PERFORM rma_refund_spread(m, amt);
  UPDATE rma SET updated_at = now() WHERE id = m.id;
  PERFORM rma_event_add(m.id, m.state, m.state, 'refunded',
    jsonb_build_object('amount', amt + shp, 'currency', m.currency,
                       'method', coalesce(in_req->>'method', 'original')),
    in_user, in_request);
  out_doc := rma_doc(m.id);
  PERFORM idem_record(in_key, 'rma_refund', in_rma, in_req, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;

-- A step of RMA in_rma's life: in_step 'authorize' (a requested or
-- unannounced RMA confirmed by the back office), 'reject' (nothing came
-- back; its lines no longer count against the order) or 'close'.
CREATE OR REPLACE FUNCTION rma_step(in_rma bigint, in_step text,
  in_note text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  to_state text;
  all_in boolean;
BEGIN
  out_replayed := false;
  SELECT * INTO m FROM rma WHERE id = in_rma FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  all_in := NOT EXISTS (SELECT 1 FROM rma_line WHERE rma_id = m.id
                           AND received < qty);
  to_state := CASE
    WHEN in_step = 'authorize' AND (m.state = 'requested' OR m.review_needed)
      THEN CASE WHEN m.state = 'requested' THEN 'authorized'
                WHEN all_in THEN 'received' ELSE m.state END
    WHEN in_step = 'reject' AND m.state IN ('requested', 'authorized')
         AND NOT EXISTS (SELECT 1 FROM rma_receipt WHERE rma_id = m.id)
      THEN 'rejected'
    WHEN in_step = 'close' AND m.state IN ('authorized', 'receiving',
         'received') AND NOT m.review_needed
         AND NOT EXISTS (SELECT 1 FROM rma_receipt WHERE rma_id = m.id
                            AND disposed < qty)
      THEN 'closed' END;
  IF to_state IS NULL THEN
    out_error := CASE WHEN in_step = 'close' AND m.state NOT IN ('closed',
                        'rejected') AND NOT m.review_needed
                      THEN 'rma_not_disposed' ELSE 'rma_state' END;
    out_detail := m.state;
    RETURN;
  END IF;
  UPDATE rma SET state = to_state, review_needed = false, updated_at = now(),
         closed_at = CASE WHEN to_state IN ('closed', 'rejected') THEN now() END
   WHERE id = m.id;
  PERFORM rma_event_add(m.id, m.state, to_state, in_step,
    jsonb_strip_nulls(jsonb_build_object('note', nullif(in_note, ''))),
    in_user, in_request);
  out_doc := rma_doc(m.id);
END $$;

-- Finds what a parcel at the returns desk belongs to, from code in_code
-- (an RMA number, an order number, a carton's tracking number or SSCC):
-- the RMA (the open one of the order, if any) and the order with what it
-- may still return. Only among warehouses in_warehouses (comma-separated
-- codes; NULL: all): another warehouse's parcel is not found.
CREATE OR REPLACE FUNCTION rma_lookup(in_code text, in_warehouses text)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  rid bigint;
  oid_ bigint;
  wh text;
BEGIN
  SELECT id, order_id INTO rid, oid_ FROM rma WHERE number = upper(in_code);
  IF oid_ IS NULL AND rid IS NULL THEN
    SELECT so.order_id INTO oid_ FROM carton c
      JOIN shipment_order so ON so.shipment_id = c.shipment_id
     WHERE c.tracking_no = in_code OR c.sscc = in_code
        OR c.sscc = substr(in_code, 3) ORDER BY so.order_id LIMIT 1;
  END IF;
  IF oid_ IS NULL AND rid IS NULL THEN
    SELECT id INTO oid_ FROM sales_order WHERE external_id = in_code
     ORDER BY id DESC LIMIT 1;
  END IF;
  IF rid IS NULL AND oid_ IS NOT NULL THEN
    SELECT id INTO rid FROM rma WHERE order_id = oid_
       AND state IN ('requested', 'authorized', 'receiving', 'received')
     ORDER BY id DESC LIMIT 1;
  END IF;
  SELECT w.code INTO wh FROM warehouse w
   WHERE w.id = coalesce((SELECT warehouse_id FROM rma WHERE id = rid),
                         (SELECT warehouse_id FROM order_ship_line
                           WHERE order_id = oid_ ORDER BY id LIMIT 1),
                         (SELECT warehouse_id FROM sales_order
                           WHERE id = oid_));
  IF in_warehouses IS NOT NULL
     AND NOT coalesce(wh = ANY (string_to_array(in_warehouses, ',')), false)
  THEN
    rid := NULL; oid_ := NULL;
  END IF;
  RETURN jsonb_build_object('rma', rma_doc(rid), 'order', oid_,
    'order_number', (SELECT external_id FROM sales_order WHERE id = oid_),
    'warehouse', CASE WHEN oid_ IS NOT NULL OR rid IS NOT NULL THEN wh END,
    'returnable', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', r.sku,
                     'name', r.name, 'shipped', r.shipped, 'returned',
                     r.returned, 'returnable', r.returnable)), '[]')
                     FROM rma_returnable(oid_) r));
END $$;

-- A page of RMAs, newest first, for the list: in_f {state, store, q (an
-- RMA or order number, or a SKU code), from, to (dates of creation),
-- warehouses (comma-separated codes the reader may see; NULL: all),
-- before (keyset: ids below it), limit}.
CREATE OR REPLACE FUNCTION rma_list(in_f jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id,
           'number', x.number, 'state', x.state, 'resolution', x.resolution,
           'origin', x.origin, 'review_needed', x.review_needed,
           'order', x.order_id, 'order_number', o.external_id,
           'store', st.code, 'warehouse', w.code, 'currency', x.currency,
           'units', (SELECT coalesce(sum(qty), 0) FROM rma_line
                      WHERE rma_id = x.id),
           'received', (SELECT coalesce(sum(received), 0) FROM rma_line
                         WHERE rma_id = x.id),
           'refunded', (SELECT coalesce(sum(amount + shipping_refund), 0)
                          FROM rma_refund WHERE rma_id = x.id),
           'age_days', current_date - x.created_at::date,
           'created_at', x.created_at) ORDER BY x.id DESC), '[]')
    FROM (SELECT m.* FROM rma m JOIN warehouse w ON w.id = m.warehouse_id
           WHERE (in_f->>'warehouses' IS NULL
                  OR w.code = ANY (string_to_array(in_f->>'warehouses', ',')))
             AND (in_f->>'state' IS NULL OR m.state = in_f->>'state'
                  OR (in_f->>'state' = 'open' AND m.state IN ('requested',
                      'authorized', 'receiving', 'received')))
             AND (in_f->>'store' IS NULL OR m.store_id =
                  (SELECT id FROM store WHERE code = in_f->>'store'))
             AND (in_f->>'from' IS NULL
                  OR m.created_at >= (in_f->>'from')::date)
             AND (in_f->>'to' IS NULL
                  OR m.created_at < (in_f->>'to')::date + 1)
             AND (in_f->>'before' IS NULL OR m.id < (in_f->>'before')::bigint)
             AND (in_f->>'owner' IS NULL
                  OR (SELECT st.owner_id FROM store st
                       WHERE st.id = coalesce(m.store_id,
                               (SELECT d.store_id FROM sales_order d
                                 WHERE d.id = m.order_id)))
                     = (in_f->>'owner')::bigint)
             AND (in_f->>'q' IS NULL OR m.number = upper(in_f->>'q')
                  OR m.order_id IN (SELECT id FROM sales_order
                                     WHERE external_id = in_f->>'q')
                  OR EXISTS (SELECT 1 FROM rma_line l JOIN sku k
                               ON k.id = l.sku_id
                              WHERE l.rma_id = m.id
                                AND k.code = in_f->>'q'))
           ORDER BY m.id DESC LIMIT (in_f->>'limit')::int) x
    JOIN warehouse w ON w.id = x.warehouse_id
    LEFT JOIN store st ON st.id = x.store_id
    LEFT JOIN sales_order o ON o.id = x.order_id;
$f$;

-- One RMA for a reader.
CREATE OR REPLACE FUNCTION rma_get(in_rma bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  out_replayed := false;
  out_doc := rma_doc(in_rma);
  IF out_doc IS NULL THEN
    out_error := 'not_found';
  END IF;
END $$;
