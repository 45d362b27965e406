-- The back-office dashboard, one JSON document per call. Every part reads
-- either a tally (orders per state, sales per day: 0043-dashboard.sql) or a
-- set bounded by what is open or recent (late orders, the last 24 hours of
-- picks, open receipts), never the order history. The parts are PL/pgSQL,
-- which keeps each query's plan on the pooled connection: SQL functions
-- would be planned again on every call, several ms each.

-- The order states in the order the floor moves an order through them.
CREATE OR REPLACE FUNCTION dash_states() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $f$
  SELECT ARRAY['new', 'on_hold', 'allocated', 'backordered', 'picking',
               'packed', 'partially_shipped', 'shipped', 'delivered',
               'cancelled']
$f$;

-- Orders per state of warehouse @in_wh (NULL: all), every state present.
CREATE OR REPLACE FUNCTION dash_orders_by_state(in_wh bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT json_object_agg(s.state, coalesce(c.n, 0) ORDER BY s.ord)
      FROM unnest(dash_states()) WITH ORDINALITY AS s(state, ord)
      LEFT JOIN (SELECT state, sum(n) AS n FROM order_state_tally
                  WHERE in_wh IS NULL OR warehouse_id = in_wh
                  GROUP BY state) c ON c.state = s.state);
END $$;

-- Sales of the stores shipping from @in_wh since @in_from (a day), per
-- currency: {"orders": n, "amounts": [{"currency", "amount"}]}.
CREATE OR REPLACE FUNCTION dash_sales_since(in_wh bigint, in_from date)
RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH c AS (
      SELECT t.currency, sum(t.orders) AS orders, sum(t.amount) AS amount
        FROM sales_day_tally t JOIN store s ON s.id = t.store_id
       WHERE t.day >= in_from AND (in_wh IS NULL OR s.warehouse_id = in_wh)
       GROUP BY t.currency)
    SELECT json_build_object(
      'orders', coalesce((SELECT sum(orders) FROM c), 0),
      'amounts', coalesce((SELECT json_agg(json_build_object('currency',
        currency, 'amount', amount::text) ORDER BY currency) FROM c), '[]')));
END $$;

CREATE OR REPLACE FUNCTION dash_sales(in_wh bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH days AS (
      SELECT d::date AS day
        FROM generate_series(current_date - 29, current_date,
                             interval '1 day') d),
    t AS (
      SELECT t.store_id, t.day, t.currency, sum(t.orders) AS orders,
             sum(t.amount) AS amount
        FROM sales_day_tally t JOIN store s ON s.id = t.store_id
       WHERE t.day >= current_date - 29
         AND (in_wh IS NULL OR s.warehouse_id = in_wh)
       GROUP BY 1, 2, 3),
    per_day AS (
      SELECT day, sum(orders) AS orders,
             json_agg(json_build_object('currency', currency,
               'amount', amount::text) ORDER BY currency) AS amounts
        FROM (SELECT day, currency, sum(orders) AS orders, sum(amount) AS amount
                FROM t GROUP BY 1, 2) x
       GROUP BY day),
    per_store AS (
      SELECT s.code, s.name, coalesce(t.currency, s.currency) AS currency,
             coalesce(sum(t.orders) FILTER (WHERE t.day = current_date), 0)
               AS o1,
             coalesce(sum(t.amount) FILTER (WHERE t.day = current_date), 0)
               AS a1,
             coalesce(sum(t.orders) FILTER (WHERE t.day >= current_date - 6),
               0) AS o7,
             coalesce(sum(t.amount) FILTER (WHERE t.day >= current_date - 6),
               0) AS a7,
             coalesce(sum(t.orders), 0) AS o30,
             coalesce(sum(t.amount), 0) AS a30
        FROM store s LEFT JOIN t ON t.store_id = s.id
       WHERE s.active AND (in_wh IS NULL OR s.warehouse_id = in_wh)
       GROUP BY s.code, s.name, coalesce(t.currency, s.currency))
    SELECT json_build_object(
      'today', dash_sales_since(in_wh, current_date),
      'd7', dash_sales_since(in_wh, current_date - 6),
      'd30', dash_sales_since(in_wh, current_date - 29),
      'by_store', coalesce((SELECT json_agg(json_build_object(
          'store', code, 'name', name, 'currency', currency,
          'today', json_build_object('orders', o1, 'amount', a1::text),
          'd7', json_build_object('orders', o7, 'amount', a7::text),
          'd30', json_build_object('orders', o30, 'amount', a30::text))
          ORDER BY a30 DESC, code) FROM per_store), '[]'),
      'by_day', (SELECT json_agg(json_build_object(
          'day', days.day, 'orders', coalesce(p.orders, 0),
          'amounts', coalesce(p.amounts, '[]')) ORDER BY days.day)
          FROM days LEFT JOIN per_day p ON p.day = days.day)));
