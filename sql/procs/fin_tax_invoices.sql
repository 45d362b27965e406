-- Sales invoices and credit notes (发票 / 红字发票, issue 22 item 3). Text
-- contract (core/core_proc.h): out_error names a code of core/core_ec.def.
-- Tables: sql/migrations/0270-invoices.sql.
--
-- The tax rule, the same as the sale's posting (fin_post_sales): per line,
-- amount a = qty x unit price at rate t (fin_tax_of the SKU's category; the
-- shipping charge at the default rate). Prices with VAT (the store's
-- fin_tax_included): gross a, net round(a / (1 + t), 2), VAT gross - net.
-- Prices without: net a, VAT round(a x t, 2), gross net + VAT. round() of a
-- positive numeric is half-up to the cent. A document's totals are the sums
-- of its lines, never a rate applied to a total.
--
-- Ledger: an invoice posts nothing. The output VAT is on 2221 from the
-- moment the units ship (fin_post_sales) and leaves it when a refund is
-- paid (fin_post_refunds); posting it again at issue would count it twice.

-- Net, VAT and gross of one line of amount in_amount at rate in_rate.
CREATE OR REPLACE FUNCTION fin_tax_line(in_amount numeric, in_rate numeric,
  in_incl boolean, OUT out_net numeric, OUT out_tax numeric,
  OUT out_gross numeric)
LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE WHEN in_incl THEN round(in_amount / (1 + in_rate), 2)
              ELSE in_amount END,
         CASE WHEN in_incl THEN in_amount - round(in_amount / (1 + in_rate), 2)
              ELSE round(in_amount * in_rate, 2) END,
         CASE WHEN in_incl THEN in_amount
              ELSE in_amount + round(in_amount * in_rate, 2) END
$f$;

-- Immutability: an issued invoice or credit note and its lines never
-- change; a correction is a credit note (and, for a wrong buyer, a new
-- invoice after crediting the old one in full).
CREATE OR REPLACE FUNCTION fin_invoice_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an issued invoice or credit note cannot change'
    USING ERRCODE = 'DP400', HINT = 'invoice_immutable';
END $$;
CREATE OR REPLACE TRIGGER invoice_immutable BEFORE UPDATE OR DELETE
  ON invoice FOR EACH ROW EXECUTE FUNCTION fin_invoice_refuse_change();
CREATE OR REPLACE TRIGGER invoice_line_immutable BEFORE UPDATE OR DELETE
  ON invoice_line FOR EACH ROW EXECUTE FUNCTION fin_invoice_refuse_change();

-- Takes the next number of store in_store's in_kind series for this year.
-- The UPDATE locks the series row until commit: a concurrent issue waits
-- and then reads the number this one took, so numbers neither repeat nor
-- skip (a rolled-back issue gives its number back with the row).
CREATE OR REPLACE FUNCTION fin_invoice_number(in_store bigint, in_kind text,
  OUT out_year integer, OUT out_seq integer, OUT out_number text)
LANGUAGE plpgsql AS $$
BEGIN
  out_year := extract(year FROM current_date)::integer;
  INSERT INTO invoice_series (store_id, year, kind)
  VALUES (in_store, out_year, in_kind) ON CONFLICT DO NOTHING;
  UPDATE invoice_series SET last_no = last_no + 1
   WHERE store_id = in_store AND year = out_year AND kind = in_kind
  RETURNING last_no INTO out_seq;
  SELECT CASE in_kind WHEN 'invoice' THEN 'INV-' ELSE 'CN-' END || code
           || '-' || out_year || '-' || lpad(out_seq::text, 6, '0')
    INTO out_number FROM store WHERE id = in_store;
END $$;

-- What is left to credit of invoice in_inv, per line.
CREATE OR REPLACE FUNCTION fin_invoice_open(in_inv bigint)
RETURNS TABLE (line_no integer, sku_id bigint, sku_code text, name text,
  unit_price numeric, tax_rate numeric, qty bigint, net numeric, tax numeric,
  gross numeric)
