-- After-sales (issue 19, item 5): the replacement order of a return. An
-- exchange sends other goods (the lines asked); a reship sends the RMA's
-- own lines again (a parcel lost or damaged). Either way one order at no
-- charge, for the order's customer, address and store, linked both ways
-- (rma.exchange_order_id, sales_order.rma_id), taken in and allocated as
-- any order is (ord_do_allocate), so it waves, picks, packs and ships
-- like the others. Text contract (core/core_proc.h).

-- The lines of the replacement: in_req's lines for an exchange; for a
-- reship the RMA's own lines (not the unexpected ones: they were never
-- sent). [{sku, qty}] with SKU codes; empty when there are none (an
-- unannounced RMA before anything came, a refund without goods).
CREATE OR REPLACE FUNCTION rma_replace_lines(in_m rma, in_kind text,
  in_req jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT CASE
    WHEN in_kind = 'exchange' THEN coalesce(in_req->'lines', '[]')
    ELSE coalesce((SELECT jsonb_agg(jsonb_build_object('sku', x.code,
                            'qty', x.qty) ORDER BY x.code)
                     FROM (SELECT k.code, sum(l.qty) AS qty
                             FROM rma_line l JOIN sku k ON k.id = l.sku_id
                            WHERE l.rma_id = in_m.id AND NOT l.unexpected
                              AND l.qty > 0
                            GROUP BY k.code) x), '[]')
  END;
$f$;

-- Checks the lines in_lines of a replacement: each SKU known (by code or
-- barcode) and active. out_error names the first line that is not.
CREATE OR REPLACE FUNCTION rma_replace_check(in_lines jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  e record;
BEGIN
  IF jsonb_array_length(in_lines) = 0 THEN
    out_error := 'rma_nothing_to_replace'; out_field := 'lines';
    RETURN;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_lines) WITH ORDINALITY
  LOOP
    IF NOT EXISTS (SELECT 1 FROM wms_resolve_item(e.v->>'sku', NULL) r
                     JOIN sku k ON k.id = r.out_sku_id) THEN
      out_error := 'unknown_sku'; out_field := 'lines[' || e.i || '].sku';
      out_detail := e.v->>'sku';
      RETURN;
    END IF;
  END LOOP;
END $$;

-- Writes the replacement order of RMA in_m (of order in_o) with lines
-- in_lines: zero prices accepted (no zero_price hold), the order's
-- customer, address (sealed lines too) and currency. Its number is the
-- RMA's with -X (exchange) or -R (reship). Returns its id.
CREATE OR REPLACE FUNCTION rma_replace_order(in_m rma, in_o sales_order,
  in_kind text, in_lines jsonb, in_user bigint, in_request text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  oid_ bigint;
  ext text := in_m.number || CASE in_kind WHEN 'exchange' THEN '-X'
                                          ELSE '-R' END;
BEGIN
  INSERT INTO sales_order (store_id, external_id, customer_id, currency,
    shipping_amount, total, ship_to, notes, content_hash, ship_to_pii,
    pii_kv, currency_accepted, priority, rma_id)
  VALUES (in_o.store_id, ext, in_o.customer_id, in_o.currency, 0, 0,
    in_o.ship_to, in_kind || ' for return ' || in_m.number || ' of order '
      || in_o.external_id,
    md5(ext || in_lines::text), in_o.ship_to_pii, in_o.pii_kv, true,
    in_o.priority, in_m.id)
  RETURNING id INTO oid_;
  INSERT INTO order_line (order_id, line_no, sku_id, sku_code, name, qty,
    unit_price, requires_shipping, price_accepted)
  SELECT oid_, e.n, k.id, k.code, k.name,
         (e.v->>'qty')::bigint * r.out_pack, 0, true, true
    FROM jsonb_array_elements(in_lines) WITH ORDINALITY e(v, n)
    CROSS JOIN LATERAL wms_resolve_item(e.v->>'sku', NULL) r
    JOIN sku k ON k.id = r.out_sku_id
   ORDER BY e.n;
  PERFORM ord_event_params(oid_, NULL, 'new',
    in_kind || ' for return ' || in_m.number, 'rma_replacement',
    jsonb_build_object('rma', in_m.number, 'kind', in_kind,
                       'order', in_o.external_id), in_user, in_request);
  PERFORM ord_do_allocate(oid_, in_user, in_request);
  RETURN oid_;
END $$;

-- POST /returns/{id}/exchange and /reship: in_kind 'exchange' (in_req
-- {lines: [{sku, qty}]}) or 'reship' (in_req {}: the RMA's lines). One
-- replacement per RMA (rma_has_replacement); not for a rejected RMA.
-- Idempotent by in_key; a racing replay waits on the key's lock and
-- answers the first answer.
CREATE OR REPLACE FUNCTION rma_replace(in_rma bigint, in_kind text,
  in_req jsonb, in_key text, in_user bigint, in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m rma%ROWTYPE;
  o sales_order%ROWTYPE;
  lines jsonb;
  chk record;
  oid_ bigint;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'rma_' || in_kind, in_rma, in_req);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO m FROM rma WHERE id = in_rma FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF m.state = 'rejected' THEN
    out_error := 'rma_state'; out_detail := m.state;
    RETURN;
  END IF;
  IF m.exchange_order_id IS NOT NULL THEN
    out_error := 'rma_has_replacement';
    out_detail := (SELECT external_id FROM sales_order
                    WHERE id = m.exchange_order_id);
    RETURN;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = m.order_id;
  IF NOT FOUND THEN
    out_error := 'order_not_shipped'; out_field := 'order';
    RETURN;
  END IF;
  lines := rma_replace_lines(m, in_kind, in_req);
  chk := rma_replace_check(lines);
  IF chk.out_error IS NOT NULL THEN
    out_error := chk.out_error; out_field := chk.out_field;
    out_detail := chk.out_detail;
    RETURN;
  END IF;
  oid_ := rma_replace_order(m, o, in_kind, lines, in_user, in_request);
  UPDATE rma SET exchange_order_id = oid_, exchange_kind = in_kind,
         resolution = in_kind, updated_at = now()
   WHERE id = m.id;
  PERFORM rma_event_add(m.id, m.state, m.state, in_kind,
    jsonb_build_object('order', (SELECT external_id FROM sales_order
                                  WHERE id = oid_),
                       'order_id', oid_,
                       'units', (SELECT sum((v->>'qty')::bigint)
                                   FROM jsonb_array_elements(lines) v)),
    in_user, in_request);
  out_doc := rma_doc(m.id);
  PERFORM idem_record(in_key, 'rma_' || in_kind, in_rma, in_req, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;