END $$;

-- Open orders of @in_wh past their store's promised dispatch time: the
-- count and the ten oldest. Store by store, so each store's due time is a
-- bound on the open-order index (store, created_at) and only late orders
-- are read, however many are open.
CREATE OR REPLACE FUNCTION dash_late(in_wh bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH per AS (
      SELECT s.id, s.code, s.ship_within_hours AS hours,
             now() - make_interval(hours => s.ship_within_hours) AS due_before
        FROM store s),
    n AS (
      SELECT coalesce(sum(c.n), 0) AS n
        FROM per CROSS JOIN LATERAL (
          SELECT count(*) AS n FROM sales_order o
           WHERE o.store_id = per.id AND o.created_at < per.due_before
             AND o.state IN ('new', 'on_hold', 'allocated', 'backordered',
                             'picking', 'packed', 'partially_shipped')
             AND (in_wh IS NULL OR o.warehouse_id = in_wh)) c),
    top AS (
      SELECT x.*
        FROM per CROSS JOIN LATERAL (
          SELECT o.id, o.external_id, per.code AS store, o.state,
                 o.created_at,
                 o.created_at + make_interval(hours => per.hours) AS due_at
            FROM sales_order o
           WHERE o.store_id = per.id AND o.created_at < per.due_before
             AND o.state IN ('new', 'on_hold', 'allocated', 'backordered',
                             'picking', 'packed', 'partially_shipped')
             AND (in_wh IS NULL OR o.warehouse_id = in_wh)
           ORDER BY o.created_at, o.id LIMIT 10) x)
    SELECT json_build_object('count', (SELECT n FROM n),
      'items', coalesce((SELECT json_agg(t ORDER BY t.created_at, t.id)
        FROM (SELECT * FROM top ORDER BY created_at, id LIMIT 10) t), '[]')));
END $$;

