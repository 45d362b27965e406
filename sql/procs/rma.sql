-- After-sales (issue 19): return authorisations (RMA). Every procedure C
-- calls answers in the text contract (core/core_proc.h). The rule the
-- issue is about: what an order's RMAs ask back never exceeds what it
-- shipped. Each procedure that adds or grows a return line first locks
-- the order's row, so RMAs of one order are decided one after the other
-- and each sees the others' lines (read committed: the statements after
-- the lock read what committed before it was granted).

-- Per SKU of order in_order: units shipped (order_ship_line), units asked
-- back by its RMAs that are not rejected, and what may still come back;
-- with the paid unit price of the SKU's first order line (net of its
-- discount, to the cent). What shipped is
-- the shipments' lines (order_ship_line).
CREATE OR REPLACE FUNCTION rma_returnable(in_order bigint)
RETURNS TABLE (sku_id bigint, sku text, name text, order_line_id bigint,
               unit_price numeric, shipped bigint, returned bigint,
               returnable bigint)
LANGUAGE sql STABLE AS $f$
  WITH s AS (
    SELECT l.sku_id, sum(l.qty)::bigint AS shipped
      FROM order_ship_line l WHERE l.order_id = in_order GROUP BY l.sku_id
    UNION ALL
    -- Orders shipped before shipments recorded their lines (migration
    -- 0151) or without the floor (the demo's history): their lines.
    SELECT ol.sku_id, sum(ol.qty)::bigint
      FROM order_line ol JOIN sales_order o ON o.id = ol.order_id
     WHERE ol.order_id = in_order AND o.state IN ('shipped', 'delivered')
       AND ol.requires_shipping AND ol.sku_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM order_ship_line x
                        WHERE x.order_id = in_order)
     GROUP BY ol.sku_id),
  r AS (
    SELECT rl.sku_id, sum(rl.qty)::bigint AS returned
      FROM rma_line rl JOIN rma m ON m.id = rl.rma_id
     WHERE m.order_id = in_order AND m.state <> 'rejected'
       AND NOT rl.unexpected
     GROUP BY rl.sku_id)
  SELECT s.sku_id, k.code, k.name, ol.id, coalesce(ol.unit_price, 0),
         s.shipped, coalesce(r.returned, 0),
         greatest(s.shipped - coalesce(r.returned, 0), 0)
    FROM s JOIN sku k ON k.id = s.sku_id
    LEFT JOIN r ON r.sku_id = s.sku_id
    LEFT JOIN LATERAL (SELECT x.id,
                              round((x.qty * x.unit_price - x.discount)
                                    / x.qty, 2) AS unit_price
                         FROM order_line x
                        WHERE x.order_id = in_order AND x.sku_id = s.sku_id
                        ORDER BY x.line_no LIMIT 1) ol ON true
   ORDER BY k.code;
$f$;