LANGUAGE sql STABLE AS $f$
  SELECT l.line_no, l.sku_id, l.sku_code, l.name, l.unit_price, l.tax_rate,
         l.qty - coalesce(sum(c.qty), 0), l.net - coalesce(sum(c.net), 0),
         l.tax - coalesce(sum(c.tax), 0), l.gross - coalesce(sum(c.gross), 0)
    FROM invoice_line l
    LEFT JOIN (invoice_line c JOIN invoice n ON n.id = c.invoice_id
                AND n.credit_of = in_inv) ON c.of_line = l.line_no
   WHERE l.invoice_id = in_inv
   GROUP BY l.line_no, l.sku_id, l.sku_code, l.name, l.unit_price,
            l.tax_rate, l.qty, l.net, l.tax, l.gross
   ORDER BY l.line_no
$f$;

-- Writes a document of kind in_kind with lines in_lines (a JSON array of
-- {of_line?, sku_id, sku_code, name, qty, unit_price, tax_rate, net, tax,
-- gross}) and header in_h {type, buyer_title, buyer_tax_id, email, reason,
-- credit_of, refund_id, incl}: header and lines in one go, the totals the
-- sums of the lines (the rows are immutable once written). Its id.
CREATE OR REPLACE FUNCTION fin_invoice_write(in_kind text, in_o sales_order,
  in_h jsonb, in_lines jsonb, in_user bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  n record;
  inv bigint;
BEGIN
  n := fin_invoice_number(in_o.store_id, in_kind);
  INSERT INTO invoice (kind, number, store_id, order_id, year, seq, type,
    buyer_title, buyer_tax_id, email, currency, prices_include_tax, net, tax,
    gross, credit_of, refund_id, reason, issued_by)
  SELECT in_kind, n.out_number, in_o.store_id, in_o.id, n.out_year, n.out_seq,
         in_h->>'type', in_h->>'buyer_title', in_h->>'buyer_tax_id',
         in_h->>'email', in_o.currency, (in_h->>'incl')::boolean,
         sum((v->>'net')::numeric), sum((v->>'tax')::numeric),
         sum((v->>'gross')::numeric), (in_h->>'credit_of')::bigint,
         (in_h->>'refund_id')::bigint, coalesce(in_h->>'reason', ''), in_user
    FROM jsonb_array_elements(in_lines) v
  RETURNING id INTO inv;
  INSERT INTO invoice_line (invoice_id, line_no, of_line, sku_id, sku_code,
    name, qty, unit_price, net, tax_rate, tax, gross)
  SELECT inv, i::integer, (v->>'of_line')::integer, (v->>'sku_id')::bigint,
         v->>'sku_code', v->>'name', (v->>'qty')::bigint,
         (v->>'unit_price')::numeric, (v->>'net')::numeric,
         (v->>'tax_rate')::numeric, (v->>'tax')::numeric,
         (v->>'gross')::numeric
    FROM jsonb_array_elements(in_lines) WITH ORDINALITY AS x (v, i);
  RETURN inv;
END $$;

-- The invoice lines of order in_o: its priced lines (a kit's revenue sits
-- on its component lines) at what was paid (qty x unit price less the
-- line's discount; the unit price shown is that over qty) and its shipping
-- charge, at the store's inclusion in_incl. NULL when there is nothing to
-- invoice.
CREATE OR REPLACE FUNCTION fin_invoice_lines(in_o sales_order,
  in_incl boolean) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_agg(jsonb_build_object('sku_id', y.sku_id, 'sku_code',
           y.sku_code, 'name', y.name, 'qty', y.qty, 'unit_price',
           y.unit_price, 'tax_rate', y.t, 'net', x.out_net, 'tax', x.out_tax,
           'gross', x.out_gross) ORDER BY y.ord)
    FROM (SELECT l.line_no AS ord, l.sku_id,
                 coalesce(k.code, nullif(l.sku_code, ''), '-') AS sku_code,
                 coalesce(nullif(l.name, ''), k.name, '') AS name, l.qty,
                 round((l.qty * l.unit_price - l.discount) / l.qty, 2)
                   AS unit_price,
                 l.qty * l.unit_price - l.discount AS amount,
                 fin_tax_of(coalesce(k.category, '')) AS t
            FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id
           WHERE l.order_id = in_o.id AND l.kit_price IS NULL
          UNION ALL
          SELECT 2147483647, NULL, 'shipping', 'shipping', 1,
                 in_o.shipping_amount, in_o.shipping_amount,
                 (SELECT tax_rate FROM fin_setting)
           WHERE in_o.shipping_amount > 0) y
    CROSS JOIN LATERAL fin_tax_line(y.amount, y.t, in_incl) x
$f$;

-- The live invoice of order in_order (not credited in full), or NULL.
CREATE OR REPLACE FUNCTION fin_invoice_live(in_order bigint) RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT i.id FROM invoice i
   WHERE i.order_id = in_order AND i.kind = 'invoice'
     AND EXISTS (SELECT 1 FROM fin_invoice_open(i.id) o
                  WHERE o.gross > 0 OR o.qty > 0)
   ORDER BY i.id DESC LIMIT 1
$f$;

-- Issues order in_o's invoice; its id (NULL: nothing to invoice).
CREATE OR REPLACE FUNCTION fin_invoice_make(in_o sales_order, in_h jsonb,
  in_user bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  incl boolean := fin_tax_included(in_o.store_id);
  ls jsonb := fin_invoice_lines(in_o, incl);
BEGIN
  IF ls IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN fin_invoice_write('invoice', in_o,
    in_h || jsonb_build_object('incl', incl), ls, in_user);
END $$;

-- The document of invoice or credit note in_inv (NULL when none).
CREATE OR REPLACE FUNCTION fin_invoice_doc(in_inv bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', i.id, 'kind', i.kind, 'number', i.number,
    'store', s.code, 'store_name', s.name, 'order', i.order_id,
    'order_external_id', o.external_id, 'type', i.type,
    'buyer_title', i.buyer_title, 'buyer_tax_id', i.buyer_tax_id,
    'email', i.email, 'currency', i.currency,
    'prices_include_tax', i.prices_include_tax, 'state', i.state,
    'issued_at', i.issued_at, 'reason', i.reason,
    'totals', jsonb_build_object('net', i.net, 'tax', i.tax,
                                 'gross', i.gross),
    'lines', (SELECT jsonb_agg(jsonb_build_object('line', l.line_no,
                'of_line', l.of_line, 'sku', l.sku_code, 'name', l.name,
                'qty', l.qty, 'unit_price', l.unit_price, 'net', l.net,
                'tax_rate', l.tax_rate, 'tax', l.tax, 'gross', l.gross)
                ORDER BY l.line_no)
                FROM invoice_line l WHERE l.invoice_id = i.id),
    'credit_of', (SELECT jsonb_build_object('id', c.id, 'number', c.number)
                    FROM invoice c WHERE c.id = i.credit_of),
    'refund', i.refund_id,
    'credit_notes', CASE WHEN i.kind = 'invoice' THEN (
       SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'number',
                c.number, 'gross', c.gross, 'reason', c.reason,
                'issued_at', c.issued_at) ORDER BY c.id), '[]')
         FROM invoice c WHERE c.credit_of = i.id) END,
    'open', CASE WHEN i.kind = 'invoice' THEN (
       SELECT jsonb_build_object('net', sum(x.net), 'tax', sum(x.tax),
                'gross', sum(x.gross))
         FROM fin_invoice_open(i.id) x) END)
    FROM invoice i JOIN store s ON s.id = i.store_id
    JOIN sales_order o ON o.id = i.order_id
   WHERE i.id = in_inv
