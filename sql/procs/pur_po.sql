-- Suppliers and purchase orders. Writes follow the floor convention of
-- wms_fulfil_common.sql: (out_error, out_field, out_detail, out_doc,
-- out_replayed), a named error meaning a refusal that the caller rolls back.

CREATE OR REPLACE FUNCTION pur_supplier_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('code', s.code, 'name', s.name,
    'contact_name', s.contact_name, 'email', s.email, 'phone', s.phone,
    'currency', s.currency, 'payment_terms', s.payment_terms,
    'lead_time_days', s.lead_time_days, 'active', s.active,
    'owner', (SELECT o.code FROM owners o WHERE o.id = s.owner_id),
    'skus', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', k.code,
               'supplier_code', x.supplier_code, 'cost', x.cost::text,
               'moq', x.moq, 'pack_size', x.pack_size) ORDER BY k.code), '[]')
               FROM supplier_sku x JOIN sku k ON k.id = x.sku_id
              WHERE x.supplier_id = s.id))
    FROM supplier s WHERE s.id = in_id
$f$;

-- Creates or updates supplier in_doc->>'code' with its SKUs (each given
-- SKU is upserted; others stay).
CREATE OR REPLACE FUNCTION pur_supplier_put(in_doc jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  sid bigint;
  e record;
  v_sku bigint;
BEGIN
  out_replayed := EXISTS (SELECT 1 FROM supplier WHERE code = in_doc->>'code');
  -- Stock owners (issue 23): "owner" names the owner it delivers for; an
  -- update without it keeps the one it has.
  INSERT INTO supplier (code, name, contact_name, email, phone, currency,
    payment_terms, lead_time_days, active, owner_id)
  VALUES (in_doc->>'code', in_doc->>'name',
    coalesce(in_doc->>'contact_name', ''), coalesce(in_doc->>'email', ''),
    coalesce(in_doc->>'phone', ''), coalesce(in_doc->>'currency', 'CNY'),
    coalesce(in_doc->>'payment_terms', ''),
    coalesce((in_doc->>'lead_time_days')::int, 7),
    coalesce((in_doc->>'active')::boolean, true),
    coalesce(owner_id_of(in_doc->>'owner'), 1))
  ON CONFLICT (code) DO UPDATE SET name = excluded.name,
    owner_id = CASE WHEN in_doc ? 'owner' THEN excluded.owner_id
                    ELSE supplier.owner_id END,
    contact_name = excluded.contact_name, email = excluded.email,
    phone = excluded.phone, currency = excluded.currency,
    payment_terms = excluded.payment_terms,
    lead_time_days = excluded.lead_time_days, active = excluded.active
  RETURNING id INTO sid;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(coalesce(in_doc->'skus', '[]'))
                  WITH ORDINALITY
  LOOP
    SELECT id INTO v_sku FROM sku WHERE code = e.v->>'sku';
    IF v_sku IS NULL THEN
      out_error := 'unknown_sku';
      out_field := 'skus[' || e.i || '].sku';
      RETURN;
    END IF;
    INSERT INTO supplier_sku (supplier_id, sku_id, supplier_code, cost, moq,
      pack_size)
    VALUES (sid, v_sku, coalesce(e.v->>'supplier_code', ''),
      (e.v->>'cost')::numeric, coalesce((e.v->>'moq')::bigint, 1),
      coalesce((e.v->>'pack_size')::bigint, 1))
    ON CONFLICT (supplier_id, sku_id) DO UPDATE SET
      supplier_code = excluded.supplier_code, cost = excluded.cost,
      moq = excluded.moq, pack_size = excluded.pack_size;
  END LOOP;
  out_doc := pur_supplier_doc(sid);
END $$;

DROP FUNCTION IF EXISTS pur_supplier_list(text);
-- Suppliers whose code or name contains in_q, of owner in_owner (a code;
-- NULL: every owner's).
CREATE OR REPLACE FUNCTION pur_supplier_list(in_q text, in_owner text)
RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(pur_supplier_doc(s.id) ORDER BY s.code), '[]')
    FROM supplier s
   -- The text as typed: strpos, not LIKE, so % and _ are no wildcards.
   WHERE (in_q IS NULL OR strpos(lower(s.code), lower(in_q)) > 0
          OR strpos(lower(s.name), lower(in_q)) > 0)
     AND (in_owner IS NULL OR s.owner_id = owner_id_of(in_owner))
$f$;

CREATE OR REPLACE FUNCTION pur_po_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', po.id, 'number', po.number,
    'supplier', s.code, 'supplier_name', s.name, 'warehouse', w.code,
    'state', po.state, 'currency', po.currency, 'note', po.note,
    'total', (SELECT coalesce(sum(l.qty * l.unit_cost), 0)::numeric(14, 2)::text
                FROM po_line l WHERE l.po_id = po.id),
    'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object('line', l.line_no,
                'sku', k.code, 'name', k.name, 'qty', l.qty,
                'unit_cost', l.unit_cost::text,
                'expected_date', l.expected_date,
                'received', l.received_qty, 'damaged', l.damaged_qty,
                'open', greatest(l.qty - l.received_qty - l.damaged_qty, 0))
                ORDER BY l.line_no), '[]')
                FROM po_line l JOIN sku k ON k.id = l.sku_id
               WHERE l.po_id = po.id),
    'created_at', po.created_at, 'submitted_at', po.submitted_at,
    'approved_at', po.approved_at, 'sent_at', po.sent_at,
    'closed_at', po.closed_at,
    'created_by', (SELECT username FROM app_user WHERE id = po.created_by),
    'submitted_by', (SELECT username FROM app_user WHERE id = po.submitted_by),
    'approved_by', (SELECT username FROM app_user WHERE id = po.approved_by))
    FROM purchase_order po JOIN supplier s ON s.id = po.supplier_id
    JOIN warehouse w ON w.id = po.warehouse_id
   WHERE po.id = in_id
