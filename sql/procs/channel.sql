-- Platform connectors (issue 27): the procedures of
-- /api/v1/stores/{store}/channel-auth and channel-pull in the text
-- contract (core_proc.h), and the trigger that queues a shipped parcel's
-- write-back. Secrets and tokens arrive sealed (core_pii_seal_b64 in C)
-- and never leave: no document here carries them.

-- The channels that have a connector (channels/channel.c keeps the same
-- list of adapters).
CREATE OR REPLACE FUNCTION channel_connected(in_channel text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT in_channel IN ('taobao', 'jd', 'pinduoduo', 'douyin')
$$;

-- A store's connection as the back office sees it: never a secret.
CREATE OR REPLACE FUNCTION channel_account_doc(in_store bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('store', s.code, 'channel', s.channel,
    'connector', channel_connected(s.channel),
    'configured', a.store_id IS NOT NULL,
    'state', CASE WHEN a.store_id IS NULL OR a.token_pii IS NULL
                    THEN 'not_authorised'
                  WHEN a.token_expires_at <= now() THEN 'expired'
                  WHEN a.last_error <> '' THEN 'error'
                  ELSE 'authorised' END,
    'app_key', a.app_key, 'has_secret', a.secret_pii IS NOT NULL,
    'has_token', a.token_pii IS NOT NULL,
    'has_refresh_token', a.refresh_pii IS NOT NULL,
    'token_expires_at', a.token_expires_at, 'sign_method', a.sign_method,
    'base_url', a.base_url, 'pull_seconds', a.pull_seconds,
    'page_size', a.page_size,
    'cursor', a.cursor_at, 'next_pull_at', a.next_pull_at,
    'pulling', coalesce(a.lease_until > now(), false),
    'last_pull_at', a.last_pull_at, 'last_ok_at', a.last_ok_at,
    'last_error', nullif(a.last_error, ''),
    'pulled_today', CASE WHEN a.pulled_day = (now() AT TIME ZONE
                      'Asia/Shanghai')::date THEN a.pulled_today ELSE 0 END,
    'errors_today', CASE WHEN a.pulled_day = (now() AT TIME ZONE
                      'Asia/Shanghai')::date THEN a.errors_today ELSE 0 END,
    'pulled_total', coalesce(a.pulled_total, 0),
    'writebacks', jsonb_build_object(
      'pending', (SELECT count(*) FROM channel_writeback w
                   WHERE w.store_id = s.id AND w.state = 'pending'),
      'sent', (SELECT count(*) FROM channel_writeback w
                WHERE w.store_id = s.id AND w.state = 'sent'),
      'failed', (SELECT count(*) FROM channel_writeback w
                  WHERE w.store_id = s.id AND w.state = 'failed')),
    'writeback_problems', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', w.id, 'order', o.external_id, 'shipment', w.shipment_id,
        'carrier', w.carrier, 'waybill', w.waybill, 'state', w.state,
        'attempts', w.attempts, 'error', w.last_error,
        'next_attempt_at', w.next_attempt_at) ORDER BY w.id DESC), '[]')
        FROM (SELECT * FROM channel_writeback w
               WHERE w.store_id = s.id AND w.last_error <> ''
                 AND w.state <> 'sent'
               ORDER BY w.id DESC LIMIT 20) w
        JOIN sales_order o ON o.id = w.order_id),
    -- Stock push (issue 27 item 5, sql/procs/channel_stock.sql): the
    -- listings whose last push failed.
    'push_problems', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'platform_sku', m.platform_sku, 'sku', k.code,
        'pushed_qty', m.pushed_qty, 'error', m.push_error)
        ORDER BY m.platform_sku), '[]')
        FROM (SELECT * FROM store_sku_map m
               WHERE m.store_id = s.id AND m.push_state = 'failed'
               ORDER BY m.platform_sku LIMIT 20) m
        JOIN sku k ON k.id = m.sku_id))
    FROM store s LEFT JOIN channel_account a ON a.store_id = s.id
   WHERE s.id = in_store
