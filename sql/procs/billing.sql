-- 3PL billing (issue 23 item 4): price lists per owner, value-added
-- services on orders, end-of-day stock snapshots, monthly statements and
-- their adjustments. Text contract (core/core_proc.h); C is
-- core/core_billing.c. Tables: sql/migrations/0290-billing.sql.
--
-- What a statement of month M charges (days in the database's TimeZone,
-- as every report's):
--  storage    each day of M, the owner's units in bins and totes at the
--             day's end (billing_stock_day): unit_day sums the units,
--             m3_day units x length x width x height (cm³ / 10^6, SKUs
--             without dimensions count 0), bin_day the bins holding any;
--  inbound    per_unit: units of the owner's SKUs received (moves of reason
--             receipt) in M; per_sscc: notified cartons or pallets (ASN
--             SSCCs) holding the owner's goods received in M; per_carton
--             and per_pallet (when the list prices either, instead of
--             per_sscc): those SSCCs by their package level, plus the
--             packages of receipts without an ASN of the owner's goods;
--  outbound   shipments of the owner's orders (its stores') shipped in M:
--             per_order each order whose first shipment left in M,
--             per_extra_line its lines beyond the first, per_unit the
--             owner's units shipped (moves of reason ship) in M;
--  packaging  the cartons of those shipments, per carton type priced;
--  services   order_service rows of the owner's orders recorded in M;
--  adjustment corrections of earlier statements not billed yet.
-- A line's amount is round(qty x unit_price, 2) (half away from zero); the
-- total is the sum of the amounts.

