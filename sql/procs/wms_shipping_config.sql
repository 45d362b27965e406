-- Shipping configuration: carriers with tracking-number ranges and rate
-- tables, carton types, packing stations and carrier holidays.

CREATE OR REPLACE FUNCTION wms_carrier_doc(in_code text) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('code', c.code, 'name', c.name,
    'tracking', jsonb_build_object('prefix', c.tracking_prefix,
      'suffix', c.tracking_suffix, 'digits', c.tracking_digits,
      'check_digit', c.check_digit, 'next', c.tracking_next,
      'last', c.tracking_last,
      'left', greatest(c.tracking_last - c.tracking_next + 1, 0)),
    'transit_days', c.transit_days, 'active', c.active,
    'platform_codes', c.platform_codes,
    'platform_defaults', (SELECT coalesce(jsonb_object_agg(m.channel,
                             m.platform_code), '{}')
                            FROM channel_carrier_code m
                           WHERE m.carrier = c.code),
    'rates', (SELECT coalesce(jsonb_agg(jsonb_build_object('zone', r.zone,
                 'max_weight_g', r.max_weight_g, 'price', r.price::text)
                 ORDER BY r.zone, r.max_weight_g), '[]')
                FROM carrier_rate r WHERE r.carrier = c.code))
    FROM carrier c WHERE c.code = in_code
$f$;

-- Creates or updates carrier in_doc->>'code'. A given rate table
-- replaces the old one; a new range restarts numbering at its first.
CREATE OR REPLACE FUNCTION wms_carrier_put(in_doc jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  t jsonb := in_doc->'tracking';
  existed boolean;
BEGIN
  existed := EXISTS (SELECT 1 FROM carrier WHERE code = in_doc->>'code');
  out_replayed := existed;
  IF (t->>'last')::bigint < (t->>'first')::bigint THEN
    out_error := 'out_of_range';
    out_field := 'tracking.last';
    out_detail := 'the range ends before it starts';
    RETURN;
  END IF;
  IF t->>'check_digit' = 's10' AND (t->>'digits')::int <> 8 THEN
    out_error := 'invalid_value';
    out_field := 'tracking.digits';
    out_detail := 'UPU S10 numbers have 8 serial digits';
    RETURN;
  END IF;
  IF length((t->>'last')) > (t->>'digits')::int THEN
    out_error := 'out_of_range';
    out_field := 'tracking.last';
    out_detail := 'the range does not fit in ' || (t->>'digits') || ' digits';
    RETURN;
  END IF;
  INSERT INTO carrier (code, name, tracking_prefix, tracking_suffix,
    tracking_digits, check_digit, tracking_next, tracking_last, transit_days,
    active)
  VALUES (in_doc->>'code', in_doc->>'name', coalesce(t->>'prefix', ''),
    coalesce(t->>'suffix', ''), (t->>'digits')::int,
    coalesce(t->>'check_digit', 'none'), (t->>'first')::bigint,
    (t->>'last')::bigint, coalesce((in_doc->>'transit_days')::int, 2),
    coalesce((in_doc->>'active')::boolean, true))
  ON CONFLICT (code) DO UPDATE SET name = excluded.name,
    tracking_prefix = excluded.tracking_prefix,
    tracking_suffix = excluded.tracking_suffix,
    tracking_digits = excluded.tracking_digits,
    check_digit = excluded.check_digit,
    tracking_next = CASE WHEN carrier.tracking_next
                              BETWEEN excluded.tracking_next
                                  AND excluded.tracking_last + 1
                           AND carrier.tracking_prefix = excluded.tracking_prefix
                         THEN carrier.tracking_next
                         ELSE excluded.tracking_next END,
    tracking_last = excluded.tracking_last,
    transit_days = excluded.transit_days, active = excluded.active;
  -- The seller's platform codes replace the old ones when given (an
  -- empty code drops that platform's).
  IF in_doc ? 'platform_codes' THEN
    UPDATE carrier SET platform_codes = (SELECT coalesce(
             jsonb_object_agg(k, v), '{}')
             FROM jsonb_each_text(in_doc->'platform_codes') AS e(k, v)
            WHERE v <> '')
     WHERE code = in_doc->>'code';
  END IF;
  IF in_doc ? 'rates' THEN
    DELETE FROM carrier_rate WHERE carrier = in_doc->>'code';
    INSERT INTO carrier_rate (carrier, zone, max_weight_g, price)
    SELECT in_doc->>'code', r->>'zone', (r->>'max_weight_g')::int,
           (r->>'price')::numeric
      FROM jsonb_array_elements(in_doc->'rates') r;
  END IF;
  out_doc := wms_carrier_doc(in_doc->>'code');
END $$;

CREATE OR REPLACE FUNCTION wms_carrier_list() RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(wms_carrier_doc(code) ORDER BY code), '[]')
    FROM carrier
$f$;