$$;

CREATE OR REPLACE FUNCTION channel_auth_get(in_store text,
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
  out_doc := channel_account_doc(v_store);
END $$;

-- Saves store in_store's credentials from in_doc {app_key, base_url,
-- sign_method, token_expires_at, pull_seconds}; in_secret, in_token and
-- in_refresh are sealed base64 (NULL: unchanged; the first save needs the
-- secret). A new token clears the last error and makes the store due.
CREATE OR REPLACE FUNCTION channel_auth_save(in_store text, in_doc jsonb,
  in_secret text, in_token text, in_refresh text, in_kv smallint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s store%ROWTYPE;
  have boolean;
  url text := in_doc->>'base_url';
  method text := coalesce(in_doc->>'sign_method', 'md5');
BEGIN
  out_replayed := false;
  SELECT * INTO s FROM store WHERE code = in_store FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'unknown_store';
    out_detail := in_store;
    RETURN;
  END IF;
  IF NOT channel_connected(s.channel) THEN
    out_error := 'channel_not_supported';
    out_field := 'store';
    out_detail := s.channel;
    RETURN;
  END IF;
  have := EXISTS (SELECT 1 FROM channel_account WHERE store_id = s.id);
  IF url IS NOT NULL AND (url !~ '^https?://[A-Za-z0-9.\[\]:_-]+(/[^ ]*)?$'
                          OR length(url) > 500) THEN
    out_error := 'channel_base_url_invalid';
    out_field := 'base_url';
    out_detail := url;
    RETURN;
  END IF;
  IF method NOT IN ('md5', 'hmac') THEN
    out_error := 'invalid_value';
    out_field := 'sign_method';
    out_detail := 'md5 or hmac';
    RETURN;
  END IF;
  -- JOS (JD) signs with MD5 only: it has no sign_method parameter.
  IF s.channel = 'jd' AND method <> 'md5' THEN
    out_error := 'invalid_value';
    out_field := 'sign_method';
    out_detail := 'md5 (JD signs with md5 only)';
    RETURN;
  END IF;
  -- Pinduoduo signs with MD5 only, too.
  IF s.channel = 'pinduoduo' AND method <> 'md5' THEN
    out_error := 'invalid_value';
    out_field := 'sign_method';
    out_detail := 'md5 (Pinduoduo signs with md5 only)';
    RETURN;
  END IF;
  IF NOT have AND (coalesce(in_doc->>'app_key', '') = '' OR in_secret IS NULL
                   OR url IS NULL) THEN
    out_error := 'missing_field';
    out_field := CASE WHEN coalesce(in_doc->>'app_key', '') = ''
                      THEN 'app_key' WHEN in_secret IS NULL THEN 'app_secret'
                      ELSE 'base_url' END;
    out_detail := 'the first save needs app_key, app_secret and base_url';
    RETURN;
  END IF;
  IF in_doc ? 'app_key' AND length(in_doc->>'app_key') NOT BETWEEN 1 AND 64 THEN
    out_error := 'invalid_value';
    out_field := 'app_key';
    out_detail := '1 to 64 characters';
    RETURN;
  END IF;
  IF in_doc ? 'page_size' AND ((in_doc->>'page_size') !~ '^[0-9]{1,3}$'
      OR (in_doc->>'page_size')::int NOT BETWEEN 1 AND 100) THEN
    out_error := 'invalid_value';
    out_field := 'page_size';
    out_detail := '1 to 100';
    RETURN;
  END IF;
  IF in_doc ? 'pull_seconds' AND ((in_doc->>'pull_seconds') !~ '^[0-9]{1,5}$'
      OR (in_doc->>'pull_seconds')::int NOT BETWEEN 5 AND 86400) THEN
    out_error := 'invalid_value';
    out_field := 'pull_seconds';
    out_detail := '5 to 86400';
    RETURN;
  END IF;
  BEGIN
    PERFORM (in_doc->>'token_expires_at')::timestamptz;
  EXCEPTION WHEN others THEN
    out_error := 'invalid_value';
    out_field := 'token_expires_at';
    out_detail := 'an ISO 8601 time';
    RETURN;
  END;
  -- An update names only what it changes (a NOT NULL column left out of
  -- the body keeps its value), so it is not an upsert.
  IF have THEN
    UPDATE channel_account a SET
      app_key = coalesce(in_doc->>'app_key', a.app_key),
      secret_pii = coalesce(pii_bytes(in_secret, 'base64'), a.secret_pii),
      token_pii = coalesce(pii_bytes(in_token, 'base64'), a.token_pii),
      refresh_pii = coalesce(pii_bytes(in_refresh, 'base64'), a.refresh_pii),
      pii_kv = CASE WHEN coalesce(in_secret, in_token, in_refresh) IS NULL
                    THEN a.pii_kv ELSE in_kv END,
      token_expires_at = CASE WHEN in_doc ? 'token_expires_at'
        THEN (in_doc->>'token_expires_at')::timestamptz
        ELSE a.token_expires_at END,
      sign_method = CASE WHEN in_doc ? 'sign_method' THEN method
                         ELSE a.sign_method END,
      base_url = coalesce(url, a.base_url),
      pull_seconds = coalesce((in_doc->>'pull_seconds')::int, a.pull_seconds),
      page_size = coalesce((in_doc->>'page_size')::int, a.page_size),
      last_error = CASE WHEN in_token IS NOT NULL OR in_secret IS NOT NULL
                        THEN '' ELSE a.last_error END,
      next_pull_at = CASE WHEN in_token IS NOT NULL OR in_secret IS NOT NULL
                          THEN now() ELSE a.next_pull_at END,
      updated_at = now()
     WHERE a.store_id = s.id;
  ELSE
    INSERT INTO channel_account (store_id, app_key, secret_pii, token_pii,
      refresh_pii, pii_kv, token_expires_at, sign_method, base_url,
      pull_seconds, page_size)
    VALUES (s.id, in_doc->>'app_key', pii_bytes(in_secret, 'base64'),
      pii_bytes(in_token, 'base64'), pii_bytes(in_refresh, 'base64'), in_kv,
      (in_doc->>'token_expires_at')::timestamptz, method, url,
      coalesce((in_doc->>'pull_seconds')::int, 300),
      coalesce((in_doc->>'page_size')::int, 100));
  END IF;
  out_doc := channel_account_doc(s.id);
END $$;

-- "Pull now": the store's next pull is due at once.
CREATE OR REPLACE FUNCTION channel_pull_now(in_store text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s store%ROWTYPE;
BEGIN
  out_replayed := false;
  SELECT * INTO s FROM store WHERE code = in_store;
  IF NOT FOUND THEN
    out_error := 'unknown_store';
    out_detail := in_store;
    RETURN;
  END IF;
  IF NOT channel_connected(s.channel) THEN
    out_error := 'channel_not_supported';
    out_field := 'store';
    out_detail := s.channel;
    RETURN;
  END IF;
  UPDATE channel_account SET next_pull_at = now()
   WHERE store_id = s.id AND token_pii IS NOT NULL
     AND (token_expires_at IS NULL OR token_expires_at > now()
          OR refresh_pii IS NOT NULL);
  IF NOT FOUND THEN
    out_error := 'channel_not_authorised';
    out_detail := in_store;
    RETURN;
  END IF;
  out_doc := channel_account_doc(s.id);
END $$;

-- A shipment shipped: one write-back per order it carries whose store has
-- platform credentials. The waybill is the first carton's tracking number
-- (TOP takes one out_sid per send); an order that ships in parts (other
-- shipments of it exist, or it is allocated in another warehouse) names
-- the platform line ids of this parcel with the units of each (Douyin's
-- split send takes the quantities), so the platform sees a split send.
CREATE OR REPLACE FUNCTION channel_writeback_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO channel_writeback (store_id, shipment_id, order_id, carrier,
    waybill, sub_ids, sub_qtys)
  SELECT o.store_id, NEW.id, o.id, coalesce(NEW.carrier, ''),
         coalesce((SELECT c.tracking_no FROM carton c
                    WHERE c.shipment_id = NEW.id AND c.tracking_no IS NOT NULL
                    ORDER BY c.seq LIMIT 1), ''),
         CASE WHEN split THEN coalesce(p.ids, '{}') ELSE '{}' END,
         CASE WHEN split THEN coalesce(p.qtys, '{}') ELSE '{}' END
    FROM shipment_order x JOIN sales_order o ON o.id = x.order_id
    JOIN channel_account a ON a.store_id = o.store_id
    CROSS JOIN LATERAL (SELECT
           EXISTS (SELECT 1 FROM shipment_order y
                     JOIN shipment s2 ON s2.id = y.shipment_id
                    WHERE y.order_id = o.id AND s2.id <> NEW.id
                      AND s2.state <> 'cancelled')
        OR EXISTS (SELECT 1 FROM order_allocation al
                    WHERE al.order_id = o.id
                      AND al.warehouse_id <> NEW.warehouse_id) AS split) sp
    LEFT JOIN LATERAL (SELECT array_agg(z.ext ORDER BY z.ext) AS ids,
                              array_agg(z.q ORDER BY z.ext) AS qtys
                         FROM (SELECT l.external_line_id AS ext,
                                      least(max(l.qty), sum(sl.qty))::bigint
                                        AS q
                                 FROM order_ship_line sl
                                 JOIN order_line l ON l.order_id = sl.order_id
                                  AND l.sku_id = sl.sku_id
                                WHERE sl.shipment_id = NEW.id
                                  AND sl.order_id = o.id
                                  AND l.external_line_id <> ''
                                GROUP BY l.external_line_id) z) p ON true
   WHERE x.shipment_id = NEW.id
  ON CONFLICT (shipment_id, order_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER shipment_channel_writeback AFTER UPDATE OF state ON shipment
  FOR EACH ROW WHEN (NEW.state = 'shipped' AND OLD.state <> 'shipped')
  EXECUTE FUNCTION channel_writeback_enqueue();

-- The outcome of write-back in_id's attempt: sent, or due again after an
-- exponential backoff (1 s doubling, at most 1 h) until its 24 h are over
-- or the platform refused it for good (in_final), then failed. From the
-- third failed attempt on (or a final refusal) the exceptions desk shows
-- it; a later send resolves that exception.
CREATE OR REPLACE FUNCTION channel_writeback_done(in_id bigint, in_ok boolean,
  in_final boolean, in_error text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  w channel_writeback%ROWTYPE;
BEGIN
  IF in_ok THEN
    UPDATE channel_writeback SET state = 'sent', sent_at = now(),
           last_error = '' WHERE id = in_id;
    UPDATE fulfil_exception SET state = 'resolved', resolved_at = now(),
           resolution = 'sent to the platform'
     WHERE writeback_id = in_id AND kind = 'channel_writeback'
       AND state = 'open';
    RETURN;
  END IF;
  UPDATE channel_writeback SET last_error = left(in_error, 500),
         state = CASE WHEN in_final OR now() >= expires_at THEN 'failed'
                      ELSE state END,
         next_attempt_at = now() + least(interval '1 second' * power(2,
           least(greatest(attempts - 1, 0), 12)), interval '1 hour')
   WHERE id = in_id RETURNING * INTO w;
  IF w.attempts >= 3 OR w.state = 'failed' THEN
    INSERT INTO fulfil_exception (warehouse_id, kind, order_id, writeback_id,
      detail)
    SELECT sh.warehouse_id, 'channel_writeback', w.order_id, w.id,
           'waybill ' || w.waybill || ' (' || w.carrier || '): '
           || left(in_error, 300)
      FROM shipment sh WHERE sh.id = w.shipment_id
    ON CONFLICT (writeback_id) WHERE kind = 'channel_writeback'
      AND state = 'open' DO UPDATE SET detail = excluded.detail;
  END IF;
END $$;