-- A moment as the API writes it (UTC, ISO 8601), or NULL.
CREATE OR REPLACE FUNCTION bill_ts(in_t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(in_t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- A price as the rules take it: a JSON number or numeric string from 0,
-- at most 10 digits before the point and 4 after; NULL otherwise.
CREATE OR REPLACE FUNCTION bill_price(in_v jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(in_v) IN ('number', 'string')
               AND (in_v #>> '{}') ~ '^[0-9]{1,10}(\.[0-9]{1,4})?$'
              THEN (in_v #>> '{}')::numeric END
$$;

-- The price at in_path of rules in_r (0 when absent).
CREATE OR REPLACE FUNCTION bill_rule(in_r jsonb, in_path text[])
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce((in_r #>> in_path)::numeric, 0)
$$;

-- The refusal of the price at in_v, named in_field (out_error NULL when
-- it is a price): the one check every price of a list goes through.
DROP FUNCTION IF EXISTS bill_price_refusal(jsonb, text);
CREATE OR REPLACE FUNCTION bill_price_refusal(in_v jsonb, in_field text,
  OUT out_error text, OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF bill_price(in_v) IS NULL THEN
    out_error := 'billing_price_invalid'; out_field := in_field;
    out_detail := coalesce(in_v #>> '{}', 'nothing') || ' is no price';
  END IF;
END $$;

-- The refusal of item in_i (from 0) of list in_list (packaging or
-- services, named in_name), whose key is in_key: its price, then its key
-- priced twice (out_error NULL when it is fine).
DROP FUNCTION IF EXISTS bill_item_refusal(jsonb, text, integer, text);
CREATE OR REPLACE FUNCTION bill_item_refusal(in_list jsonb, in_name text,
  in_i integer, in_key text, OUT out_error text, OUT out_field text,
  OUT out_detail text)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  SELECT * INTO out_error, out_field, out_detail
    FROM bill_price_refusal(in_list->in_i->'price',
                            in_name || '[' || in_i || '].price');
  IF out_error IS NULL AND (SELECT count(*) FROM jsonb_array_elements(in_list) y
                             WHERE y->>in_key = in_list->in_i->>in_key) > 1
  THEN
    out_error := 'billing_rule_duplicate';
    out_field := in_name || '[' || in_i || '].' || in_key;
    out_detail := (in_list->in_i->>in_key) || ' is priced twice';
  END IF;
END $$;

-- The first refusal of price list in_r (out_error, out_field, out_detail
-- as the contract's), or out_rules: the list as stored (prices as numbers,
-- packaging and services sorted by code). inbound.per_carton and
-- inbound.per_pallet are optional (lists from before them price SSCCs
-- alike); the other prices are required.
CREATE OR REPLACE FUNCTION bill_rules_check(in_r jsonb, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_rules jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  f record;
  e record;
  x record;
  pk jsonb := coalesce(in_r->'packaging', '[]'::jsonb);
  sv jsonb := coalesce(in_r->'services', '[]'::jsonb);
BEGIN
  FOR f IN SELECT * FROM (VALUES ('storage', 'price', true),
      ('inbound', 'per_unit', true), ('inbound', 'per_sscc', true),
      ('inbound', 'per_carton', false), ('inbound', 'per_pallet', false),
      ('outbound', 'per_order', true), ('outbound', 'per_extra_line', true),
      ('outbound', 'per_unit', true)) AS v (grp, k, req) LOOP
    IF jsonb_typeof(in_r->f.grp) IS DISTINCT FROM 'object' THEN
      out_error := 'missing_field'; out_field := f.grp;
      out_detail := f.grp || ' is an object of prices';
      RETURN;
    END IF;
    CONTINUE WHEN NOT f.req AND NOT (in_r->f.grp ? f.k);
    SELECT * INTO x FROM bill_price_refusal(in_r->f.grp->f.k,
                                            f.grp || '.' || f.k);
    IF x.out_error IS NOT NULL THEN
      out_error := x.out_error; out_field := x.out_field;
      out_detail := x.out_detail;
      RETURN;
    END IF;
  END LOOP;
  IF coalesce(in_r->'storage'->>'mode', '')
     NOT IN ('unit_day', 'm3_day', 'bin_day') THEN
    out_error := 'billing_storage_mode'; out_field := 'storage.mode';
    out_detail := coalesce(in_r->'storage'->>'mode', 'nothing')
                  || ' is not unit_day, m3_day or bin_day';
    RETURN;
  END IF;
  IF jsonb_typeof(pk) <> 'array' OR jsonb_typeof(sv) <> 'array' THEN
    out_error := 'invalid_value';
    out_field := CASE WHEN jsonb_typeof(pk) <> 'array' THEN 'packaging'
                      ELSE 'services' END;
    out_detail := out_field || ' is an array';
    RETURN;
  END IF;
  FOR e IN SELECT v, (i - 1)::integer AS i
             FROM jsonb_array_elements(pk) WITH ORDINALITY AS x (v, i) LOOP
    IF NOT EXISTS (SELECT 1 FROM carton_type WHERE code = e.v->>'carton_type')
    THEN
      out_error := 'billing_carton_type_unknown';
      out_field := 'packaging[' || e.i || '].carton_type';
      out_detail := coalesce(e.v->>'carton_type', 'nothing')
                    || ' is no carton type';
      RETURN;
    END IF;
    SELECT * INTO x FROM bill_item_refusal(pk, 'packaging', e.i,
                                           'carton_type');
    IF x.out_error IS NOT NULL THEN
      out_error := x.out_error; out_field := x.out_field;
      out_detail := x.out_detail;
      RETURN;
    END IF;
  END LOOP;
  FOR e IN SELECT v, (i - 1)::integer AS i
             FROM jsonb_array_elements(sv) WITH ORDINALITY AS x (v, i) LOOP
    IF coalesce(e.v->>'code', '') !~ '^[a-z][a-z0-9_]{0,31}$' THEN
      out_error := 'billing_service_invalid';
      out_field := 'services[' || e.i || '].code';
      out_detail := coalesce(e.v->>'code', 'nothing')
                    || ' is no service code (a-z, 0-9, _)';
      RETURN;
    END IF;
    IF length(coalesce(e.v->>'name', '')) NOT BETWEEN 1 AND 100 THEN
      out_error := 'billing_service_invalid';
      out_field := 'services[' || e.i || '].name';
      out_detail := 'a service has a name of 1 to 100 characters';
      RETURN;
    END IF;
    SELECT * INTO x FROM bill_item_refusal(sv, 'services', e.i, 'code');
    IF x.out_error IS NOT NULL THEN
      out_error := x.out_error; out_field := x.out_field;
      out_detail := x.out_detail;
      RETURN;
    END IF;
  END LOOP;
  out_rules := jsonb_build_object(
    'storage', jsonb_build_object('mode', in_r->'storage'->>'mode',
                 'price', bill_price(in_r->'storage'->'price')),
    'inbound', jsonb_strip_nulls(jsonb_build_object(
                 'per_unit', bill_price(in_r->'inbound'->'per_unit'),
                 'per_sscc', bill_price(in_r->'inbound'->'per_sscc'),
                 'per_carton', bill_price(in_r->'inbound'->'per_carton'),
                 'per_pallet', bill_price(in_r->'inbound'->'per_pallet'))),
    'outbound', jsonb_build_object(
                 'per_order', bill_price(in_r->'outbound'->'per_order'),
                 'per_extra_line', bill_price(in_r->'outbound'->'per_extra_line'),
                 'per_unit', bill_price(in_r->'outbound'->'per_unit')),
    'packaging', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'carton_type', y->>'carton_type',
                     'price', bill_price(y->'price'))
                     ORDER BY y->>'carton_type'), '[]'::jsonb)
                    FROM jsonb_array_elements(pk) y),
    'services', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                    'code', y->>'code', 'name', y->>'name',
                    'price', bill_price(y->'price')) ORDER BY y->>'code'),
                    '[]'::jsonb)
                   FROM jsonb_array_elements(sv) y));
END $$;

-- The version of owner in_owner's price list in effect on day in_day: the
-- latest effective_from on or before it, the higher version of a day.
CREATE OR REPLACE FUNCTION bill_rules_at(in_owner bigint, in_day date)
RETURNS SETOF billing_rules
LANGUAGE sql STABLE AS $$
  SELECT * FROM billing_rules
   WHERE owner_id = in_owner AND effective_from <= in_day
   ORDER BY effective_from DESC, version DESC LIMIT 1
$$;

-- The price list versions that price days of [in_from, in_to) for owner
-- in_owner, each with the days it prices (period_from inclusive, period_to
-- exclusive), in day order; days before any version are priced by none.
CREATE OR REPLACE FUNCTION bill_rules_periods(in_owner bigint, in_from date,
  in_to date)
RETURNS TABLE (version integer, rules jsonb, currency text,
               period_from date, period_to date)
LANGUAGE sql STABLE AS $$
  WITH starts AS (
    SELECT in_from AS d
    UNION
    SELECT b.effective_from FROM billing_rules b
     WHERE b.owner_id = in_owner AND b.effective_from > in_from
       AND b.effective_from < in_to),
  seg AS (
    SELECT s.d, coalesce(lead(s.d) OVER (ORDER BY s.d), in_to) AS e,
           r.version, r.rules, r.currency
      FROM starts s
      LEFT JOIN LATERAL bill_rules_at(in_owner, s.d) r ON true)
  SELECT seg.version, seg.rules, seg.currency, seg.d, seg.e FROM seg
   WHERE seg.version IS NOT NULL ORDER BY seg.d
$$;

-- One version of a price list as the API shows it: in_effect today, or
-- scheduled (a later effective day), else superseded.
CREATE OR REPLACE FUNCTION bill_rules_json(in_b billing_rules) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('version', in_b.version,
    'currency', in_b.currency, 'effective_from', in_b.effective_from,
    'created_at', bill_ts(in_b.created_at), 'rules', in_b.rules,
    'state', CASE WHEN in_b.effective_from > current_date THEN 'scheduled'
                  WHEN in_b.id = (SELECT id FROM bill_rules_at(in_b.owner_id,
                                                               current_date))
                  THEN 'in_effect' ELSE 'superseded' END)
$$;

-- GET /api/v1/owners/{code}/billing-rules: the price list in effect today
-- (version 0 and rules NULL when none is), and every version, the newest
-- effective day first, each with the day it takes effect; NULL for an
-- unknown owner.
CREATE OR REPLACE FUNCTION bill_rules_doc(in_owner text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('owner', o.code,
    'currency', coalesce(r.currency, o.billing_currency),
    'version', coalesce(r.version, 0), 'rules', r.rules,
    'effective_from', r.effective_from,
    'created_at', bill_ts(r.created_at),
    'history', (SELECT coalesce(jsonb_agg(bill_rules_json(h)
                  ORDER BY h.effective_from DESC, h.version DESC),
                  '[]'::jsonb)
                  FROM billing_rules h WHERE h.owner_id = o.id))
    FROM owners o
    LEFT JOIN LATERAL bill_rules_at(o.id, current_date) r ON true
   WHERE o.code = in_owner
$$;

-- PUT /api/v1/owners/{code}/billing-rules {..., effective_from?}: a new
-- version of the owner's price list, in its billing currency, in effect
-- from effective_from (YYYY-MM-DD; when not given: today, or 2000-01-01,
-- the start, for the owner's first list). A day that has
-- a version already, named explicitly, is refused (one rate per kind and
-- day: billing_rule_effective_duplicate); without a date, today's version
-- is corrected by a newer one, as before dates existed. A day of a month
-- already billed is refused (billing_rule_effective_billed): a statement
-- never changes. The same list again for the same day makes none.
CREATE OR REPLACE FUNCTION bill_rules_put(in_owner text, in_req jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o owners%ROWTYPE;
  c record;
  cur billing_rules%ROWTYPE;
  top integer;
  d date := current_date;
  billed date;
  ef text := in_req->>'effective_from';
BEGIN
  out_replayed := false;
  SELECT * INTO o FROM owners WHERE code = in_owner FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no owner ' || in_owner;
    RETURN;
  END IF;
  IF in_req ? 'effective_from' THEN
    BEGIN
      IF coalesce(ef, '') ~ '^2[0-9]{3}-[0-9]{2}-[0-9]{2}$' THEN
        d := ef::date;
      ELSE
        d := NULL;
      END IF;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
      d := NULL;
    END;
    IF d IS NULL THEN
      out_error := 'billing_effective_invalid'; out_field := 'effective_from';
      out_detail := coalesce(ef, 'nothing')
                    || ' is not a day YYYY-MM-DD from 2000-01-01';
      RETURN;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM billing_rules WHERE owner_id = o.id) THEN
    -- An owner's first list, with no day given, prices from the start
    -- (its history too), as lists did before they had days.
    d := date '2000-01-01';
  END IF;
  SELECT * INTO c FROM bill_rules_check(in_req - 'effective_from');
  IF c.out_error IS NOT NULL THEN
    out_error := c.out_error; out_field := c.out_field;
    out_detail := c.out_detail;
    RETURN;
  END IF;
  SELECT (max(month) + interval '1 month')::date - 1 INTO billed
    FROM billing_statement WHERE owner_id = o.id;
  IF d <= billed THEN
    out_error := 'billing_rule_effective_billed';
    out_field := 'effective_from';
    out_detail := 'owner ' || o.code || ' is billed up to ' || billed
                  || ': a rate from ' || d || ' would change an issued statement';
    RETURN;
  END IF;
  SELECT * INTO cur FROM billing_rules
   WHERE owner_id = o.id AND effective_from = d
   ORDER BY version DESC LIMIT 1;
  IF FOUND AND cur.rules = c.out_rules
     AND cur.currency = o.billing_currency THEN
    out_replayed := true; out_doc := bill_rules_doc(in_owner);
    RETURN;
  END IF;
  IF FOUND AND in_req ? 'effective_from' THEN
    out_error := 'billing_rule_effective_duplicate';
    out_field := 'effective_from';
    out_detail := 'version ' || cur.version || ' of the price list of '
                  || o.code || ' takes effect on ' || d
                  || ' already: one rate per kind and day';
    out_doc := jsonb_build_object('params', jsonb_build_object(
                 'version', cur.version, 'effective_from', d));
    RETURN;
  END IF;
  SELECT max(version) INTO top FROM billing_rules WHERE owner_id = o.id;
  INSERT INTO billing_rules (owner_id, version, currency, rules, created_by,
    effective_from)
  VALUES (o.id, coalesce(top, 0) + 1, o.billing_currency, c.out_rules,
          in_user, d);
  out_doc := bill_rules_doc(in_owner);
END $$;

-- The owner of order in_order (its store's).
CREATE OR REPLACE FUNCTION bill_order_owner(in_order bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT s.owner_id FROM sales_order o JOIN store s ON s.id = o.store_id
   WHERE o.id = in_order
$$;

-- One recorded service as the API shows it.
CREATE OR REPLACE FUNCTION bill_service_json(in_s order_service) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', in_s.id, 'order_id', in_s.order_id,
    'service', in_s.service, 'qty', in_s.qty, 'note', in_s.note,
    'name', (SELECT y->>'name' FROM billing_rules b,
               jsonb_array_elements(b.rules->'services') y
              WHERE b.owner_id = bill_order_owner(in_s.order_id)
                AND y->>'code' = in_s.service
              ORDER BY b.version DESC LIMIT 1),
    'created_at', bill_ts(in_s.created_at))
$$;

-- GET /api/v1/orders/{id}/services: what was done for order in_order,
-- with the services its owner's price list offers; NULL: no such order.
CREATE OR REPLACE FUNCTION bill_services(in_order bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('order_id', o.id,
    'items', (SELECT coalesce(jsonb_agg(bill_service_json(s) ORDER BY s.id),
                              '[]'::jsonb)
                FROM order_service s WHERE s.order_id = o.id),
    'offered', coalesce((SELECT b.rules->'services'
                           FROM bill_rules_at(bill_order_owner(o.id),
                                              current_date) b), '[]'::jsonb))
    FROM sales_order o WHERE o.id = in_order
$$;

-- POST /api/v1/orders/{id}/services {service, qty, note?,
-- idempotency_key?}: a service of the price list of the order's owner
-- in effect today.
CREATE OR REPLACE FUNCTION bill_service_add(in_order bigint, in_body jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  in_key text := in_body->>'idempotency_key';
  in_req jsonb := in_body - 'idempotency_key';
  rp record;
  s order_service%ROWTYPE;
BEGIN
  SELECT * INTO rp FROM idem_replay(in_key, 'order_service', in_order, in_req);
  out_replayed := rp.out_replayed;
  IF rp.out_error IS NOT NULL OR rp.out_replayed THEN
    out_error := rp.out_error; out_field := rp.out_field; out_doc := rp.out_doc;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sales_order WHERE id = in_order) THEN
    out_error := 'not_found'; out_detail := 'no order ' || in_order;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM bill_rules_at(bill_order_owner(in_order),
                                              current_date) b,
                   jsonb_array_elements(b.rules->'services') y
                  WHERE y->>'code' = in_req->>'service') THEN
    out_error := 'billing_service_unknown'; out_field := 'service';
    out_detail := (in_req->>'service')
                  || ' is not in the price list of the order''s owner';
    RETURN;
  END IF;
  INSERT INTO order_service (order_id, service, qty, note, created_by)
  VALUES (in_order, in_req->>'service', (in_req->>'qty')::bigint,
          coalesce(in_req->>'note', ''), in_user)
  RETURNING * INTO s;
  out_doc := bill_service_json(s);
  PERFORM idem_record(in_key, 'order_service', in_order, in_req, out_doc);
END $$;

-- End-of-day stock of day in_day per SKU of owner in_owner and bin or
-- tote, from every move of the ledger up to the day's end (the owner's
-- SKUs, then their moves by stock_move_sku_idx).
CREATE OR REPLACE FUNCTION bill_stock_ledger(in_day date, in_owner bigint)
RETURNS TABLE (sku_id bigint, location_id bigint, on_hand bigint)
LANGUAGE sql STABLE AS $$
  SELECT x.sku_id, x.loc, sum(x.q)::bigint
    FROM (SELECT m.sku_id, m.to_location_id AS loc, m.qty AS q
            FROM sku s JOIN stock_move m ON m.sku_id = s.id
           WHERE s.owner_id = in_owner
             AND m.created_at < (in_day + 1)::timestamptz
          UNION ALL
          SELECT m.sku_id, m.from_location_id, -m.qty
            FROM sku s JOIN stock_move m ON m.sku_id = s.id
           WHERE s.owner_id = in_owner
             AND m.created_at < (in_day + 1)::timestamptz) x
    JOIN location l ON l.id = x.loc AND l.kind IN ('bin', 'tote')
   GROUP BY x.sku_id, x.loc
  HAVING sum(x.q) > 0
$$;

-- The same from the quants as they are now, less the moves made after
-- the day's end: what the nightly job reads (a day's moves, not all).
CREATE OR REPLACE FUNCTION bill_stock_quants(in_day date, in_owner bigint)
RETURNS TABLE (sku_id bigint, location_id bigint, on_hand bigint)
LANGUAGE sql STABLE AS $$
  SELECT x.sku_id, x.loc, sum(x.q)::bigint
    FROM (SELECT q.sku_id, q.location_id AS loc, q.on_hand AS q
            FROM sku s JOIN stock_quant q ON q.sku_id = s.id
           WHERE s.owner_id = in_owner AND q.on_hand > 0
          UNION ALL
          SELECT m.sku_id, m.to_location_id, -m.qty
            FROM sku s JOIN stock_move m ON m.sku_id = s.id
           WHERE s.owner_id = in_owner
             AND m.created_at >= (in_day + 1)::timestamptz
          UNION ALL
          SELECT m.sku_id, m.from_location_id, m.qty
            FROM sku s JOIN stock_move m ON m.sku_id = s.id
           WHERE s.owner_id = in_owner
             AND m.created_at >= (in_day + 1)::timestamptz) x
    JOIN location l ON l.id = x.loc AND l.kind IN ('bin', 'tote')
   GROUP BY x.sku_id, x.loc
  HAVING sum(x.q) > 0
$$;

-- Makes owner in_owner's snapshot of day in_day (a day that has ended)
-- unless it exists: from the quants (in_source nightly) or the ledger.
-- Concurrent callers (nodes, statements) wait on one lock per day; the
-- second finds it done. Returns whether it wrote the day.
CREATE OR REPLACE FUNCTION bill_stock_fill(in_day date, in_owner bigint,
  in_source text)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF in_day >= current_date THEN
    RETURN false;
  END IF;
  IF EXISTS (SELECT 1 FROM billing_stock_run
              WHERE day = in_day AND owner_id = in_owner) THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock(1651074412, in_day - date '2000-01-01');
  IF EXISTS (SELECT 1 FROM billing_stock_run
              WHERE day = in_day AND owner_id = in_owner) THEN
    RETURN false;
  END IF;
  IF in_source = 'nightly' THEN
    INSERT INTO billing_stock_day (day, sku_id, location_id, owner_id, on_hand)
    SELECT in_day, x.sku_id, x.location_id, in_owner, x.on_hand
      FROM bill_stock_quants(in_day, in_owner) x;
  ELSE
    INSERT INTO billing_stock_day (day, sku_id, location_id, owner_id, on_hand)
    SELECT in_day, x.sku_id, x.location_id, in_owner, x.on_hand
      FROM bill_stock_ledger(in_day, in_owner) x;
  END IF;
  INSERT INTO billing_stock_run (day, owner_id, source)
  VALUES (in_day, in_owner, in_source);
  RETURN true;
END $$;

-- The nightly job of `depot serve` (every node calls it; one runs it):
-- yesterday's snapshot of every owner with a price list, and any missed
-- day of the last 40. Returns the number of owner-days written.
CREATE OR REPLACE FUNCTION bill_stock_nightly() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  o record;
  d date;
  n integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(1651074413, 0) THEN
    RETURN 0;
  END IF;
  FOR o IN SELECT DISTINCT b.owner_id AS id FROM billing_rules b LOOP
    FOR d IN SELECT g::date FROM generate_series(
        (SELECT greatest(coalesce(max(r.day) + 1, current_date - 1),
                         current_date - 40)
           FROM billing_stock_run r WHERE r.owner_id = o.id),
        current_date - 1, interval '1 day') g LOOP
      IF bill_stock_fill(d, o.id, 'nightly') THEN
        n := n + 1;
      END IF;
    END LOOP;
  END LOOP;
  RETURN n;
END $$;

-- Storage per day of [in_from, in_to) for owner in_owner: units, m³ and
-- bins at each day's end (snapshots made from the ledger where missing).
CREATE OR REPLACE FUNCTION bill_storage_days(in_owner bigint, in_from date,
  in_to date)
RETURNS TABLE (day date, units bigint, m3 numeric, bins bigint)
LANGUAGE plpgsql AS $$
DECLARE
  d date;
BEGIN
  FOR d IN SELECT g::date FROM generate_series(in_from, in_to - 1,
                                               interval '1 day') g LOOP
    PERFORM bill_stock_fill(d, in_owner, 'ledger');
  END LOOP;
  RETURN QUERY
  SELECT g::date,
         coalesce(sum(b.on_hand), 0)::bigint,
         coalesce(sum(b.on_hand * coalesce(s.length_cm * s.width_cm
                                           * s.height_cm, 0)) / 1000000, 0),
         count(DISTINCT b.location_id) FILTER (WHERE l.kind = 'bin')
    FROM generate_series(in_from, in_to - 1, interval '1 day') g
    LEFT JOIN billing_stock_day b ON b.day = g::date AND b.owner_id = in_owner
    LEFT JOIN sku s ON s.id = b.sku_id
    LEFT JOIN location l ON l.id = b.location_id
   GROUP BY g ORDER BY g;
END $$;

-- The charges of days [in_from, in_to) (a month, or the part of one a
-- price list version is in effect) for owner in_owner under price list
-- in_r, in statement order (lines with nothing to charge left out;
-- adjustments are the caller's). A fact belongs to the day it happened.
DROP FUNCTION IF EXISTS bill_charges(bigint, date, jsonb);
CREATE OR REPLACE FUNCTION bill_charges(in_owner bigint, in_from date,
  in_to date, in_r jsonb)
RETURNS TABLE (kind text, code text, qty numeric, unit_price numeric,
               facts jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz := in_from::timestamptz;
  t1 timestamptz := in_to::timestamptz;
  mode text := in_r->'storage'->>'mode';
BEGIN
  RETURN QUERY
  SELECT 'storage', mode,
         CASE mode WHEN 'unit_day' THEN sum(d.units)::numeric
                   WHEN 'm3_day' THEN round(sum(d.m3), 6)
                   ELSE sum(d.bins)::numeric END,
         bill_rule(in_r, '{storage,price}'),
         jsonb_build_object('days', jsonb_agg(jsonb_build_object(
           'day', d.day, 'units', d.units, 'm3', round(d.m3, 6),
           'bins', d.bins) ORDER BY d.day))
    FROM bill_storage_days(in_owner, in_from, in_to) d;
  -- Inbound: the units of receipts, and the SSCCs received.
  RETURN QUERY
  SELECT 'inbound', 'unit', sum(m.qty)::numeric,
         bill_rule(in_r, '{inbound,per_unit}'),
         jsonb_build_object('moves', jsonb_agg(m.id ORDER BY m.id))
    FROM stock_move m JOIN sku s ON s.id = m.sku_id
   WHERE s.owner_id = in_owner AND m.reason = 'receipt'
     AND m.created_at >= t0 AND m.created_at < t1
  HAVING count(*) > 0;
  -- A list that prices cartons or pallets bills each SSCC by its level
  -- (and each receipt without an ASN by the packages chosen at
  -- receiving); one that prices neither bills every SSCC alike.
  IF NOT (in_r->'inbound' ? 'per_carton' OR in_r->'inbound' ? 'per_pallet')
  THEN
    RETURN QUERY
    SELECT 'inbound', 'sscc', count(*)::numeric,
           bill_rule(in_r, '{inbound,per_sscc}'),
           jsonb_build_object('sscc', jsonb_agg(c.id ORDER BY c.id))
      FROM asn_carton c
     WHERE c.received_at >= t0 AND c.received_at < t1
       AND EXISTS (SELECT 1 FROM asn_line a JOIN sku s ON s.id = a.sku_id
                    WHERE a.carton_id = c.id AND s.owner_id = in_owner)
    HAVING count(*) > 0;
  ELSE
    RETURN QUERY
    WITH pk AS (
      SELECT c.package_level AS lvl, 1 AS n, c.id AS sscc, NULL::bigint AS rcpt
        FROM asn_carton c
       WHERE c.received_at >= t0 AND c.received_at < t1
         AND EXISTS (SELECT 1 FROM asn_line a JOIN sku s ON s.id = a.sku_id
                      WHERE a.carton_id = c.id AND s.owner_id = in_owner)
      UNION ALL
      SELECT r.package_level, r.packages, NULL, r.id
        FROM receipt r
       WHERE r.packages IS NOT NULL
         AND r.received_at >= t0 AND r.received_at < t1
         AND EXISTS (SELECT 1 FROM receipt_line rl
                       JOIN po_line pl ON pl.id = rl.po_line_id
                       JOIN sku s ON s.id = pl.sku_id
                      WHERE rl.receipt_id = r.id AND s.owner_id = in_owner))
    SELECT 'inbound', pk.lvl, sum(pk.n)::numeric,
           bill_rule(in_r, ARRAY['inbound', 'per_' || pk.lvl]),
           jsonb_build_object(
             'sscc', coalesce(jsonb_agg(pk.sscc ORDER BY pk.sscc)
                                FILTER (WHERE pk.sscc IS NOT NULL), '[]'),
             'receipts', coalesce(jsonb_agg(pk.rcpt ORDER BY pk.rcpt)
                                FILTER (WHERE pk.rcpt IS NOT NULL), '[]'))
      FROM pk WHERE in_r->'inbound' ? ('per_' || pk.lvl)
     GROUP BY pk.lvl ORDER BY pk.lvl;
  END IF;
  -- Outbound: orders whose first shipment left this month, their lines
  -- beyond the first, the units shipped.
  RETURN QUERY
  WITH o AS (
    SELECT so.order_id, min(sh.shipped_at) AS first_out
      FROM shipment sh JOIN shipment_order so ON so.shipment_id = sh.id
      JOIN sales_order x ON x.id = so.order_id
      JOIN store st ON st.id = x.store_id
     WHERE st.owner_id = in_owner AND sh.shipped_at IS NOT NULL
       AND sh.state IN ('shipped', 'delivered')
     GROUP BY so.order_id
    HAVING min(sh.shipped_at) >= t0 AND min(sh.shipped_at) < t1),
  ol AS (
    SELECT o.order_id, (SELECT count(*) FROM order_line l
                         WHERE l.order_id = o.order_id
                           AND l.requires_shipping) AS lines
      FROM o)
  SELECT v.kind, v.code, v.qty, v.price, v.facts FROM (
    SELECT 'outbound' AS kind, 'order' AS code, count(*)::numeric AS qty,
           bill_rule(in_r, '{outbound,per_order}') AS price,
           jsonb_build_object('orders', jsonb_agg(ol.order_id
             ORDER BY ol.order_id)) AS facts, 1 AS k
      FROM ol HAVING count(*) > 0
    UNION ALL
    SELECT 'outbound', 'extra_line', sum(ol.lines - 1)::numeric,
           bill_rule(in_r, '{outbound,per_extra_line}'),
           jsonb_build_object('orders', jsonb_agg(ol.order_id
             ORDER BY ol.order_id)), 2
      FROM ol WHERE ol.lines > 1 HAVING count(*) > 0) v
   ORDER BY v.k;
  RETURN QUERY
  SELECT 'outbound', 'unit', sum(m.qty)::numeric,
         bill_rule(in_r, '{outbound,per_unit}'),
         jsonb_build_object('moves', jsonb_agg(m.id ORDER BY m.id))
    FROM stock_move m JOIN sku s ON s.id = m.sku_id
   WHERE s.owner_id = in_owner AND m.reason = 'ship'
     AND m.created_at >= t0 AND m.created_at < t1
  HAVING count(*) > 0;
  -- Packaging: the cartons of the owner's shipments that left this month,
  -- per carton type the price list prices.
  RETURN QUERY
  SELECT 'packaging', c.carton_type, count(*)::numeric,
         bill_price(p->'price'),
         jsonb_build_object('cartons', jsonb_agg(c.id ORDER BY c.id))
    FROM carton c JOIN shipment sh ON sh.id = c.shipment_id
    JOIN sales_order x ON x.id = sh.order_id
    JOIN store st ON st.id = x.store_id
    JOIN jsonb_array_elements(in_r->'packaging') p
      ON p->>'carton_type' = c.carton_type
   WHERE st.owner_id = in_owner AND sh.state IN ('shipped', 'delivered')
     AND sh.shipped_at >= t0 AND sh.shipped_at < t1
   GROUP BY c.carton_type, p->'price'
   ORDER BY c.carton_type;
  -- Value-added services recorded this month (a service since dropped
  -- from the list is still shown, at 0).
  RETURN QUERY
  SELECT 'service', v.service, sum(v.qty)::numeric,
         coalesce((SELECT bill_price(p->'price')
                     FROM jsonb_array_elements(in_r->'services') p
                    WHERE p->>'code' = v.service), 0),
         jsonb_build_object('services', jsonb_agg(v.id ORDER BY v.id))
    FROM order_service v JOIN sales_order x ON x.id = v.order_id
    JOIN store st ON st.id = x.store_id
   WHERE st.owner_id = in_owner
     AND v.created_at >= t0 AND v.created_at < t1
   GROUP BY v.service ORDER BY v.service;
END $$;

-- Where lines of kind in_kind and code in_code go on a statement (then by
-- code, then by period): storage, inbound, outbound, packaging, services.
CREATE OR REPLACE FUNCTION bill_line_rank(in_kind text, in_code text)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE in_kind
           WHEN 'storage' THEN 10
           WHEN 'inbound' THEN 20 + CASE in_code WHEN 'unit' THEN 1
                                     WHEN 'sscc' THEN 2 WHEN 'carton' THEN 3
                                     ELSE 4 END
           WHEN 'outbound' THEN 30 + CASE in_code WHEN 'order' THEN 1
                                      WHEN 'extra_line' THEN 2 ELSE 3 END
           WHEN 'packaging' THEN 40
           WHEN 'service' THEN 50
           ELSE 60 END
$$;

-- A statement's month as text ("2026-11").
CREATE OR REPLACE FUNCTION bill_month_text(in_m date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(in_m, 'YYYY-MM')
$$;

-- What a line charges, for people: in_lang zh-CN or en (services by the
-- name in the price list the statement used).
CREATE OR REPLACE FUNCTION bill_line_label(in_kind text, in_code text,
  in_rules jsonb, in_lang text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN in_kind = 'service' THEN
           coalesce((SELECT p->>'name' FROM jsonb_array_elements(
                       in_rules->'services') p WHERE p->>'code' = in_code),
                    in_code)
              || CASE WHEN in_lang = 'en' THEN ' (value-added service)'
                      ELSE '（增值服务）' END
         WHEN in_kind = 'packaging' THEN
           CASE WHEN in_lang = 'en' THEN 'Packaging: carton ' ELSE '包材费：纸箱 ' END
           || in_code
         ELSE (SELECT CASE WHEN in_lang = 'en' THEN v.en ELSE v.zh END
                 FROM (VALUES
                   ('storage', 'unit_day', 'Storage per unit-day', '仓储费（件·天）'),
                   ('storage', 'm3_day', 'Storage per m³-day', '仓储费（立方米·天）'),
                   ('storage', 'bin_day', 'Storage per occupied bin-day', '仓储费（库位·天）'),
                   ('inbound', 'unit', 'Inbound per unit', '入库费（按件）'),
                   ('inbound', 'sscc', 'Inbound per carton or pallet (SSCC)', '入库费（按箱/托 SSCC）'),
                   ('inbound', 'carton', 'Inbound per carton', '入库费（按箱）'),
                   ('inbound', 'pallet', 'Inbound per pallet', '入库费（按托）'),
                   ('outbound', 'order', 'Outbound per order', '出库费（按单）'),
                   ('outbound', 'extra_line', 'Outbound per extra line', '出库费（续行）'),
                   ('outbound', 'unit', 'Outbound per unit', '出库费（按件）'),
                   ('adjustment', 'adjustment', 'Adjustment', '调整'))
                   AS v (k, c, en, zh)
                WHERE v.k = in_kind AND v.c = in_code) END
$$;

-- The days of line in_l when they are not all of month in_month (a rate
-- changed in the month): " 12-01–12-14", else ''.
CREATE OR REPLACE FUNCTION bill_line_period(in_l billing_statement_line,
  in_month date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN in_l.period_from IS NULL
                OR (in_l.period_from = in_month
                    AND in_l.period_to = (in_month + interval '1 month')::date - 1)
              THEN ''
              ELSE ' ' || to_char(in_l.period_from, 'MM-DD') || '–'
                   || to_char(in_l.period_to, 'MM-DD') END
$$;

-- Statement in_id as the API shows it (lines with their facts, the price
-- list version and the days each was priced at).
CREATE OR REPLACE FUNCTION bill_statement_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', b.id, 'owner', o.code,
    'owner_name', o.name, 'number', b.number,
    'month', bill_month_text(b.month), 'currency', b.currency,
    'total', b.total, 'rules_version', b.rules_version, 'rules', b.rules,
    'issued_at', bill_ts(b.issued_at),
    'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object('n', l.n,
                'kind', l.kind, 'code', l.code,
                'description', bill_line_label(l.kind, l.code, b.rules, 'zh-CN')
                  || bill_line_period(l, b.month),
                'description_en', bill_line_label(l.kind, l.code, b.rules, 'en')
                  || bill_line_period(l, b.month),
                'qty', l.qty, 'unit_price', l.unit_price, 'amount', l.amount,
                'rules_version', l.rules_version, 'period_from', l.period_from,
                'period_to', l.period_to,
                'facts', l.facts) ORDER BY l.n), '[]'::jsonb)
                FROM billing_statement_line l WHERE l.statement_id = b.id),
    'adjustments', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id,
                'amount', a.amount, 'reason', a.reason,
                'billed_on', (SELECT number FROM billing_statement
                               WHERE id = a.applied_statement_id),
                'created_at', bill_ts(a.created_at)) ORDER BY a.id),
                '[]'::jsonb)
                FROM billing_adjustment a WHERE a.statement_id = b.id))
    FROM billing_statement b JOIN owners o ON o.id = b.owner_id
   WHERE b.id = in_id