-- A carton type; in_cost NULL keeps the type's cost (0 for a new one).
CREATE OR REPLACE FUNCTION wms_carton_type_put(in_code text, in_name text,
  in_tare integer, in_max integer, in_active boolean, in_cost numeric,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := EXISTS (SELECT 1 FROM carton_type WHERE code = in_code);
  INSERT INTO carton_type (code, name, tare_g, max_weight_g, active, cost)
  VALUES (in_code, coalesce(in_name, ''), in_tare, in_max,
          coalesce(in_active, true), coalesce(in_cost, 0))
  ON CONFLICT (code) DO UPDATE SET name = excluded.name,
    tare_g = excluded.tare_g, max_weight_g = excluded.max_weight_g,
    active = excluded.active,
    cost = coalesce(in_cost, carton_type.cost);
  SELECT wms_carton_type_doc(c) INTO out_doc FROM carton_type c
   WHERE code = in_code;
END $$;

CREATE OR REPLACE FUNCTION wms_carton_type_doc(in_c carton_type)
RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('code', in_c.code, 'name', in_c.name,
           'tare_g', in_c.tare_g, 'max_weight_g', in_c.max_weight_g,
           'active', in_c.active, 'cost', in_c.cost)
$f$;

CREATE OR REPLACE FUNCTION wms_carton_type_list() RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(wms_carton_type_doc(c) ORDER BY c.code), '[]')
    FROM carton_type c
$f$;

CREATE OR REPLACE FUNCTION wms_station_put(in_code text, in_wh text,
  in_printer text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
BEGIN
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'unknown_warehouse';
    out_field := 'warehouse';
    RETURN;
  END IF;
  -- A station stays in its warehouse: access to a station is decided by
  -- its warehouse, so moving it would hand it to another warehouse's staff.
  IF EXISTS (SELECT 1 FROM station WHERE code = in_code
                AND warehouse_id <> wh) THEN
    out_error := 'conflict';
    out_field := 'code';
    out_detail := 'station ' || in_code || ' belongs to another warehouse';
    RETURN;
  END IF;
  out_replayed := EXISTS (SELECT 1 FROM station WHERE code = in_code);
  INSERT INTO station (code, warehouse_id, printer)
  VALUES (in_code, wh, coalesce(in_printer, ''))
  ON CONFLICT (code) DO UPDATE SET printer = excluded.printer;
  out_doc := jsonb_build_object('code', in_code, 'warehouse', in_wh,
                                'printer', coalesce(in_printer, ''));
END $$;

CREATE OR REPLACE FUNCTION wms_station_list(in_wh text) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(jsonb_build_object('code', s.code,
           'warehouse', w.code, 'printer', s.printer) ORDER BY s.code), '[]')
    FROM station s JOIN warehouse w ON w.id = s.warehouse_id
   WHERE in_wh IS NULL OR w.code = in_wh
$f$;

-- Adds (or renames) holidays in_days: [{day, name}].
CREATE OR REPLACE FUNCTION wms_holidays_put(in_days jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  INSERT INTO holiday (day, name)
  SELECT (d->>'day')::date, coalesce(d->>'name', '')
    FROM jsonb_array_elements(in_days) d
  ON CONFLICT (day) DO UPDATE SET name = excluded.name;
  out_doc := wms_holiday_list(NULL);
END $$;

CREATE OR REPLACE FUNCTION wms_holiday_list(in_year integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(jsonb_build_object('day', day, 'name', name)
           ORDER BY day), '[]')
    FROM holiday
   WHERE in_year IS NULL OR extract(year FROM day) = in_year
$f$;

-- The shipping settings an admin changes on one page: the GS1 company
-- prefix and extension digit SSCCs are built from, and each warehouse's
-- weight-check tolerance (the larger of a percentage and grams).
CREATE OR REPLACE FUNCTION wms_settings_shipping_doc() RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'gs1', (SELECT jsonb_build_object('company_prefix', g.company_prefix,
              'extension', g.extension) FROM gs1_company g),
    'warehouses', (SELECT coalesce(jsonb_agg(jsonb_build_object(
              'code', w.code, 'name', w.name,
              'weight_tolerance_pct', w.weight_tolerance_pct::text,
              'weight_tolerance_g', w.weight_tolerance_g) ORDER BY w.code),
              '[]') FROM warehouse w))
$f$;

-- Sets what in_doc names: company_prefix (7-10 digits), extension (one
-- digit), warehouses [{code, weight_tolerance_pct?, weight_tolerance_g?}].
-- A prefix change keeps the SSCC serial: numbers stay unique per prefix.
CREATE OR REPLACE FUNCTION wms_settings_shipping_set(in_doc jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  w record;
BEGIN
  out_replayed := false;
  IF in_doc ? 'company_prefix' OR in_doc ? 'extension' THEN
    UPDATE gs1_company
       SET company_prefix = coalesce(in_doc->>'company_prefix', company_prefix),
           extension = coalesce(in_doc->>'extension', extension);
  END IF;
  FOR w IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(coalesce(in_doc->'warehouses', '[]'))
             WITH ORDINALITY
  LOOP
    UPDATE warehouse SET
      weight_tolerance_pct = coalesce((w.v->>'weight_tolerance_pct')::numeric,
                                      weight_tolerance_pct),
      weight_tolerance_g = coalesce((w.v->>'weight_tolerance_g')::int,
                                    weight_tolerance_g)
     WHERE code = w.v->>'code';
    IF NOT FOUND THEN
      out_error := 'unknown_warehouse';
      out_field := 'warehouses[' || w.i || '].code';
      RETURN;
    END IF;
  END LOOP;
  out_doc := wms_settings_shipping_doc();
END $$;
