-- Order intake and allocation. An order arrives as one normalized JSON
-- document (built in C from the API body or a channel's webhook), so every
-- channel takes the same path.

-- Finds or creates the customer: by email, else by phone.
CREATE OR REPLACE FUNCTION ord_customer(in_c jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_email text := coalesce(in_c->>'email', '');
  v_phone text := coalesce(in_c->>'phone', '');
  cid bigint;
BEGIN
  IF v_email <> '' THEN
    INSERT INTO customer (name, email, phone)
    VALUES (coalesce(in_c->>'name', ''), v_email, v_phone)
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
  VALUES (coalesce(in_c->>'name', ''), '', v_phone) RETURNING id INTO cid;
  RETURN cid;
END $$;

CREATE OR REPLACE FUNCTION ord_event(in_order bigint, in_from text, in_to text,
  in_note text, in_user bigint, in_request text) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO order_event (order_id, from_state, to_state, note, user_id,
    request_id)
  VALUES (in_order, in_from, in_to, coalesce(in_note, ''), in_user,
    coalesce(in_request, ''));
$$;

-- The holds an order deserves now: unknown SKUs, prices off the store's
-- price list, zero prices, an incomplete address, another currency.
CREATE OR REPLACE FUNCTION ord_holds(in_order bigint)
RETURNS TABLE (reason text, field text, detail text)
LANGUAGE sql STABLE AS $$
  SELECT 'unknown_sku', 'lines[' || (l.line_no - 1) || '].sku',
         'no SKU or barcode ' || l.sku_code
    FROM order_line l WHERE l.order_id = in_order AND l.requires_shipping
     AND l.sku_id IS NULL
  UNION ALL
  SELECT 'zero_price', 'lines[' || (l.line_no - 1) || '].unit_price',
         l.sku_code || ' is priced 0'
    FROM order_line l WHERE l.order_id = in_order AND l.requires_shipping
     AND l.unit_price = 0
  UNION ALL
  SELECT 'price_mismatch', 'lines[' || (l.line_no - 1) || '].unit_price',
         l.sku_code || ' at ' || l.unit_price || ', price list ' || p.price
    FROM order_line l
    JOIN sales_order o ON o.id = l.order_id
    JOIN store s ON s.id = o.store_id
    JOIN store_price p ON p.store_id = s.id AND p.sku_id = l.sku_id
   WHERE l.order_id = in_order AND l.unit_price > 0
     AND abs(l.unit_price - p.price) * 100 > p.price * s.price_tolerance
  UNION ALL
  SELECT 'address_incomplete', 'ship_to.' || k, k || ' is missing'
    FROM sales_order o, unnest(ARRAY['name', 'line1', 'city', 'country_code']) k
   WHERE o.id = in_order AND coalesce(o.ship_to->>k, '') = ''
     AND EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = in_order
                    AND l.requires_shipping)
  UNION ALL
  SELECT 'currency_mismatch', 'currency',
         o.currency || ' order in a ' || s.currency || ' store'
    FROM sales_order o JOIN store s ON s.id = o.store_id
   WHERE o.id = in_order AND o.currency <> s.currency
$$;

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
            AND (z.type IS NULL OR z.type <> 'quarantine')
            AND (t.expiry IS NULL OR t.expiry >= current_date)), 0))
$$;

