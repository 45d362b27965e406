-- Electronic waybills (电子面单, issue 27 item 4): the procedures of
-- /api/v1/stores/{store}/waybill-accounts, the two halves around the
-- carton close's call to the waybill service (no transaction is open
-- during that call: web/web_waybill.c), and the cancel queue that the
-- marketplace worker drains when a packed parcel is cancelled.

-- The channels whose platform has a waybill service Depot speaks to
-- (channels/channel_taobao_waybill.c: Cainiao; channel_pdd_waybill.c,
-- channel_douyin_waybill.c and channel_jd_waybill.c: the platforms' own).
CREATE OR REPLACE FUNCTION waybill_supported(in_channel text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT in_channel IN ('taobao', 'pinduoduo', 'douyin', 'jd')
$$;

CREATE OR REPLACE FUNCTION waybill_account_doc(in_store bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('store', s.code, 'channel', s.channel,
    'supported', waybill_supported(s.channel),
    'authorised', EXISTS (SELECT 1 FROM channel_account a
                           WHERE a.store_id = s.id AND a.token_pii IS NOT NULL),
    'items', coalesce((SELECT jsonb_agg(jsonb_build_object(
        'carrier', w.carrier, 'carrier_name', c.name, 'cp_code', w.cp_code,
        'template_url', w.template_url, 'sender', w.sender,
        'service', w.service, 'active', w.active, 'updated_at', w.updated_at,
        'issued', (SELECT count(*) FROM carton_waybill x
                    WHERE x.store_id = s.id AND x.carrier = w.carrier
                      AND x.state = 'issued'),
        'cancel_problems', (SELECT count(*) FROM carton_waybill x
                    WHERE x.store_id = s.id AND x.carrier = w.carrier
                      AND x.last_error <> ''
                      AND x.state IN ('cancelling', 'cancel_failed')))
        ORDER BY w.carrier)
        FROM waybill_account w JOIN carrier c ON c.code = w.carrier
       WHERE w.store_id = s.id), '[]'::jsonb))
    FROM store s WHERE s.id = in_store
$$;

CREATE OR REPLACE FUNCTION waybill_account_list(in_store text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_store bigint;
BEGIN
  out_replayed := false;
  SELECT id INTO v_store FROM store WHERE code = in_store;
  IF v_store IS NULL THEN
    out_error := 'unknown_store';
    out_detail := in_store;
    RETURN;
  END IF;
  out_doc := waybill_account_doc(v_store);
END $$;

-- Saves store in_store's account for one carrier from in_doc {carrier,
-- cp_code, template_url, sender{name, mobile, phone, province, city,
-- district, town, detail; optional JD region ids province_id, city_id,
-- district_id, town_id}, service, active}: one row per (store, carrier),
-- saved again in place. service is what JD's service needs (a JD store
-- only: vendor_code, branch_code or settlement_code, provider_id and
-- vendor_name optional); the other services keep {}.
CREATE OR REPLACE FUNCTION waybill_account_save(in_store text, in_doc jsonb,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s store%ROWTYPE;
  snd jsonb := in_doc->'sender';
  svc jsonb := '{}'::jsonb;
  k text;
BEGIN
  out_replayed := false;
  SELECT * INTO s FROM store WHERE code = in_store FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'unknown_store';
    out_detail := in_store;
    RETURN;
  END IF;
  IF NOT waybill_supported(s.channel) THEN
    out_error := 'waybill_not_supported';
    out_field := 'store';
    out_detail := s.channel;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM carrier WHERE code = in_doc->>'carrier') THEN
    out_error := 'waybill_carrier_unknown';
    out_field := 'carrier';
    out_detail := in_doc->>'carrier';
    RETURN;
  END IF;
  IF coalesce(in_doc->>'cp_code', '') !~ '^[A-Za-z0-9_-]{1,20}$' THEN
    out_error := 'invalid_value';
    out_field := 'cp_code';
    out_detail := 'the waybill service''s carrier code: 1 to 20 letters, digits, _ or -';
    RETURN;
  END IF;
  IF coalesce(in_doc->>'template_url', '') !~ '^https?://[^ ]+$'
     OR length(in_doc->>'template_url') > 500 THEN
    out_error := 'invalid_value';
    out_field := 'template_url';
    out_detail := 'the standard template''s http(s) URL';
    RETURN;
  END IF;
  IF jsonb_typeof(snd) IS DISTINCT FROM 'object'
     OR coalesce(snd->>'mobile', snd->>'phone', '') = '' THEN
    out_error := 'waybill_sender_invalid';
    out_field := 'sender';
    RETURN;
  END IF;
  FOREACH k IN ARRAY ARRAY['name', 'province', 'city', 'detail'] LOOP
    IF coalesce(btrim(snd->>k), '') = '' OR length(snd->>k) > 200 THEN
      out_error := 'waybill_sender_invalid';
      out_field := 'sender.' || k;
      RETURN;
    END IF;
  END LOOP;
  -- JD's region ids (optional: JOS takes the names; ids only when the
  -- seller has them), digits only.
  FOREACH k IN ARRAY ARRAY['province_id', 'city_id', 'district_id',
                           'town_id'] LOOP
    IF coalesce(snd->>k, '') !~ '^[0-9]{0,12}$' THEN
      out_error := 'waybill_sender_invalid';
      out_field := 'sender.' || k;
      RETURN;
    END IF;
  END LOOP;
  IF s.channel = 'jd' THEN
    svc := in_doc->'service';
    IF jsonb_typeof(svc) IS DISTINCT FROM 'object' THEN
      out_error := 'missing_field';
      out_field := 'service';
      RETURN;
    END IF;
    IF coalesce(svc->>'vendor_code', '') !~ '^[A-Za-z0-9_-]{1,40}$' THEN
      out_error := 'invalid_value';
      out_field := 'service.vendor_code';
      out_detail := 'the seller''s JD vendor code (商家编码): 1 to 40 letters, digits, _ or -';
      RETURN;
    END IF;
    FOREACH k IN ARRAY ARRAY['branch_code', 'settlement_code'] LOOP
      IF coalesce(svc->>k, '') !~ '^[A-Za-z0-9_-]{0,40}$' THEN
        out_error := 'invalid_value';
        out_field := 'service.' || k;
        out_detail := 'at most 40 letters, digits, _ or -';
        RETURN;
      END IF;
    END LOOP;
    IF coalesce(svc->>'branch_code', '') = ''
       AND coalesce(svc->>'settlement_code', '') = '' THEN
      out_error := 'invalid_value';
      out_field := 'service.branch_code';
      out_detail := 'a franchise carrier needs its branch code (网点编码), a direct one (JD, SF) its settlement code (财务结算编码)';
      RETURN;
    END IF;
    IF coalesce(svc->>'provider_id', '') !~ '^[0-9]{0,12}$' THEN
      out_error := 'invalid_value';
      out_field := 'service.provider_id';
      out_detail := 'JD''s numeric carrier id (承运商ID)';
      RETURN;
    END IF;
    IF length(coalesce(svc->>'vendor_name', '')) > 100 THEN
      out_error := 'invalid_value';
      out_field := 'service.vendor_name';
      RETURN;
    END IF;
    svc := jsonb_strip_nulls(jsonb_build_object(
      'vendor_code', svc->>'vendor_code',
      'vendor_name', nullif(btrim(svc->>'vendor_name'), ''),
      'branch_code', nullif(svc->>'branch_code', ''),
      'settlement_code', nullif(svc->>'settlement_code', ''),
      'provider_id', nullif(svc->>'provider_id', '')));
  END IF;
  snd := jsonb_strip_nulls(jsonb_build_object('name', snd->>'name',
    'mobile', snd->>'mobile', 'phone', snd->>'phone',
    'province', snd->>'province', 'city', snd->>'city',
    'district', snd->>'district', 'town', snd->>'town',
    'detail', snd->>'detail',
    'province_id', nullif(snd->>'province_id', ''),
    'city_id', nullif(snd->>'city_id', ''),
    'district_id', nullif(snd->>'district_id', ''),
    'town_id', nullif(snd->>'town_id', '')));
  INSERT INTO waybill_account (store_id, carrier, cp_code, template_url,
    sender, service, active)
  VALUES (s.id, in_doc->>'carrier', upper(in_doc->>'cp_code'),
    in_doc->>'template_url', snd, svc,
    coalesce((in_doc->>'active')::boolean, true))
  ON CONFLICT (store_id, carrier) DO UPDATE SET cp_code = excluded.cp_code,
    template_url = excluded.template_url, sender = excluded.sender,
    service = excluded.service, active = excluded.active, updated_at = now();
  out_doc := waybill_account_doc(s.id);
END $$;

-- Before a carton close calls the waybill service: what to ask, or
-- {"need": false} when the close goes on as before (no account for the
-- carrier, or the close will be refused or replayed anyway: it answers
-- that itself). A waybill needed is recorded here (state requested) in
-- its own short transaction, before the call.
CREATE OR REPLACE FUNCTION wms_waybill_prepare(in_carton bigint,
  in_weight_g integer, in_override text, in_key text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  lk record;
  o sales_order%ROWTYPE;
  wa waybill_account%ROWTYPE;
  cw carton_waybill%ROWTYPE;
  expected integer;
BEGIN
  out_replayed := false;
  out_doc := '{"need": false}';
  -- Most closes are of carriers without an account: one indexed look,
  -- no lock, and the close goes on as before.
  IF NOT EXISTS (SELECT 1 FROM carton xc
                   JOIN shipment xs ON xs.id = xc.shipment_id
                   JOIN sales_order xo ON xo.id = xs.order_id
                   JOIN waybill_account xw ON xw.store_id = xo.store_id
                    AND xw.carrier = xs.carrier AND xw.active
                  WHERE xc.id = in_carton) THEN
    RETURN;
  END IF;
  SELECT * INTO lk FROM wms_carton_lock(in_carton);
  IF lk.out_error IS NOT NULL OR (lk.out_ship).carrier IS NULL
     OR (in_key IS NOT NULL AND EXISTS (SELECT 1 FROM floor_scan_key
                                         WHERE idempotency_key = in_key))
     OR NOT EXISTS (SELECT 1 FROM carton_item WHERE carton_id = in_carton) THEN
    RETURN;
  END IF;
  expected := wms_carton_expected_g(in_carton);
  IF in_override IS NULL AND abs(in_weight_g - expected)
       > wms_carton_tolerance_g((lk.out_ship).warehouse_id, expected) THEN
    RETURN;
  END IF;
  SELECT * INTO o FROM sales_order WHERE id = (lk.out_ship).order_id;
  SELECT * INTO wa FROM waybill_account w
   WHERE w.store_id = o.store_id AND w.carrier = (lk.out_ship).carrier
     AND w.active;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM channel_account a WHERE a.store_id = o.store_id
                    AND a.token_pii IS NOT NULL) THEN
    out_error := 'channel_not_authorised';
    out_detail := 'the store''s platform credentials are needed for its e-waybills';
    RETURN;
  END IF;
  INSERT INTO carton_waybill (carton_id, store_id, carrier, cp_code, object_id)
  VALUES (in_carton, o.store_id, wa.carrier, wa.cp_code,
          'depot-carton-' || in_carton)
  ON CONFLICT (carton_id) DO NOTHING;
  SELECT * INTO cw FROM carton_waybill WHERE carton_id = in_carton;
  out_doc := jsonb_build_object('need', true, 'store_id', o.store_id,
    'state', cw.state, 'waybill_code', cw.waybill_code,
    'request', jsonb_build_object('op', 'get', 'cp_code', cw.cp_code,
      'object_id', cw.object_id, 'template_url', wa.template_url,
      'sender', wa.sender, 'service', wa.service, 'weight_g', in_weight_g,
      'order_ids', (SELECT jsonb_agg(DISTINCT x.external_id)
                      FROM shipment_order y
                      JOIN sales_order x ON x.id = y.order_id
                     WHERE y.shipment_id = (lk.out_ship).id),
      'recipient', o.ship_to || jsonb_build_object('$pii',
                     pii_b64(o.ship_to_pii), 'tid', o.external_id),
      'items', (SELECT jsonb_agg(jsonb_build_object('name', k.name,
                         'count', ci.qty) ORDER BY k.code)
                  FROM carton_item ci JOIN sku k ON k.id = ci.sku_id
                 WHERE ci.carton_id = in_carton)));
END $$;

-- The service answered no number (it refused, or the call failed): the
-- request recorded before it goes, so the refused close changed nothing.
-- An issued waybill is never forgotten.
CREATE OR REPLACE FUNCTION wms_waybill_forget(in_carton bigint) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM carton_waybill WHERE carton_id = in_carton
     AND state = 'requested'
$$;

-- In the close's transaction, before wms_carton_close: the number the
-- service gave for the carton's recorded request.
CREATE OR REPLACE FUNCTION wms_waybill_issue(in_carton bigint, in_code text)
RETURNS void
LANGUAGE sql AS $$
  UPDATE carton_waybill SET waybill_code = in_code, state = 'issued',
         issued_at = coalesce(issued_at, now())
   WHERE carton_id = in_carton AND state IN ('requested', 'issued')
$$;

-- The tracking number of carton in_carton of shipment in_ship at close:
-- its issued e-waybill; NULL and out_needed when the carrier has an
-- e-waybill account for the order's store but the carton has none.
CREATE OR REPLACE FUNCTION wms_waybill_of(in_carton bigint, in_ship shipment,
  OUT out_code text, OUT out_needed boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT waybill_code INTO out_code FROM carton_waybill
   WHERE carton_id = in_carton AND state = 'issued';
  out_needed := out_code IS NULL AND EXISTS (SELECT 1
    FROM sales_order o JOIN waybill_account w ON w.store_id = o.store_id
   WHERE o.id = in_ship.order_id AND w.carrier = in_ship.carrier
     AND w.active);
END $$;

-- A packed parcel cancelled: each issued waybill of its cartons goes to
-- the worker to be cancelled with the service.
CREATE OR REPLACE FUNCTION waybill_cancel_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE carton_waybill SET state = 'cancelling', next_attempt_at = now(),
         attempts = 0
   WHERE state = 'issued'
     AND carton_id IN (SELECT id FROM carton WHERE shipment_id = NEW.id);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER shipment_waybill_cancel AFTER UPDATE OF state
  ON shipment FOR EACH ROW
  WHEN (NEW.state = 'cancelled' AND OLD.state <> 'cancelled')
  EXECUTE FUNCTION waybill_cancel_enqueue();

-- The outcome of the cancel attempt of carton in_carton's waybill:
-- cancelled, or due again after a backoff (1 s doubling, at most 1 h);
-- a final refusal (the service says the number cannot be cancelled, e.g.
-- already collected) is cancel_failed. From the third failed attempt on,
-- or on a final refusal, the exceptions desk shows it.
CREATE OR REPLACE FUNCTION waybill_cancel_done(in_carton bigint,
  in_ok boolean, in_final boolean, in_error text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  w carton_waybill%ROWTYPE;
BEGIN
  IF in_ok THEN
    UPDATE carton_waybill SET state = 'cancelled', cancelled_at = now(),
           last_error = '' WHERE carton_id = in_carton;
    UPDATE fulfil_exception SET state = 'resolved', resolved_at = now(),
           resolution = 'cancelled with the waybill service'
     WHERE carton_id = in_carton AND kind = 'waybill_cancel'
       AND state = 'open';
    RETURN;
  END IF;
  UPDATE carton_waybill SET last_error = left(in_error, 500),
         state = CASE WHEN in_final THEN 'cancel_failed' ELSE state END,
         next_attempt_at = now() + least(interval '1 second' * power(2,
           least(greatest(attempts - 1, 0), 12)), interval '1 hour')
   WHERE carton_id = in_carton RETURNING * INTO w;
  IF w.attempts >= 3 OR w.state = 'cancel_failed' THEN
    INSERT INTO fulfil_exception (warehouse_id, kind, order_id, carton_id,
      detail)
    SELECT sh.warehouse_id, 'waybill_cancel', sh.order_id, c.id,
           'waybill ' || w.waybill_code || ' (' || w.cp_code
           || ') not cancelled: ' || left(in_error, 300)
      FROM carton c JOIN shipment sh ON sh.id = c.shipment_id
     WHERE c.id = in_carton
    ON CONFLICT (carton_id) WHERE kind = 'waybill_cancel' AND state = 'open'
      DO UPDATE SET detail = excluded.detail;
  END IF;
END $$;
