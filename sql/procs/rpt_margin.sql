-- Margin per store or channel (issue 22 item 2) per period (day, week,
-- month) and currency, as fin_order_margin counts one order's, summed over
-- what happened in the period: revenue and discounts net of VAT (a store
-- that quotes prices with VAT: per SKU category's rate, revenue less
-- discounts exactly as the sale posted), shipping charged net of VAT, the
-- cost of goods of the units shipped (sales_day, kept by the shipping
-- transaction), refunds paid (goods and shipping, net of VAT) and the cost
-- of units returned to stock, by the day they happened; platform fees on
-- what buyers paid (fin_store: commission and payment fee in percent, a
-- fixed fee per order shipped); the carrier's price of the parcels shipped
-- and their cartons' cost, a parcel's shared equally by its orders. Costs
-- are in the cost currency (purchasing_setting.cost_currency): a sale in
-- another currency has no margin (no exchange rates in reports, as the
-- sales report). Only the warehouses the caller may read count
-- (rpt_warehouses).
CREATE OR REPLACE FUNCTION rpt_margin(in_f jsonb)
RETURNS TABLE (period date, key text, name text, currency text,
  orders bigint, revenue numeric, discounts numeric, shipping numeric,
  refunds numeric, cost_of_goods numeric, returned_cost numeric,
  platform_fees numeric, carrier_cost numeric, packaging numeric,
  cost_currency text, margin numeric, margin_pct numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  d AS (
    SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
           coalesce((in_f->>'to')::date, current_date) AS hi,
           coalesce(in_f->>'group', 'day') AS g,
           coalesce(in_f->>'by', 'store') AS kby,
           (SELECT tax_rate FROM fin_setting) AS vat),
  st AS MATERIALIZED (
    SELECT s.id, s.code, s.name, s.channel, fin_tax_included(s.id) AS incl,
           coalesce(fs.commission_pct, 0) + coalesce(fs.payment_fee_pct, 0)
             AS pct,
           coalesce(fs.fixed_fee, 0) AS ff
      FROM store s LEFT JOIN fin_store fs ON fs.store_id = s.id
     WHERE in_f->>'store' IS NULL OR s.code = in_f->>'store'),
  -- Sales by store, period, currency and VAT rate (the SKU's category).
  sd AS (
    SELECT r.store_id, date_trunc((SELECT g FROM d), r.day)::date AS period,
           r.currency,
           CASE WHEN r.sku_id = 0 THEN 0 ELSE fin_tax_of(k.category) END AS t,
           sum(r.orders) FILTER (WHERE r.sku_id = 0) AS orders,
           sum(r.revenue) AS revenue, sum(r.discounts) AS discounts,
           sum(r.shipping) AS shipping, sum(r.cogs) AS cogs
      FROM sales_day r LEFT JOIN sku k ON k.id = r.sku_id
     WHERE r.day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)
       AND r.store_id IN (SELECT id FROM st)
       AND r.warehouse_id IN (SELECT id FROM w)
     GROUP BY 1, 2, 3, 4),
  sales AS (
    SELECT sd.store_id, sd.period, sd.currency,
           coalesce(sum(sd.orders), 0) AS orders,
           sum(sd.revenue) AS gross, sum(sd.discounts) AS disc,
           sum(sd.shipping) AS ship, sum(sd.cogs) AS cogs,
           sum(CASE WHEN st.incl THEN round(sd.revenue / (1 + sd.t), 2)
                    ELSE sd.revenue END) AS revenue,
           sum(CASE WHEN st.incl
                    THEN round(sd.revenue / (1 + sd.t), 2)
                         - round((sd.revenue - sd.discounts) / (1 + sd.t), 2)
                    ELSE sd.discounts END) AS discounts,
           CASE WHEN bool_and(st.incl)
                THEN round(sum(sd.shipping) / (1 + (SELECT vat FROM d)), 2)
                ELSE sum(sd.shipping) END AS shipping
      FROM sd JOIN st ON st.id = sd.store_id
     GROUP BY 1, 2, 3),
  refunds AS (
    SELECT m.store_id,
           date_trunc((SELECT g FROM d), f.created_at)::date AS period,
           f.currency, sum(f.amount + f.shipping_refund) AS paid
      FROM rma_refund f JOIN rma m ON m.id = f.rma_id
     WHERE f.created_at >= (SELECT lo FROM d)
       AND f.created_at < (SELECT hi FROM d) + 1
       AND m.store_id IN (SELECT id FROM st)
       AND m.warehouse_id IN (SELECT id FROM w)
     GROUP BY 1, 2, 3),
  back AS (
    SELECT m.store_id,
           date_trunc((SELECT g FROM d), x.created_at)::date AS period,
           m.currency, sum(sm.qty * sm.unit_cost) AS cost
      FROM rma_receipt x JOIN rma m ON m.id = x.rma_id
      JOIN stock_move sm ON sm.id = x.move_id
     WHERE x.created_at >= (SELECT lo FROM d)
       AND x.created_at < (SELECT hi FROM d) + 1
       AND m.store_id IN (SELECT id FROM st)
       AND m.warehouse_id IN (SELECT id FROM w)
     GROUP BY 1, 2, 3),
  parcels AS (
    SELECT o.store_id,
           date_trunc((SELECT g FROM d), s.shipped_at)::date AS period,
           o.currency, sum(s.cost / n.k) AS carrier, sum(p.c / n.k) AS boxes
      FROM shipment s
      JOIN shipment_order x ON x.shipment_id = s.id
      JOIN sales_order o ON o.id = x.order_id
      CROSS JOIN LATERAL (SELECT count(*) AS k FROM shipment_order y
                           WHERE y.shipment_id = s.id) n
      CROSS JOIN LATERAL (SELECT coalesce(sum(t.cost), 0) AS c
                            FROM carton c JOIN carton_type t
                              ON t.code = c.carton_type
                           WHERE c.shipment_id = s.id) p
     WHERE s.shipped_at >= (SELECT lo FROM d)
       AND s.shipped_at < (SELECT hi FROM d) + 1
       AND s.state IN ('shipped', 'delivered')
       AND s.warehouse_id IN (SELECT id FROM w)
       AND o.store_id IN (SELECT id FROM st)
     GROUP BY 1, 2, 3),
  per_store AS (
    SELECT k.store_id, k.period, k.currency,
           coalesce(sa.orders, 0) AS orders,
           coalesce(sa.revenue, 0) AS revenue,
           coalesce(sa.discounts, 0) AS discounts,
           coalesce(sa.shipping, 0) AS shipping,
           CASE WHEN st.incl
                THEN round(coalesce(rf.paid, 0) / (1 + (SELECT vat FROM d)), 2)
                ELSE coalesce(rf.paid, 0) END AS refunds,
           coalesce(sa.cogs, 0) AS cogs, coalesce(b.cost, 0) AS returned,
           round((coalesce(sa.gross, 0) - coalesce(sa.disc, 0)
                  + coalesce(sa.ship, 0)) * st.pct / 100
                 + st.ff * coalesce(sa.orders, 0), 2) AS fees,
           coalesce(pa.carrier, 0) AS carrier, coalesce(pa.boxes, 0) AS boxes
      FROM (SELECT store_id, period, currency FROM sales
            UNION SELECT store_id, period, currency FROM refunds
            UNION SELECT store_id, period, currency FROM back
            UNION SELECT store_id, period, currency FROM parcels) k
      JOIN st ON st.id = k.store_id
      LEFT JOIN sales sa USING (store_id, period, currency)
      LEFT JOIN refunds rf USING (store_id, period, currency)
      LEFT JOIN back b USING (store_id, period, currency)
      LEFT JOIN parcels pa USING (store_id, period, currency)),
  t AS (
    SELECT p.period,
           CASE (SELECT kby FROM d) WHEN 'channel' THEN st.channel
                ELSE st.code END AS key,
           max(CASE (SELECT kby FROM d) WHEN 'channel' THEN NULL
                    ELSE st.name END) AS name,
           p.currency, sum(p.orders) AS orders, sum(p.revenue) AS revenue,
           sum(p.discounts) AS discounts, sum(p.shipping) AS shipping,
           sum(p.refunds) AS refunds, round(sum(p.cogs), 2) AS cogs,
           round(sum(p.returned), 2) AS returned, sum(p.fees) AS fees,
           round(sum(p.carrier), 2) AS carrier,
           round(sum(p.boxes), 2) AS boxes
      FROM per_store p JOIN st ON st.id = p.store_id
     GROUP BY 1, 2, 4)
  SELECT t.period, t.key, t.name, t.currency, t.orders::bigint, t.revenue,
         t.discounts, t.shipping, t.refunds, t.cogs, t.returned, t.fees,
         t.carrier, t.boxes, c.cost_currency, m.margin,
         CASE WHEN m.margin IS NOT NULL
                   AND t.revenue - t.discounts + t.shipping - t.refunds > 0
              THEN round(100 * m.margin / (t.revenue - t.discounts
                                           + t.shipping - t.refunds), 1)
         END
    FROM t CROSS JOIN purchasing_setting c
    CROSS JOIN LATERAL (
      SELECT CASE WHEN t.currency = c.cost_currency
               THEN t.revenue - t.discounts + t.shipping - t.refunds - t.cogs
                    + t.returned - t.fees - t.carrier - t.boxes
             END AS margin) m
   ORDER BY t.period, t.key, t.currency
$f$;
