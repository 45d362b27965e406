-- Finance (issue 22): the postings. Each is a statement trigger that
-- writes its entries and their lines with one INSERT ... SELECT in the
-- transaction of the fact, so a fact and its entry commit or fail
-- together. Tables and the checks: sql/migrations/0200-finance-ledger.sql.
--
-- Accounts (小企业会计准则): 1405 inventory per warehouse and SKU, 1402
-- goods in transit, 2202 payables (receipts not yet billed), 6401 cost of
-- goods, 6711 scrap, 6602 count variances, 1901 other adjustments, 1122
-- receivables, 6001 revenue, 2221 output VAT.

-- The company currency: the one stock is valued in.
CREATE OR REPLACE FUNCTION fin_currency() RETURNS text
LANGUAGE sql STABLE AS $f$
  SELECT cost_currency FROM purchasing_setting
$f$;

-- The rate of in_currency on in_day (company currency per unit): the
-- latest one on or before the day; 1 and out_missing when there is none.
CREATE OR REPLACE FUNCTION fin_rate_at(in_currency text, in_day date,
  OUT out_rate numeric, OUT out_missing boolean)
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(r.rate, 1), in_currency <> fin_currency() AND r.rate IS NULL
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT rate FROM fin_rate
                        WHERE currency = in_currency AND day <= in_day
                        ORDER BY day DESC LIMIT 1) r ON in_currency <> fin_currency()
$f$;

-- The output VAT rate of category in_category.
CREATE OR REPLACE FUNCTION fin_tax_of(in_category text) RETURNS numeric
LANGUAGE sql STABLE AS $f$
  SELECT coalesce((SELECT rate FROM fin_tax_rate WHERE category = in_category),
                  (SELECT tax_rate FROM fin_setting))
$f$;

-- Whether store in_store quotes prices with VAT included.
CREATE OR REPLACE FUNCTION fin_tax_included(in_store bigint) RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT coalesce((SELECT prices_include_tax FROM fin_store
                    WHERE store_id = in_store),
                  (SELECT prices_include_tax FROM fin_setting))
$f$;

