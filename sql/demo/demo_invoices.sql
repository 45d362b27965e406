-- Invoices for the demo (`depot demo seed`, issue 22 item 3), issued
-- through the same procedures as the API (sql/procs/fin_tax_invoices.sql), so
-- numbers, VAT per line and immutability are the real ones: normal
-- invoices (普通发票) for the first three TMALL orders the demo shipped, a
-- special one (增值税专用发票) with the buyer's taxpayer id for the first
-- shipped JD order, and a credit note (红字发票) for one unit of the
-- second TMALL invoice's first line. A second call adds nothing (the
-- idempotency keys replay). Returns the documents it issued.
CREATE OR REPLACE FUNCTION demo_invoices() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  o record;
  r record;
  n integer := 0;
  inv bigint;
BEGIN
  FOR o IN SELECT x.id, x.i, x.store
             FROM (SELECT so.id, s.code AS store,
                          row_number() OVER (PARTITION BY s.code
                                             ORDER BY so.id) AS i
                     FROM sales_order so JOIN store s ON s.id = so.store_id
                    WHERE s.code IN ('TMALL', 'JD')
                      AND so.state IN ('shipped', 'delivered')
                      AND EXISTS (SELECT 1 FROM order_line l
                                   WHERE l.order_id = so.id
                                     AND l.unit_price > 0)) x
            WHERE (x.store = 'TMALL' AND x.i <= 3) OR (x.store = 'JD'
                                                      AND x.i = 1)
            ORDER BY x.store DESC, x.i
  LOOP
    SELECT * INTO r FROM fin_invoice_issue(o.id, CASE o.store
      WHEN 'JD' THEN jsonb_build_object('type', 'special',
        'buyer_title', '株洲醴陵瓷业贸易有限公司',
        'buyer_tax_id', '91430281MA4L7Q2X1P',
        'email', 'caiwu@example.com',
        'idempotency_key', 'demo-invoice-' || o.store || '-' || o.i)
      ELSE jsonb_build_object('type', 'normal',
        'buyer_title', CASE o.i WHEN 2 THEN '长沙湘瓷文化传播有限公司'
                                ELSE '个人' END,
        'idempotency_key', 'demo-invoice-' || o.store || '-' || o.i) END,
      NULL, 'demo');
    IF r.out_error IS NULL AND NOT r.out_replayed THEN
      n := n + 1;
    END IF;
    IF o.store = 'TMALL' AND o.i = 2 AND r.out_error IS NULL THEN
      inv := (r.out_doc->>'id')::bigint;
      SELECT * INTO r FROM fin_credit_issue(inv, jsonb_build_object(
        'lines', jsonb_build_array(jsonb_build_object(
          'sku', r.out_doc->'lines'->0->>'sku', 'qty', 1)),
        'reason', '一件破损，开具红字发票',
        'idempotency_key', 'demo-credit-note-1'), NULL, 'demo');
      IF r.out_error IS NULL AND NOT r.out_replayed THEN
        n := n + 1;
      END IF;
    END IF;
  END LOOP;
  RETURN n;
END $$;
