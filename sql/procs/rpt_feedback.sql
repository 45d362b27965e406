-- Feedback (issue 21, item 6) and sales by customer segment (item 1).
--
-- Both read facts by time through an index (migration 0141) rather than a
-- rollup: tickets are few next to order lines, and a customer's segment
-- is what the nightly RFM run says today (crm_segments.sql), so a sale is
-- counted under the segment its customer is in now ("what did today's
-- champions buy in March"), which no rollup written at shipping time can
-- know.

-- Tickets per period (day, week, month; by when the customer wrote, the
-- marketplace's date for imported reviews) and key (kind, sku, store):
-- how many, complaints, reviews, rated ones and their average (the rating
-- trend), poor ratings (1-2), answered (a reply to the customer), resolved,
-- resolved within their due time, open past it, and the share resolved
-- within the SLA of those whose outcome is known (resolved, or past due).
-- Limited to warehouses, a ticket is seen through its store's warehouse
-- or its order's.
CREATE OR REPLACE FUNCTION rpt_feedback(in_f jsonb)
RETURNS TABLE (period date, key text, tickets bigint, complaints bigint,
  reviews bigint, rated bigint, avg_rating numeric, low_ratings bigint,
  answered bigint, resolved bigint, resolved_in_sla bigint,
  overdue_open bigint, in_sla_pct numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'group', 'day') AS g,
               coalesce(in_f->>'by', 'kind') AS kby),
  t AS (
    SELECT date_trunc((SELECT g FROM d), f.posted_at)::date AS period,
           CASE (SELECT kby FROM d) WHEN 'sku' THEN coalesce(k.code, '')
             WHEN 'store' THEN st.code ELSE f.kind END AS key,
           f.kind, f.rating, f.replied_at, f.resolved_at, f.due_at, f.state
      FROM feedback f JOIN store st ON st.id = f.store_id
      LEFT JOIN sku k ON k.id = f.sku_id
      LEFT JOIN sales_order o ON o.id = f.order_id
     WHERE f.posted_at >= (SELECT lo FROM d)
       AND f.posted_at < (SELECT hi FROM d) + 1
       AND (NOT (in_f ? 'allowed' OR in_f ? 'warehouse')
            OR st.warehouse_id IN (SELECT id FROM w)
            OR o.warehouse_id IN (SELECT id FROM w))
       AND (in_f->>'store' IS NULL OR st.code = in_f->>'store')
       AND (in_f->>'sku' IS NULL OR k.code = in_f->>'sku')
       AND (in_f->>'kind' IS NULL OR f.kind = in_f->>'kind'))
  SELECT period, key, count(*),
         count(*) FILTER (WHERE kind = 'complaint'),
         count(*) FILTER (WHERE kind = 'review'),
         count(rating), round(avg(rating), 2),
         count(*) FILTER (WHERE rating <= 2),
         count(replied_at),
         count(resolved_at),
         count(*) FILTER (WHERE resolved_at <= due_at),
         count(*) FILTER (WHERE state IN ('open', 'in_progress', 'reopened')
                            AND due_at < now()),
         CASE WHEN count(*) FILTER (WHERE resolved_at IS NOT NULL
                                     OR due_at < now()) > 0
              THEN round(count(*) FILTER (WHERE resolved_at <= due_at) * 100.0
                         / count(*) FILTER (WHERE resolved_at IS NOT NULL
                                             OR due_at < now()), 1) END
    FROM t GROUP BY period, key ORDER BY period, key
$f$;

-- Sales per period and the customer's segment now (customer_rfm of the
-- order's store; "none" for a customer not scored yet, or no customer),
-- per currency: orders, units, revenue and cost of goods of the lines
-- shipped in [from, to] (the same facts rpt_sales sums, read from the
-- shipped lines), returns (units received back and refunds, by the day
-- they happened; refunds, which name no SKU, only without a SKU or
-- category filter), net revenue (revenue less refunds; discounts and
-- shipping stay with rpt_sales) and the margin. Filters: store, sku,
-- category, warehouse.
CREATE OR REPLACE FUNCTION rpt_sales_segment(in_f jsonb)
RETURNS TABLE (period date, key text, currency text, orders bigint,
  units bigint, revenue numeric, returns_units bigint,
  returns_amount numeric, net_revenue numeric, cogs numeric,
  cost_currency text, gross_margin numeric, margin_pct numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  s AS MATERIALIZED (SELECT * FROM rpt_skus(in_f)),
  st AS MATERIALIZED (
    SELECT id FROM store
     WHERE in_f->>'store' IS NULL OR code = in_f->>'store'),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi,
               coalesce(in_f->>'group', 'day') AS g),
  sold AS (
    SELECT date_trunc((SELECT g FROM d), l.shipped_at)::date AS period,
           coalesce(r.segment, 'none') AS key, o.currency, l.order_id,
           l.qty, l.qty * l.unit_price - l.discount AS revenue, l.qty * l.unit_cost AS cogs
      FROM order_ship_line l JOIN sales_order o ON o.id = l.order_id
      LEFT JOIN customer_rfm r ON r.store_id = o.store_id
                              AND r.customer_id = o.customer_id
     WHERE l.shipped_at >= (SELECT lo FROM d)
       AND l.shipped_at < (SELECT hi FROM d) + 1
       AND l.warehouse_id IN (SELECT id FROM w)
       AND l.sku_id IN (SELECT id FROM s)
       AND o.store_id IN (SELECT id FROM st)),
  back AS (
    SELECT date_trunc((SELECT g FROM d), x.at)::date AS period,
           coalesce(r.segment, 'none') AS key, m.currency,
           x.units, x.amount
      FROM (SELECT rc.rma_id, rc.created_at AS at, rc.qty AS units,
                   0::numeric AS amount, l.sku_id
              FROM rma_receipt rc JOIN rma_line l ON l.id = rc.rma_line_id
            UNION ALL
            SELECT f.rma_id, f.created_at, 0, f.amount + f.shipping_refund,
                   NULL
              FROM rma_refund f) x
      JOIN rma m ON m.id = x.rma_id
      LEFT JOIN customer_rfm r ON r.store_id = m.store_id
                              AND r.customer_id = m.customer_id
     WHERE x.at >= (SELECT lo FROM d) AND x.at < (SELECT hi FROM d) + 1
       AND m.warehouse_id IN (SELECT id FROM w)
       AND m.store_id IN (SELECT id FROM st)
       AND (x.sku_id IN (SELECT id FROM s)
            OR (x.sku_id IS NULL AND NOT (in_f ? 'sku' OR in_f ? 'category')))),
  a AS (
    SELECT period, key, currency, count(DISTINCT order_id) AS orders,
           sum(qty) AS units, sum(revenue) AS revenue, 0 AS returns_units,
           0 AS returns_amount, sum(cogs) AS cogs
      FROM sold GROUP BY 1, 2, 3
    UNION ALL
    SELECT period, key, currency, 0, 0, 0, sum(units), sum(amount), 0
      FROM back GROUP BY 1, 2, 3),
  t AS (
    SELECT period, key, currency, sum(orders) AS orders, sum(units) AS units,
           sum(revenue) AS revenue, sum(returns_units) AS returns_units,
           sum(returns_amount) AS returns_amount, sum(cogs) AS cogs
      FROM a GROUP BY 1, 2, 3)
  SELECT period, key, currency, orders::bigint, units::bigint, revenue,
         returns_units::bigint, returns_amount, revenue - returns_amount,
         round(cogs, 2), c.cost_currency,
         CASE WHEN currency = c.cost_currency
              THEN round(revenue - returns_amount - cogs, 2) END,
         CASE WHEN currency = c.cost_currency AND revenue - returns_amount <> 0
              THEN round((revenue - returns_amount - cogs)
                         / (revenue - returns_amount) * 100, 1) END
    FROM t, purchasing_setting c ORDER BY period, key, currency
$f$;
