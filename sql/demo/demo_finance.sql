-- Finance for the demo (`depot demo seed`, issue 22): the ledger already
-- holds every stock move, sale and refund the demo made (the postings run
-- with the facts); this adds what a company starts its books with: the
-- paid-in capital in the bank, dated in an opening month a year back and
-- closed (a closed period, refusing postings), exchange rates for the
-- currencies stores sell in, and platform fees per store for margins.
-- The opening month lies before every history the demo and the tests
-- write (at most 150 days back), so none of them posts into it. A second
-- call adds nothing. Returns the entries it posted.
CREATE OR REPLACE FUNCTION demo_finance() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  opening date := (date_trunc('month', current_date) - interval '12 months')::date;
  e bigint;
BEGIN
  INSERT INTO fin_rate (currency, day, rate) VALUES
    ('USD', opening, 7.1000), ('USD', current_date - 30, 7.1800),
    ('EUR', opening, 7.7500), ('EUR', current_date - 30, 7.8600),
    ('HKD', opening, 0.9100), ('JPY', opening, 0.0480)
  ON CONFLICT (currency, day) DO NOTHING;
  INSERT INTO fin_store (store_id, commission_pct, fixed_fee, payment_fee_pct)
  SELECT id, CASE channel WHEN 'shopify' THEN 2.0 WHEN 'woocommerce' THEN 0
                          ELSE 5.0 END,
         CASE channel WHEN 'shopify' THEN 0.30 ELSE 0 END, 0.6
    FROM store WHERE code <> 'SCALE'
  ON CONFLICT (store_id) DO NOTHING;
  INSERT INTO fin_tax_rate (category, rate)
  SELECT DISTINCT category, 0.13 FROM sku WHERE category <> ''
  ON CONFLICT (category) DO NOTHING;
  IF EXISTS (SELECT 1 FROM fin_period WHERE month = opening) THEN
    RETURN 0;
  END IF;
  INSERT INTO fin_entry (day, summary, source_kind, currency)
  VALUES (opening, '实收资本 opening capital', 'manual', fin_currency())
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount) VALUES
    (e, opening, '1002', 500000, 0, fin_currency(), 500000),
    (e, opening, '3001', 0, 500000, fin_currency(), -500000);
  INSERT INTO fin_period (month) VALUES (opening);
  RETURN 1;
END $$;