$f$;

-- Issues the invoice of order in_order: in_req {type, buyer_title,
-- buyer_tax_id?, email?, idempotency_key?}. One live invoice per order
-- (the order row is locked first, so two requests cannot both issue).
CREATE OR REPLACE FUNCTION fin_invoice_issue(in_order bigint, in_req jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  key text := in_req->>'idempotency_key';
  req jsonb := in_req - 'idempotency_key';
  o sales_order%ROWTYPE;
  tid text := nullif(upper(btrim(in_req->>'buyer_tax_id')), '');
  live bigint;
  inv bigint;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(key, 'invoice', in_order, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no order ' || in_order;
    RETURN;
  END IF;
  -- The seller of a 3PL client's store is the client: a 发票 in the
  -- company's name would be for a sale it never made.
  IF NOT fin_company_owner((SELECT owner_id FROM store
                             WHERE id = o.store_id)) THEN
    out_error := 'client_store_invoice';
    out_detail := 'order ' || o.external_id || ' was sold by the 3PL client '
      || (SELECT w.code FROM store st JOIN owners w ON w.id = st.owner_id
           WHERE st.id = o.store_id) || ', who invoices it';
    RETURN;
  END IF;
  IF tid IS NOT NULL
     AND tid !~ '^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$' THEN
    out_error := 'invoice_tax_id_invalid'; out_field := 'buyer_tax_id';
    out_detail := 'a taxpayer id is 15, 18 or 20 letters and digits, not '
                  || tid;
    RETURN;
  END IF;
  IF coalesce(btrim(in_req->>'buyer_title'), '') = '' THEN
    out_error := 'missing_field'; out_field := 'buyer_title';
    out_detail := 'the buyer''s name (购买方名称) is blank';
    RETURN;
  END IF;
  IF in_req->>'type' = 'special' AND tid IS NULL THEN
    out_error := 'invoice_tax_id_required'; out_field := 'buyer_tax_id';
    RETURN;
  END IF;
  IF o.state = 'cancelled' THEN
    out_error := 'invoice_order_state';
    out_detail := 'order ' || o.external_id || ' is cancelled';
    RETURN;
  END IF;
  live := fin_invoice_live(o.id);
  IF live IS NOT NULL THEN
    out_error := 'invoice_exists';
    SELECT 'order ' || o.external_id || ' has invoice ' || number
           || ': credit it in full before issuing another'
      INTO out_detail FROM invoice WHERE id = live;
    RETURN;
  END IF;
  inv := fin_invoice_make(o, jsonb_build_object('type', in_req->>'type',
           'buyer_title', btrim(in_req->>'buyer_title'), 'buyer_tax_id', tid,
           'email', in_req->>'email'), in_user);
  IF inv IS NULL THEN
    out_error := 'invoice_order_state';
    out_detail := 'order ' || o.external_id || ' has no priced line';
    RETURN;
  END IF;
  out_doc := fin_invoice_doc(inv);
  PERFORM idem_record(key, 'invoice', in_order, req, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;

-- Credit lines of invoice in_inv for request lines in_lines [{sku, qty}]:
-- per SKU (each on the invoice: fin_credit_issue checked), its open units
-- (first invoice line first); all open lines when in_lines is NULL. Returns {lines} or {error, field, detail}. A line
-- credited to its last unit takes exactly what is left of it.
CREATE OR REPLACE FUNCTION fin_credit_by_lines(in_i invoice, in_lines jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  o record;
  want bigint;
  take bigint;
  x record;
  n numeric;
  t numeric;
  g numeric;
  msg text;
  out_ jsonb := '[]';
BEGIN
  IF in_lines IS NULL THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('of_line', f.line_no,
             'sku_id', f.sku_id, 'sku_code', f.sku_code, 'name', f.name,
             'qty', f.qty, 'unit_price', f.unit_price, 'tax_rate', f.tax_rate,
             'net', f.net, 'tax', f.tax, 'gross', f.gross)), '[]')
      INTO out_ FROM fin_invoice_open(in_i.id) f WHERE f.gross > 0;
    RETURN jsonb_build_object('lines', out_);
  END IF;
  FOR r IN SELECT v->>'sku' AS sku, sum((v->>'qty')::bigint) AS qty,
                  min(i) - 1 AS idx
             FROM jsonb_array_elements(in_lines) WITH ORDINALITY AS a (v, i)
            GROUP BY v->>'sku' ORDER BY min(i)
  LOOP
    want := r.qty;
    FOR o IN SELECT * FROM fin_invoice_open(in_i.id) f
              WHERE f.sku_code = r.sku AND f.qty > 0 ORDER BY f.line_no
    LOOP
      EXIT WHEN want = 0;
      take := least(want, o.qty);
      IF take = o.qty THEN
        n := o.net; t := o.tax; g := o.gross;
      ELSE
        SELECT * INTO x FROM fin_tax_line(take * o.unit_price, o.tax_rate,
                                          in_i.prices_include_tax);
        n := x.out_net; t := x.out_tax; g := x.out_gross;
      END IF;
      out_ := out_ || jsonb_build_object('of_line', o.line_no, 'sku_id',
        o.sku_id, 'sku_code', o.sku_code, 'name', o.name, 'qty', take,
        'unit_price', o.unit_price, 'tax_rate', o.tax_rate, 'net', n,
        'tax', t, 'gross', g);
      want := want - take;
    END LOOP;
    IF want > 0 THEN
      SELECT 'at most ' || coalesce(sum(f.qty), 0) || ' of ' || r.sku
             || ' left to credit (' || coalesce(sum(f.gross), 0) || ' '
             || in_i.currency || ')'
        INTO msg FROM fin_invoice_open(in_i.id) f WHERE f.sku_code = r.sku;
      RETURN jsonb_build_object('error', 'credit_exceeds_invoiced',
        'field', 'lines[' || r.idx || '].qty', 'detail', msg);
    END IF;
  END LOOP;
  RETURN jsonb_build_object('lines', out_);
END $$;

-- Credit lines for refund in_r of invoice in_i: the refunded goods amount
-- over the open lines of the RMA's SKUs (then any open line, for a refund
-- without lines: a price adjustment), the shipping refund over the
-- shipping line, each taking at most what is open of the line. A refund is
-- money paid back with its VAT, so a share g of a line splits into net
-- round(g / (1 + t), 2) and VAT g - net. Returns {lines, short}: short is
-- the part of the refund nothing was left to take.
CREATE OR REPLACE FUNCTION fin_credit_by_refund(in_i invoice,
  in_r rma_refund) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  goods numeric := in_r.amount;
  ship numeric := in_r.shipping_refund;
  o record;
  g numeric;
  q bigint;
  n numeric;
  t numeric;
  out_ jsonb := '[]';
BEGIN
  FOR o IN SELECT f.*, f.sku_id IS NULL AS is_ship,
                  (SELECT sum(m.qty) FROM rma_line m
                    WHERE m.rma_id = in_r.rma_id AND m.sku_id = f.sku_id)
                    AS rma_qty
             FROM fin_invoice_open(in_i.id) f WHERE f.gross > 0
            ORDER BY (f.sku_id IS NULL),
                     (SELECT count(*) FROM rma_line m WHERE m.rma_id =
                       in_r.rma_id AND m.sku_id = f.sku_id) = 0, f.line_no
  LOOP
    IF o.is_ship THEN
      g := least(ship, o.gross);
      ship := ship - g;
    ELSE
      g := least(goods, o.gross);
      goods := goods - g;
    END IF;
    CONTINUE WHEN g <= 0;
    IF g = o.gross THEN
      n := o.net; t := o.tax; q := o.qty;
    ELSE
      q := least(coalesce(o.rma_qty, 0), o.qty);
      n := round(g / (1 + o.tax_rate), 2);
      t := g - n;
    END IF;
    out_ := out_ || jsonb_build_object('of_line', o.line_no, 'sku_id',
      o.sku_id, 'sku_code', o.sku_code, 'name', o.name, 'qty', q,
      'unit_price', o.unit_price, 'tax_rate', o.tax_rate, 'net', n,
      'tax', t, 'gross', g);
  END LOOP;
  RETURN jsonb_build_object('lines', out_, 'short', goods + ship);
END $$;

-- Issues a credit note (红字发票) against invoice in_inv: in_req {lines?:
-- [{sku, qty}], refund?: id, reason, idempotency_key?}; neither lines nor
-- refund credits everything still open (the correction of a wrong
-- invoice). The invoice row is locked first, so two credit notes of one
-- invoice see each other and never credit more than it states.
CREATE OR REPLACE FUNCTION fin_credit_issue(in_inv bigint, in_req jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  key text := in_req->>'idempotency_key';
  req jsonb := in_req - 'idempotency_key';
  i invoice%ROWTYPE;
  r rma_refund%ROWTYPE;
  o sales_order%ROWTYPE;
  c jsonb;
  cn bigint;
  bad_i bigint;
  bad_sku text;
BEGIN
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(key, 'credit_note', in_inv, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    out_doc := out_doc || jsonb_build_object('replayed', out_replayed);
    RETURN;
  END IF;
  SELECT * INTO i FROM invoice WHERE id = in_inv AND kind = 'invoice'
     FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no invoice ' || in_inv;
    RETURN;
  END IF;
  IF in_req ? 'refund' THEN
    SELECT f.* INTO r FROM rma_refund f JOIN rma m ON m.id = f.rma_id
     WHERE f.id = (in_req->>'refund')::bigint AND m.order_id = i.order_id;
    IF NOT FOUND THEN
      out_error := 'credit_refund_unknown'; out_field := 'refund';
      out_detail := 'no refund ' || (in_req->>'refund') || ' of order '
                    || i.order_id;
      RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM invoice WHERE refund_id = r.id) THEN
      out_error := 'credit_exceeds_invoiced'; out_field := 'refund';
      SELECT 'refund ' || r.id || ' was credited by ' || number INTO out_detail
        FROM invoice WHERE refund_id = r.id;
      RETURN;
    END IF;
    c := fin_credit_by_refund(i, r);
    IF (c->>'short')::numeric > 0 THEN
      out_error := 'credit_exceeds_invoiced'; out_field := 'refund';
      SELECT 'the refund is ' || (c->>'short') || ' ' || i.currency
             || ' more than is left to credit (' || sum(f.gross) || ' '
             || i.currency || ')' INTO out_detail
        FROM fin_invoice_open(i.id) f;
      RETURN;
    END IF;
  ELSE
    SELECT x.n - 1, x.v->>'sku' INTO bad_i, bad_sku
      FROM jsonb_array_elements(coalesce(in_req->'lines', '[]'))
           WITH ORDINALITY AS x (v, n)
     WHERE NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id
                          AND l.sku_code = x.v->>'sku')
     ORDER BY x.n LIMIT 1;
    IF FOUND THEN
      out_error := 'credit_not_invoiced';
      out_field := 'lines[' || bad_i || '].sku';
      out_detail := bad_sku || ' is not on invoice ' || i.number;
      RETURN;
    END IF;
    c := fin_credit_by_lines(i, in_req->'lines');
    IF c ? 'error' THEN
      out_error := c->>'error'; out_field := c->>'field';
      out_detail := c->>'detail';
      RETURN;
    END IF;
  END IF;
  IF jsonb_array_length(c->'lines') = 0 THEN
    out_error := 'credit_exceeds_invoiced';
    out_detail := 'nothing is left to credit on ' || i.number || ' (0.00 '
                  || i.currency || ')';
    RETURN;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = i.order_id;
  cn := fin_invoice_write('credit_note', o, jsonb_build_object('type', i.type,
          'buyer_title', i.buyer_title, 'buyer_tax_id', i.buyer_tax_id,
          'email', i.email, 'incl', i.prices_include_tax, 'credit_of', i.id,
          'refund_id', r.id, 'reason', coalesce(in_req->>'reason', '')),
          c->'lines', in_user);
  out_doc := fin_invoice_doc(cn);
  PERFORM idem_record(key, 'credit_note', in_inv, req, out_doc);
  out_doc := out_doc || jsonb_build_object('replayed', false);
END $$;

-- Auto-invoice: an order of a store with auto_invoice gets its invoice
-- (buyer 个人, type normal) in the transaction that ships it, so the number
-- is taken only if the shipment commits (no gap) and no shipped order of
-- such a store is ever without its invoice.
CREATE OR REPLACE FUNCTION fin_invoice_on_ship() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM fin_store f JOIN store st ON st.id = f.store_id
              WHERE f.store_id = NEW.store_id AND f.auto_invoice
                AND fin_company_owner(st.owner_id))
     AND fin_invoice_live(NEW.id) IS NULL THEN
    PERFORM fin_invoice_make(NEW, jsonb_build_object('type', 'normal',
              'buyer_title', '个人'), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER sales_order_auto_invoice AFTER UPDATE OF state
  ON sales_order FOR EACH ROW
  WHEN (NEW.state = 'shipped' AND OLD.state IS DISTINCT FROM 'shipped')
  EXECUTE FUNCTION fin_invoice_on_ship();

-- A refund paid on an invoiced order makes its credit note in the same
-- transaction, for what is still open of the invoice (a part credited by
-- hand before is not credited twice).
CREATE OR REPLACE FUNCTION fin_credit_on_refund() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  i invoice%ROWTYPE;
  o sales_order%ROWTYPE;
  c jsonb;
BEGIN
  IF NEW.amount + NEW.shipping_refund <= 0 THEN
    RETURN NULL;
  END IF;
  SELECT v.* INTO i FROM invoice v JOIN rma m ON m.order_id = v.order_id
   WHERE m.id = NEW.rma_id AND v.kind = 'invoice'
     AND v.id = fin_invoice_live(v.order_id)
     FOR UPDATE OF v;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  c := fin_credit_by_refund(i, NEW);
  IF jsonb_array_length(c->'lines') = 0 THEN
    RETURN NULL;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = i.order_id;
  PERFORM fin_invoice_write('credit_note', o, jsonb_build_object('type',
    i.type, 'buyer_title', i.buyer_title, 'buyer_tax_id', i.buyer_tax_id,
    'email', i.email, 'incl', i.prices_include_tax, 'credit_of', i.id,
    'refund_id', NEW.id, 'reason', 'refund ' || (SELECT number FROM rma
                                               WHERE id = NEW.rma_id)),
    c->'lines', NEW.user_id);
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER rma_refund_credit_note AFTER INSERT ON rma_refund
  FOR EACH ROW EXECUTE FUNCTION fin_credit_on_refund();

-- The invoices and credit notes under in_f as rows: the list's and the
-- export's (report "invoices", CSV or XLSX).
CREATE OR REPLACE FUNCTION fin_invoices(in_f jsonb)
RETURNS TABLE (id bigint, number text, kind text, type text, store text,
  "order" text, issued_at timestamptz, buyer_title text, buyer_tax_id text,
  currency text, net numeric, tax numeric, gross numeric, credit_of text)
LANGUAGE sql STABLE AS $f$
  SELECT i.id, i.number, i.kind, i.type, s.code, o.external_id, i.issued_at,
         i.buyer_title, i.buyer_tax_id, i.currency, i.net, i.tax, i.gross,
         c.number
    FROM invoice i JOIN store s ON s.id = i.store_id
    JOIN sales_order o ON o.id = i.order_id
    LEFT JOIN invoice c ON c.id = i.credit_of
   WHERE (in_f->>'store' IS NULL OR s.code = in_f->>'store')
     AND (in_f->>'kind' IS NULL OR i.kind = in_f->>'kind')
     AND (in_f->>'type' IS NULL OR i.type = in_f->>'type')
     AND (in_f->>'from' IS NULL OR i.issued_at >= (in_f->>'from')::date)
     AND (in_f->>'to' IS NULL
          OR i.issued_at < (in_f->>'to')::date + 1)
     AND (in_f->>'q' IS NULL
          OR i.number ILIKE '%' || (in_f->>'q') || '%'
          OR i.buyer_title ILIKE '%' || (in_f->>'q') || '%'
          OR i.buyer_tax_id ILIKE '%' || (in_f->>'q') || '%'
          OR o.external_id ILIKE '%' || (in_f->>'q') || '%')
   ORDER BY i.id DESC
$f$;

-- The invoice list (GET /api/v1/invoices): in_f {store, from, to, q, type,
-- kind}, newest first, ids below in_before (0: from the newest), at most
-- in_limit rows.
CREATE OR REPLACE FUNCTION fin_invoice_list(in_f jsonb, in_before bigint,
  in_limit integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id DESC), '[]')
    FROM (SELECT * FROM fin_invoices(in_f)
           WHERE in_before = 0 OR id < in_before
           ORDER BY id DESC LIMIT in_limit) x
