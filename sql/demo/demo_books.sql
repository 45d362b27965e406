-- Payables and a settlement for the demo (`depot demo seed`, issue 22
-- items 5 and 4), entered through the same procedures as the API
-- (sql/procs/fin_payables.sql, fin_settlements.sql), so the match, the
-- postings and the aging are the real ones. Supplier bills against PO
-- lines the demo received: one 10 % over its PO price and on hold, one
-- matched awaiting approval, one approved and partly paid, one paid in
-- full, spread over the aging buckets. One TMALL settlement in the generic
-- layout for orders the demo shipped, with a fee difference, a refund and
-- a line whose order the store does not have. A second call adds nothing.
-- Returns the bills and settlements it entered.
-- The TMALL settlement: the sales of the first six orders the demo
-- shipped there, at the store's fees (one charged 1.00 more), a refund of 20.00 on
-- the second, and a sale of an order the store does not have. 1 when
-- entered.
CREATE OR REPLACE FUNCTION demo_books_settlement() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  rows jsonb;
  r record;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('line', 1 + x.n, 'ref', x.ext,
           'day', x.day, 'type', 'sale', 'amount', x.gross,
           'fee', round(x.gross * 0.056, 2) + CASE WHEN x.n = 1 THEN 1 ELSE 0 END,
           'currency', 'CNY') ORDER BY x.n)
    INTO rows
    FROM (SELECT o.external_id AS ext,
                 least((max(l.shipped_at) + interval '3 days')::date,
                       current_date) AS day,
                 sum(l.qty * l.unit_price) AS gross,
                 row_number() OVER (ORDER BY o.id) AS n
            FROM sales_order o JOIN store s ON s.id = o.store_id
            JOIN order_ship_line l ON l.order_id = o.id
           WHERE s.code = 'TMALL'
           GROUP BY o.id, o.external_id
           ORDER BY o.id LIMIT 6) x;
  IF rows IS NULL THEN
    RETURN 0;
  END IF;
  rows := rows || jsonb_build_array(
    jsonb_build_object('line', 8, 'ref', rows->1->>'ref',
      'day', rows->1->>'day', 'type', 'refund', 'amount', 20, 'fee', 0,
      'currency', 'CNY'),
    jsonb_build_object('line', 9, 'ref', 'TB-UNKNOWN-20261', 'day',
      rows->0->>'day', 'type', 'sale', 'amount', 59, 'fee', 3.30,
      'currency', 'CNY'));
  SELECT * INTO r FROM fin_settlement_import(jsonb_build_object(
    'store', 'TMALL', 'profile', 'generic',
    'file_name', 'tmall-settlement-demo.csv', 'days', 14, 'rows', rows),
    NULL, 'demo');
  IF r.out_error IS NOT NULL THEN
    RAISE EXCEPTION 'demo settlement: % %', r.out_error, r.out_detail;
  END IF;
  RETURN CASE WHEN r.out_replayed THEN 0 ELSE 1 END;
END $$;

CREATE OR REPLACE FUNCTION demo_books() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  l record;
  n integer := 0;
  r record;
  b bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM supplier_bill WHERE number LIKE 'FP-DEMO-%') THEN
    RETURN 0;
  END IF;
  FOR l IN
    SELECT s.code AS supplier, o.number AS po, k.code AS sku, o.currency,
           p.unit_cost, least(p.received_qty, 20) AS qty,
           (row_number() OVER (ORDER BY p.id))::integer AS i
      FROM po_line p JOIN purchase_order o ON o.id = p.po_id
      JOIN supplier s ON s.id = o.supplier_id JOIN sku k ON k.id = p.sku_id
     WHERE p.unit_cost > 0 AND p.received_qty >= 2
       AND NOT EXISTS (SELECT 1 FROM supplier_bill_line x
                        WHERE x.po_line_id = p.id)
     ORDER BY p.id LIMIT 4
  LOOP
    SELECT * INTO r FROM fin_bill_add(jsonb_build_object(
      'supplier', l.supplier, 'number', 'FP-DEMO-' || l.i,
      'date', current_date - (ARRAY[75, 45, 12, 3])[l.i],
      'due_date', current_date - (ARRAY[75, 45, 12, 3])[l.i] + 30,
      'currency', l.currency,
      'freight', CASE WHEN l.i = 1 THEN 35 ELSE 0 END,
      'tax', round(l.qty * l.unit_cost * 0.13, 2),
      'lines', jsonb_build_array(jsonb_build_object(
        'purchase_order', l.po, 'sku', l.sku, 'qty', l.qty,
        'unit_cost', CASE WHEN l.i = 4 THEN round(l.unit_cost * 1.10, 4)
                          ELSE l.unit_cost END)),
      'idempotency_key', 'demo-bill-' || l.i), NULL, 'demo');
    IF r.out_error IS NOT NULL THEN
      RAISE EXCEPTION 'demo bill %: % %', l.i, r.out_error, r.out_detail;
    END IF;
    b := (r.out_doc->>'id')::bigint;
    n := n + 1;
    -- Bills 1 and 2 are approved and paid (2 by half); 3 waits for
    -- approval and 4 is on hold.
    CONTINUE WHEN l.i > 2;
    SELECT * INTO r FROM fin_bill_approve(b, '{}'::jsonb, NULL, 'demo');
    IF r.out_error IS NULL THEN
      SELECT * INTO r FROM fin_bill_pay(b, jsonb_build_object(
        'amount', CASE WHEN l.i = 1 THEN (r.out_doc->>'total')::numeric
                       ELSE round((r.out_doc->>'total')::numeric / 2, 2) END,
        'date', current_date - (ARRAY[40, 10])[l.i],
        'method', 'bank_transfer', 'reference', 'TT-DEMO-' || l.i), NULL,
        'demo');
    END IF;
    IF r.out_error IS NOT NULL THEN
      RAISE EXCEPTION 'demo bill %: % %', l.i, r.out_error, r.out_detail;
    END IF;
  END LOOP;
  RETURN n + demo_books_settlement();
END $$;