-- The warehouse an order ships from: the one it is allocated in already;
-- else the store's, if it can ship the whole order; else another active
-- warehouse that can (own ones first); else the store's, with backorders.
CREATE OR REPLACE FUNCTION ord_pick_warehouse(in_order bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
  o sales_order%ROWTYPE;
  home bigint;
  other bigint;
BEGIN
  SELECT * INTO o FROM sales_order WHERE id = in_order;
  IF o.warehouse_id IS NOT NULL THEN
    RETURN o.warehouse_id;
  END IF;
  SELECT warehouse_id INTO home FROM store WHERE id = o.store_id;
  IF ord_can_ship(in_order, home) THEN
    RETURN home;
  END IF;
  SELECT w.id INTO other FROM warehouse w
   WHERE w.active AND w.id <> home AND ord_can_ship(in_order, w.id)
   ORDER BY w.owner_kind <> 'own', w.id LIMIT 1;
  RETURN coalesce(other, home);
END $$;

-- Reserves up to in_need units of one order line in one warehouse and
-- records the allocation. Returns the units reserved.
CREATE OR REPLACE FUNCTION ord_allocate_line(in_order bigint, in_line bigint,
  in_wh bigint, in_need bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  l order_line%ROWTYPE;
  got record;
BEGIN
  SELECT * INTO l FROM order_line WHERE id = in_line;
  SELECT * INTO got FROM wms_do_reserve_upto(in_wh, l.sku_id, in_need,
    'order ' || in_order || ' line ' || l.line_no);
  IF got.out_reserved > 0 THEN
    INSERT INTO order_allocation (order_id, line_id, warehouse_id,
      reservation_id, qty)
    VALUES (in_order, in_line, in_wh, got.out_reservation_id, got.out_reserved)
    ON CONFLICT (line_id, warehouse_id)
      DO UPDATE SET qty = order_allocation.qty + excluded.qty;
    UPDATE order_line SET allocated_qty = allocated_qty + got.out_reserved,
           reservation_id = coalesce(reservation_id, got.out_reservation_id)
     WHERE id = in_line;
  END IF;
  RETURN got.out_reserved;
END $$;

-- Validates and allocates an order: holds if anything is wrong, else
-- reserves every shippable line in the store's warehouse as far as stock
-- goes; the rest stays backordered until allocated again.
CREATE OR REPLACE FUNCTION ord_do_allocate(in_order bigint, in_user bigint,
  in_request text, OUT out_state text)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  wh bigint;
  l record;
  w record;
  need bigint;
  held integer;
BEGIN
  SELECT * INTO o FROM sales_order WHERE id = in_order FOR UPDATE;
  out_state := o.state;
  IF o.state NOT IN ('new', 'on_hold', 'backordered') THEN
    RETURN;
  END IF;
  INSERT INTO order_hold (order_id, reason, field, detail)
  SELECT in_order, h.reason, h.field, h.detail FROM ord_holds(in_order) h;
  GET DIAGNOSTICS held = ROW_COUNT;
  IF held > 0 THEN
    out_state := 'on_hold';
  ELSE
    wh := ord_pick_warehouse(in_order);
    out_state := 'allocated';
    FOR l IN SELECT * FROM order_line WHERE order_id = in_order
                AND requires_shipping AND allocated_qty < qty
              ORDER BY sku_id, line_no
    LOOP
      need := l.qty - l.allocated_qty;
      need := need - ord_allocate_line(in_order, l.id, wh, need);
      -- What the chosen warehouse lacks, others ship: a split order.
      FOR w IN SELECT id FROM warehouse WHERE active AND id <> wh
                ORDER BY owner_kind <> 'own', id
      LOOP
        EXIT WHEN need <= 0;
        need := need - ord_allocate_line(in_order, l.id, w.id, need);
      END LOOP;
      IF need > 0 THEN
        out_state := 'backordered';
      END IF;
    END LOOP;
    UPDATE sales_order so SET warehouse_id = wh,
           merge_key = CASE WHEN st.allow_merge THEN md5(concat_ws('|',
             so.customer_id, lower(so.ship_to->>'name'),
             lower(so.ship_to->>'line1'), lower(so.ship_to->>'line2'),
             lower(so.ship_to->>'city'), lower(so.ship_to->>'postcode'),
             upper(so.ship_to->>'country_code'))) END
      FROM store st WHERE so.id = in_order AND st.id = so.store_id;
  END IF;
  IF out_state <> o.state THEN
    UPDATE sales_order SET state = out_state, updated_at = now()
     WHERE id = in_order;
    PERFORM ord_event(in_order, o.state, out_state,
      CASE WHEN out_state = 'on_hold' THEN held || ' hold(s)' END,
      in_user, in_request);
  END IF;
END $$;

-- Takes in one order. Idempotent by (store, external id): the same
-- content again returns the order, other content is a conflict.
CREATE OR REPLACE FUNCTION ord_do_intake(in_store bigint, in_doc jsonb,
  in_user bigint, in_request text, OUT out_order_id bigint,
  OUT out_replayed boolean, OUT out_conflict boolean, OUT out_state text)
LANGUAGE plpgsql AS $$
DECLARE
  hash text := md5(in_doc::text);
  prior sales_order%ROWTYPE;
  ln record;
  v_sku bigint;
  v_pack bigint;
BEGIN
  out_replayed := false; out_conflict := false;
  INSERT INTO sales_order (store_id, external_id, currency, shipping_amount,
    total, ship_to, notes, content_hash)
  VALUES (in_store, in_doc->>'external_id', in_doc->>'currency',
    coalesce((in_doc->>'shipping_amount')::numeric, 0),
    -- A channel that sends no total gets the lines' sum plus shipping, so
    -- sales figures never count an order as nothing.
    coalesce((in_doc->>'total')::numeric,
      (SELECT coalesce(sum((e->>'qty')::numeric * (e->>'unit_price')::numeric),
                       0)
         FROM jsonb_array_elements(in_doc->'lines') e)
      + coalesce((in_doc->>'shipping_amount')::numeric, 0)),
    coalesce(in_doc->'ship_to', '{}'), coalesce(in_doc->>'notes', ''), hash)
  ON CONFLICT (store_id, external_id) DO NOTHING
  RETURNING id INTO out_order_id;
  IF out_order_id IS NULL THEN
    SELECT * INTO prior FROM sales_order
     WHERE store_id = in_store AND external_id = in_doc->>'external_id';
    out_order_id := prior.id;
    out_state := prior.state;
    out_replayed := true;
    out_conflict := prior.content_hash <> hash;
    RETURN;
  END IF;
  UPDATE sales_order SET customer_id = ord_customer(in_doc->'customer')
   WHERE id = out_order_id;
  FOR ln IN SELECT e.value AS v, e.ordinality AS n
              FROM jsonb_array_elements(in_doc->'lines') WITH ORDINALITY e
  LOOP
    v_sku := NULL;
    v_pack := 1;
    SELECT s.id INTO v_sku FROM sku s WHERE s.code = ln.v->>'sku';
    IF v_sku IS NULL AND coalesce(ln.v->>'barcode', ln.v->>'sku') IS NOT NULL
    THEN
      SELECT b.sku_id, b.pack_qty INTO v_sku, v_pack FROM barcode b
       WHERE b.code = coalesce(ln.v->>'barcode', ln.v->>'sku')
          OR b.gtin14 = lpad(coalesce(ln.v->>'barcode', ln.v->>'sku'), 14, '0')
       LIMIT 1;
    END IF;
    INSERT INTO order_line (order_id, line_no, sku_id, sku_code, name, qty,
      unit_price, requires_shipping, external_line_id)
    VALUES (out_order_id, ln.n, v_sku,
      coalesce(ln.v->>'sku', ln.v->>'barcode', ''),
      coalesce(ln.v->>'name', ''), (ln.v->>'qty')::bigint * coalesce(v_pack, 1),
      round((ln.v->>'unit_price')::numeric / coalesce(v_pack, 1), 2),
      coalesce((ln.v->>'requires_shipping')::boolean, true),
      coalesce(ln.v->>'external_line_id', ''));
  END LOOP;
  PERFORM ord_event(out_order_id, NULL, 'new', in_doc->>'channel', in_user,
    in_request);
  SELECT a.out_state INTO out_state
    FROM ord_do_allocate(out_order_id, in_user, in_request) a;
END $$;

-- Cancels an order before it ships: releases its reservations; picked
-- units wait in their totes on the exceptions desk.
CREATE OR REPLACE FUNCTION ord_do_cancel(in_order bigint, in_user bigint,
  in_request text, OUT out_found boolean, OUT out_not_cancellable boolean)
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
  IF o.state IN ('shipped', 'delivered', 'cancelled') THEN
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
  PERFORM ord_event(in_order, o.state, 'cancelled', NULL, in_user, in_request);
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
  INSERT INTO order_hold (order_id, reason, detail)
  VALUES (in_order, 'manual', coalesce(in_note, ''));
  UPDATE sales_order SET state = 'on_hold', updated_at = now()
   WHERE id = in_order;
  PERFORM ord_event(in_order, o.state, 'on_hold', 'held', in_user, in_request);
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
-- address and points lines at other SKUs (in_lines: [{line, sku}]).
CREATE OR REPLACE FUNCTION ord_do_fix(in_order bigint, in_ship_to jsonb,
  in_lines jsonb, in_user bigint, in_request text, OUT out_found boolean,
  OUT out_not_held boolean, OUT out_bad_line integer,
  OUT out_unknown_sku boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  e record;
  v_sku bigint;
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
    UPDATE sales_order SET ship_to = ship_to || in_ship_to, updated_at = now()
     WHERE id = in_order;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(coalesce(in_lines, '[]')) WITH ORDINALITY
  LOOP
    SELECT id INTO v_sku FROM sku WHERE code = e.v->>'sku';
    IF v_sku IS NULL THEN
      out_bad_line := e.i;
      out_unknown_sku := true;
      RETURN;
    END IF;
    UPDATE order_line SET sku_id = v_sku, sku_code = e.v->>'sku'
     WHERE order_id = in_order AND line_no = (e.v->>'line')::int;
    IF NOT FOUND THEN
      out_bad_line := e.i;
      RETURN;
    END IF;
  END LOOP;
  PERFORM ord_event(in_order, o.state, o.state, 'fixed', in_user, in_request);
END $$;
