-- Kits (组合商品) and platform SKU mapping (商家编码), issue 24 items 1-2.
-- Tables in migration 0220. A kit has no stock of its own: what it offers
-- in a warehouse is the minimum over its components of
-- floor(available / qty). An order line for a kit is expanded at intake
-- into one line per component (kit_of = the kit line's number), which
-- carry the units, the reservations, the picks and the revenue; the kit
-- line itself is kept for the document and never picked
-- (requires_shipping false). Allocation reserves a kit's components all
-- or none (ord_allocate_plan), so a kit line is backordered as one.

-- Units of SKU in_sku warehouse in_wh can offer: free units in bins for a
-- plain SKU; for a kit, whole kits its components' free units make. Free
-- means what a reservation could take (wms_reserve_fill): not in a
-- blocked bin, a quarantine or returns zone (returned goods are offered
-- once restocked, issue 19 item 4), or an expired lot.
CREATE OR REPLACE FUNCTION kit_free(in_sku bigint, in_wh bigint)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(sum(q.on_hand - q.reserved), 0)::bigint
    FROM stock_quant q JOIN location l ON l.id = q.location_id
    LEFT JOIN zone z ON z.id = l.zone_id
    LEFT JOIN lot t ON t.id = q.lot_id
   WHERE q.sku_id = in_sku AND l.warehouse_id = in_wh AND l.kind = 'bin'
     AND NOT l.blocked
     AND (z.type IS NULL OR z.type NOT IN ('quarantine', 'returns'))
     AND (t.expiry IS NULL OR t.expiry >= current_date)
$f$;

CREATE OR REPLACE FUNCTION kit_available(in_sku bigint, in_wh bigint)
RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT CASE WHEN k.kind = 'kit' THEN
    coalesce((SELECT min(floor(kit_free(c.component_id, in_wh) / c.qty))::bigint
                FROM kit_component c WHERE c.kit_id = k.id), 0)
  ELSE kit_free(k.id, in_wh)
  END
  FROM sku k WHERE k.id = in_sku
$f$;

-- The components of kit in_kit for documents: [{sku, name, qty,
-- list_price}] in the order entered.
CREATE OR REPLACE FUNCTION kit_components_json(in_kit bigint) RETURNS json
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(json_agg(json_build_object('sku', s.code, 'name', s.name,
           'qty', c.qty, 'list_price', s.list_price::text)
           ORDER BY c.position), '[]'::json)
    FROM kit_component c JOIN sku s ON s.id = c.component_id
   WHERE c.kit_id = in_kit
$f$;

-- Kit rows of the stock list (GET /stock): one per kit and warehouse where
-- any component has units, available the kits the components make.
-- in_sku / in_wh filter by code (NULL: all); in_after is the page cursor
-- 'sku|warehouse'.
CREATE OR REPLACE FUNCTION kit_stock_rows(in_sku text, in_wh text,
  in_after text)
RETURNS TABLE (key text, doc text, sku_code text, wh_code text)
LANGUAGE sql STABLE AS $f$
  WITH kw AS (
    SELECT DISTINCT k.id AS kit_id, k.code, k.name, w.id AS wh_id,
           w.code AS wh
      FROM sku k
      JOIN kit_component c ON c.kit_id = k.id
      JOIN stock_quant q ON q.sku_id = c.component_id AND q.on_hand > 0
      JOIN location l ON l.id = q.location_id
      JOIN warehouse w ON w.id = l.warehouse_id
     WHERE k.kind = 'kit' AND (in_sku IS NULL OR k.code = in_sku)
       AND (in_wh IS NULL OR w.code = in_wh)
       AND (in_after IS NULL OR (k.code, w.code) >
            (split_part(in_after, '|', 1), split_part(in_after, '|', 2))))
  SELECT kw.code || '|' || kw.wh,
         json_build_object('sku', kw.code, 'name', kw.name,
           'warehouse', kw.wh, 'kind', 'kit', 'on_hand', 0, 'reserved', 0,
           'available', kit_available(kw.kit_id, kw.wh_id), 'in_transit', 0,
           'avg_cost', NULL,
           'components', (SELECT json_agg(json_build_object('sku', s.code,
               'qty', c.qty, 'available', kit_available(s.id, kw.wh_id))
               ORDER BY c.position)
             FROM kit_component c JOIN sku s ON s.id = c.component_id
            WHERE c.kit_id = kw.kit_id))::text,
         kw.code, kw.wh
    FROM kw
$f$;

-- Sets what SKU in_sku is made of. in_kind 'kit' or 'item' (NULL: as it
-- is); in_components [{sku, qty}] (NULL: unchanged). Refusals: a
-- component that is unknown, a kit (kit_of_kits) or listed twice; a kit
-- without components (kit_empty); components on a plain SKU; a SKU with
-- stock or inside a kit turned into a kit. Text contract; out_doc is the
-- SKU's document. Called by the catalog's create and patch transactions.
CREATE OR REPLACE FUNCTION kit_define(in_sku text, in_kind text,
  in_components jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  k sku%ROWTYPE;
  v_kind text;
  e record;
  c sku%ROWTYPE;
BEGIN
  out_replayed := false;
  SELECT * INTO k FROM sku WHERE code = in_sku FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    out_detail := 'no product ' || in_sku;
    RETURN;
  END IF;
  v_kind := coalesce(in_kind, k.kind);
  IF v_kind = 'item' AND in_components IS NOT NULL
     AND jsonb_array_length(in_components) > 0 THEN
    out_error := 'invalid_value'; out_field := 'components';
    out_detail := 'only a kit has components: send "kind": "kit"';
    RETURN;
  END IF;
  IF v_kind = 'kit' AND k.kind = 'item' THEN
    IF EXISTS (SELECT 1 FROM kit_component WHERE component_id = k.id) THEN
      out_error := 'kit_of_kits'; out_field := 'kind';
      out_detail := in_sku || ' is a component of a kit: a kit cannot be one';
      RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM stock_quant WHERE sku_id = k.id
                AND (on_hand > 0 OR reserved > 0)) THEN
      out_error := 'kit_has_stock'; out_field := 'kind';
      out_detail := in_sku || ' has stock: a kit has none of its own';
      RETURN;
    END IF;
  END IF;
  IF v_kind = 'kit' AND (in_components IS NOT NULL OR k.kind = 'item') THEN
    IF in_components IS NULL OR jsonb_array_length(in_components) = 0 THEN
      out_error := 'kit_empty'; out_field := 'components';
      out_detail := 'a kit needs at least one component';
      RETURN;
    END IF;
    DELETE FROM kit_component WHERE kit_id = k.id;
    FOR e IN SELECT value AS v, ordinality - 1 AS i
               FROM jsonb_array_elements(in_components) WITH ORDINALITY
    LOOP
      out_field := 'components[' || e.i || '].sku';
      SELECT * INTO c FROM sku WHERE code = e.v->>'sku';
      IF NOT FOUND THEN
        out_error := 'unknown_sku';
        out_detail := 'no SKU ' || (e.v->>'sku');
        RETURN;
      END IF;
      IF c.kind = 'kit' OR c.id = k.id THEN
        out_error := 'kit_of_kits';
        out_detail := c.code || ' is a kit: a kit is made of plain SKUs';
        RETURN;
      END IF;
      INSERT INTO kit_component (kit_id, component_id, qty, position)
      VALUES (k.id, c.id, (e.v->>'qty')::bigint, e.i)
      ON CONFLICT DO NOTHING;
      IF NOT FOUND THEN
        out_error := 'invalid_value';
        out_detail := c.code || ' is listed twice';
        RETURN;
      END IF;
    END LOOP;
    out_field := NULL;
  ELSIF v_kind = 'item' THEN
    DELETE FROM kit_component WHERE kit_id = k.id;
  END IF;
  IF v_kind <> k.kind THEN
    UPDATE sku SET kind = v_kind, updated_at = now() WHERE id = k.id;
  END IF;
  SELECT d.doc::jsonb INTO out_doc FROM sku_doc d WHERE d.id = k.id;
END $$;

-- The SKU a channel's line names, for store in_store: the store's map
-- (platform code, with its qty), else the SKU code, else a barcode or GTIN
-- (a carton's pack_qty). One row: the SKU (NULL: unknown), the units one
-- ordered unit means, and whether the map answered. One SQL statement, so
-- the planner inlines it into the intake's insert (three index probes a
-- line, no function call).
DROP FUNCTION IF EXISTS kit_resolve(bigint, text);
CREATE OR REPLACE FUNCTION kit_resolve(in_store bigint, in_code text)
RETURNS TABLE (out_sku bigint, out_mult bigint, out_mapped boolean)
LANGUAGE sql STABLE AS $f$
  SELECT x.sku, x.mult, x.mapped FROM (
    SELECT m.sku_id AS sku, m.qty AS mult, true AS mapped, 1 AS rank
      FROM store_sku_map m
     WHERE m.store_id = in_store AND m.platform_sku = in_code
    UNION ALL
    SELECT k.id, 1, false, 2 FROM sku k WHERE k.code = in_code
    UNION ALL
    (SELECT b.sku_id, b.pack_qty::bigint, false, 3 FROM barcode b
      WHERE in_code <> ''
        AND (b.code = in_code OR b.gtin14 = lpad(in_code, 14, '0'))
      LIMIT 1)
    UNION ALL
    SELECT NULL::bigint, 1, false, 4) x
  ORDER BY x.rank LIMIT 1
$f$;

-- Writes the lines of order in_order of store in_store from the channel
-- document's lines: each resolved by kit_resolve (the store's map before
-- SKU and barcode; qty and unit price scaled by what one listed unit
-- means), then each kit line's component lines after all of them. A
-- line's discount is the whole line's (ord_discount_spread moves a kit
-- line's to its components).
CREATE OR REPLACE FUNCTION kit_intake_lines(in_order bigint, in_store bigint,
  in_lines jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- store_id given: intake holds the store, so order_tree_fill looks
  -- nothing up on this hot path.
  INSERT INTO order_line (store_id, order_id, line_no, sku_id, sku_code,
    name, qty, unit_price, requires_shipping, external_line_id, kit_price,
    platform_sku, discount)
  SELECT in_store, in_order, e.n, r.out_sku,
         coalesce(CASE WHEN r.out_mapped THEN k.code END, e.v->>'sku',
                  e.v->>'barcode', ''),
         coalesce(e.v->>'name', ''),
         (e.v->>'qty')::bigint * r.out_mult,
         CASE WHEN k.kind = 'kit' THEN 0
              ELSE round((e.v->>'unit_price')::numeric / r.out_mult, 2) END,
         k.kind IS DISTINCT FROM 'kit'
           AND coalesce((e.v->>'requires_shipping')::boolean, true),
         coalesce(e.v->>'external_line_id', ''),
         CASE WHEN k.kind = 'kit'
              THEN round((e.v->>'unit_price')::numeric / r.out_mult, 2) END,
         CASE WHEN r.out_mapped THEN coalesce(e.v->>'sku', e.v->>'barcode') END,
         -- Never more than the line is worth (a channel's odd figure).
         least(coalesce((e.v->>'discount')::numeric, 0),
               (e.v->>'qty')::bigint * (e.v->>'unit_price')::numeric)
    FROM jsonb_array_elements(in_lines) WITH ORDINALITY e(v, n)
    CROSS JOIN LATERAL kit_resolve(in_store,
      coalesce(e.v->>'sku', e.v->>'barcode')) r
    LEFT JOIN sku k ON k.id = r.out_sku
   ORDER BY e.n;
  -- Most orders hold no kit: one index probe instead of kit_expand's
  -- statement.
  IF EXISTS (SELECT 1 FROM order_line l JOIN sku k ON k.id = l.sku_id
              WHERE l.order_id = in_order AND k.kind = 'kit'
                AND l.kit_of IS NULL) THEN
    PERFORM kit_expand(in_order, NULL);
  END IF;
END $$;

-- Adds the component lines of order in_order's kit lines that have none
-- (in_line: only that line; NULL: all): qty kits x component qty units
-- each, numbered after the order's last line, with the kit line's total
-- split by list price x qty (equal by units when no component has a
-- price; the last component takes the rounding). PL/pgSQL rather than
-- SQL: its plan is kept for the connection, where an SQL function's
-- insert is planned again on every call (about as long as it runs).
CREATE OR REPLACE FUNCTION kit_expand(in_order bigint, in_line integer)
RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
  WITH h AS (
    SELECT l.line_no, l.sku_id, l.qty, l.kit_price, l.qty * l.kit_price AS total
      FROM order_line l JOIN sku k ON k.id = l.sku_id
     WHERE l.order_id = in_order AND k.kind = 'kit' AND l.kit_of IS NULL
       AND (in_line IS NULL OR l.line_no = in_line)
       AND NOT EXISTS (SELECT 1 FROM order_line x WHERE x.order_id = in_order
                          AND x.kit_of = l.line_no)),
  c AS (
    SELECT h.line_no AS kit_line, h.sku_id AS kit_id, h.total, s.id, s.code,
           s.name, h.qty * kc.qty AS qty, kc.position,
           coalesce(s.list_price, 0) * kc.qty AS weight,
           sum(coalesce(s.list_price, 0) * kc.qty)
             OVER (PARTITION BY h.line_no) AS weights,
           sum(kc.qty) OVER (PARTITION BY h.line_no) AS units,
           row_number() OVER (PARTITION BY h.line_no ORDER BY kc.position DESC)
             AS from_end,
           row_number() OVER (ORDER BY h.line_no, kc.position) AS n
      FROM h JOIN kit_component kc ON kc.kit_id = h.sku_id
      JOIN sku s ON s.id = kc.component_id),
  share AS (
    SELECT c.*, round(c.total * CASE WHEN c.weights > 0
             THEN c.weight / c.weights
             ELSE (c.qty / (SELECT h.qty FROM h WHERE h.line_no = c.kit_line))
                  / c.units::numeric END, 2) AS part
      FROM c),
  fixed AS (
    SELECT s.*, CASE WHEN s.from_end = 1
             THEN s.total - coalesce(sum(s.part) OVER (PARTITION BY s.kit_line)
                                     - s.part, 0)
             ELSE s.part END AS revenue
      FROM share s)
  INSERT INTO order_line (order_id, line_no, sku_id, sku_code, name, qty,
    unit_price, requires_shipping, kit_of, kit_sku_id, revenue)
  SELECT in_order,
         (SELECT max(line_no) FROM order_line WHERE order_id = in_order) + f.n,
         f.id, f.code, f.name, f.qty, round(f.revenue / f.qty, 2), true,
         f.kit_line, f.kit_id, f.revenue
    FROM fixed f ORDER BY f.n;
END $f$;

-- Moves the discount of order in_order's kit lines to their component
-- lines, split by the components' revenue (the last takes the rounding),
-- as the kit's price is: money sits on the lines that ship. PL/pgSQL
-- for its kept plan, as kit_expand.
CREATE OR REPLACE FUNCTION kit_discount_spread(in_order bigint)
RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
  WITH h AS (
    SELECT k.id, k.line_no, k.discount AS d FROM order_line k
     WHERE k.order_id = in_order AND k.kit_price IS NOT NULL
       AND k.discount > 0
       AND EXISTS (SELECT 1 FROM order_line c WHERE c.order_id = in_order
                      AND c.kit_of = k.line_no)),
  cleared AS (
    -- Runs whether or not read (a data-modifying WITH always does).
    UPDATE order_line SET discount = 0 WHERE id IN (SELECT id FROM h)),
  c AS (
    SELECT x.id, h.line_no AS kit_line, h.d,
           coalesce(x.revenue, x.qty * x.unit_price) AS w,
           sum(coalesce(x.revenue, x.qty * x.unit_price))
             OVER (PARTITION BY h.line_no) AS ws,
           count(*) OVER (PARTITION BY h.line_no) AS k,
           row_number() OVER (PARTITION BY h.line_no ORDER BY x.line_no DESC)
             AS from_end
      FROM h JOIN order_line x ON x.order_id = in_order
                              AND x.kit_of = h.line_no),
  p AS (
    SELECT c.*, round(c.d * CASE WHEN c.ws > 0 THEN c.w / c.ws
                                 ELSE 1.0 / c.k END, 2) AS part
      FROM c),
  f AS (
    SELECT p.id, CASE WHEN p.from_end = 1
             THEN p.d - (sum(p.part) OVER (PARTITION BY p.kit_line) - p.part)
             ELSE p.part END AS share
      FROM p)
  UPDATE order_line l SET discount = l.discount + f.share
    FROM f WHERE l.id = f.id;
END $f$;

-- The back office's fix of a held line (ord_do_fix) pointed line in_line
-- of order in_order at SKU in_sku: a kit line gets its components (and
-- its price moves to kit_price); with in_save, the line's code is saved
-- in the store's map for next time (platform code -> SKU, qty 1).
CREATE OR REPLACE FUNCTION kit_fix_line(in_order bigint, in_line integer,
  in_code text, in_save boolean)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  l order_line%ROWTYPE;
  v_kind text;
BEGIN
  SELECT * INTO l FROM order_line WHERE order_id = in_order
     AND line_no = in_line;
  SELECT kind INTO v_kind FROM sku WHERE id = l.sku_id;
  IF in_save AND in_code IS NOT NULL AND in_code <> ''
     AND in_code IS DISTINCT FROM (SELECT code FROM sku WHERE id = l.sku_id)
  THEN
    INSERT INTO store_sku_map AS m (store_id, platform_sku, sku_id, qty)
    SELECT o.store_id, in_code, l.sku_id, 1 FROM sales_order o
     WHERE o.id = in_order
    ON CONFLICT (store_id, platform_sku)
      DO UPDATE SET sku_id = excluded.sku_id, qty = 1, updated_at = now();
  END IF;
  IF v_kind = 'kit' AND l.kit_price IS NULL THEN
    UPDATE order_line SET kit_price = unit_price, unit_price = 0,
           requires_shipping = false, platform_sku = in_code
     WHERE id = l.id;
    PERFORM kit_expand(in_order, in_line);
    PERFORM kit_discount_spread(in_order);
  END IF;
END $$;

-- The kits that hold SKU in_sku (for the stock sync: a component's change
-- changes what its kits offer).
CREATE OR REPLACE FUNCTION kit_of_component(in_sku bigint)
RETURNS SETOF bigint
LANGUAGE sql STABLE AS $f$
  SELECT kit_id FROM kit_component WHERE component_id = in_sku
$f$;

-- Migration 0023's trigger, redefined here (procedures load after the
-- migrations and win): a change of free stock queues a stock_sync for
-- each store that lists the SKU, and for each store that lists a kit the
-- SKU is a component of. A store and SKU already pending is skipped by
-- outbox_claim (sql/procs/outbox.sql).
CREATE OR REPLACE FUNCTION stock_sync_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.on_hand - NEW.reserved IS DISTINCT FROM OLD.on_hand - OLD.reserved
  THEN
    -- Driven by the syncing stores (usually none or a few), so a quant
    -- change in a database without sync costs one scan of store.
    INSERT INTO outbox (kind, store_id, sku_id)
    SELECT 'stock_sync', s.id, p.sku_id
      FROM store s
      JOIN location l ON l.id = NEW.location_id
       AND l.warehouse_id = s.warehouse_id
      JOIN store_price p ON p.store_id = s.id
       AND (p.sku_id = NEW.sku_id
            OR p.sku_id IN (SELECT kit_id FROM kit_component
                             WHERE component_id = NEW.sku_id))
     WHERE s.sync_url <> '' AND s.active;
  END IF;
  RETURN NEW;
END $$;

-- API document of one mapping row.
CREATE OR REPLACE FUNCTION sku_map_json(m store_sku_map) RETURNS json
LANGUAGE sql STABLE AS $f$
  SELECT json_build_object('platform_sku', m.platform_sku, 'sku', s.code,
           'name', s.name, 'kind', s.kind, 'qty', m.qty,
           'updated_at', to_char(m.updated_at AT TIME ZONE 'UTC',
                                 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'platform_item_id', m.platform_item_id,
           'platform_sku_id', m.platform_sku_id,
           'push', json_build_object('state', m.push_state,
             'qty', m.pushed_qty, 'error', m.push_error,
             'at', to_char(m.pushed_at AT TIME ZONE 'UTC',
                           'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
    FROM sku s WHERE s.id = m.sku_id
$f$;

-- Saves rows of store in_store's SKU map: in_rows [{platform_sku, sku?,
-- kit?, qty?}] (one row from the API, many from a CSV upload); a row
-- names a SKU ("sku") or a kit ("kit", which must be one). All or none:
-- the first bad row refuses the lot with its index in out_field
-- (in_prefix: 'rows' for uploads, '' for one row). out_doc {saved, rows}
-- (rows: the first 50 saved). An upload the C side could not read comes
-- as {"csv_error": "<why>"} and is refused here (invalid_value on field
-- csv), after the router's store check, so the refusal of another
-- warehouse's store is warehouse_forbidden whatever the file held.
CREATE OR REPLACE FUNCTION sku_map_save(in_store text, in_rows jsonb,
  in_prefix text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_store bigint;
  e record;
  s sku%ROWTYPE;
  v_code text;
  at text;
  n integer := 0;
BEGIN
  out_replayed := false;
  SELECT id INTO v_store FROM store WHERE code = in_store;
  IF v_store IS NULL THEN
    out_error := 'unknown_store'; out_detail := 'no store ' || in_store;
    RETURN;
  END IF;
  IF jsonb_typeof(in_rows) = 'object' THEN
    out_error := 'invalid_value'; out_field := 'csv';
    out_detail := in_rows->>'csv_error';
    RETURN;
  END IF;
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_rows) WITH ORDINALITY
  LOOP
    at := CASE WHEN in_prefix = '' THEN '' ELSE in_prefix || '[' || e.i || '].' END;
    v_code := coalesce(e.v->>'kit', e.v->>'sku');
    SELECT * INTO s FROM sku WHERE code = v_code;
    IF NOT FOUND THEN
      out_error := 'unknown_sku';
      out_field := at || CASE WHEN e.v ? 'kit' THEN 'kit' ELSE 'sku' END;
      out_detail := 'no SKU ' || v_code;
      RETURN;
    END IF;
    IF e.v ? 'kit' AND s.kind <> 'kit' THEN
      out_error := 'not_a_kit'; out_field := at || 'kit';
      out_detail := v_code || ' is not a kit';
      RETURN;
    END IF;
    -- The platform's item and SKU ids (issue 27 item 5, migration 0370):
    -- kept when a row leaves them out.
    IF coalesce(e.v->>'platform_item_id', '') !~ '^[0-9A-Za-z_-]{0,40}$'
    THEN
      out_error := 'invalid_value'; out_field := at || 'platform_item_id';
      out_detail := 'platform_item_id ' || (e.v->>'platform_item_id')
        || ' is not an id of letters, digits, - and _';
      RETURN;
    END IF;
    IF coalesce(e.v->>'platform_sku_id', '') !~ '^[0-9A-Za-z_-]{0,40}$' THEN
      out_error := 'invalid_value'; out_field := at || 'platform_sku_id';
      out_detail := 'platform_sku_id ' || (e.v->>'platform_sku_id')
        || ' is not an id of letters, digits, - and _';
      RETURN;
    END IF;
    INSERT INTO store_sku_map AS m (store_id, platform_sku, sku_id, qty,
      platform_item_id, platform_sku_id)
    VALUES (v_store, e.v->>'platform_sku', s.id,
            coalesce((e.v->>'qty')::bigint, 1),
            coalesce(e.v->>'platform_item_id', ''),
            coalesce(e.v->>'platform_sku_id', ''))
    ON CONFLICT (store_id, platform_sku) DO UPDATE
      SET sku_id = excluded.sku_id, qty = excluded.qty, updated_at = now(),
          platform_item_id = CASE WHEN e.v ? 'platform_item_id'
            THEN excluded.platform_item_id ELSE m.platform_item_id END,
          platform_sku_id = CASE WHEN e.v ? 'platform_sku_id'
            THEN excluded.platform_sku_id ELSE m.platform_sku_id END;
    n := n + 1;
  END LOOP;
  out_doc := jsonb_build_object('saved', n, 'rows', (
    SELECT coalesce(jsonb_agg(sku_map_json(m)::jsonb ORDER BY m.platform_sku),
                    '[]')
      FROM (SELECT m.* FROM store_sku_map m
             WHERE m.store_id = v_store AND m.platform_sku IN (
               SELECT x->>'platform_sku' FROM jsonb_array_elements(in_rows) x)
             ORDER BY m.platform_sku LIMIT 50) m));
  IF in_prefix = '' THEN
    out_doc := out_doc->'rows'->0;
  END IF;
END $$;

-- Removes platform code in_code from store in_store's map. Text contract.
CREATE OR REPLACE FUNCTION sku_map_delete(in_store text, in_code text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_store bigint;
BEGIN
  out_replayed := false;
  SELECT id INTO v_store FROM store WHERE code = in_store;
  IF v_store IS NULL THEN
    out_error := 'unknown_store'; out_detail := 'no store ' || in_store;
    RETURN;
  END IF;
  DELETE FROM store_sku_map WHERE store_id = v_store AND platform_sku = in_code;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no mapping for ' || in_code;
    RETURN;
  END IF;
  out_doc := jsonb_build_object('deleted', in_code);
END $$;

-- A page of store in_store's map ordered by platform code after in_after
-- (NULL: from the start), matching in_q (platform code or SKU contains
-- it; NULL: all): rows (key, doc) for core_page_collect, one more than
-- in_limit when more follow. No row at all for an unknown store.
CREATE OR REPLACE FUNCTION sku_map_page(in_store text, in_q text,
  in_after text, in_limit bigint)
RETURNS TABLE (key text, doc text)
LANGUAGE sql STABLE AS $f$
  SELECT m.platform_sku, sku_map_json(m)::text
    FROM store_sku_map m JOIN store st ON st.id = m.store_id
    JOIN sku s ON s.id = m.sku_id
   WHERE st.code = in_store
     AND (in_q IS NULL OR strpos(lower(m.platform_sku), lower(in_q)) > 0
          OR strpos(lower(s.code), lower(in_q)) > 0
          OR strpos(lower(s.name), lower(in_q)) > 0)
     AND (in_after IS NULL OR m.platform_sku > in_after)
   ORDER BY m.platform_sku LIMIT in_limit + 1
$f$;

-- A kit has no stock of its own (its components do): no path may put
-- units of one in a location. A quant row is created before any unit of a
-- SKU lands somewhere new, so refusing that row covers moves, adjustments,
-- receipts, counts and transfers alike; the scan path, which moves units
-- into quants that exist, never runs it. The refusal is the schema's
-- (SQLSTATE DP400, sql/procs/owner.sql).
CREATE OR REPLACE FUNCTION kit_quant_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM sku WHERE id = NEW.sku_id AND kind = 'kit') THEN
    RAISE EXCEPTION 'a kit has no stock of its own'
      USING ERRCODE = 'DP400', HINT = 'kit_not_stocked';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER stock_quant_not_kit BEFORE INSERT ON stock_quant
  FOR EACH ROW EXECUTE FUNCTION kit_quant_refuse();
