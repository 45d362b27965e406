-- Finance (issue 22): what the API reads. The trial balance and the
-- journal are reports (core/core_report.c): one JSON filter object in,
-- typed rows out, so their CSV/XLSX exports come with the report code.
-- Filters: at / from / to (dates), account, warehouse, allowed (a
-- warehouse-limited caller's warehouses: it sees the lines of those
-- warehouses only), after (the journal's keyset: the last line id read).

-- Whether a line of warehouse in_wh is visible under filters in_f.
CREATE OR REPLACE FUNCTION fin_line_visible(in_f jsonb, in_wh bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT (in_f->>'warehouse' IS NULL AND NOT in_f ? 'allowed')
      OR in_wh IN (SELECT w.id FROM warehouse w
                    WHERE (in_f->>'warehouse' IS NULL
                           OR w.code = in_f->>'warehouse')
                      AND (NOT in_f ? 'allowed'
                           OR w.code IN (SELECT jsonb_array_elements_text(
                                                  in_f->'allowed'))))
$f$;

-- Trial balance at the end of day `at` (default today): per account with
-- a line, the debits, credits and balance (debit minus credit); the last
-- row (account '') is the total, whose balance is 0 when the ledger
-- balances. Amounts rounded to the cent after summing.
CREATE OR REPLACE FUNCTION fin_trial_balance(in_f jsonb)
RETURNS TABLE (account text, name_zh text, name_en text, kind text,
  debit numeric, credit numeric, balance numeric)
LANGUAGE sql STABLE AS $f$
  WITH t AS (
    SELECT l.account, sum(l.debit) AS d, sum(l.credit) AS c
      FROM fin_line l
     WHERE l.day <= coalesce((in_f->>'at')::date, current_date)
       AND (in_f->>'account' IS NULL OR l.account LIKE (in_f->>'account') || '%')
       AND fin_line_visible(in_f, l.warehouse_id)
     GROUP BY 1)
  SELECT * FROM (
    SELECT t.account, a.name_zh, a.name_en, a.kind, round(t.d, 2),
           round(t.c, 2), round(t.d - t.c, 2)
      FROM t JOIN fin_account a ON a.code = t.account
    UNION ALL
    SELECT '', '合计', 'Total', '', round(coalesce(sum(d), 0), 2),
           round(coalesce(sum(c), 0), 2), round(coalesce(sum(d - c), 0), 2)
      FROM t) x
   ORDER BY x.account = '', x.account
$f$;

-- The journal of [from, to] (default: this month), in the layout 用友 and
-- 金蝶 import (date, voucher no., summary, account code and name, debit,
-- credit), a line per row in id order after line `after`, with the
-- dimensions after those columns.
CREATE OR REPLACE FUNCTION fin_journal(in_f jsonb)
RETURNS TABLE (date date, voucher_no bigint, summary text,
  account_code text, account_name text, debit numeric, credit numeric,
  currency text, amount numeric, rate numeric, warehouse text, sku text,
  source text, line_id bigint)
LANGUAGE sql STABLE AS $f$
  SELECT l.day, l.entry_id, e.summary, l.account, a.name_zh,
         round(l.debit, 2), round(l.credit, 2), l.currency, round(l.amount, 2),
         e.rate, w.code, s.code, e.source_kind || ' ' || e.source_id, l.id
    FROM fin_line l JOIN fin_entry e ON e.id = l.entry_id
    JOIN fin_account a ON a.code = l.account
    LEFT JOIN warehouse w ON w.id = l.warehouse_id
    LEFT JOIN sku s ON s.id = l.sku_id
   WHERE l.day >= coalesce((in_f->>'from')::date,
                           date_trunc('month', current_date)::date)
     AND l.day <= coalesce((in_f->>'to')::date, current_date)
     AND l.id > coalesce((in_f->>'after')::bigint, 0)
     AND (in_f->>'account' IS NULL OR l.account LIKE (in_f->>'account') || '%')
     AND fin_line_visible(in_f, l.warehouse_id)
   ORDER BY l.id
$f$;

-- Stock postings valued at 0 because the SKU had no cost at all: the
-- costs to set (catalog cost) and the moves to correct.
CREATE OR REPLACE FUNCTION fin_missing_costs(in_f jsonb)
RETURNS TABLE (date date, voucher_no bigint, summary text, warehouse text,
  sku text, account_code text)
LANGUAGE sql STABLE AS $f$
  SELECT l.day, l.entry_id, e.summary, w.code, s.code, l.account
    FROM fin_line l JOIN fin_entry e ON e.id = l.entry_id
    LEFT JOIN warehouse w ON w.id = l.warehouse_id
    LEFT JOIN sku s ON s.id = l.sku_id
   WHERE l.cost_missing AND l.account = '1405'
     AND fin_line_visible(in_f, l.warehouse_id)
   ORDER BY l.id DESC
$f$;

-- The chart of accounts, with the closed periods and the latest rates:
-- what the finance screens need besides the reports.
CREATE OR REPLACE FUNCTION fin_overview() RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'currency', fin_currency(),
    'tax_rate', (SELECT tax_rate FROM fin_setting),
    'bill_tolerance', (SELECT jsonb_build_object(
                         'price_pct', bill_price_tolerance_pct,
                         'qty', bill_qty_tolerance) FROM fin_setting),
    'accounts', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'code', code, 'name_zh', name_zh, 'name_en', name_en,
                   'kind', kind, 'active', active) ORDER BY code), '[]')
                   FROM fin_account),
    'closed_periods', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                         'month', to_char(month, 'YYYY-MM'),
                         'closed_at', closed_at) ORDER BY month DESC), '[]')
                         FROM fin_period),
    'rates', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'currency', currency, 'date', day, 'rate', rate)
                ORDER BY currency, day DESC), '[]')
                FROM (SELECT DISTINCT ON (currency) * FROM fin_rate
                       ORDER BY currency, day DESC) r))