$$;

-- Statement in_id of owner in_owner (code), or NULL.
CREATE OR REPLACE FUNCTION bill_statement_get(in_owner text, in_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT bill_statement_doc(b.id) FROM billing_statement b
    JOIN owners o ON o.id = b.owner_id
   WHERE b.id = in_id AND o.code = in_owner
$$;

-- GET /api/v1/owners/{code}/statements: newest month first, ids below
-- in_before (0: from the newest), at most in_limit, without lines.
CREATE OR REPLACE FUNCTION bill_statement_list(in_owner text,
  in_before bigint, in_limit integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(x.j ORDER BY x.id DESC), '[]'::jsonb)
    FROM (SELECT b.id, jsonb_build_object('id', b.id, 'owner', o.code,
            'number', b.number, 'month', bill_month_text(b.month),
            'currency', b.currency, 'total', b.total,
            'lines', (SELECT count(*) FROM billing_statement_line
                       WHERE statement_id = b.id),
            'issued_at', bill_ts(b.issued_at), 'cursor', b.id::text) AS j
            FROM billing_statement b JOIN owners o ON o.id = b.owner_id
           WHERE o.code = in_owner AND (in_before = 0 OR b.id < in_before)
           ORDER BY b.id DESC LIMIT in_limit) x
$$;

-- POST /api/v1/owners/{code}/statements {month: "YYYY-MM",
-- idempotency_key?}: computes and issues the owner's statement of a month
-- that has ended, each fact at the price list version in effect on its
-- day (a rate changed mid-month splits the line), with the adjustments of
-- earlier statements not billed yet. One per owner and month.
CREATE OR REPLACE FUNCTION bill_statement_issue(in_owner text, in_body jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  in_key text := in_body->>'idempotency_key';
  in_req jsonb := in_body - 'idempotency_key';
  rp record;
  o owners%ROWTYPE;
  r billing_rules%ROWTYPE;
  m date;
  sid bigint;
BEGIN
  SELECT * INTO o FROM owners WHERE code = in_owner;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_detail := 'no owner ' || in_owner;
    RETURN;
  END IF;
  SELECT * INTO rp FROM idem_replay(in_key, 'billing_statement', o.id, in_req);
  out_replayed := rp.out_replayed;
  IF rp.out_error IS NOT NULL OR rp.out_replayed THEN
    out_error := rp.out_error; out_field := rp.out_field; out_doc := rp.out_doc;
    RETURN;
  END IF;
  IF coalesce(in_req->>'month', '') !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
    out_error := 'billing_month_invalid'; out_field := 'month';
    out_detail := coalesce(in_req->>'month', 'nothing') || ' is not YYYY-MM';
    RETURN;
  END IF;
  m := (in_req->>'month' || '-01')::date;
  IF m < date '2000-01-01' OR (m + interval '1 month')::date > current_date
  THEN
    out_error := CASE WHEN m < date '2000-01-01' THEN 'billing_month_invalid'
                      ELSE 'billing_month_open' END;
    out_field := 'month';
    out_detail := 'month ' || bill_month_text(m) || ' ends on '
                  || ((m + interval '1 month')::date - 1) || ', today is '
                  || current_date;
    RETURN;
  END IF;
  -- One issue per owner at a time: the month check and the adjustments
  -- taken below see every earlier statement of the owner.
  PERFORM 1 FROM owners WHERE id = o.id FOR UPDATE;
  SELECT id INTO sid FROM billing_statement
   WHERE owner_id = o.id AND month = m;
  IF FOUND THEN
    out_error := 'billing_statement_exists'; out_field := 'month';
    out_detail := 'statement ' || (SELECT number FROM billing_statement
                                    WHERE id = sid)
                  || ' bills ' || bill_month_text(m);
    out_doc := jsonb_build_object('params', jsonb_build_object('id', sid));
    RETURN;
  END IF;
  -- The versions in effect during the month, each pricing its days; the
  -- statement names the one in effect at the month's end.
  SELECT * INTO r FROM billing_rules b
   WHERE b.owner_id = o.id
     AND b.version = (SELECT p.version FROM bill_rules_periods(o.id, m,
                        (m + interval '1 month')::date) p
                       ORDER BY p.period_from DESC LIMIT 1);
  IF NOT FOUND THEN
    out_error := 'billing_no_rules';
    out_detail := 'owner ' || o.code || ' has no price list in effect in '
                  || bill_month_text(m);
    RETURN;
  END IF;
  INSERT INTO billing_statement (owner_id, month, number, currency,
    rules_version, rules, total, issued_by)
  VALUES (o.id, m, 'BS-' || o.code || '-' || to_char(m, 'YYYYMM'),
          r.currency, r.version, r.rules, 0, in_user)
  RETURNING id INTO sid;
  -- A kind's lines together, in the order bill_charges gives them, a
  -- line per version in effect (period order) when the rate changed.
  INSERT INTO billing_statement_line (statement_id, n, kind, code, qty,
    unit_price, amount, facts, rules_version, period_from, period_to)
  SELECT sid, row_number() OVER (ORDER BY bill_line_rank(c.kind, c.code),
                                          c.code, c.period_from),
         c.kind, c.code, c.qty, c.unit_price, round(c.qty * c.unit_price, 2),
         c.facts, c.version, c.period_from, c.period_to - 1
    FROM (SELECT x.*, p.version, p.period_from, p.period_to
            FROM bill_rules_periods(o.id, m, (m + interval '1 month')::date) p
            CROSS JOIN LATERAL bill_charges(o.id, p.period_from,
                                            p.period_to, p.rules) x) c
   WHERE c.qty > 0;
  -- Corrections of earlier months not billed yet, one line each.
  INSERT INTO billing_statement_line (statement_id, n, kind, code, qty,
    unit_price, amount, facts)
  SELECT sid, coalesce((SELECT max(n) FROM billing_statement_line
                         WHERE statement_id = sid), 0)
              + row_number() OVER (ORDER BY a.id),
         'adjustment', 'adjustment', 1, a.amount, a.amount,
         jsonb_build_object('adjustments', jsonb_build_array(a.id))
    FROM billing_adjustment a JOIN billing_statement s ON s.id = a.statement_id
   WHERE a.owner_id = o.id AND a.applied_statement_id IS NULL
     AND s.month < m;
  UPDATE billing_adjustment a SET applied_statement_id = sid
    FROM billing_statement s
   WHERE s.id = a.statement_id AND a.owner_id = o.id
     AND a.applied_statement_id IS NULL AND s.month < m;
  -- The total is written once, before the statement is sealed: the row
  -- trigger lets this one UPDATE through (the total was 0 and no line
  -- has been read from it).
  PERFORM set_config('depot.bill_sealing', sid::text, true);
  UPDATE billing_statement SET total = (SELECT coalesce(sum(amount), 0)
    FROM billing_statement_line WHERE statement_id = sid)
   WHERE id = sid;
  PERFORM set_config('depot.bill_sealing', '', true);
  out_doc := bill_statement_doc(sid);
  PERFORM idem_record(in_key, 'billing_statement', o.id, in_req, out_doc);
END $$;

-- POST /api/v1/owners/{code}/statements/{id}/adjustments {amount, credit?,
-- reason, idempotency_key?} (a credit is billed negative): a correction of the statement, billed on the owner's
-- next statement.
CREATE OR REPLACE FUNCTION bill_adjustment_add(in_owner text, in_id bigint,
  in_body jsonb, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  in_key text := in_body->>'idempotency_key';
  in_req jsonb := in_body - 'idempotency_key';
  rp record;
  b billing_statement%ROWTYPE;
  aid bigint;
  amt numeric := CASE WHEN (in_req->>'credit')::boolean
                      THEN -(in_req->>'amount')::numeric
                      ELSE (in_req->>'amount')::numeric END;
BEGIN
  SELECT * INTO rp FROM idem_replay(in_key, 'billing_adjustment', in_id,
                                    in_req);
  out_replayed := rp.out_replayed;
  IF rp.out_error IS NOT NULL OR rp.out_replayed THEN
    out_error := rp.out_error; out_field := rp.out_field; out_doc := rp.out_doc;
    RETURN;
  END IF;
  SELECT b2.* INTO b FROM billing_statement b2 JOIN owners o
    ON o.id = b2.owner_id WHERE b2.id = in_id AND o.code = in_owner;
  IF NOT FOUND THEN
    out_error := 'not_found';
    out_detail := 'no statement ' || in_id || ' of owner ' || in_owner;
    RETURN;
  END IF;
  IF amt = 0 THEN
    out_error := 'billing_amount_invalid'; out_field := 'amount';
    out_detail := 'an adjustment of 0 changes nothing';
    RETURN;
  END IF;
  INSERT INTO billing_adjustment (owner_id, statement_id, amount, reason,
    created_by)
  VALUES (b.owner_id, b.id, amt, in_req->>'reason', in_user)
  RETURNING id INTO aid;
  out_doc := jsonb_build_object('id', aid, 'statement_id', b.id,
    'amount', amt::numeric(14, 2),
    'reason', in_req->>'reason', 'billed_on', NULL);
  PERFORM idem_record(in_key, 'billing_adjustment', in_id, in_req, out_doc);
END $$;

-- GET .../statements/{id}/lines/{n}/facts: what line in_n charges for,
-- row by row (days, moves, SSCCs, orders, cartons, services,
-- adjustments); NULL when there is no such line.
CREATE OR REPLACE FUNCTION bill_line_facts(in_owner text, in_id bigint,
  in_n integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('statement_id', l.statement_id, 'n', l.n,
    'kind', l.kind, 'code', l.code, 'qty', l.qty, 'amount', l.amount,
    'items', coalesce(l.facts->'days',
      (SELECT jsonb_agg(jsonb_build_object('move', m.id, 'sku', s.code,
                'qty', m.qty, 'reason', m.reason, 'document', m.document,
                'from', fl.code, 'to', tl.code,
                'at', bill_ts(m.created_at)) ORDER BY m.id)
         FROM jsonb_array_elements_text(l.facts->'moves') f
         JOIN stock_move m ON m.id = f::bigint
         JOIN sku s ON s.id = m.sku_id
         JOIN location fl ON fl.id = m.from_location_id
         JOIN location tl ON tl.id = m.to_location_id),
      (SELECT jsonb_agg(x.j ORDER BY x.k, x.id)
         FROM (SELECT 1 AS k, c.id, jsonb_build_object('carton', c.id,
                 'sscc', c.sscc, 'package_level', c.package_level,
                 'packages', 1, 'received_at', bill_ts(c.received_at)) AS j
                 FROM jsonb_array_elements_text(l.facts->'sscc') f
                 JOIN asn_carton c ON c.id = f::bigint
               UNION ALL
               SELECT 2, r.id, jsonb_build_object('receipt', r.id,
                 'document', p.number, 'package_level', r.package_level,
                 'packages', r.packages, 'received_at', bill_ts(r.received_at))
                 FROM jsonb_array_elements_text(l.facts->'receipts') f
                 JOIN receipt r ON r.id = f::bigint
                 JOIN purchase_order p ON p.id = r.po_id) x),
      (SELECT jsonb_agg(jsonb_build_object('order', o.id,
                'external_id', o.external_id,
                'lines', (SELECT count(*) FROM order_line ol
                           WHERE ol.order_id = o.id AND ol.requires_shipping),
                'shipments', (SELECT jsonb_agg(so.shipment_id
                                ORDER BY so.shipment_id)
                                FROM shipment_order so
                               WHERE so.order_id = o.id)) ORDER BY o.id)
         FROM jsonb_array_elements_text(l.facts->'orders') f
         JOIN sales_order o ON o.id = f::bigint),
      (SELECT jsonb_agg(jsonb_build_object('carton', c.id, 'sscc', c.sscc,
                'carton_type', c.carton_type, 'shipment', c.shipment_id,
                'shipped_at', bill_ts(sh.shipped_at)) ORDER BY c.id)
         FROM jsonb_array_elements_text(l.facts->'cartons') f
         JOIN carton c ON c.id = f::bigint
         JOIN shipment sh ON sh.id = c.shipment_id),
      (SELECT jsonb_agg(bill_service_json(v) ORDER BY v.id)
         FROM jsonb_array_elements_text(l.facts->'services') f
         JOIN order_service v ON v.id = f::bigint),
      (SELECT jsonb_agg(jsonb_build_object('adjustment', a.id,
                'statement', s.number, 'amount', a.amount,
                'reason', a.reason, 'created_at', bill_ts(a.created_at))
                ORDER BY a.id)
         FROM jsonb_array_elements_text(l.facts->'adjustments') f
         JOIN billing_adjustment a ON a.id = f::bigint
         JOIN billing_statement s ON s.id = a.statement_id),
      '[]'::jsonb))
    FROM billing_statement_line l
    JOIN billing_statement b ON b.id = l.statement_id
    JOIN owners o ON o.id = b.owner_id
   WHERE o.code = in_owner AND l.statement_id = in_id AND l.n = in_n
$$;

-- An issued statement never changes (the one UPDATE that seals its total
-- aside): any other UPDATE or DELETE of it or its lines is refused, by
-- any path (SQLSTATE DP400, sql/procs/owner.sql).
CREATE OR REPLACE FUNCTION bill_statement_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Nested: PL/pgSQL may evaluate every operand of an AND, and a line
  -- row has no id.
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'billing_statement' THEN
    IF current_setting('depot.bill_sealing', true) = (to_jsonb(OLD)->>'id')
       AND (to_jsonb(OLD)->>'total')::numeric = 0
       AND (to_jsonb(NEW) - 'total') = (to_jsonb(OLD) - 'total') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'an issued statement never changes'
    USING ERRCODE = 'DP400', HINT = 'billing_statement_issued';
END $$;

CREATE OR REPLACE TRIGGER billing_statement_immutable
  BEFORE UPDATE OR DELETE ON billing_statement
  FOR EACH ROW EXECUTE FUNCTION bill_statement_refuse();
CREATE OR REPLACE TRIGGER billing_statement_line_immutable
  BEFORE UPDATE OR DELETE ON billing_statement_line
  FOR EACH ROW EXECUTE FUNCTION bill_statement_refuse();