-- Adds an event to RMA in_rma's timeline and to its order's (code
-- 'rma_<in_code>', with the RMA's number among the params).
CREATE OR REPLACE FUNCTION rma_event_add(in_rma bigint, in_from text,
  in_to text, in_code text, in_params jsonb, in_user bigint, in_request text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  st text;
  p jsonb;
BEGIN
  SELECT * INTO m FROM rma WHERE id = in_rma;
  p := coalesce(in_params, '{}') || jsonb_build_object('rma', m.number);
  INSERT INTO rma_event (rma_id, from_state, to_state, code, params, user_id,
    request_id)
  VALUES (in_rma, in_from, in_to, in_code, p, in_user,
    coalesce(in_request, ''));
  IF m.order_id IS NOT NULL THEN
    SELECT state INTO st FROM sales_order WHERE id = m.order_id;
    PERFORM ord_event_params(m.order_id, st, st, 'return ' || m.number,
      'rma_' || in_code, p, in_user, in_request);
  END IF;
END $$;

-- A return opened for an order that the channel cancelled after it
-- shipped takes that case into after-sales: the order's open hold
-- channel_cancelled_after_ship (ord_channel_cancel) is released, once,
-- with an event in the order's timeline naming the return.
CREATE OR REPLACE FUNCTION rma_hold_release(in_rma bigint, in_user bigint,
  in_request text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  st text;
BEGIN
  SELECT * INTO m FROM rma WHERE id = in_rma;
  UPDATE order_hold SET released_at = now()
   WHERE order_id = m.order_id AND reason = 'channel_cancelled_after_ship'
     AND released_at IS NULL;
  IF FOUND THEN
    SELECT state INTO st FROM sales_order WHERE id = m.order_id;
    PERFORM ord_event_params(m.order_id, st, st,
      'channel_cancelled_after_ship released: return ' || m.number,
      'rma_hold_released', jsonb_build_object('rma', m.number,
        'reason', 'channel_cancelled_after_ship'), in_user, in_request);
  END IF;
END $$;

-- The document of RMA in_rma: the answer of every RMA route.
CREATE OR REPLACE FUNCTION rma_doc(in_rma bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'id', m.id, 'number', m.number, 'state', m.state,
    'resolution', m.resolution, 'origin', m.origin,
    'review_needed', m.review_needed, 'currency', m.currency,
    'note', m.note, 'channel_refund_id', m.channel_refund_id,
    'warehouse', w.code, 'store', st.code,
    'order', m.order_id, 'order_number', o.external_id,
    'exchange_order', m.exchange_order_id, 'exchange_kind', m.exchange_kind,
    'exchange_order_number', (SELECT x.external_id FROM sales_order x
                               WHERE x.id = m.exchange_order_id),
    'exchange_order_state', (SELECT x.state FROM sales_order x
                              WHERE x.id = m.exchange_order_id),
    'feedback', (SELECT jsonb_build_object('id', f.id, 'number', f.number)
                   FROM feedback f WHERE f.rma_id = m.id),
    'created_at', m.created_at, 'updated_at', m.updated_at,
    'closed_at', m.closed_at,
    'lines', coalesce((
      SELECT jsonb_agg(jsonb_build_object('line', l.line_no, 'sku', k.code,
               'name', k.name, 'qty', l.qty, 'received', l.received,
               'reason', l.reason, 'unit_price', l.unit_price,
               'refunded', l.refunded, 'unexpected', l.unexpected,
               'days_since_ship', l.days_since_ship) ORDER BY l.line_no)
        FROM rma_line l JOIN sku k ON k.id = l.sku_id
       WHERE l.rma_id = m.id), '[]'),
    'receipts', coalesce((
      SELECT jsonb_agg(jsonb_build_object('id', r.id, 'sku', k.code,
               'qty', r.qty, 'condition', r.condition, 'lot', t.code,
               'bin', b.code, 'disposed', r.disposed, 'at', r.created_at)
               ORDER BY r.id)
        FROM rma_receipt r JOIN rma_line l ON l.id = r.rma_line_id
        JOIN sku k ON k.id = l.sku_id JOIN location b ON b.id = r.bin_id
        LEFT JOIN lot t ON t.id = r.lot_id
       WHERE r.rma_id = m.id), '[]'),
    'disposals', coalesce((
      SELECT jsonb_agg(jsonb_build_object('sku', k.code, 'qty', d.qty,
               'action', d.action, 'bin', b.code,
               'putaway_task', d.putaway_task_id,
               'supplier_return', d.supplier_return_id, 'at', d.created_at)
               ORDER BY d.id)
        FROM rma_disposal d JOIN rma_receipt r ON r.id = d.rma_receipt_id
        JOIN rma_line l ON l.id = r.rma_line_id JOIN sku k ON k.id = l.sku_id
        LEFT JOIN location b ON b.id = d.to_location_id
       WHERE d.rma_id = m.id), '[]'),
    'refunds', coalesce((
      SELECT jsonb_agg(jsonb_build_object('amount', f.amount,
               'shipping_refund', f.shipping_refund, 'method', f.method,
               'reference', f.reference, 'currency', f.currency,
               'at', f.created_at) ORDER BY f.id)
        FROM rma_refund f WHERE f.rma_id = m.id), '[]'),
    'refunded', (SELECT coalesce(sum(f.amount + f.shipping_refund), 0)
                   FROM rma_refund f WHERE f.rma_id = m.id),
    'timeline', coalesce((
      SELECT jsonb_agg(jsonb_build_object('at', e.created_at,
               'from', e.from_state, 'to', e.to_state, 'code', e.code,
               'params', e.params, 'user', u.username) ORDER BY e.id)
        FROM rma_event e LEFT JOIN app_user u ON u.id = e.user_id
       WHERE e.rma_id = m.id), '[]'))
  FROM rma m JOIN warehouse w ON w.id = m.warehouse_id
  LEFT JOIN store st ON st.id = m.store_id
  LEFT JOIN sales_order o ON o.id = m.order_id
 WHERE m.id = in_rma;
$f$;

-- Checks one asked line (in_sku code, in_qty) of order in_order against
-- what may still come back, counting in_already units of the same SKU
-- asked by earlier lines of the same request. The caller holds the
-- order's lock. out_error is NULL when the line fits; then out_sku,
-- out_order_line and out_price describe it.
CREATE OR REPLACE FUNCTION rma_line_check(in_order bigint, in_sku text,
  in_qty bigint, in_already bigint, in_field text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_sku bigint,
  OUT out_order_line bigint, OUT out_price numeric)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT * INTO r FROM rma_returnable(in_order) x WHERE x.sku = in_sku;
  IF NOT FOUND THEN
    out_error := 'not_on_order';
    out_field := in_field || 'sku';
    out_detail := in_sku;
    RETURN;
  END IF;
  IF in_already + in_qty > r.returnable THEN
    out_error := 'return_exceeds_shipped';
    out_field := in_field || 'qty';
    out_detail := greatest(r.returnable - in_already, 0) || ' returnable ('
      || r.shipped || ' shipped, ' || r.returned || ' returned)';
    RETURN;
  END IF;
  out_sku := r.sku_id; out_order_line := r.order_line_id;
  out_price := r.unit_price;
END $$;

-- Days between the order's last shipment and now.
CREATE OR REPLACE FUNCTION rma_days_since_ship(in_order bigint)
RETURNS integer
LANGUAGE sql STABLE AS $f$
  SELECT greatest(current_date - coalesce(
           (SELECT max(shipped_at) FROM order_ship_line
             WHERE order_id = in_order),
           (SELECT max(sh.shipped_at) FROM shipment_order x
              JOIN shipment sh ON sh.id = x.shipment_id
             WHERE x.order_id = in_order),
           (SELECT updated_at FROM sales_order WHERE id = in_order))::date, 0);
$f$;

-- Adds the lines in_lines [{sku, qty, reason}] to RMA in_rma of order
-- in_order, each bounded by what may still come back (the caller holds
-- the order's lock). Answers an error name, or NULL.
CREATE OR REPLACE FUNCTION rma_lines_add(in_rma bigint, in_order bigint,
  in_lines jsonb, OUT out_error text, OUT out_field text,
  OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  e record;
  chk record;
  asked jsonb := '{}';
  n integer;
  days integer := rma_days_since_ship(in_order);
BEGIN
  SELECT coalesce(max(line_no), 0) INTO n FROM rma_line WHERE rma_id = in_rma;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_lines) WITH ORDINALITY
  LOOP
    SELECT * INTO chk FROM rma_line_check(in_order, e.v->>'sku',
      (e.v->>'qty')::bigint, coalesce((asked->>(e.v->>'sku'))::bigint, 0),
      'lines[' || e.i || '].');
    IF chk.out_error IS NOT NULL THEN
      out_error := chk.out_error; out_field := chk.out_field;
      out_detail := chk.out_detail;
      RETURN;
    END IF;
    asked := asked || jsonb_build_object(e.v->>'sku',
      coalesce((asked->>(e.v->>'sku'))::bigint, 0) + (e.v->>'qty')::bigint);
    n := n + 1;
    INSERT INTO rma_line (rma_id, line_no, order_line_id, sku_id, qty,
      reason, unit_price, days_since_ship)
    VALUES (in_rma, n, chk.out_order_line, chk.out_sku,
      (e.v->>'qty')::bigint, coalesce(e.v->>'reason', 'other'),
      chk.out_price, days);
  END LOOP;
END $$;

-- A new RMA for order in_order. in_rma {lines, resolution, note, origin,
-- channel_refund_id, state}: an office or channel RMA needs lines and is
-- authorised, or only requested (state 'requested': its lines count
-- against the order, nothing is received until the back office
-- authorises it); an unannounced one (goods arrived without one, the
-- issue's received_without_rma) has none yet, is receiving, and waits for
-- the back office to confirm it.
CREATE OR REPLACE FUNCTION rma_create(in_order bigint, in_rma jsonb,
  in_key text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  rid bigint;
  origin text := coalesce(in_rma->>'origin', 'office');
  st0 text := CASE WHEN coalesce(in_rma->>'origin', 'office') = 'unannounced'
                   THEN 'receiving'
                   ELSE coalesce(in_rma->>'state', 'authorized') END;
  chk record;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'rma_create', in_order, in_rma);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_field := 'order';
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM rma_returnable(in_order)) THEN
    out_error := 'order_not_shipped'; out_field := 'order';
    out_detail := o.state;
    RETURN;
  END IF;
  INSERT INTO rma (number, order_id, store_id, warehouse_id, customer_id,
    state, resolution, origin, review_needed, currency, note,
    channel_refund_id, created_by)
  VALUES ('RMA' || nextval('rma_number_seq'), o.id, o.store_id,
    coalesce((SELECT warehouse_id FROM order_ship_line
               WHERE order_id = o.id ORDER BY id LIMIT 1), o.warehouse_id),
    o.customer_id, st0,
    coalesce(in_rma->>'resolution', 'refund'), origin,
    origin = 'unannounced', o.currency, coalesce(in_rma->>'note', ''),
    in_rma->>'channel_refund_id', in_user)
  RETURNING id INTO rid;
  SELECT * INTO chk FROM rma_lines_add(rid, o.id,
    coalesce(in_rma->'lines', '[]'));
  IF chk.out_error IS NOT NULL THEN
    out_error := chk.out_error; out_field := chk.out_field;
    out_detail := chk.out_detail;
    RETURN;
  END IF;
  PERFORM rma_hold_release(rid, in_user, in_request);
  PERFORM rma_event_add(rid, NULL, st0,
    CASE WHEN origin = 'unannounced' THEN 'unannounced' ELSE 'created' END,
    jsonb_build_object('units', (SELECT coalesce(sum(qty), 0) FROM rma_line
                                  WHERE rma_id = rid)), in_user, in_request);
  out_doc := rma_doc(rid);
  PERFORM idem_record(in_key, 'rma_create', in_order, in_rma, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;

-- The returns bin of RMA in_m's warehouse that receipt goes to: in_bin
-- (a code) or, without one, the first bin of a returns zone.
CREATE OR REPLACE FUNCTION rma_returns_bin(in_wh bigint, in_bin text)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT l.id FROM location l LEFT JOIN zone z ON z.id = l.zone_id
   WHERE l.warehouse_id = in_wh AND l.kind = 'bin'
     AND CASE WHEN in_bin IS NULL THEN z.type = 'returns'
              ELSE l.code = upper(in_bin) END
   ORDER BY l.pick_sequence, l.code LIMIT 1;
$f$;

-- Moves in_qty units of line in_line from @CUSTOMER into returns bin
-- in_bin (ledger reason 'return') and records the receipt in condition
-- in_cond. Answers a refusal of the ledger, or NULL.
CREATE OR REPLACE FUNCTION rma_receipt_add(in_m rma, in_line bigint,
  in_sku bigint, in_lot bigint, in_qty bigint, in_cond text, in_bin bigint,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text)
LANGUAGE plpgsql AS $$
DECLARE
  mv record;
BEGIN
  SELECT * INTO mv FROM wms_do_move(in_sku, in_lot,
    (SELECT id FROM location WHERE warehouse_id = in_m.warehouse_id
        AND code = '@CUSTOMER'), in_bin, in_qty, 'return', in_m.number,
    in_cond, in_user, in_request, NULL);
  IF mv.out_blocked OR mv.out_capacity OR mv.out_mixed THEN
    out_error := CASE WHEN mv.out_blocked THEN 'bin_blocked'
                      WHEN mv.out_capacity THEN 'bin_capacity_exceeded'
                      ELSE 'bin_single_sku' END;
    out_field := 'bin';
    RETURN;
  END IF;
  UPDATE rma_line SET received = received + in_qty WHERE id = in_line;
  INSERT INTO rma_receipt (rma_id, rma_line_id, qty, condition, lot_id,
    bin_id, move_id, user_id)
  VALUES (in_m.id, in_line, in_qty, in_cond, in_lot, in_bin, mv.out_move_id,
    in_user);
  IF in_m.store_id IS NOT NULL THEN
    PERFORM rpt_sale_returned(in_m.store_id, in_m.warehouse_id, in_sku,
      current_date, in_m.currency, in_qty, 0);
  END IF;
END $$;

-- Receives in_qty units of SKU in_sku on RMA in_m: first on its lines
-- still expecting the SKU; the rest on a line added now, bounded by what
-- the order may still return (the order is locked); an item not on the
-- order only when a lead accepts it (in_accept), on an unexpected line.
CREATE OR REPLACE FUNCTION rma_receive_units(in_m rma, in_sku bigint,
  in_lot bigint, in_qty bigint, in_cond text, in_bin bigint,
  in_accept boolean, in_field text, in_user bigint, in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  rem bigint := in_qty;
  take bigint;
  l record;
  chk record;
  lid bigint;
  code text := (SELECT k.code FROM sku k WHERE k.id = in_sku);
BEGIN
  FOR l IN SELECT id, qty - received AS open FROM rma_line
            WHERE rma_id = in_m.id AND sku_id = in_sku AND NOT unexpected
              AND received < qty ORDER BY line_no FOR UPDATE
  LOOP
    EXIT WHEN rem = 0;
    take := least(rem, l.open);
    SELECT * INTO chk FROM rma_receipt_add(in_m, l.id, in_sku, in_lot, take,
      in_cond, in_bin, in_user, in_request);
    IF chk.out_error IS NOT NULL THEN
      out_error := chk.out_error; out_field := chk.out_field;
      RETURN;
    END IF;
    rem := rem - take;
  END LOOP;
  IF rem = 0 THEN
    RETURN;
  END IF;
  IF in_m.order_id IS NOT NULL AND EXISTS (SELECT 1 FROM rma_returnable(
       in_m.order_id) x WHERE x.sku_id = in_sku) THEN
    SELECT * INTO chk FROM rma_lines_add(in_m.id, in_m.order_id,
      jsonb_build_array(jsonb_build_object('sku', code, 'qty', rem,
                                           'reason', 'other')));
    IF chk.out_error IS NOT NULL THEN
      out_error := 'receive_exceeds_authorized';
      out_field := in_field || 'qty';
      out_detail := (in_qty - rem) || ' expected; ' || chk.out_detail;
      RETURN;
    END IF;
    SELECT max(id) INTO lid FROM rma_line WHERE rma_id = in_m.id;
  ELSIF in_accept THEN
    SELECT id INTO lid FROM rma_line WHERE rma_id = in_m.id
       AND sku_id = in_sku AND unexpected FOR UPDATE;
    IF lid IS NULL THEN
      INSERT INTO rma_line (rma_id, line_no, sku_id, qty, reason, unexpected)
      VALUES (in_m.id, (SELECT coalesce(max(line_no), 0) + 1 FROM rma_line
                         WHERE rma_id = in_m.id), in_sku, rem, 'other', true)
      RETURNING id INTO lid;
    ELSE
      UPDATE rma_line SET qty = qty + rem WHERE id = lid;
    END IF;
  ELSE
    out_error := 'not_on_order'; out_field := in_field || 'sku';
    out_detail := code;
    RETURN;
  END IF;
  SELECT * INTO chk FROM rma_receipt_add(in_m, lid, in_sku, in_lot, rem,
    in_cond, in_bin, in_user, in_request);
  out_error := chk.out_error; out_field := chk.out_field;
END $$;

-- Resolves the item of receive line in_v: its SKU (by code, barcode or
-- GTIN) and lot. out_error when unknown or a lot is missing.
CREATE OR REPLACE FUNCTION rma_item(in_v jsonb, in_field text,
  OUT out_sku bigint, OUT out_pack bigint, OUT out_lot bigint,
  OUT out_error text, OUT out_field text)
LANGUAGE plpgsql AS $$
DECLARE
  k sku%ROWTYPE;
BEGIN
  SELECT r.out_sku_id, r.out_pack INTO out_sku, out_pack
    FROM wms_resolve_item(in_v->>'sku', in_v->>'gtin') r;
  SELECT * INTO k FROM sku WHERE id = out_sku;
  IF NOT FOUND THEN
    out_error := 'unknown_sku'; out_field := in_field || 'sku';
    RETURN;
  END IF;
  IF in_v->>'lot' IS NOT NULL AND NOT k.lot_tracked THEN
    out_error := 'lot_not_tracked'; out_field := in_field || 'lot';
    RETURN;
  END IF;
  IF k.lot_tracked AND in_v->>'lot' IS NULL THEN
    out_error := 'lot_required'; out_field := in_field || 'lot';
    RETURN;
  END IF;
  SELECT id INTO out_lot FROM lot WHERE sku_id = out_sku
     AND code = in_v->>'lot';
  IF in_v->>'lot' IS NOT NULL AND out_lot IS NULL THEN
    out_error := 'unknown_lot'; out_field := in_field || 'lot';
  END IF;
END $$;

-- Receives returned goods on RMA in_rma: in_req {lines: [{sku, gtin?, qty,
-- condition, lot?}], bin?, accept_unexpected?}. Units move @CUSTOMER ->
-- the returns bin; the RMA becomes receiving, or received when every
-- line came back.
CREATE OR REPLACE FUNCTION rma_receive(in_rma bigint, in_req jsonb,
  in_key text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  bin bigint;
  e record;
  it record;
  rc record;
  f text;
  v_qty bigint;
  to_state text;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'rma_receive', in_rma, in_req);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO m FROM rma WHERE id = in_rma;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF m.order_id IS NOT NULL THEN
    PERFORM 1 FROM sales_order WHERE id = m.order_id FOR UPDATE;
  END IF;
  SELECT * INTO m FROM rma WHERE id = in_rma FOR UPDATE;
  IF m.state NOT IN ('authorized', 'receiving', 'received') THEN
    out_error := 'rma_state'; out_detail := m.state;
    RETURN;
  END IF;
  bin := rma_returns_bin(m.warehouse_id, in_req->>'bin');
  IF bin IS NULL THEN
    out_error := CASE WHEN in_req->>'bin' IS NULL THEN 'no_returns_bin'
                      ELSE 'unknown_bin' END;
    out_field := 'bin';
    RETURN;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_req->'lines') WITH ORDINALITY
  LOOP
    f := 'lines[' || e.i || '].';
    SELECT * INTO it FROM rma_item(e.v, f);
    IF it.out_error IS NOT NULL THEN
      out_error := it.out_error; out_field := it.out_field;
      RETURN;
    END IF;
    v_qty := (e.v->>'qty')::bigint * it.out_pack;
    SELECT * INTO rc FROM rma_receive_units(m, it.out_sku, it.out_lot, v_qty,
      coalesce(e.v->>'condition', 'sellable'), bin,
      coalesce((in_req->>'accept_unexpected')::boolean, false), f, in_user,
      in_request);
    IF rc.out_error IS NOT NULL THEN
      out_error := rc.out_error; out_field := rc.out_field;
      out_detail := rc.out_detail;
      RETURN;
    END IF;
  END LOOP;
  to_state := CASE WHEN NOT EXISTS (SELECT 1 FROM rma_line WHERE rma_id = m.id
                                       AND received < qty)
                     AND NOT m.review_needed
                   THEN 'received' ELSE 'receiving' END;
  UPDATE rma SET state = to_state, updated_at = now() WHERE id = m.id;
  PERFORM rma_event_add(m.id, m.state, to_state, 'received',
    jsonb_build_object('units', (SELECT sum((v->>'qty')::bigint)
                                   FROM jsonb_array_elements(in_req->'lines') v),
                       'bin', (SELECT code FROM location WHERE id = bin)),
    in_user, in_request);
  out_doc := rma_doc(m.id);
  PERFORM idem_record(in_key, 'rma_receive', in_rma, in_req, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;

-- The dashboard's returns card: RMAs still open (requested, authorized,
-- receiving, received) among warehouses in_warehouses (comma-separated
-- codes; NULL: all): how many in each state, how many wait for review,
-- and the oldest with its age in days. Reads the open-RMA index
-- (rma_open_idx), so it costs the open returns, not all of them.
CREATE OR REPLACE FUNCTION rma_open_summary(in_warehouses text)
RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  WITH o AS (
    SELECT m.id, m.number, m.state, m.review_needed, m.created_at
      FROM rma m JOIN warehouse w ON w.id = m.warehouse_id
     WHERE m.state IN ('requested', 'authorized', 'receiving', 'received')
       AND (in_warehouses IS NULL
            OR w.code = ANY (string_to_array(in_warehouses, ','))))
  SELECT jsonb_build_object(
    'open', (SELECT count(*) FROM o),
    'review_needed', (SELECT count(*) FROM o WHERE review_needed),
    'by_state', (SELECT jsonb_object_agg(s, (SELECT count(*) FROM o
                                              WHERE o.state = s))
                   FROM unnest(ARRAY['requested', 'authorized', 'receiving',
                                     'received']) s),
    'oldest', (SELECT jsonb_build_object('id', id, 'number', number,
                        'state', state, 'created_at', created_at,
                        'age_days', current_date - created_at::date)
                 FROM o ORDER BY created_at, id LIMIT 1));
$f$;
