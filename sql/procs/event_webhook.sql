-- Webhook subscriptions and their deliveries (issue 23 item 6): the
-- procedures of /api/v1/webhooks, in the text contract (core_proc.h).
-- The secret arrives sealed (core_pii_seal_b64 in C) and never leaves:
-- no document here carries it.

-- The event catalogue: what a subscription may ask for ("*": all).
CREATE OR REPLACE FUNCTION event_types() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['order.created', 'order.allocated', 'order.held',
               'order.shipped', 'order.cancelled', 'shipment.delivered',
               'stock.changed', 'po.received', 'return.received',
               'refund.created', 'feedback.created']
$$;

CREATE OR REPLACE FUNCTION webhook_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', w.id, 'url', w.url,
           'events', to_jsonb(w.events), 'active', w.active,
           'owner', (SELECT o.code FROM owners o WHERE o.id = w.owner_id),
           'note', w.note,
           'created_at', w.created_at, 'updated_at', w.updated_at,
           'pending', (SELECT count(*) FROM webhook_delivery d
                        WHERE d.webhook_id = w.id AND d.status = 'pending'),
           'failed', (SELECT count(*) FROM webhook_delivery d
                       WHERE d.webhook_id = w.id AND d.status = 'failed'))
    FROM webhook w WHERE w.id = in_id
$$;

CREATE OR REPLACE FUNCTION webhook_list() RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(webhook_doc(w.id) ORDER BY w.id), '[]')
    FROM webhook w
$$;