-- Pick lines and units per hour over the last 24 hours, oldest first,
-- hours without picks included.
CREATE OR REPLACE FUNCTION dash_pick_rate(in_wh bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH h AS (
      SELECT generate_series(date_trunc('hour', now()) - interval '23 hours',
                             date_trunc('hour', now()), interval '1 hour')
               AS hour),
    p AS (
      SELECT date_trunc('hour', m.created_at) AS hour, count(*) AS lines,
             sum(m.qty) AS units
        FROM stock_move m JOIN location l ON l.id = m.from_location_id
       WHERE m.reason = 'pick'
         AND m.created_at >= date_trunc('hour', now()) - interval '23 hours'
         AND (in_wh IS NULL OR l.warehouse_id = in_wh)
       GROUP BY 1)
    SELECT json_agg(json_build_object(
             'hour', to_char(h.hour AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:00:00"Z"'),
             'lines', coalesce(p.lines, 0), 'units', coalesce(p.units, 0))
             ORDER BY h.hour)
      FROM h LEFT JOIN p ON p.hour = h.hour);
END $$;

-- What the dock still expects (approved, sent and partly received POs) and
-- what waits in receiving for putaway.
CREATE OR REPLACE FUNCTION dash_receiving(in_wh bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH po AS (
      SELECT count(DISTINCT po.id) AS n,
             coalesce(sum(greatest(pl.qty - pl.received_qty - pl.damaged_qty,
                                   0)), 0) AS units
        FROM purchase_order po JOIN po_line pl ON pl.po_id = po.id
       WHERE po.state IN ('approved', 'sent', 'partially_received')
         AND (in_wh IS NULL OR po.warehouse_id = in_wh)),
    pt AS (
      SELECT count(*) AS n, coalesce(sum(qty - done_qty), 0) AS units
        FROM putaway_task
       WHERE state = 'open' AND (in_wh IS NULL OR warehouse_id = in_wh))
    SELECT json_build_object('purchase_orders', po.n, 'units_open', po.units,
      'putaway_tasks', pt.n, 'putaway_units', pt.units)
      FROM po, pt);
END $$;

-- Open exceptions of @in_wh on the desk: the count and the count per
-- kind. Reads the partial index on open exceptions only.
CREATE OR REPLACE FUNCTION dash_exceptions(in_wh bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH k AS (
      SELECT kind, count(*) AS n FROM fulfil_exception
       WHERE state = 'open' AND (in_wh IS NULL OR warehouse_id = in_wh)
       GROUP BY kind)
    SELECT json_build_object('count', coalesce((SELECT sum(n) FROM k), 0),
      'by_kind', coalesce((SELECT json_object_agg(kind, n ORDER BY kind)
                             FROM k), '{}')));
END $$;

-- Low-stock alerts of warehouse @in_wh (a code; NULL: all): the count
-- and the ten largest shortfalls. (PL/pgSQL: stock_low_docs is loaded
-- after this file, and only a SQL function's body is checked at creation.)
CREATE OR REPLACE FUNCTION dash_low_stock(in_wh text) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT json_build_object('count', count(*),
            'items', coalesce(json_agg(d ORDER BY n) FILTER (WHERE n <= 10),
                              '[]'))
            FROM stock_low_docs(in_wh) WITH ORDINALITY AS x(d, n));
END $$;

-- Part @in_part (low_stock, pick_rate) of the dashboard of @in_wh (a code;
-- NULL: all; @in_wh_id its id), reused for a minute (dash_cache): low
-- stock reads every planned SKU's stock and the pick rate every pick of
-- the last day, while the rest of the dashboard costs a few milliseconds.
-- The part carries "as_of", when it was worked out.
CREATE OR REPLACE FUNCTION dash_cached(in_wh text, in_wh_id bigint,
  in_part text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
  key text := coalesce(in_wh, '');
  doc json;
BEGIN
  SELECT c.doc INTO doc FROM dash_cache c
   WHERE c.warehouse = key AND c.part = in_part
     AND c.computed_at > now() - interval '1 minute';
  IF FOUND THEN
    RETURN doc;
  END IF;
  doc := json_build_object('as_of', now(), 'data',
           CASE in_part WHEN 'low_stock' THEN dash_low_stock(in_wh)
                        ELSE dash_pick_rate(in_wh_id) END);
  INSERT INTO dash_cache (warehouse, part, doc, computed_at)
  VALUES (key, in_part, doc, now())
  ON CONFLICT (warehouse, part) DO UPDATE
    SET doc = excluded.doc, computed_at = excluded.computed_at;
  RETURN doc;
END $$;

-- The dashboard of warehouse @in_wh (a code; NULL: every warehouse).
-- An unknown code is refused by the caller before this runs.
CREATE OR REPLACE FUNCTION dash_doc(in_wh text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  by_state json;
  low json;
  picks json;
BEGIN
  IF in_wh IS NOT NULL THEN
    SELECT id INTO wh FROM warehouse WHERE code = in_wh;
    wh := coalesce(wh, -1);
  END IF;
  by_state := dash_orders_by_state(wh);
  low := dash_cached(in_wh, wh, 'low_stock');
  picks := dash_cached(in_wh, wh, 'pick_rate');
  RETURN json_build_object(
    'orders_by_state', by_state,
    'orders_total', (SELECT coalesce(sum(value::text::bigint), 0)
                       FROM json_each(by_state)),
    'orders_today', (SELECT coalesce(sum(n), 0) FROM order_day_tally
                      WHERE day = current_date
                        AND (wh IS NULL OR warehouse_id = wh)),
    'unprocessed', (by_state->>'new')::bigint
                   + (by_state->>'on_hold')::bigint
                   + (by_state->>'backordered')::bigint,
    'late', dash_late(wh),
    'sales', dash_sales(wh),
    'low_stock', low->'data',
    'low_stock_as_of', low->'as_of',
    'pick_rate', picks->'data',
    'pick_rate_as_of', picks->'as_of',
    'receiving_backlog', dash_receiving(wh),
    'exceptions_open', dash_exceptions(wh),
    -- Feedback tickets past their due time (issue 20, crm_feedback.sql).
    'feedback_overdue', json_build_object('count',
                          crm_feedback_overdue(in_wh)));
END $$;
