-- Purchasing (issue 21, item 5): GET /api/v1/reports/purchasing answers one
-- of four views. spend and variance read the rollup purchase_day (migration
-- 0154, kept by the receiving transaction); open and ranking read the open
-- PO lines and the lines expected in the period, which are few next to the
-- sales ledger. Filters: from, to, group, supplier (a code), sku,
-- warehouse, allowed, and only_supplier (a supplier key's supplier id: it
-- sees its own figures only).

-- Spend per period (day, week, month; month by default, over the last 12
-- months), supplier and PO currency (never added across currencies): the
-- receipt lines, good units, spend at PO cost, and the price variance of
-- the units the supplier lists (spend of those units minus their list
-- cost when received; positive: paid above list).
CREATE OR REPLACE FUNCTION rpt_purchasing(in_f jsonb)
RETURNS TABLE (period date, supplier text, name text, currency text,
  lines bigint, units bigint, spend numeric, listed_units bigint,
  list_value numeric, variance numeric, variance_pct numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  sp AS MATERIALIZED (SELECT * FROM rpt_suppliers(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  d AS (SELECT coalesce((in_f->>'from')::date,
                        (date_trunc('month', current_date)
                         - interval '11 months')::date) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'group', 'month') AS g),
  t AS (
    SELECT date_trunc((SELECT g FROM d), p.day)::date AS period,
           p.supplier_id, p.currency, sum(p.lines) AS lines,
           sum(p.units) AS units, sum(p.spend) AS spend,
           sum(p.listed_units) AS listed_units,
           sum(p.listed_spend) AS listed_spend,
           sum(p.list_value) AS list_value
      FROM purchase_day p
     WHERE p.day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)
       AND p.warehouse_id IN (SELECT id FROM w)
       AND p.supplier_id IN (SELECT id FROM sp)
       AND p.sku_id IN (SELECT id FROM s)
     GROUP BY 1, 2, 3)
  SELECT t.period, sp.code, sp.name, t.currency, t.lines::bigint,
         t.units::bigint, round(t.spend, 2), t.listed_units::bigint,
         round(t.list_value, 2), round(t.listed_spend - t.list_value, 2),
         CASE WHEN t.list_value > 0
              THEN round((t.listed_spend - t.list_value) / t.list_value * 100,
                         2) END
    FROM t JOIN sp ON sp.id = t.supplier_id
   ORDER BY t.period, sp.code, t.currency
$f$;

-- Price variance per supplier, SKU and currency over the period: the
-- average unit cost paid against the list cost of the units received
-- (what the list said then) and today's list cost.
CREATE OR REPLACE FUNCTION rpt_purchase_variance(in_f jsonb)
RETURNS TABLE (supplier text, sku text, name text, currency text,
  units bigint, spend numeric, avg_cost numeric, list_cost numeric,
  listed_units bigint, list_value numeric, variance numeric,
  variance_pct numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  sp AS MATERIALIZED (SELECT * FROM rpt_suppliers(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  d AS (SELECT coalesce((in_f->>'from')::date,
                        (date_trunc('month', current_date)
                         - interval '11 months')::date) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi),
  t AS (
    SELECT p.supplier_id, p.sku_id, p.currency, sum(p.units) AS units,
           sum(p.spend) AS spend, sum(p.listed_units) AS listed_units,
           sum(p.listed_spend) AS listed_spend,
           sum(p.list_value) AS list_value
      FROM purchase_day p
     WHERE p.day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)
       AND p.warehouse_id IN (SELECT id FROM w)
       AND p.supplier_id IN (SELECT id FROM sp)
       AND p.sku_id IN (SELECT id FROM s)
     GROUP BY 1, 2, 3)
  SELECT sp.code, s.code, s.name, t.currency, t.units::bigint,
         round(t.spend, 2),
         CASE WHEN t.units > 0 THEN round(t.spend / t.units, 4) END,
         CASE WHEN t.currency = sp.currency THEN ss.cost END,
         t.listed_units::bigint, round(t.list_value, 2),
         round(t.listed_spend - t.list_value, 2),
         CASE WHEN t.list_value > 0
              THEN round((t.listed_spend - t.list_value) / t.list_value * 100,
                         2) END
    FROM t JOIN sp ON sp.id = t.supplier_id JOIN s ON s.id = t.sku_id
    LEFT JOIN supplier_sku ss ON ss.supplier_id = t.supplier_id
     AND ss.sku_id = t.sku_id
   ORDER BY abs(t.listed_spend - t.list_value) DESC, sp.code, s.code,
            t.currency
$f$;

-- Open PO lines now (approved, sent or partly received, units still to
-- come): the expected date and the days it is late (0 when not yet due).
-- from and to do not apply: open is a state of today. po_id: the PO's
-- page, for the screen's links.
CREATE OR REPLACE FUNCTION rpt_purchase_open(in_f jsonb)
RETURNS TABLE (po text, supplier text, warehouse text, state text,
  line_no integer, sku text, name text, expected_date date, days_late integer,
  ordered bigint, received bigint, open_qty bigint, currency text,
  unit_cost numeric, open_value numeric, po_id bigint)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  sp AS MATERIALIZED (SELECT * FROM rpt_suppliers(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f))
  SELECT po.number, sp.code, w.code, po.state, pl.line_no, s.code, s.name,
         pl.expected_date, greatest(current_date - pl.expected_date, 0),
         pl.qty, pl.received_qty + pl.damaged_qty,
         pl.qty - pl.received_qty - pl.damaged_qty, po.currency,
         pl.unit_cost,
         round((pl.qty - pl.received_qty - pl.damaged_qty) * pl.unit_cost, 2),
         po.id
    FROM purchase_order po
    JOIN po_line pl ON pl.po_id = po.id
    JOIN w ON w.id = po.warehouse_id
    JOIN sp ON sp.id = po.supplier_id
    JOIN s ON s.id = pl.sku_id
   WHERE po.state IN ('approved', 'sent', 'partially_received')
     AND pl.received_qty + pl.damaged_qty < pl.qty
   ORDER BY greatest(current_date - pl.expected_date, 0) DESC,
            pl.expected_date, po.number, pl.line_no
$f$;

-- Suppliers ranked on the measures of their performance page
-- (pur_performance, the same definitions) over the lines expected in the
-- period (the last 90 days by default): on time first, then fill rate,
-- then fewest discrepancies. A supplier with no line expected is left out.
CREATE OR REPLACE FUNCTION rpt_purchase_ranking(in_f jsonb)
RETURNS TABLE (rank bigint, supplier text, name text, lines bigint,
  on_time_rate numeric, fill_rate numeric, avg_lead_days numeric,
  promised_lead_days integer, discrepancy_rate numeric,
  value_purchased numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  sp AS MATERIALIZED (SELECT * FROM rpt_suppliers(in_f)),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 89) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi),
  lines AS (
    SELECT pl.*, po.supplier_id, po.sent_at,
      (SELECT max(r.received_at) FROM receipt_line rl
         JOIN receipt r ON r.id = rl.receipt_id WHERE rl.po_line_id = pl.id)
        AS last_receipt,
      (SELECT min(r.received_at) FROM receipt r WHERE r.po_id = pl.po_id)
        AS po_first,
      EXISTS (SELECT 1 FROM po_discrepancy x WHERE x.po_line_id = pl.id)
        AS discrepant
      FROM po_line pl JOIN purchase_order po ON po.id = pl.po_id
     WHERE po.supplier_id IN (SELECT id FROM sp)
       AND po.warehouse_id IN (SELECT id FROM w)
       AND po.state NOT IN ('draft', 'submitted', 'cancelled')
       AND pl.expected_date BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)),
  lead AS (
    SELECT supplier_id, round(avg(extract(epoch FROM po_first - sent_at)
                                  / 86400)::numeric, 2) AS days
      FROM (SELECT DISTINCT supplier_id, po_id, po_first, sent_at
              FROM lines) x
     GROUP BY 1),
  m AS (
    SELECT supplier_id, count(*) AS n,
           round(count(*) FILTER (WHERE received_qty + damaged_qty >= qty
                   AND last_receipt::date <= expected_date)::numeric
                 / count(*), 4) AS on_time,
           round(sum(received_qty)::numeric / nullif(sum(qty), 0), 4) AS fill,
           round(count(*) FILTER (WHERE discrepant)::numeric / count(*), 4)
             AS disc,
           coalesce(sum(received_qty * unit_cost), 0)::numeric(14, 2) AS val
      FROM lines GROUP BY 1)
  SELECT rank() OVER (ORDER BY m.on_time DESC, m.fill DESC NULLS LAST,
                      m.disc),
         sp.code, sp.name, m.n, m.on_time, m.fill, lead.days,
         sp.lead_time_days, m.disc, m.val
    FROM m JOIN sp ON sp.id = m.supplier_id
    LEFT JOIN lead ON lead.supplier_id = m.supplier_id
   ORDER BY 1, sp.code
$f$;