$f$;

-- Drafts a PO: supplier, warehouse, lines [{sku, qty, unit_cost,
-- expected_date}]; a missing cost comes from the supplier's SKU list, a
-- missing date from its lead time.
CREATE OR REPLACE FUNCTION pur_po_create(in_doc jsonb, in_user bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s supplier%ROWTYPE;
  wh bigint;
  poid bigint;
  e record;
  v_sku bigint;
  v_cost numeric;
BEGIN
  out_replayed := false;
  SELECT * INTO s FROM supplier WHERE code = in_doc->>'supplier' AND active;
  IF NOT FOUND THEN
    out_error := 'unknown_supplier';
    out_field := 'supplier';
    RETURN;
  END IF;
  SELECT id INTO wh FROM warehouse WHERE code = in_doc->>'warehouse';
  IF wh IS NULL THEN
    out_error := 'unknown_warehouse';
    out_field := 'warehouse';
    RETURN;
  END IF;
  INSERT INTO purchase_order (number, supplier_id, warehouse_id, currency,
    note, created_by)
  VALUES ('PO' || to_char(now(), 'YYYYMMDD') || '-' ||
          lpad(nextval('purchase_order_number')::text, 5, '0'),
    s.id, wh, coalesce(in_doc->>'currency', s.currency),
    coalesce(in_doc->>'note', ''), in_user)
  RETURNING id INTO poid;
  FOR e IN SELECT value AS v, ordinality AS n
             FROM jsonb_array_elements(in_doc->'lines') WITH ORDINALITY
  LOOP
    SELECT id INTO v_sku FROM sku WHERE code = e.v->>'sku';
    IF v_sku IS NULL THEN
      out_error := 'unknown_sku';
      out_field := 'lines[' || (e.n - 1) || '].sku';
      RETURN;
    END IF;
    v_cost := coalesce((e.v->>'unit_cost')::numeric,
      (SELECT cost FROM supplier_sku WHERE supplier_id = s.id
          AND sku_id = v_sku));
    IF v_cost IS NULL THEN
      out_error := 'missing_field';
      out_field := 'lines[' || (e.n - 1) || '].unit_cost';
      out_detail := 'the supplier lists no cost for ' || (e.v->>'sku');
      RETURN;
    END IF;
    INSERT INTO po_line (po_id, line_no, sku_id, qty, unit_cost,
      expected_date)
    VALUES (poid, e.n, v_sku, (e.v->>'qty')::bigint, v_cost,
      coalesce((e.v->>'expected_date')::date,
               current_date + s.lead_time_days));
  END LOOP;
  out_doc := pur_po_doc(poid);
END $$;

-- The purchase orders of supplier in_supplier (code, NULL: all) in state
-- in_state, newest first, older than id in_before. in_only: a supplier
-- key's supplier id, which sees nothing else.
DROP FUNCTION IF EXISTS pur_po_list(text, text, bigint, bigint, integer);
-- in_warehouses: the codes a warehouse-limited caller may see
-- (comma-separated), NULL for all. in_owner: a 3PL client's owner id,
-- which sees its own POs only (pur_po_owner).
DROP FUNCTION IF EXISTS pur_po_list(text, text, bigint, bigint, integer,
  text);
CREATE OR REPLACE FUNCTION pur_po_list(in_supplier text, in_state text,
  in_only bigint, in_before bigint, in_limit integer, in_warehouses text,
  in_owner bigint)
  RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(pur_po_doc(x.id) ORDER BY x.id DESC), '[]')
    FROM (SELECT po.id FROM purchase_order po
            JOIN supplier s ON s.id = po.supplier_id
            JOIN warehouse w ON w.id = po.warehouse_id
           WHERE (in_supplier IS NULL OR s.code = in_supplier)
             AND (in_warehouses IS NULL
                  OR w.code = ANY (string_to_array(in_warehouses, ',')))
             AND (in_state IS NULL OR po.state = in_state)
             AND (in_only IS NULL OR po.supplier_id = in_only)
             AND (in_before IS NULL OR po.id < in_before)
             AND (in_owner IS NULL OR pur_po_owner(po.id) = in_owner)
           ORDER BY po.id DESC LIMIT in_limit) x
