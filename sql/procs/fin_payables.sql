-- Supplier bills (issue 22, item 5): entry with the three-way match,
-- approval, payments, the list and the reads of the payables reports.
-- Text contract (core/core_proc.h): out_error names a code of
-- core/core_ec.def. Tables: sql/migrations/0260-supplier-bills.sql.
--
-- Postings, in company currency (fin_currency), balanced per entry:
--   approval  Dr 2202  receipt value of the billed units received (the
--                      accrual the receipts credited, at the PO cost)
--             Dr 1404  the rest of goods and freight (price variance and
--                      freight, 材料成本差异: stock stays at its moving
--                      average, so 1405 keeps equal to the valuation and
--                      6401 to the cost of the units shipped)
--             Dr 2221  input VAT (tax)
--             Cr 2202  the bill's total
--   payment   Dr 2202  the amount at the bill's rate
--             Cr 1002  the amount at the payment day's rate
--             Dr/Cr 6603 the exchange difference between the two

-- The bill in_id as the API shows it: its lines with the match
-- differences, its payments and the open balance.
CREATE OR REPLACE FUNCTION fin_bill_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'id', b.id, 'supplier', s.code, 'supplier_name', s.name,
    'number', b.number, 'date', b.day, 'due_date', b.due_date,
    'currency', b.currency, 'goods', b.goods, 'freight', b.freight,
    'tax', b.tax, 'total', b.total, 'paid', b.paid,
    'balance', b.total - b.paid, 'status', b.status,
    'mismatched', EXISTS (SELECT 1 FROM supplier_bill_line l
                           WHERE l.bill_id = b.id AND l.differences <> '[]'),
    'override_reason', b.override_reason,
    'voucher_no', b.entry_id, 'approved_at', b.approved_at,
    'created_at', b.created_at,
    'lines', coalesce((
      SELECT jsonb_agg(jsonb_build_object(
               'line_no', l.line_no, 'purchase_order', o.number,
               'sku', k.code, 'qty', l.qty, 'unit_cost', l.unit_cost,
               'po_unit_cost', l.po_unit_cost,
               'received_open', l.received_open,
               'matched_qty', l.matched_qty,
               'amount', round(l.qty * l.unit_cost, 2),
               'differences', l.differences) ORDER BY l.line_no)
        FROM supplier_bill_line l JOIN po_line p ON p.id = l.po_line_id
        JOIN purchase_order o ON o.id = p.po_id JOIN sku k ON k.id = l.sku_id
       WHERE l.bill_id = b.id), '[]'::jsonb),
    'payments', coalesce((
      SELECT jsonb_agg(jsonb_build_object(
               'id', p.id, 'date', p.day, 'amount', p.amount,
               'method', p.method, 'reference', p.reference,
               'voucher_no', p.entry_id) ORDER BY p.id)
        FROM supplier_bill_payment p WHERE p.bill_id = b.id), '[]'::jsonb))
    FROM supplier_bill b JOIN supplier s ON s.id = b.supplier_id
   WHERE b.id = in_id
$f$;