-- Checks a subscription's url and events (either may be NULL: not
-- changed); names the refusal and the field to blame.
CREATE OR REPLACE FUNCTION webhook_check(in_doc jsonb, OUT out_error text,
  OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  e record;
BEGIN
  IF in_doc ? 'url' AND (in_doc->>'url' !~ '^https?://[A-Za-z0-9.\[\]:_-]+(/[^ ]*)?$'
                         OR length(in_doc->>'url') > 2000) THEN
    out_error := 'webhook_url_invalid';
    out_field := 'url';
    out_detail := in_doc->>'url';
    RETURN;
  END IF;
  IF in_doc ? 'events' THEN
    IF jsonb_array_length(in_doc->'events') NOT BETWEEN 1 AND 32 THEN
      out_error := 'invalid_value';
      out_field := 'events';
      out_detail := 'give 1 to 32 event types';
      RETURN;
    END IF;
    FOR e IN SELECT x.v, x.n FROM jsonb_array_elements(in_doc->'events')
                                  WITH ORDINALITY x(v, n) LOOP
      IF jsonb_typeof(e.v) <> 'string' OR NOT (e.v #>> '{}' = '*'
          OR e.v #>> '{}' = ANY (event_types())) THEN
        out_error := 'unknown_event_type';
        out_field := 'events[' || (e.n - 1) || ']';
        out_detail := e.v #>> '{}';
        RETURN;
      END IF;
    END LOOP;
  END IF;
END $$;

-- Creates a subscription (in_id NULL) or changes one: in_doc {url, events,
-- active, note, owner} (absent: unchanged; owner a stock owner's code: the
-- subscription then gets that owner's events only, an unknown code raises
-- unknown_owner), in_secret the sealed secret (NULL: unchanged) of key
-- version in_kv.
CREATE OR REPLACE FUNCTION webhook_save(in_id bigint, in_doc jsonb,
  in_secret text, in_kv smallint, in_user bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint := in_id;
  v_events text[];
BEGIN
  out_replayed := false;
  SELECT c.out_error, c.out_field, c.out_detail
    INTO out_error, out_field, out_detail FROM webhook_check(in_doc) c;
  IF out_error IS NOT NULL THEN
    RETURN;
  END IF;
  IF in_doc ? 'events' THEN
    SELECT array_agg(DISTINCT x) INTO v_events
      FROM jsonb_array_elements_text(in_doc->'events') x;
  END IF;
  IF in_id IS NULL THEN
    INSERT INTO webhook (url, events, secret_pii, pii_kv, active, note,
      created_by, owner_id)
    VALUES (in_doc->>'url', v_events, pii_bytes(in_secret, 'base64'), in_kv,
      coalesce((in_doc->>'active')::boolean, true),
      coalesce(in_doc->>'note', ''), in_user,
      owner_id_of(nullif(in_doc->>'owner', '')))
    RETURNING id INTO v_id;
  ELSE
    UPDATE webhook SET url = coalesce(in_doc->>'url', url),
           events = coalesce(v_events, events),
           active = coalesce((in_doc->>'active')::boolean, active),
           note = coalesce(in_doc->>'note', note),
           owner_id = CASE WHEN NOT in_doc ? 'owner' THEN owner_id
                           ELSE owner_id_of(nullif(in_doc->>'owner', ''))
                      END,
           secret_pii = coalesce(pii_bytes(in_secret, 'base64'), secret_pii),
           pii_kv = CASE WHEN in_secret IS NULL THEN pii_kv ELSE in_kv END,
           updated_at = now()
     WHERE id = in_id;
    IF NOT FOUND THEN
      out_error := 'not_found';
      RETURN;
    END IF;
  END IF;
  out_doc := webhook_doc(v_id);
END $$;

-- Deletes subscription in_id with its deliveries (the events stay).
CREATE OR REPLACE FUNCTION webhook_delete(in_id bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  DELETE FROM webhook WHERE id = in_id;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  out_doc := jsonb_build_object('id', in_id, 'deleted', true);
END $$;

CREATE OR REPLACE FUNCTION webhook_get(in_id bigint, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  out_replayed := false;
  out_doc := webhook_doc(in_id);
  IF out_doc IS NULL THEN
    out_error := 'not_found';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION webhook_delivery_doc(d webhook_delivery)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', d.id, 'webhook', d.webhook_id,
           'event', d.event_id, 'type', e.type,
           'resource', jsonb_build_object('kind', d.resource_kind,
                                          'id', d.resource_id),
           'status', d.status, 'attempts', d.attempts,
           'last_status', d.last_status, 'last_body', d.last_body,
           'last_attempt_at', d.last_attempt_at,
           'next_attempt_at', CASE WHEN d.status = 'pending'
                                   THEN d.next_attempt_at END,
           'expires_at', d.expires_at, 'delivered_at', d.delivered_at,
           'created_at', d.created_at)
    FROM event e WHERE e.id = d.event_id AND e.created_at = d.event_at
$$;

-- A keyset page of subscription in_id's deliveries, newest first: in_f
-- {limit, before, status}. NULL for an unknown subscription.
CREATE OR REPLACE FUNCTION webhook_deliveries(in_id bigint, in_f jsonb)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN EXISTS (SELECT 1 FROM webhook WHERE id = in_id) THEN
    (SELECT coalesce(jsonb_agg(webhook_delivery_doc(d) ORDER BY d.id DESC),
                     '[]')
       FROM (SELECT * FROM webhook_delivery x
              WHERE x.webhook_id = in_id
                AND (in_f->>'before' IS NULL
                     OR x.id < (in_f->>'before')::bigint)
                AND (in_f->>'status' IS NULL OR x.status = in_f->>'status')
              ORDER BY x.id DESC LIMIT (in_f->>'limit')::int) d) END
$$;

-- Sends delivery in_delivery of subscription in_id again: pending, due
-- now, with a fresh 24 h of retries (a delivered one is sent once more).
CREATE OR REPLACE FUNCTION webhook_redeliver(in_id bigint, in_delivery bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  d webhook_delivery%ROWTYPE;
BEGIN
  out_replayed := false;
  UPDATE webhook_delivery SET status = 'pending', attempts = 0,
         next_attempt_at = now(), expires_at = now() + interval '24 hours',
         delivered_at = NULL
   WHERE id = in_delivery AND webhook_id = in_id
  RETURNING * INTO d;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  out_doc := webhook_delivery_doc(d);
END $$;
