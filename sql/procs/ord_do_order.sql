-- Order intake and allocation. An order arrives as one normalized JSON
-- document (built in C from the API body or a channel's webhook), so every
-- channel takes the same path.

DROP FUNCTION IF EXISTS ord_allocate_line(bigint, bigint, bigint, bigint);
DROP FUNCTION IF EXISTS ord_pick_warehouse(bigint);
-- ord_do_cancel took no note before channel cancellations.
DROP FUNCTION IF EXISTS ord_do_cancel(bigint, bigint, text);
DROP FUNCTION IF EXISTS ord_do_fix(bigint, jsonb, jsonb, bigint, text);

-- Finds or creates the customer: by email, else by phone. A known
-- customer is only read (a repeat buyer's row is not rewritten on every
-- order); a missing name is filled in from a later order. A sealed
-- customer (from C: email_bidx, phone_bidx, pii, kv) matches by its blind
-- indexes; a plain one (SQL seeding) is stored plain and sealed by the
-- server's next start (core_pii_batch.c).
CREATE OR REPLACE FUNCTION ord_customer(in_c jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_name text := coalesce(in_c->>'name', '');
  v_eb bytea := pii_bytes(in_c->>'email_bidx', 'hex');
  v_pb bytea := pii_bytes(in_c->>'phone_bidx', 'hex');
  known text;
  cid bigint;
BEGIN
  IF NOT in_c ? 'kv' THEN
    RETURN ord_customer_plain(in_c);
  END IF;
  IF v_eb IS NOT NULL THEN
    SELECT c.id, c.name INTO cid, known FROM customer c
     WHERE c.email_bidx = v_eb;
    IF cid IS NOT NULL THEN
      IF known = '' AND v_name <> '' THEN
        UPDATE customer SET name = v_name WHERE id = cid;
      END IF;
      RETURN cid;
    END IF;
    -- A concurrent order may create the same customer first.
    INSERT INTO customer (name, pii, email_bidx, phone_bidx, pii_kv)
    VALUES (v_name, pii_bytes(in_c->>'pii', 'base64'), v_eb, v_pb,
            (in_c->>'kv')::smallint)
    ON CONFLICT (email_bidx) WHERE email_bidx IS NOT NULL
      DO UPDATE SET name = CASE WHEN customer.name = '' THEN excluded.name
                                ELSE customer.name END
    RETURNING id INTO cid;
    RETURN cid;
  END IF;
  IF v_pb IS NOT NULL THEN
    SELECT c.id INTO cid FROM customer c WHERE c.phone_bidx = v_pb
     ORDER BY c.id LIMIT 1;
    IF cid IS NOT NULL THEN
      RETURN cid;
    END IF;
  END IF;
  INSERT INTO customer (name, pii, phone_bidx, pii_kv)
  VALUES (v_name, pii_bytes(in_c->>'pii', 'base64'), v_pb,
          (in_c->>'kv')::smallint)
  RETURNING id INTO cid;
  RETURN cid;
END $$;

-- The same for a plain customer document (SQL seeding only: C always
-- seals): matched and stored plain until the server seals it.
CREATE OR REPLACE FUNCTION ord_customer_plain(in_c jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_email text := coalesce(in_c->>'email', '');
  v_phone text := coalesce(in_c->>'phone', '');
  v_name text := coalesce(in_c->>'name', '');
  cid bigint;
BEGIN
  IF v_email <> '' THEN
    INSERT INTO customer (name, email, phone)
    VALUES (v_name, v_email, v_phone)
    ON CONFLICT (lower(email)) WHERE email <> ''
      DO UPDATE SET name = CASE WHEN customer.name = '' THEN excluded.name
                                ELSE customer.name END
    RETURNING id INTO cid;
    RETURN cid;
  END IF;
  IF v_phone <> '' THEN
    SELECT c.id INTO cid FROM customer c WHERE c.phone = v_phone
     ORDER BY c.id LIMIT 1;
    IF cid IS NOT NULL THEN
      RETURN cid;
    END IF;
  END IF;
  INSERT INTO customer (name, email, phone)
  VALUES (v_name, '', v_phone) RETURNING id INTO cid;
  RETURN cid;
END $$;

-- PL/pgSQL rather than SQL: its plan is kept for the connection, where an
-- SQL function's insert is planned again on every call.
CREATE OR REPLACE FUNCTION ord_event(in_order bigint, in_from text, in_to text,
  in_note text, in_user bigint, in_request text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_event (order_id, from_state, to_state, note, user_id,
    request_id)
  VALUES (in_order, in_from, in_to, coalesce(in_note, ''), in_user,
    coalesce(in_request, ''));
END $$;

-- The holds an order deserves now: unknown SKUs, prices off the store's
-- price list, zero prices, an incomplete address, another currency; each
-- with its figures as params, which the UIs word (hold_detail.<reason>).
-- PL/pgSQL so the plan of the union is kept, not made again per order.
DROP FUNCTION IF EXISTS ord_holds(bigint);
CREATE OR REPLACE FUNCTION ord_holds(in_order bigint)
RETURNS TABLE (reason text, field text, detail text, params jsonb)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT 'unknown_sku', 'lines[' || (l.line_no - 1) || '].sku',
         'no SKU or barcode ' || l.sku_code,
         jsonb_build_object('line', l.line_no, 'sku', l.sku_code)
    FROM order_line l WHERE l.order_id = in_order AND l.requires_shipping
     AND l.sku_id IS NULL
  UNION ALL
  SELECT 'zero_price', 'lines[' || (l.line_no - 1) || '].unit_price',
         l.sku_code || ' is priced 0',
         jsonb_build_object('line', l.line_no, 'sku', l.sku_code)
    FROM order_line l WHERE l.order_id = in_order AND l.requires_shipping
     AND l.unit_price = 0 AND NOT l.price_accepted AND l.kit_of IS NULL
  UNION ALL
  SELECT 'price_mismatch', 'lines[' || (l.line_no - 1) || '].unit_price',
         l.sku_code || ' at ' || l.unit_price || ', price list ' || p.price,
         jsonb_build_object('line', l.line_no, 'sku', l.sku_code,
                            'price', l.unit_price::text, 'list', p.price::text)
    FROM order_line l
    JOIN sales_order o ON o.id = l.order_id
    JOIN store s ON s.id = o.store_id
    JOIN store_price p ON p.store_id = s.id AND p.sku_id = l.sku_id
   WHERE l.order_id = in_order AND l.unit_price > 0 AND NOT l.price_accepted
     AND l.kit_of IS NULL
     AND abs(l.unit_price - p.price) * 100 > p.price * s.price_tolerance
  UNION ALL
  SELECT 'address_incomplete', 'ship_to.' || k, k || ' is missing',
         jsonb_build_object('field', k)
    FROM sales_order o, unnest(ARRAY['name', 'line1', 'city', 'country_code']) k
   WHERE o.id = in_order AND coalesce(o.ship_to->>k, '') = ''
     AND NOT coalesce(o.ship_to->'_enc' ? k, false)
     AND EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = in_order
                    AND l.requires_shipping)
  UNION ALL
  SELECT 'currency_mismatch', 'currency',
         o.currency || ' order in a ' || s.currency || ' store',
         jsonb_build_object('currency', o.currency, 'store_currency',
                            s.currency)
    FROM sales_order o JOIN store s ON s.id = o.store_id
   WHERE o.id = in_order AND o.currency <> s.currency
     AND NOT o.currency_accepted;
END $$;

-- Whether warehouse in_wh holds enough free stock (reservable: not
-- blocked, quarantined or expired) for every shippable line of in_order.
CREATE OR REPLACE FUNCTION ord_can_ship(in_order bigint, in_wh bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM order_line l
     WHERE l.order_id = in_order AND l.requires_shipping
       AND l.qty - l.allocated_qty > coalesce((
         SELECT sum(q.on_hand - q.reserved)
           FROM stock_quant q
           JOIN location b ON b.id = q.location_id
           LEFT JOIN zone z ON z.id = b.zone_id
           LEFT JOIN lot t ON t.id = q.lot_id
          WHERE q.sku_id = l.sku_id AND b.warehouse_id = in_wh
            AND b.kind = 'bin' AND NOT b.blocked
            AND (z.type IS NULL OR z.type NOT IN ('quarantine', 'returns'))
            AND (t.expiry IS NULL OR t.expiry >= current_date)), 0))
$$;

-- What warehouse in_wh can reserve for the order's open shippable lines,
-- worked out in one statement: the free quants of all its SKUs are locked
-- in id order (the global lock order, so concurrent allocations cannot
-- deadlock or promise one unit twice), ranked in removal order (FEFO for
-- expiry-tracked SKUs, else FIFO by in_date, ties by pick sequence), and
-- each line takes the stretch of its SKU's free units that lines before it
-- (same SKU, lower line number) leave: the overlap of [n_from, n_from +
-- need) with each quant's [f_from, f_from + free). Blocked bins, quarantine
-- zones and expired lots are never taken. out_short is what is left over.
CREATE OR REPLACE FUNCTION ord_allocate_plan(in_order bigint, in_wh bigint,
  OUT out_lines bigint[], OUT out_quants bigint[], OUT out_qtys bigint[],
  OUT out_short bigint)
LANGUAGE plpgsql AS $$
BEGIN
  WITH need AS MATERIALIZED (
    SELECT l.id, l.sku_id, l.kit_of, l.qty - l.allocated_qty AS need,
           sum(l.qty - l.allocated_qty) OVER (PARTITION BY l.sku_id
             ORDER BY l.line_no ROWS UNBOUNDED PRECEDING)
             - (l.qty - l.allocated_qty) AS n_from
      FROM order_line l
     WHERE l.order_id = in_order AND l.requires_shipping
       AND l.allocated_qty < l.qty),
  locked AS MATERIALIZED (
    SELECT q.id, q.sku_id, q.on_hand - q.reserved AS free, q.in_date,
           CASE WHEN k.expiry_tracked THEN t.expiry END AS expiry,
           b.pick_sequence
      FROM stock_quant q
      JOIN sku k ON k.id = q.sku_id
      JOIN location b ON b.id = q.location_id
      LEFT JOIN zone z ON z.id = b.zone_id
      LEFT JOIN lot t ON t.id = q.lot_id
     WHERE q.sku_id IN (SELECT sku_id FROM need)
       AND b.warehouse_id = in_wh AND b.kind = 'bin' AND NOT b.blocked
       AND (z.type IS NULL OR z.type NOT IN ('quarantine', 'returns'))
       AND (t.expiry IS NULL OR t.expiry >= current_date)
       AND q.on_hand > q.reserved
     ORDER BY q.id
       FOR UPDATE OF q),
  avail AS (
    SELECT id, sku_id, free,
           sum(free) OVER (PARTITION BY sku_id
             ORDER BY expiry NULLS LAST, in_date, pick_sequence, id
             ROWS UNBOUNDED PRECEDING) - free AS f_from
      FROM locked),
  take_all AS (
    SELECT n.id AS line_id, a.id AS quant_id,
           least(n.n_from + n.need, a.f_from + a.free)
             - greatest(n.n_from, a.f_from) AS qty
      FROM need n JOIN avail a ON a.sku_id = n.sku_id
     WHERE a.f_from < n.n_from + n.need AND n.n_from < a.f_from + a.free),
  -- A kit's component lines are reserved all or none: a kit with any
  -- component short takes nothing here (backordered as one).
  broken AS (
    SELECT DISTINCT n.kit_of FROM need n
     WHERE n.kit_of IS NOT NULL
       AND n.need > coalesce((SELECT sum(t.qty) FROM take_all t
                               WHERE t.line_id = n.id), 0)),
  take AS (
    SELECT t.* FROM take_all t JOIN need n ON n.id = t.line_id
     WHERE n.kit_of IS NULL OR n.kit_of NOT IN (SELECT kit_of FROM broken))
  SELECT array_agg(line_id ORDER BY line_id, quant_id),
         array_agg(quant_id ORDER BY line_id, quant_id),
         array_agg(qty ORDER BY line_id, quant_id),
         (SELECT coalesce(sum(need), 0) FROM need) - coalesce(sum(qty), 0)
    INTO out_lines, out_quants, out_qtys, out_short
    FROM take;
END $$;

-- Carries out a plan of ord_allocate_plan in warehouse in_wh (in the same
-- transaction, so its quants are still locked): the quants' reserved
-- units, one reservation per line (reference 'order N line L'; a released
-- one comes back, an active one grows), its reservation lines, the
-- order's allocation rows and the lines' allocated units, in one
-- statement.
CREATE OR REPLACE FUNCTION ord_allocate_apply(in_order bigint, in_wh bigint,
  in_lines bigint[], in_quants bigint[], in_qtys bigint[])
RETURNS void
LANGUAGE plpgsql
-- Planning this statement for each order's arrays costs as much as running
-- it; its generic plan serves every order (it is made again whenever
-- ANALYZE changes the statistics of a table it reads).
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  quants_done bigint;
  quants_want bigint;
  lines_done bigint;
  lines_want bigint;
BEGIN
  IF in_lines IS NULL THEN
    RETURN;
  END IF;
  WITH t AS MATERIALIZED (
    SELECT * FROM unnest(in_lines, in_quants, in_qtys) AS t(line_id, quant_id, qty)),
  q AS (
    UPDATE stock_quant s SET reserved = s.reserved + x.qty
      FROM (SELECT quant_id, sum(qty) AS qty FROM t GROUP BY quant_id) x
     WHERE s.id = x.quant_id AND s.on_hand - s.reserved >= x.qty
    RETURNING s.id),
  got AS MATERIALIZED (
    SELECT l.store_id, l.id AS line_id, l.sku_id, sum(t.qty) AS qty,
           'order ' || in_order || ' line ' || l.line_no AS reference
      FROM t JOIN order_line l ON l.id = t.line_id
     GROUP BY l.store_id, l.id),
  r AS (
    INSERT INTO reservation AS r (warehouse_id, sku_id, qty, reference)
    SELECT in_wh, sku_id, qty, reference FROM got
    ON CONFLICT (warehouse_id, sku_id, reference) DO UPDATE
      SET qty = CASE WHEN r.state = 'active' THEN r.qty + excluded.qty
                     ELSE excluded.qty END,
          state = 'active', closed_at = NULL
      WHERE r.state <> 'consumed'
    RETURNING r.id, r.reference),
  rl AS (
    INSERT INTO reservation_line AS x (warehouse_id, reservation_id,
      quant_id, qty)
    SELECT in_wh, r.id, t.quant_id, t.qty
      FROM t JOIN got g ON g.line_id = t.line_id
      JOIN r ON r.reference = g.reference
    ON CONFLICT (warehouse_id, reservation_id, quant_id)
      DO UPDATE SET qty = x.qty + excluded.qty),
  a AS (
    INSERT INTO order_allocation AS x (store_id, order_id, line_id,
      warehouse_id, reservation_id, qty)
    SELECT g.store_id, in_order, g.line_id, in_wh, r.id, g.qty
      FROM got g JOIN r ON r.reference = g.reference
    ON CONFLICT (store_id, line_id, warehouse_id)
      DO UPDATE SET qty = x.qty + excluded.qty),
  ol AS (
    UPDATE order_line l SET allocated_qty = l.allocated_qty + g.qty,
           reservation_id = coalesce(l.reservation_id, r.id)
      FROM got g JOIN r ON r.reference = g.reference
     WHERE l.id = g.line_id)
  SELECT (SELECT count(*) FROM q), (SELECT count(DISTINCT quant_id) FROM t),
         (SELECT count(*) FROM r), (SELECT count(*) FROM got)
    INTO quants_done, quants_want, lines_done, lines_want;
  IF quants_done <> quants_want THEN
    -- The plan's locks make this unreachable; never reserve what is gone.
    RAISE EXCEPTION 'quants changed during allocation of order %', in_order
      USING ERRCODE = '40001';
  END IF;
  IF lines_done <> lines_want THEN
    RAISE EXCEPTION 'order % has a consumed reservation for an open line',
      in_order;
  END IF;
END $$;

-- Reserves what warehouse in_wh has for the order's open lines; returns
-- the units still missing.
CREATE OR REPLACE FUNCTION ord_allocate_in(in_order bigint, in_wh bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  p record;
BEGIN
  p := ord_allocate_plan(in_order, in_wh);
  PERFORM ord_allocate_apply(in_order, in_wh, p.out_lines, p.out_quants,
                             p.out_qtys);
  RETURN p.out_short;
END $$;

-- Reserves an order's open lines: in the warehouse it is allocated in
-- already; else in the store's, if that can ship the whole order; else in
-- another active warehouse that can (own ones first); else in the
-- store's, and what it lacks in the other warehouses (a split order).
-- Returns the warehouse and the units no warehouse has (backordered).
CREATE OR REPLACE FUNCTION ord_reserve(o sales_order, OUT out_wh bigint,
  OUT out_short bigint)
LANGUAGE plpgsql AS $$
DECLARE
  p record;
  other bigint;
  w record;
BEGIN
  out_wh := coalesce(o.warehouse_id,
                     (SELECT warehouse_id FROM store WHERE id = o.store_id));
  p := ord_allocate_plan(o.id, out_wh);
  IF p.out_short > 0 AND o.warehouse_id IS NULL THEN
    -- The plan's locks on the store's quants stay until commit: harmless,
    -- and rare (the store's warehouse is short).
    SELECT x.id INTO other FROM warehouse x
     WHERE x.active AND x.id <> out_wh AND ord_can_ship(o.id, x.id)
     ORDER BY x.owner_kind <> 'own', x.id LIMIT 1;
    IF other IS NOT NULL THEN
      out_wh := other;
      p := ord_allocate_plan(o.id, out_wh);
    END IF;
  END IF;
  PERFORM ord_allocate_apply(o.id, out_wh, p.out_lines, p.out_quants,
                             p.out_qtys);
  out_short := p.out_short;
  FOR w IN SELECT x.id FROM warehouse x WHERE x.active AND x.id <> out_wh
            ORDER BY x.owner_kind <> 'own', x.id
  LOOP
    EXIT WHEN out_short <= 0;
    out_short := ord_allocate_in(o.id, w.id);
  END LOOP;
END $$;

-- Validates and allocates an order: holds if anything is wrong, else
-- reserves every shippable line as far as stock goes; the rest stays
-- backordered until allocated again. One update of the order row at the
-- end (its tally trigger runs once).
CREATE OR REPLACE FUNCTION ord_do_allocate(in_order bigint, in_user bigint,
  in_request text, OUT out_state text)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  r record;
  held integer;
BEGIN
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  out_state := o.state;
  IF o.state NOT IN ('new', 'on_hold', 'backordered') THEN
    RETURN;
  END IF;
  INSERT INTO order_hold (store_id, order_id, reason, field, detail, params)
  SELECT o.store_id, in_order, h.reason, h.field, h.detail, h.params
    FROM ord_holds(in_order) h;
  GET DIAGNOSTICS held = ROW_COUNT;
  IF held > 0 THEN
    out_state := 'on_hold';
    IF o.state <> out_state THEN
      UPDATE sales_order SET state = out_state, updated_at = now()
       WHERE id = in_order;
    END IF;
  ELSE
    r := ord_reserve(o);
    out_state := CASE WHEN r.out_short > 0 THEN 'backordered'
                      ELSE 'allocated' END;
    UPDATE sales_order so SET warehouse_id = r.out_wh,
           merge_key = CASE WHEN st.allow_merge THEN md5(concat_ws('|',
             so.customer_id, lower(so.ship_to->>'name'),
             coalesce(so.ship_to->>'_addr', lower(so.ship_to->>'line1')
               || '|' || lower(so.ship_to->>'line2')),
             lower(so.ship_to->>'city'), lower(so.ship_to->>'postcode'),
             upper(so.ship_to->>'country_code'))) END,
           state = out_state,
           updated_at = CASE WHEN so.state <> out_state THEN now()
                             ELSE so.updated_at END
      FROM store st WHERE so.id = in_order AND st.id = so.store_id;
  END IF;
  IF out_state <> o.state THEN
    PERFORM ord_event_params(in_order, o.state, out_state,
      CASE WHEN out_state = 'on_hold' THEN held || ' hold(s)' END,
      CASE WHEN out_state = 'on_hold' THEN 'holds' END,
      CASE WHEN out_state = 'on_hold' THEN jsonb_build_object('n', held) END,
      in_user, in_request);
  END IF;
END $$;

-- Gives order in_order's lines their whole discount: a kit line's moves
-- to its components (kit_discount_spread), then the order-level
-- in_discount is spread over the priced lines by what each is still worth
-- (qty x unit price - its own discount; the most valuable line takes the
-- rounding), never more than they are worth in all.
CREATE OR REPLACE FUNCTION ord_discount_spread(in_order bigint,
  in_discount numeric)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- Only a kit line with a discount has any to move (most orders: none).
  IF EXISTS (SELECT 1 FROM order_line k WHERE k.order_id = in_order
                AND k.kit_price IS NOT NULL AND k.discount > 0) THEN
    PERFORM kit_discount_spread(in_order);
  END IF;
  IF in_discount <= 0 THEN
    RETURN;
  END IF;
  WITH v AS (
    SELECT l.id, l.qty * l.unit_price - l.discount AS w
      FROM order_line l
     WHERE l.order_id = in_order AND l.kit_price IS NULL
       AND l.qty * l.unit_price - l.discount > 0),
  t AS (
    SELECT v.*, sum(v.w) OVER () AS ws,
           least(in_discount, sum(v.w) OVER ()) AS d,
           row_number() OVER (ORDER BY v.w DESC, v.id DESC) AS rank
      FROM v),
  p AS (SELECT t.*, round(t.d * t.w / t.ws, 2) AS part FROM t),
  f AS (
    SELECT p.id, CASE WHEN p.rank = 1
             THEN p.d - (sum(p.part) OVER () - p.part) ELSE p.part END AS share
      FROM p)
  UPDATE order_line l SET discount = l.discount + f.share
    FROM f WHERE l.id = f.id;
END $$;

-- Takes in one order. Idempotent by (store, external id): the same
-- content again returns the order, other content is a conflict. The
-- order row is written once with its customer, the lines in one insert.
CREATE OR REPLACE FUNCTION ord_do_intake(in_store bigint, in_doc jsonb,
  in_user bigint, in_request text, OUT out_order_id bigint,
  OUT out_replayed boolean, OUT out_conflict boolean, OUT out_state text)
LANGUAGE plpgsql AS $$
DECLARE
  hash text;
  prior sales_order%ROWTYPE;
BEGIN
  out_replayed := false; out_conflict := false;
  -- An order that names no currency is in its store's currency; filled in
  -- before hashing, so a redelivery that names it is the same content.
  IF coalesce(in_doc->>'currency', '') = '' THEN
    in_doc := in_doc || jsonb_build_object('currency',
      (SELECT currency FROM store WHERE id = in_store));
  END IF;
  hash := md5(pii_hashable(in_doc)::text);
  SELECT * INTO prior FROM sales_order
   WHERE store_id = in_store AND external_id = in_doc->>'external_id';
  IF NOT FOUND THEN
    INSERT INTO sales_order (store_id, external_id, currency, shipping_amount,
      total, ship_to, notes, content_hash, customer_id, ship_to_pii, pii_kv,
      discount)
    VALUES (in_store, in_doc->>'external_id', in_doc->>'currency',
      coalesce((in_doc->>'shipping_amount')::numeric, 0),
      -- A channel that sends no total gets the lines' sum net of the
      -- discounts plus shipping, so sales figures never count an order as
      -- nothing.
      coalesce((in_doc->>'total')::numeric,
        greatest((SELECT coalesce(sum((e->>'qty')::numeric
                               * (e->>'unit_price')::numeric
                               - coalesce((e->>'discount')::numeric, 0)), 0)
                    FROM jsonb_array_elements(in_doc->'lines') e)
                 - coalesce((in_doc->>'discount')::numeric, 0), 0)
        + coalesce((in_doc->>'shipping_amount')::numeric, 0)),
      coalesce(in_doc->'ship_to', '{}'), coalesce(in_doc->>'notes', ''), hash,
      ord_customer(in_doc->'customer'),
      pii_bytes(in_doc->>'ship_to_pii', 'base64'),
      (in_doc->>'pii_kv')::smallint,
      coalesce((in_doc->>'discount')::numeric, 0))
    ON CONFLICT (store_id, external_id) DO NOTHING
    RETURNING id INTO out_order_id;
    IF out_order_id IS NULL THEN
      -- A concurrent delivery of the same order committed first. Retried,
      -- this finds that order; the customer just written is undone.
      RAISE EXCEPTION 'order % of store % taken in concurrently',
        in_doc->>'external_id', in_store USING ERRCODE = '40001';
    END IF;
  END IF;
  IF out_order_id IS NULL THEN
    out_order_id := prior.id;
    out_state := prior.state;
    out_replayed := true;
    out_conflict := prior.content_hash <> hash;
    RETURN;
  END IF;
  -- A line names its SKU through the store's map (platform code), else by
  -- code, else by barcode or GTIN (a carton barcode's line counts its
  -- units, at the unit price); a kit line gets its component lines
  -- (sql/procs/kits.sql).
  PERFORM kit_intake_lines(out_order_id, in_store, in_doc->'lines');
  PERFORM ord_discount_spread(out_order_id,
    coalesce((in_doc->>'discount')::numeric, 0));
  PERFORM ord_event_params(out_order_id, NULL, 'new', in_doc->>'channel',
    'intake', jsonb_build_object('channel', in_doc->>'channel'), in_user,
    in_request);
  SELECT a.out_state INTO out_state
    FROM ord_do_allocate(out_order_id, in_user, in_request) a;
END $$;

-- POST /orders in one statement (one round trip, its own transaction):
-- the intake of in_doc into store in_store_code and the order document.
-- Nothing is written for an unknown store or a conflicting redelivery.
CREATE OR REPLACE FUNCTION ord_intake_doc(in_store_code text, in_doc jsonb,
  in_user bigint, in_request text, OUT out_unknown_store boolean,
  OUT out_replayed boolean, OUT out_conflict boolean, OUT out_doc text)
LANGUAGE plpgsql AS $$
DECLARE
  v_store bigint;
  r record;
BEGIN
  out_unknown_store := false; out_replayed := false; out_conflict := false;
  SELECT id INTO v_store FROM store WHERE code = in_store_code;
  IF v_store IS NULL THEN
    out_unknown_store := true;
    RETURN;
  END IF;
  IF in_doc ? 'cancelled' THEN
    r := ord_channel_cancel(v_store, in_doc, in_user, in_request);
    SELECT d.doc::text INTO out_doc FROM order_doc d WHERE d.id = r.out_order_id;
    out_replayed := r.out_replayed;
    RETURN;
  END IF;
  r := ord_do_intake(v_store, in_doc, in_user, in_request);
  out_replayed := r.out_replayed;
  out_conflict := r.out_conflict;
  IF NOT out_conflict THEN
    SELECT d.doc::text INTO out_doc FROM order_doc d WHERE d.id = r.out_order_id;
  END IF;
END $$;

-- A cancellation at the channel (in_doc's 'cancelled' says how: Shopify's
-- cancelled_at, WooCommerce's status) for order in_doc.external_id of store
-- in_store, as the back office's cancel: before picking its reservations
-- are released; picked units wait in their totes on the exceptions desk
-- (cancelled_after_pick); a shipped order cannot be cancelled, so it gets
-- the open hold channel_cancelled_after_ship for after-sales. A first
-- delivery that is already cancelled takes the order in, then cancels it.
-- Idempotent: a redelivery finds the order cancelled or flagged and changes
-- nothing. out_replayed: the order was known before (a 200, not a 201).
CREATE OR REPLACE FUNCTION ord_channel_cancel(in_store bigint, in_doc jsonb,
  in_user bigint, in_request text, OUT out_order_id bigint,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  note text := 'cancelled at the channel: ' || (in_doc->>'cancelled');
BEGIN
  out_replayed := true;
  SELECT * INTO o FROM sales_order
   WHERE store_id = in_store AND external_id = in_doc->>'external_id'
     FOR UPDATE;
  IF NOT FOUND THEN
    out_replayed := false;
    out_order_id := (ord_do_intake(in_store, in_doc - 'cancelled', in_user,
                                   in_request)).out_order_id;
    SELECT * INTO o FROM sales_order WHERE id = out_order_id FOR UPDATE;
  END IF;
  out_order_id := o.id;
  IF o.state = 'cancelled' THEN
    RETURN;
  END IF;
  IF o.state IN ('shipped', 'delivered', 'partially_shipped') THEN
    IF EXISTS (SELECT 1 FROM order_hold WHERE order_id = o.id
                  AND reason = 'channel_cancelled_after_ship') THEN
      RETURN;
    END IF;
    INSERT INTO order_hold (store_id, order_id, reason, detail, params)
    VALUES (o.store_id, o.id, 'channel_cancelled_after_ship',
            (in_doc->>'cancelled') || ' after the order shipped',
            jsonb_build_object('cancelled', in_doc->>'cancelled'));
    PERFORM ord_event_params(o.id, o.state, o.state,
      'channel_cancelled_after_ship: ' || note || ', after it shipped',
      'channel_cancelled_after_ship',
      jsonb_build_object('cancelled', in_doc->>'cancelled'), in_user,
      in_request);
    RETURN;
  END IF;
  PERFORM ord_do_cancel(o.id, in_user, in_request, note);
END $$;

-- Cancels an order before it ships: releases its reservations; picked
-- units wait in their totes on the exceptions desk. in_note says why, in
-- the timeline.
CREATE OR REPLACE FUNCTION ord_do_cancel(in_order bigint, in_user bigint,
  in_request text, in_note text DEFAULT NULL, OUT out_found boolean,
  OUT out_not_cancellable boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  l record;
BEGIN
  out_found := false; out_not_cancellable := false;
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF o.state IN ('partially_shipped', 'shipped', 'delivered', 'cancelled')
  THEN
    out_not_cancellable := true;
    RETURN;
  END IF;
  IF o.state IN ('picking', 'packed', 'on_hold') THEN
    PERFORM wms_fulfil_cancel(in_order, in_user);
  END IF;
  FOR l IN SELECT DISTINCT reservation_id FROM order_allocation
            WHERE order_id = in_order ORDER BY reservation_id
  LOOP
    PERFORM wms_do_release(l.reservation_id);
  END LOOP;
  DELETE FROM order_allocation WHERE order_id = in_order;
  UPDATE order_line SET allocated_qty = 0, reservation_id = NULL
   WHERE order_id = in_order;
  UPDATE order_hold SET released_at = now()
   WHERE order_id = in_order AND released_at IS NULL;
  UPDATE sales_order SET state = 'cancelled', updated_at = now()
   WHERE id = in_order;
  PERFORM ord_event(in_order, o.state, 'cancelled', in_note, in_user,
    in_request);
END $$;

-- Releases an order's holds and validates and allocates it again.
CREATE OR REPLACE FUNCTION ord_do_release(in_order bigint, in_user bigint,
  in_request text, OUT out_found boolean, OUT out_not_held boolean,
  OUT out_state text)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
BEGIN
  out_found := false; out_not_held := false;
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF o.state NOT IN ('on_hold', 'backordered') THEN
    out_not_held := true;
    out_state := o.state;
    RETURN;
  END IF;
  UPDATE order_hold SET released_at = now()
   WHERE order_id = in_order AND released_at IS NULL;
  -- SKUs created since intake now resolve (a barcode line keeps its units).
  UPDATE order_line l SET sku_id = k.id FROM sku k
   WHERE l.order_id = in_order AND l.sku_id IS NULL AND k.code = l.sku_code;
  SELECT a.out_state INTO out_state
    FROM ord_do_allocate(in_order, in_user, in_request) a;
END $$;

-- The back office holds an order that is not yet on the floor (new,
-- allocated or backordered): a 'manual' hold row says why it waits, and
-- waves leave it alone. Its reservations stay (the stock remains promised
-- to it); ord_do_release tops them up and makes it allocated again, and
-- ord_do_cancel releases them. Holding a held order changes nothing; an
-- order being picked, packed or gone is out_not_holdable.
CREATE OR REPLACE FUNCTION ord_do_hold(in_order bigint, in_user bigint,
  in_request text, in_note text, OUT out_found boolean,
  OUT out_not_holdable boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
BEGIN
  out_found := false; out_not_holdable := false;
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF o.state = 'on_hold' THEN
    RETURN;
  END IF;
  IF o.state NOT IN ('new', 'allocated', 'backordered') THEN
    out_not_holdable := true;
    RETURN;
  END IF;
  INSERT INTO order_hold (store_id, order_id, reason, detail)
  VALUES (o.store_id, in_order, 'manual', coalesce(in_note, ''));
  UPDATE sales_order SET state = 'on_hold', updated_at = now()
   WHERE id = in_order;
  PERFORM ord_event_params(in_order, o.state, 'on_hold', 'held', 'held',
    jsonb_strip_nulls(jsonb_build_object('note', nullif(in_note, ''))),
    in_user, in_request);
END $$;

-- Stock of a SKU arrived in a warehouse: backordered orders waiting for
-- it are allocated again, oldest first. Orders another transaction is
-- working on are skipped (SKIP LOCKED), never waited for; they are filled
-- by the next arrival or their release.
CREATE OR REPLACE FUNCTION ord_backorder_fill(in_sku bigint, in_wh bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  o record;
  filled integer := 0;
BEGIN
  FOR o IN SELECT so.id FROM sales_order so
            WHERE so.state = 'backordered' AND so.warehouse_id = in_wh
              AND EXISTS (SELECT 1 FROM order_line l
                           WHERE l.order_id = so.id AND l.sku_id = in_sku
                             AND l.requires_shipping
                             AND l.allocated_qty < l.qty)
            ORDER BY so.id
              FOR UPDATE OF so SKIP LOCKED
  LOOP
    PERFORM ord_do_allocate(o.id, NULL, 'backorder');
    filled := filled + 1;
    EXIT WHEN NOT EXISTS (
      SELECT 1 FROM stock_quant q JOIN location l ON l.id = q.location_id
       WHERE q.sku_id = in_sku AND l.warehouse_id = in_wh AND l.kind = 'bin'
         AND q.on_hand > q.reserved);
  END LOOP;
  RETURN filled;
END $$;

-- The back office fixes an order on hold: merges in_ship_to into the
-- address; in_lines [{line, sku?, unit_price?, accept_price?}] points a
-- line at another SKU, changes its price or accepts the price as it is;
-- in_order {currency?, accept_currency?} changes or accepts the currency.
-- Release it afterwards: the holds are worked out again then.
CREATE OR REPLACE FUNCTION ord_do_fix(in_order bigint, in_ship_to jsonb,
  in_lines jsonb, in_fix jsonb, in_user bigint, in_request text,
  OUT out_found boolean, OUT out_not_held boolean, OUT out_bad_line integer,
  OUT out_unknown_sku boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  e record;
  v_sku bigint;
  v_code text;
BEGIN
  out_found := false; out_not_held := false; out_unknown_sku := false;
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF o.state NOT IN ('new', 'on_hold') THEN
    out_not_held := true;
    RETURN;
  END IF;
  IF in_ship_to IS NOT NULL THEN
    -- From C: the sealed lines come as _pii with the new _enc list.
    UPDATE sales_order
       SET ship_to = CASE WHEN in_ship_to ? '_kv'
             THEN ship_to - ARRAY['line1', 'line2', 'phone', 'email']
             ELSE ship_to END || (in_ship_to - '_pii' - '_kv'),
           ship_to_pii = CASE WHEN in_ship_to ? '_kv'
             THEN pii_bytes(in_ship_to->>'_pii', 'base64') ELSE ship_to_pii END,
           pii_kv = coalesce((in_ship_to->>'_kv')::smallint, pii_kv),
           updated_at = now()
     WHERE id = in_order;
  END IF;
  IF in_fix IS NOT NULL THEN
    UPDATE sales_order
       SET currency = coalesce(in_fix->>'currency', currency),
           currency_accepted = currency_accepted
             OR coalesce((in_fix->>'accept_currency')::boolean, false),
           updated_at = now()
     WHERE id = in_order;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(coalesce(in_lines, '[]')) WITH ORDINALITY
  LOOP
    v_sku := NULL;
    IF e.v ? 'sku' THEN
      SELECT id INTO v_sku FROM sku WHERE code = e.v->>'sku';
      IF v_sku IS NULL THEN
        out_bad_line := e.i;
        out_unknown_sku := true;
        RETURN;
      END IF;
    END IF;
    SELECT sku_code INTO v_code FROM order_line
     WHERE order_id = in_order AND line_no = (e.v->>'line')::int;
    UPDATE order_line
       SET sku_id = coalesce(v_sku, sku_id),
           sku_code = coalesce(e.v->>'sku', sku_code),
           unit_price = coalesce((e.v->>'unit_price')::numeric, unit_price),
           price_accepted = price_accepted
             OR coalesce((e.v->>'accept_price')::boolean, false)
     WHERE order_id = in_order AND line_no = (e.v->>'line')::int;
    IF NOT FOUND THEN
      out_bad_line := e.i;
      RETURN;
    END IF;
    IF v_sku IS NOT NULL THEN
      -- A kit gets its components; save_mapping remembers the code.
      PERFORM kit_fix_line(in_order, (e.v->>'line')::int, v_code,
        coalesce((e.v->>'save_mapping')::boolean, false));
    END IF;
  END LOOP;
  PERFORM ord_event_params(in_order, o.state, o.state, 'fixed', 'fixed', NULL,
    in_user, in_request);
END $$;