-- The three-way match of line in_line (index in_idx) of a bill of
-- supplier in_supplier in currency in_currency: the PO line it names,
-- the units received and not billed yet, and the differences outside the
-- tolerances. out_error: not_found (no such PO), bill_po_supplier,
-- sku_not_on_po.
CREATE OR REPLACE FUNCTION fin_bill_match(in_line jsonb, in_idx integer,
  in_supplier bigint, in_currency text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_po_line bigint,
  OUT out_sku bigint, OUT out_po_cost numeric, OUT out_open bigint,
  OUT out_matched bigint, OUT out_diff jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  f text := 'lines[' || in_idx || '].';
  po purchase_order%ROWTYPE;
  st fin_setting%ROWTYPE;
  q bigint := (in_line->>'qty')::bigint;
  c numeric := (in_line->>'unit_cost')::numeric;
  pct numeric;
BEGIN
  SELECT * INTO po FROM purchase_order WHERE number = in_line->>'purchase_order';
  IF NOT FOUND THEN
    out_error := 'not_found'; out_field := f || 'purchase_order';
    out_detail := 'no purchase order ' || (in_line->>'purchase_order');
    RETURN;
  END IF;
  IF po.supplier_id <> in_supplier THEN
    out_error := 'bill_po_supplier'; out_field := f || 'purchase_order';
    out_detail := po.number || ' is another supplier''s';
    RETURN;
  END IF;
  -- The PO line is locked first: two bills of one line count each other.
  SELECT p.id, p.sku_id, p.unit_cost
    INTO out_po_line, out_sku, out_po_cost
    FROM po_line p JOIN sku k ON k.id = p.sku_id
   WHERE p.po_id = po.id AND k.code = in_line->>'sku'
   ORDER BY p.line_no LIMIT 1 FOR UPDATE OF p;
  IF out_po_line IS NULL THEN
    out_error := 'sku_not_on_po'; out_field := f || 'sku';
    out_detail := (in_line->>'sku') || ' is not on ' || po.number;
    RETURN;
  END IF;
  SELECT greatest(p.received_qty - coalesce(
           (SELECT sum(x.qty) FROM supplier_bill_line x
             WHERE x.po_line_id = p.id), 0), 0)
    INTO out_open FROM po_line p WHERE p.id = out_po_line;
  out_matched := least(q, out_open);
  SELECT * INTO st FROM fin_setting;
  out_diff := '[]'::jsonb;
  pct := CASE WHEN out_po_cost = 0 THEN CASE WHEN c = 0 THEN 0 ELSE 100 END
              ELSE round((c - out_po_cost) / out_po_cost * 100, 2) END;
  IF abs(pct) > st.bill_price_tolerance_pct THEN
    out_diff := out_diff || jsonb_build_object('kind', 'price',
      'po_unit_cost', out_po_cost, 'unit_cost', c, 'diff_pct', pct,
      'amount', round((c - out_po_cost) * q, 2),
      'tolerance_pct', st.bill_price_tolerance_pct);
  END IF;
  IF q - out_open > st.bill_qty_tolerance THEN
    out_diff := out_diff || jsonb_build_object('kind', 'qty',
      'received_open', out_open, 'qty', q, 'diff', q - out_open,
      'tolerance', st.bill_qty_tolerance);
  END IF;
  IF po.currency <> in_currency THEN
    out_diff := out_diff || jsonb_build_object('kind', 'currency',
      'po_currency', po.currency, 'currency', in_currency);
  END IF;
END $$;

-- Enters bill in_req {supplier, number, date, due_date?, currency?,
-- lines: [{purchase_order, sku, qty, unit_cost}], freight?, tax?} under
-- its idempotency_key: matched, or on_hold with each line's differences.
-- Nothing posts yet: approval does. out_error: unknown_supplier,
-- bill_duplicate, out_of_range and fin_bill_match's.
CREATE OR REPLACE FUNCTION fin_bill_add(in_body jsonb, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  in_key text := in_body->>'idempotency_key';
  in_req jsonb := in_body - 'idempotency_key';
  rp record;
  s supplier%ROWTYPE;
  d date := (in_req->>'date')::date;
  due date := coalesce((in_req->>'due_date')::date, d);
  cur text;
  bid bigint;
  ln record;
  m record;
  held boolean := false;
BEGIN
  SELECT * INTO rp FROM idem_replay(in_key, 'supplier_bill', 0, in_req);
  out_replayed := rp.out_replayed;
  IF rp.out_error IS NOT NULL OR rp.out_replayed THEN
    out_error := rp.out_error; out_field := rp.out_field; out_doc := rp.out_doc;
    RETURN;
  END IF;
  SELECT * INTO s FROM supplier WHERE code = in_req->>'supplier';
  IF NOT FOUND THEN
    out_error := 'unknown_supplier'; out_field := 'supplier';
    out_detail := in_req->>'supplier';
    RETURN;
  END IF;
  -- A 3PL client's supplier bills the client (its goods are off the
  -- company's books: migration 0340), never the company's 2202.
  IF NOT fin_company_owner(s.owner_id) THEN
    out_error := 'client_supplier_bill'; out_field := 'supplier';
    out_detail := s.code || ' supplies the 3PL client '
      || (SELECT code FROM owners WHERE id = s.owner_id)
      || ': its bills are the client''s, not the company''s payables';
    RETURN;
  END IF;
  IF due < d THEN
    out_error := 'out_of_range'; out_field := 'due_date';
    out_detail := 'the due date ' || due || ' is before the bill date ' || d;
    RETURN;
  END IF;
  cur := coalesce(in_req->>'currency', s.currency);
  INSERT INTO supplier_bill (supplier_id, number, day, due_date, currency,
    goods, freight, tax, total, status, created_by)
  VALUES (s.id, in_req->>'number', d, due, cur, 0,
          coalesce((in_req->>'freight')::numeric, 0),
          coalesce((in_req->>'tax')::numeric, 0), 0, 'matched', in_user)
  ON CONFLICT (supplier_id, number) DO NOTHING
  RETURNING id INTO bid;
  IF bid IS NULL THEN
    out_error := 'bill_duplicate'; out_field := 'number';
    out_detail := s.code || ' bill ' || (in_req->>'number') || ' is bill '
      || (SELECT id FROM supplier_bill WHERE supplier_id = s.id
             AND number = in_req->>'number');
    RETURN;
  END IF;
  FOR ln IN SELECT value AS v, ordinality::integer - 1 AS i
              FROM jsonb_array_elements(in_req->'lines') WITH ORDINALITY
  LOOP
    SELECT * INTO m FROM fin_bill_match(ln.v, ln.i, s.id, cur);
    IF m.out_error IS NOT NULL THEN
      out_error := m.out_error; out_field := m.out_field;
      out_detail := m.out_detail;
      RETURN;
    END IF;
    INSERT INTO supplier_bill_line (bill_id, line_no, po_line_id, sku_id, qty,
      unit_cost, po_unit_cost, received_open, matched_qty, differences)
    VALUES (bid, ln.i + 1, m.out_po_line, m.out_sku, (ln.v->>'qty')::bigint,
            (ln.v->>'unit_cost')::numeric, m.out_po_cost, m.out_open,
            m.out_matched, m.out_diff);
    held := held OR m.out_diff <> '[]'::jsonb;
  END LOOP;
  UPDATE supplier_bill b
     SET goods = g.v, total = g.v + b.freight + b.tax,
         status = CASE WHEN held THEN 'on_hold' ELSE 'matched' END
    FROM (SELECT coalesce(sum(round(qty * unit_cost, 2)), 0) AS v
            FROM supplier_bill_line WHERE bill_id = bid) g
   WHERE b.id = bid;
  out_doc := fin_bill_doc(bid);
  PERFORM idem_record(in_key, 'supplier_bill', 0, in_req, out_doc);
END $$;

-- The day a posting of in_day lands on: in_day, or today when its month
-- is closed (corrections post to the open period).
CREATE OR REPLACE FUNCTION fin_open_day(in_day date) RETURNS date
LANGUAGE sql STABLE AS $f$
  SELECT CASE WHEN EXISTS (SELECT 1 FROM fin_period
                            WHERE month = date_trunc('month', in_day)::date)
              THEN current_date ELSE in_day END
$f$;

-- Approves bill in_id (in_req {override?, reason?}) and posts it. A held
-- bill needs override true and a reason, kept on the bill. Approving an
-- approved bill answers it again. out_error: not_found, bill_on_hold,
-- missing_field, rate_missing.
CREATE OR REPLACE FUNCTION fin_bill_approve(in_id bigint, in_req jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  b supplier_bill%ROWTYPE;
  d date;
  r record;
  e bigint;
  comp text := fin_currency();
  accrual numeric;
  total_c numeric;
BEGIN
  out_replayed := false;
  SELECT * INTO b FROM supplier_bill WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no supplier bill ' || in_id;
    RETURN;
  END IF;
  IF b.status IN ('approved', 'paid') THEN
    out_replayed := true; out_doc := fin_bill_doc(in_id);
    RETURN;
  END IF;
  IF b.status = 'on_hold' AND NOT coalesce((in_req->>'override')::boolean,
                                           false) THEN
    out_error := 'bill_on_hold'; out_field := 'override';
    out_detail := 'bill ' || b.number || ' does not match its PO and '
      || 'receipts: send override true with a reason';
    out_doc := fin_bill_doc(in_id);
    RETURN;
  END IF;
  IF b.status = 'on_hold' AND coalesce(btrim(in_req->>'reason'), '') = '' THEN
    out_error := 'missing_field'; out_field := 'reason';
    out_detail := 'approving a held bill needs a reason';
    RETURN;
  END IF;
  d := fin_open_day(b.day);
  SELECT * INTO r FROM fin_rate_at(b.currency, d);
  IF r.out_missing THEN
    out_error := 'rate_missing'; out_field := 'currency';
    out_detail := 'no rate of ' || b.currency || ' on or before ' || d;
    RETURN;
  END IF;
  SELECT coalesce(round(sum(matched_qty * po_unit_cost), 2), 0) INTO accrual
    FROM supplier_bill_line WHERE bill_id = in_id;
  total_c := round(b.goods * r.out_rate, 2) + round(b.freight * r.out_rate, 2)
             + round(b.tax * r.out_rate, 2);
  INSERT INTO fin_entry (day, summary, source_kind, source_id, currency, rate,
    user_id)
  VALUES (d, 'bill ' || (SELECT code FROM supplier WHERE id = b.supplier_id)
             || ' ' || b.number, 'bill', b.id, b.currency, r.out_rate, in_user)
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount)
  SELECT e, d, l.acct, greatest(l.c, 0), greatest(-l.c, 0), l.cur, l.a
    FROM (VALUES
      ('2202', accrual, comp, accrual),
      ('1404', total_c - round(b.tax * r.out_rate, 2) - accrual, comp,
               total_c - round(b.tax * r.out_rate, 2) - accrual),
      ('2221', round(b.tax * r.out_rate, 2), b.currency, b.tax),
      ('2202', -total_c, b.currency, -b.total)) AS l (acct, c, cur, a)
   WHERE l.c <> 0 OR l.a <> 0;
  UPDATE supplier_bill
     SET status = CASE WHEN total = 0 THEN 'paid' ELSE 'approved' END,
         entry_id = e, approved_by = in_user, approved_at = now(),
         override_reason = CASE WHEN b.status = 'on_hold'
                                THEN btrim(in_req->>'reason') END
   WHERE id = in_id;
  out_doc := fin_bill_doc(in_id);
END $$;

-- Pays in_body {amount, date?, method?, reference?, idempotency_key?} of
-- approved bill in_id: partial payments add up to the total at most.
-- out_error: not_found, bill_not_approved, bill_overpaid, period_closed,
-- rate_missing.
CREATE OR REPLACE FUNCTION fin_bill_pay(in_id bigint, in_body jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  in_key text := in_body->>'idempotency_key';
  in_req jsonb := in_body - 'idempotency_key';
  rp record;
  b supplier_bill%ROWTYPE;
  d date := coalesce((in_req->>'date')::date, current_date);
  amt numeric := (in_req->>'amount')::numeric;
  r record;
  bill_rate numeric;
  e bigint;
  at_bill numeric;
  at_pay numeric;
  pid bigint;
BEGIN
  SELECT * INTO rp FROM idem_replay(in_key, 'bill_payment', in_id, in_req);
  out_replayed := rp.out_replayed;
  IF rp.out_error IS NOT NULL OR rp.out_replayed THEN
    out_error := rp.out_error; out_field := rp.out_field; out_doc := rp.out_doc;
    RETURN;
  END IF;
  SELECT * INTO b FROM supplier_bill WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no supplier bill ' || in_id;
    RETURN;
  END IF;
  IF b.status NOT IN ('approved', 'paid') THEN
    out_error := 'bill_not_approved'; out_field := 'amount';
    out_detail := 'bill ' || b.number || ' is ' || b.status;
    RETURN;
  END IF;
  IF amt <= 0 THEN
    out_error := 'out_of_range'; out_field := 'amount';
    out_detail := 'a payment is more than 0';
    RETURN;
  END IF;
  IF amt > b.total - b.paid THEN
    out_error := 'bill_overpaid'; out_field := 'amount';
    out_detail := 'the open balance of bill ' || b.number || ' is '
      || (b.total - b.paid) || ' ' || b.currency || ', not ' || amt;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM fin_period
              WHERE month = date_trunc('month', d)::date) THEN
    out_error := 'period_closed'; out_field := 'date';
    out_detail := to_char(d, 'YYYY-MM') || ' is closed: post to an open month';
    RETURN;
  END IF;
  SELECT * INTO r FROM fin_rate_at(b.currency, d);
  IF r.out_missing THEN
    out_error := 'rate_missing'; out_field := 'currency';
    out_detail := 'no rate of ' || b.currency || ' on or before ' || d;
    RETURN;
  END IF;
  SELECT rate INTO bill_rate FROM fin_entry WHERE id = b.entry_id;
  at_bill := round(amt * coalesce(bill_rate, 1), 2);
  at_pay := round(amt * r.out_rate, 2);
  INSERT INTO fin_entry (day, summary, source_kind, source_id, currency, rate,
    user_id)
  VALUES (d, 'payment ' || (SELECT code FROM supplier WHERE id = b.supplier_id)
             || ' ' || b.number, 'bill_payment', NULL, b.currency, r.out_rate,
          in_user)
  RETURNING id INTO e;
  INSERT INTO supplier_bill_payment (bill_id, day, amount, method, reference,
    entry_id, created_by)
  VALUES (in_id, d, amt, coalesce(in_req->>'method', 'bank_transfer'),
          coalesce(in_req->>'reference', ''), e, in_user)
  RETURNING id INTO pid;
  UPDATE fin_entry SET source_id = pid WHERE id = e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount)
  SELECT e, d, l.acct, greatest(l.c, 0), greatest(-l.c, 0), b.currency, l.a
    FROM (VALUES ('2202', at_bill, amt), ('1002', -at_pay, -amt),
                 ('6603', at_pay - at_bill, 0)) AS l (acct, c, a)
   WHERE l.c <> 0 OR l.acct <> '6603';
  UPDATE supplier_bill
     SET paid = paid + amt,
         status = CASE WHEN paid + amt = total THEN 'paid' ELSE 'approved' END
   WHERE id = in_id;
  out_doc := fin_bill_doc(in_id);
  PERFORM idem_record(in_key, 'bill_payment', in_id, in_req, out_doc);
END $$;

-- Bills newest first, keyset-paged by id (in_before 0: from the newest),
-- at most in_limit, filtered by status, supplier code and due before a
-- day (exclusive; the open ones only), as a JSON array.
CREATE OR REPLACE FUNCTION fin_bill_list(in_status text, in_supplier text,
  in_due_before date, in_before bigint, in_limit integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(x.doc ORDER BY x.id DESC), '[]'::jsonb)
    FROM (SELECT b.id, jsonb_build_object(
                   'id', b.id, 'supplier', s.code, 'supplier_name', s.name,
                   'number', b.number, 'date', b.day,
                   'due_date', b.due_date, 'currency', b.currency,
                   'total', b.total, 'paid', b.paid,
                   'balance', b.total - b.paid, 'status', b.status,
                   'override_reason', b.override_reason) AS doc
            FROM supplier_bill b JOIN supplier s ON s.id = b.supplier_id
           WHERE (in_status IS NULL OR b.status = in_status)
             AND (in_supplier IS NULL OR s.code = in_supplier)
             AND (in_due_before IS NULL OR (b.due_date < in_due_before
                                            AND b.status <> 'paid'))
             AND (in_before = 0 OR b.id < in_before)
           ORDER BY b.id DESC LIMIT in_limit) x
$f$;

-- Payables aging at in_f.at (default today): what approved bills dated
-- up to then still owe after the payments made by then, per supplier and
-- currency, in buckets of days since the bill date.
CREATE OR REPLACE FUNCTION fin_payables_aging(in_f jsonb)
RETURNS TABLE (supplier text, supplier_name text, currency text,
  d0_30 numeric, d31_60 numeric, d61_90 numeric, d90_plus numeric,
  total numeric, overdue numeric, bills bigint)
LANGUAGE sql STABLE AS $f$
  WITH at AS (SELECT coalesce((in_f->>'at')::date, current_date) AS d),
  o AS (
    SELECT b.supplier_id, b.currency, at.d - b.day AS age,
           at.d > b.due_date AS late,
           b.total - coalesce((SELECT sum(p.amount) FROM supplier_bill_payment p
                                WHERE p.bill_id = b.id AND p.day <= at.d), 0)
             AS open
      FROM supplier_bill b CROSS JOIN at
     WHERE b.status IN ('approved', 'paid') AND b.day <= at.d)
  SELECT s.code, s.name, o.currency,
         coalesce(sum(o.open) FILTER (WHERE o.age <= 30), 0),
         coalesce(sum(o.open) FILTER (WHERE o.age BETWEEN 31 AND 60), 0),
         coalesce(sum(o.open) FILTER (WHERE o.age BETWEEN 61 AND 90), 0),
         coalesce(sum(o.open) FILTER (WHERE o.age > 90), 0),
         sum(o.open), coalesce(sum(o.open) FILTER (WHERE o.late), 0),
         count(*)
    FROM o JOIN supplier s ON s.id = o.supplier_id
   WHERE o.open <> 0
     AND (in_f->>'supplier' IS NULL OR s.code = in_f->>'supplier')
   GROUP BY s.code, s.name, o.currency
   ORDER BY s.code, o.currency
$f$;

-- The statement of supplier in_f.supplier from in_f.from to in_f.to
-- (default: the current month): per currency an opening balance, each
-- approved bill (credit) and payment (debit) with the running balance
-- owed, in date order.
CREATE OR REPLACE FUNCTION fin_supplier_statement(in_f jsonb)
RETURNS TABLE (date date, currency text, kind text, reference text,
  due_date date, debit numeric, credit numeric, balance numeric)
LANGUAGE sql STABLE AS $f$
  WITH p AS (
    SELECT coalesce((in_f->>'from')::date,
                    date_trunc('month', current_date)::date) AS f,
           coalesce((in_f->>'to')::date, current_date) AS t,
           (SELECT id FROM supplier WHERE code = in_f->>'supplier') AS sid),
  ev AS (
    SELECT b.day, b.currency, 'bill' AS kind, b.number AS ref, b.due_date,
           0::numeric AS dr, b.total AS cr, b.id * 2 AS k
      FROM supplier_bill b, p
     WHERE b.supplier_id = p.sid AND b.status IN ('approved', 'paid')
    UNION ALL
    SELECT y.day, b.currency, 'payment', b.number || coalesce(
             nullif(' ' || y.reference, ' '), ''), NULL, y.amount, 0,
           y.id * 2 + 1
      FROM supplier_bill_payment y JOIN supplier_bill b ON b.id = y.bill_id, p
     WHERE b.supplier_id = p.sid),
  opening AS (
    SELECT ev.currency, sum(ev.cr - ev.dr) AS v
      FROM ev, p WHERE ev.day < p.f GROUP BY ev.currency),
  st AS (
    SELECT p.f AS day, o.currency, 'opening' AS kind, '' AS ref,
           NULL::date AS due_date, 0::numeric AS dr, 0::numeric AS cr,
           o.v AS start, 0 AS ord, 0::bigint AS k
      FROM opening o, p
    UNION ALL
    SELECT ev.day, ev.currency, ev.kind, ev.ref, ev.due_date, ev.dr, ev.cr,
           0, 1, ev.k
      FROM ev, p WHERE ev.day BETWEEN p.f AND p.t)
  SELECT r.day, r.currency, r.kind, r.ref, r.due_date, r.dr, r.cr,
         sum(r.start + r.cr - r.dr) OVER (PARTITION BY r.currency
           ORDER BY r.ord, r.day, r.k)
    FROM st r
   ORDER BY r.currency, r.ord, r.day, r.k
$f$;

-- Sets the three-way match tolerances: in_req {bill_price_tolerance_pct?,
-- bill_qty_tolerance?}; answers both.
CREATE OR REPLACE FUNCTION fin_bill_settings_put(in_req jsonb, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  IF (in_req->>'bill_price_tolerance_pct')::numeric > 100 THEN
    out_error := 'out_of_range'; out_field := 'bill_price_tolerance_pct';
    out_detail := 'a tolerance is 0 to 100 percent';
    RETURN;
  END IF;
  UPDATE fin_setting
     SET bill_price_tolerance_pct = coalesce(
           (in_req->>'bill_price_tolerance_pct')::numeric,
           bill_price_tolerance_pct),
         bill_qty_tolerance = coalesce((in_req->>'bill_qty_tolerance')::bigint,
                                       bill_qty_tolerance);
  SELECT jsonb_build_object('bill_price_tolerance_pct',
           bill_price_tolerance_pct, 'bill_qty_tolerance', bill_qty_tolerance)
    INTO out_doc FROM fin_setting;
END $$;