$f$;

-- One PO for a reader; a supplier key (in_only) asking for another
-- supplier's PO gets not_found, as if it did not exist.
CREATE OR REPLACE FUNCTION pur_po_get(in_id bigint, in_only bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  IF NOT EXISTS (SELECT 1 FROM purchase_order WHERE id = in_id
                    AND (in_only IS NULL OR supplier_id = in_only)) THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  out_doc := pur_po_doc(in_id);
END $$;

-- Moves PO in_id by in_action: submit, approve, send, cancel, close.
-- Approving needs in_admin when the PO is worth more than the setting, and
-- separation of duties: the user who created or submitted the PO may not
-- approve it (an admin may).
CREATE OR REPLACE FUNCTION pur_po_transition(in_id bigint, in_action text,
  in_user bigint, in_admin boolean, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  po purchase_order%ROWTYPE;
  allowed text[];
  next_state text;
  total numeric;
  limit_amount numeric;
BEGIN
  out_replayed := false;
  SELECT * INTO po FROM purchase_order WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  allowed := CASE in_action
    WHEN 'submit' THEN ARRAY['draft']
    WHEN 'approve' THEN ARRAY['submitted']
    WHEN 'send' THEN ARRAY['approved']
    WHEN 'cancel' THEN ARRAY['draft', 'submitted', 'approved', 'sent']
    WHEN 'close' THEN ARRAY['sent', 'partially_received', 'received'] END;
  next_state := CASE in_action WHEN 'submit' THEN 'submitted'
    WHEN 'approve' THEN 'approved' WHEN 'send' THEN 'sent'
    WHEN 'cancel' THEN 'cancelled' ELSE 'closed' END;
  IF po.state = next_state THEN
    out_doc := pur_po_doc(in_id);
    out_replayed := true;
    RETURN;
  END IF;
  IF NOT po.state = ANY (allowed) THEN
    out_error := 'po_state';
    out_detail := 'purchase order ' || po.number || ' is ' || po.state ||
                  ': ' || in_action || ' needs ' || array_to_string(allowed, ' or ');
    RETURN;
  END IF;
  IF in_action = 'approve' AND NOT in_admin AND in_user IS NOT NULL
     AND (in_user = po.created_by OR in_user = po.submitted_by) THEN
    out_error := 'approver_is_requester';
    out_detail := 'purchase order ' || po.number || ' was ' ||
      CASE WHEN in_user = po.created_by THEN 'created' ELSE 'submitted' END ||
      ' by the same user: another approver is needed';
    RETURN;
  END IF;
  IF in_action = 'approve' THEN
    SELECT sum(qty * unit_cost) INTO total FROM po_line WHERE po_id = in_id;
    SELECT admin_approval_above INTO limit_amount FROM purchasing_setting;
    IF limit_amount IS NOT NULL AND total > limit_amount AND NOT in_admin THEN
      out_error := 'approval_limit';
      out_detail := 'worth ' || round(total, 2) || ', above the ' ||
                    limit_amount || ' that needs an admin';
      RETURN;
    END IF;
  END IF;
  IF in_action = 'close' THEN
    INSERT INTO po_discrepancy (po_id, po_line_id, kind, qty, note)
    SELECT in_id, l.id, 'shortage', l.qty - l.received_qty - l.damaged_qty,
           'missing when the PO closed'
      FROM po_line l WHERE l.po_id = in_id
       AND l.qty > l.received_qty + l.damaged_qty;
  END IF;
  UPDATE purchase_order SET state = next_state,
    submitted_at = CASE WHEN in_action = 'submit' THEN now() ELSE submitted_at END,
    submitted_by = CASE WHEN in_action = 'submit' THEN in_user ELSE submitted_by END,
    approved_at = CASE WHEN in_action = 'approve' THEN now() ELSE approved_at END,
    approved_by = CASE WHEN in_action = 'approve' THEN in_user ELSE approved_by END,
    sent_at = CASE WHEN in_action = 'send' THEN now() ELSE sent_at END,
    closed_at = CASE WHEN in_action IN ('close', 'cancel') THEN now()
                     ELSE closed_at END
   WHERE id = in_id;
  out_doc := pur_po_doc(in_id);
END $$;

-- Units of in_sku ordered for warehouse in_wh on approved POs and not yet
-- received: the purchasing part of in_transit in stock views.
CREATE OR REPLACE FUNCTION pur_on_order(in_sku bigint, in_wh bigint)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(sum(greatest(pl.qty - pl.received_qty - pl.damaged_qty,
                               0)), 0)::bigint
    FROM po_line pl JOIN purchase_order po ON po.id = pl.po_id
   WHERE pl.sku_id = in_sku AND po.warehouse_id = in_wh
     AND po.state IN ('approved', 'sent', 'partially_received')
$f$;

-- The purchasing settings as the API shows them: amounts as text, the
-- approval limit null when any approver may approve any amount.
CREATE OR REPLACE FUNCTION pur_setting_doc() RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'admin_approval_above', admin_approval_above::text,
    'over_receipt_pct', over_receipt_pct::text)
    FROM purchasing_setting
$f$;

-- Changes the purchasing settings: in_above is the new approval limit
-- (NULL: unchanged, unless in_clear, which removes the limit); in_pct the
-- over-receipt tolerance (NULL: unchanged).
CREATE OR REPLACE FUNCTION pur_setting_put(in_above numeric, in_clear boolean,
  in_pct numeric, OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  IF in_pct IS NOT NULL AND in_pct > 100 THEN
    out_error := 'out_of_range';
    out_field := 'over_receipt_pct';
    out_detail := 'over_receipt_pct ' || in_pct || ' is above 100';
    RETURN;
  END IF;
  UPDATE purchasing_setting SET
    admin_approval_above = CASE WHEN in_clear THEN NULL
      ELSE coalesce(in_above, admin_approval_above) END,
    over_receipt_pct = coalesce(in_pct, over_receipt_pct);
  out_doc := pur_setting_doc();
END $$;