$f$;

-- Tax settings: in_req {tax_rate?, rates?: [{category, rate}] (rate null
-- removes the category's own), stores?: [{store, prices_include_tax?,
-- auto_invoice?}]}; answers them all (fin_tax_settings).
CREATE OR REPLACE FUNCTION fin_tax_settings_put(in_req jsonb, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  out_replayed := false;
  IF (in_req->>'tax_rate')::numeric NOT BETWEEN 0 AND 0.9999
     OR EXISTS (SELECT 1 FROM jsonb_array_elements(
                  coalesce(in_req->'rates', '[]')) v
                 WHERE (v->>'rate')::numeric NOT BETWEEN 0 AND 0.9999) THEN
    out_error := 'out_of_range'; out_field := 'rate';
    out_detail := 'a VAT rate is a fraction from 0 to below 1 (0.13 is 13 %)';
    RETURN;
  END IF;
  FOR e IN SELECT v, ordinality - 1 AS i
             FROM jsonb_array_elements(coalesce(in_req->'stores', '[]'))
                  WITH ORDINALITY AS a (v, ordinality)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM store WHERE code = e.v->>'store') THEN
      out_error := 'unknown_store'; out_field := 'stores[' || e.i || '].store';
      out_detail := e.v->>'store';
      RETURN;
    END IF;
  END LOOP;
  UPDATE fin_setting SET tax_rate = coalesce((in_req->>'tax_rate')::numeric,
                                             tax_rate);
  DELETE FROM fin_tax_rate WHERE category IN (
    SELECT v->>'category' FROM jsonb_array_elements(
      coalesce(in_req->'rates', '[]')) v WHERE v->>'rate' IS NULL);
  INSERT INTO fin_tax_rate (category, rate)
  SELECT v->>'category', (v->>'rate')::numeric
    FROM jsonb_array_elements(coalesce(in_req->'rates', '[]')) v
   WHERE v->>'rate' IS NOT NULL
  ON CONFLICT (category) DO UPDATE SET rate = excluded.rate;
  FOR e IN SELECT v FROM jsonb_array_elements(coalesce(in_req->'stores',
                                                       '[]')) v
  LOOP
    INSERT INTO fin_store (store_id)
    SELECT id FROM store WHERE code = e.v->>'store' ON CONFLICT DO NOTHING;
    UPDATE fin_store f
       SET prices_include_tax = CASE WHEN e.v ? 'prices_include_tax'
             THEN (e.v->>'prices_include_tax')::boolean
             ELSE f.prices_include_tax END,
           auto_invoice = CASE WHEN e.v ? 'auto_invoice'
             THEN (e.v->>'auto_invoice')::boolean ELSE f.auto_invoice END
      FROM store s WHERE s.id = f.store_id AND s.code = e.v->>'store';
  END LOOP;
  out_doc := fin_tax_settings();
END $$;

-- The tax settings: the default rate, the rates per category, and per
-- store whether prices include VAT and whether shipping issues the invoice.
CREATE OR REPLACE FUNCTION fin_tax_settings() RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'tax_rate', (SELECT tax_rate FROM fin_setting),
    'prices_include_tax', (SELECT prices_include_tax FROM fin_setting),
    'rates', (SELECT coalesce(jsonb_agg(jsonb_build_object('category',
                c.category, 'rate', coalesce(r.rate, st.tax_rate),
                'own', r.rate IS NOT NULL) ORDER BY c.category), '[]')
                FROM (SELECT category FROM fin_tax_rate
                      UNION SELECT DISTINCT category FROM sku
                       WHERE category <> '') c
                LEFT JOIN fin_tax_rate r ON r.category = c.category,
                fin_setting st),
    'stores', (SELECT coalesce(jsonb_agg(jsonb_build_object('store', s.code,
                 'name', s.name,
                 'prices_include_tax', fin_tax_included(s.id),
                 'auto_invoice', coalesce(f.auto_invoice, false))
                 ORDER BY s.code), '[]')
                 FROM store s LEFT JOIN fin_store f ON f.store_id = s.id))
$f$;