-- The account on the far side of a move to or from a location of kind
-- in_kind (not a bin or tote) for ledger reason in_reason.
CREATE OR REPLACE FUNCTION fin_move_account(in_kind text, in_reason text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE in_kind
           WHEN 'bin' THEN '1405'
           WHEN 'tote' THEN '1405'
           WHEN 'supplier' THEN '2202'
           WHEN 'customer' THEN '6401'
           WHEN 'scrap' THEN '6711'
           WHEN 'in_transit' THEN '1402'
           ELSE CASE WHEN in_reason = 'count' THEN '6602' ELSE '1901' END
         END
$f$;

-- Units a customer returns against an order come back at the cost they
-- left with (the order's ship lines of the SKU), not at today's moving
-- average; runs before rpt_move_cost (trigger names sort), which keeps a
-- cost already set.
CREATE OR REPLACE FUNCTION fin_return_cost() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.document ~ '^RMA[0-9]{1,18}$' THEN
    SELECT round(sum(l.qty * l.unit_cost) / sum(l.qty), 4) INTO NEW.unit_cost
      FROM rma r JOIN order_ship_line l ON l.order_id = r.order_id
     WHERE r.number = NEW.document AND l.sku_id = NEW.sku_id
       AND EXISTS (SELECT 1 FROM location WHERE id = NEW.from_location_id
                      AND kind = 'customer');
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER stock_move_return_cost BEFORE INSERT ON stock_move
  FOR EACH ROW WHEN (NEW.reason = 'return' AND NEW.unit_cost IS NULL)
  EXECUTE FUNCTION fin_return_cost();

-- One entry per move crossing a stock boundary (the moves the valuation
-- report counts, rpt_flows): the side in a warehouse's bins is 1405 of
-- that warehouse and SKU, the other side the account of the virtual
-- location (fin_move_account), both at units x the move's unit_cost, so
-- 1405 per warehouse and SKU is the valuation to the cent.
CREATE OR REPLACE FUNCTION fin_post_moves() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cur text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows WHERE unit_cost IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  cur := fin_currency();
  WITH m AS MATERIALIZED (
    SELECT n.id, n.sku_id, n.reason, n.document, n.user_id,
           n.created_at::date AS day, n.qty * n.unit_cost AS v,
           n.unit_cost = 0 AS missing, a.warehouse_id AS aw,
           b.warehouse_id AS bw, fin_move_account(a.kind, n.reason) AS aa,
           fin_move_account(b.kind, n.reason) AS ba
      FROM new_rows n JOIN location a ON a.id = n.from_location_id
      JOIN location b ON b.id = n.to_location_id
     WHERE n.unit_cost IS NOT NULL
       AND NOT (a.kind IN ('bin', 'tote') AND b.kind IN ('bin', 'tote')
                AND a.warehouse_id = b.warehouse_id)),
  e AS (
    INSERT INTO fin_entry (day, summary, source_kind, source_id, currency,
      user_id)
    SELECT day, btrim(reason || ' ' || document), 'move', id, cur, user_id
      FROM m ORDER BY id
    RETURNING id, source_id)
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, sku_id, cost_missing)
  SELECT e.id, m.day, l.acct, greatest(l.v, 0), greatest(-l.v, 0), cur,
         l.v, l.wh, m.sku_id, m.missing
    FROM e JOIN m ON m.id = e.source_id
    CROSS JOIN LATERAL (VALUES (m.ba, m.v, m.bw), (m.aa, -m.v, m.aw))
      AS l (acct, v, wh);
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER stock_move_post AFTER INSERT ON stock_move
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fin_post_moves();

-- A sale posts when its units ship (order_ship_line): Dr 1122 receivable
-- the gross net of the units' discount (a commercial discount is never
-- revenue), Cr 6001 revenue net of VAT, Cr 2221 the VAT, at the rate of
-- the day for an order in another currency. The order's shipping charge
-- goes with its first ship line. VAT per line: tax-inclusive gross g at
-- rate t is net round(g / (1 + t), 2) and VAT g - net; tax-exclusive
-- prices add round(g x t, 2).
CREATE OR REPLACE FUNCTION fin_post_sales() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH s AS MATERIALIZED (
    SELECT n.id, n.order_id, n.warehouse_id, n.sku_id, o.store_id,
           o.currency, n.shipped_at::date AS day,
           n.qty * n.unit_price - n.discount
             + CASE WHEN n.id = (SELECT min(x.id) FROM order_ship_line x
                                  WHERE x.order_id = n.order_id)
                    THEN o.shipping_amount ELSE 0 END AS g,
           fin_tax_of(k.category) AS t, fin_tax_included(o.store_id) AS incl,
           o.external_id
      FROM new_rows n JOIN sales_order o ON o.id = n.order_id
      JOIN sku k ON k.id = n.sku_id),
  x AS (
    SELECT s.*, r.out_rate AS rate, r.out_missing AS missing,
           CASE WHEN incl THEN round(g / (1 + t), 2) ELSE g END AS net,
           CASE WHEN incl THEN g ELSE g + round(g * t, 2) END AS total
      FROM s CROSS JOIN LATERAL fin_rate_at(s.currency, s.day) r),
  y AS (
    SELECT x.*, round(total * rate, 2) AS total_c, round(net * rate, 2) AS net_c
      FROM x),
  e AS (
    INSERT INTO fin_entry (day, summary, source_kind, source_id, currency,
      rate, rate_missing)
    SELECT day, 'sale ' || external_id, 'sale', id, currency, rate, missing
      FROM y ORDER BY id
    RETURNING id, source_id)
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, sku_id, store_id, order_id)
  SELECT e.id, y.day, l.acct, greatest(l.c, 0), greatest(-l.c, 0),
         y.currency, l.a, y.warehouse_id, y.sku_id, y.store_id, y.order_id
    FROM e JOIN y ON y.id = e.source_id
    CROSS JOIN LATERAL (VALUES ('1122', y.total_c, y.total),
                               ('6001', -y.net_c, -y.net),
                               ('2221', y.net_c - y.total_c, y.net - y.total))
      AS l (acct, c, a)
   WHERE l.c <> 0 OR l.acct = '1122';
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER order_ship_line_post AFTER INSERT ON order_ship_line
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fin_post_sales();

-- A refund paid on a return (rma_refund) takes back revenue and its VAT
-- (at the company rate, prices as the store quotes them): Dr 6001, Dr
-- 2221, Cr 1122 the amount with the shipping refunded.
CREATE OR REPLACE FUNCTION fin_post_refunds() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH s AS MATERIALIZED (
    SELECT n.id, n.currency, n.created_at::date AS day, m.order_id,
           m.store_id, m.warehouse_id, m.number,
           n.amount + n.shipping_refund AS g,
           (SELECT tax_rate FROM fin_setting) AS t,
           fin_tax_included(m.store_id) AS incl
      FROM new_rows n JOIN rma m ON m.id = n.rma_id),
  x AS (
    SELECT s.*, r.out_rate AS rate, r.out_missing AS missing,
           CASE WHEN incl THEN round(g / (1 + t), 2) ELSE g END AS net
      FROM s CROSS JOIN LATERAL fin_rate_at(s.currency, s.day) r),
  y AS (
    SELECT x.*, round(g * rate, 2) AS g_c, round(net * rate, 2) AS net_c
      FROM x),
  e AS (
    INSERT INTO fin_entry (day, summary, source_kind, source_id, currency,
      rate, rate_missing)
    SELECT day, 'refund ' || number, 'refund', id, currency, rate, missing
      FROM y ORDER BY id
    RETURNING id, source_id)
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, store_id, order_id)
  SELECT e.id, y.day, l.acct, greatest(l.c, 0), greatest(-l.c, 0),
         y.currency, l.a, y.warehouse_id, y.store_id, y.order_id
    FROM e JOIN y ON y.id = e.source_id
    CROSS JOIN LATERAL (VALUES ('6001', y.net_c, y.net),
                               ('2221', y.g_c - y.net_c, y.g - y.net),
                               ('1122', -y.g_c, -y.g)) AS l (acct, c, a)
   WHERE l.c <> 0 OR l.acct = '1122';
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER rma_refund_post AFTER INSERT ON rma_refund
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fin_post_refunds();