$f$;

-- Margin of order in_order: per line the revenue net of VAT, discounts
-- (order_line.discount, net of VAT as the revenue: revenue - discounts is
-- what the ledger posts), the cost of goods of the units
-- shipped (their ship moves' cost) or, before any shipped, estimated at
-- the warehouse's moving average; per order the shipping charged, the
-- platform fees (fin_store: commission and payment fee in percent of what
-- the buyer paid, a fixed fee), refunds net of VAT and the cost of the units
-- returned to stock, the carrier's price of its parcels (shipment.cost, the
-- rate table's at packing) and their cartons' cost (carton_type.cost), a
-- shipment's shared equally by the orders in it; margin = revenue -
-- discounts - cost - fees - refunds - carrier - packaging. Money in the order's currency except costs (company currency,
-- converted at the order day's rate).
CREATE OR REPLACE FUNCTION fin_order_margin(in_order bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  WITH o AS (
    SELECT so.*, fin_tax_included(so.store_id) AS incl,
           (SELECT out_rate FROM fin_rate_at(so.currency,
              so.created_at::date)) AS rate
      FROM sales_order so WHERE so.id = in_order),
  ln AS (
    SELECT l.line_no, l.sku_code, l.qty, l.unit_price, fin_tax_of(k.category) AS t,
           l.qty * l.unit_price AS gross, l.discount,
           (SELECT sum(x.qty) FROM order_ship_line x
             WHERE x.order_id = in_order AND x.sku_id = l.sku_id) AS shipped,
           (SELECT sum(x.qty * x.unit_cost) FROM order_ship_line x
             WHERE x.order_id = in_order AND x.sku_id = l.sku_id) AS cost_shipped,
           coalesce((SELECT c.avg_cost FROM sku_cost c
                      WHERE c.sku_id = l.sku_id
                        AND c.warehouse_id = (SELECT warehouse_id FROM o)),
                    k.cost) AS est_cost
      FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id
     WHERE l.order_id = in_order),
  lm AS (
    SELECT ln.*,
           CASE WHEN (SELECT incl FROM o) THEN round(gross / (1 + t), 2)
                ELSE gross END AS revenue,
           CASE WHEN (SELECT incl FROM o)
                THEN round(gross / (1 + t), 2)
                     - round((gross - discount) / (1 + t), 2)
                ELSE discount END AS discounts,
           round(coalesce(cost_shipped, qty * est_cost, 0)
                 / (SELECT rate FROM o), 2) AS cogs,
           cost_shipped IS NULL AS estimated
      FROM ln),
  f AS (
    SELECT coalesce(fs.commission_pct, 0) AS cp,
           coalesce(fs.payment_fee_pct, 0) AS pp,
           coalesce(fs.fixed_fee, 0) AS ff
      FROM o LEFT JOIN fin_store fs ON fs.store_id = o.store_id),
  r AS (
    SELECT coalesce(sum(f.amount + f.shipping_refund), 0) AS g
      FROM rma m JOIN rma_refund f ON f.rma_id = m.id
     WHERE m.order_id = in_order),
  rc AS (
    SELECT coalesce(sum(sm.qty * sm.unit_cost), 0) AS c
      FROM rma m JOIN rma_receipt x ON x.rma_id = m.id
      JOIN stock_move sm ON sm.id = x.move_id
     WHERE m.order_id = in_order),
  tot AS (
    SELECT coalesce(sum(revenue), 0) AS revenue, coalesce(sum(cogs), 0) AS cogs,
           coalesce(sum(discounts), 0) AS discounts,
           coalesce(sum(gross - discount), 0) AS gross,
           CASE WHEN (SELECT incl FROM o)
                THEN round((SELECT shipping_amount FROM o)
                           / (1 + (SELECT tax_rate FROM fin_setting)), 2)
                ELSE (SELECT shipping_amount FROM o) END AS shipping,
           CASE WHEN (SELECT incl FROM o)
                THEN round((SELECT g FROM r)
                           / (1 + (SELECT tax_rate FROM fin_setting)), 2)
                ELSE (SELECT g FROM r) END AS refunds,
           round((SELECT c FROM rc) / (SELECT rate FROM o), 2) AS returned_cost
      FROM lm),
  sh AS (
    SELECT round(coalesce(sum(s.cost / n.k), 0) / (SELECT rate FROM o), 2)
             AS carrier,
           round(coalesce(sum(p.c / n.k), 0) / (SELECT rate FROM o), 2)
             AS packaging
      FROM shipment_order x JOIN shipment s ON s.id = x.shipment_id
      CROSS JOIN LATERAL (SELECT count(*) AS k FROM shipment_order y
                           WHERE y.shipment_id = s.id) n
      CROSS JOIN LATERAL (SELECT coalesce(sum(t.cost), 0) AS c
                            FROM carton c JOIN carton_type t
                              ON t.code = c.carton_type
                           WHERE c.shipment_id = s.id) p
     WHERE x.order_id = in_order AND s.state <> 'cancelled'),
  fee AS (
    SELECT round((tot.gross + (SELECT shipping_amount FROM o))
                 * (f.cp + f.pp) / 100 + f.ff, 2) AS fees
      FROM tot, f),
  m AS (
    SELECT tot.*, fee.fees, sh.carrier, sh.packaging,
           tot.revenue - tot.discounts + tot.shipping - tot.refunds - tot.cogs
             + tot.returned_cost - fee.fees - sh.carrier - sh.packaging
             AS margin
      FROM tot, fee, sh)
  SELECT jsonb_build_object(
    'currency', (SELECT currency FROM o),
    'prices_include_tax', (SELECT incl FROM o),
    'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'line_no', line_no, 'sku', sku_code, 'qty', qty,
                'tax_rate', t, 'revenue', revenue, 'discounts', discounts,
                'cost_of_goods', cogs, 'cost_estimated', estimated,
                'margin', revenue - discounts - cogs,
                'margin_pct', CASE WHEN revenue - discounts > 0
                                   THEN round(100 * (revenue - discounts - cogs)
                                              / (revenue - discounts), 1)
                              END) ORDER BY line_no), '[]') FROM lm),
    'revenue', m.revenue, 'shipping', m.shipping, 'discounts', m.discounts,
    'cost_of_goods', m.cogs, 'platform_fees', m.fees, 'refunds', m.refunds,
    'returned_cost', m.returned_cost, 'carrier_cost', m.carrier,
    'packaging', m.packaging, 'margin', m.margin,
    'margin_pct', CASE WHEN m.revenue - m.discounts + m.shipping - m.refunds > 0
                       THEN round(100 * m.margin
                                  / (m.revenue - m.discounts + m.shipping
                                     - m.refunds), 1)
                  END)
    FROM m WHERE EXISTS (SELECT 1 FROM o)
$f$;
