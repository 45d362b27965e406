-- Feedback and complaint tickets (issue 20, item 3): numbers, due times by
-- severity (feedback_sla: the store's own hours, else the default), the
-- state rules (crm_feedback_next) and replies. The rules live here so no
-- client can skip them: a refusal is a registry name (core/core_ec.def).

-- Procedure files load in name order; these functions call ones of later
-- files (pii_b64 in pii.sql, idem_* in wms_fulfil_common.sql), which
-- exist by the time they run.
SET check_function_bodies = off;

-- Hours to resolve a ticket of severity in_severity in store in_store.
CREATE OR REPLACE FUNCTION crm_feedback_hours(in_store bigint,
  in_severity text) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT hours FROM feedback_sla WHERE store_id = in_store
        AND severity = in_severity),
    (SELECT hours FROM feedback_sla WHERE store_id IS NULL
        AND severity = in_severity),
    48)
$$;

-- The states a ticket in state in_from may move to.
CREATE OR REPLACE FUNCTION crm_feedback_next(in_from text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE in_from
    WHEN 'open' THEN ARRAY['in_progress', 'resolved']
    WHEN 'in_progress' THEN ARRAY['resolved']
    WHEN 'resolved' THEN ARRAY['closed', 'reopened']
    WHEN 'closed' THEN ARRAY['reopened']
    WHEN 'reopened' THEN ARRAY['in_progress', 'resolved']
    ELSE ARRAY[]::text[] END
$$;

-- Whether a caller limited to in_warehouses (NULL: all) sees ticket in_id:
-- through its store's warehouse or its order's.
CREATE OR REPLACE FUNCTION crm_feedback_seen(in_id bigint,
  in_warehouses text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT in_warehouses IS NULL OR EXISTS (
    SELECT 1 FROM feedback f JOIN store st ON st.id = f.store_id
      LEFT JOIN sales_order o ON o.id = f.order_id
      JOIN warehouse w ON w.id IN (st.warehouse_id, o.warehouse_id)
     WHERE f.id = in_id
       AND w.code = ANY (string_to_array(in_warehouses, ',')))
$$;

-- A ticket as lists show it: no replies. sla: done (resolved or closed),
-- overdue, due_soon (within a quarter of its hours), ok.
CREATE OR REPLACE FUNCTION crm_feedback_brief(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', f.id, 'number', f.number,
    'store', st.code, 'kind', f.kind, 'rating', f.rating,
    'severity', f.severity, 'channel', f.channel, 'text', f.body,
    'state', f.state, 'sku', k.code,
    'order', CASE WHEN o.id IS NULL THEN NULL ELSE jsonb_build_object(
               'id', o.id, 'external_id', o.external_id) END,
    'customer', CASE WHEN f.customer_id IS NULL THEN NULL
                     ELSE crm_customer_head(f.customer_id) END,
    'assignee', u.username, 'due_at', crm_ts(f.due_at),
    'overdue', f.state IN ('open', 'in_progress', 'reopened')
               AND f.due_at < now(),
    'sla', CASE
      WHEN f.state IN ('resolved', 'closed') THEN 'done'
      WHEN f.due_at < now() THEN 'overdue'
      WHEN f.due_at < now() + make_interval(hours =>
             greatest(1, crm_feedback_hours(f.store_id, f.severity) / 4))
        THEN 'due_soon'
      ELSE 'ok' END,
    'replied_at', crm_ts(f.replied_at), 'resolved_at', crm_ts(f.resolved_at),
    'closed_at', crm_ts(f.closed_at), 'created_at', crm_ts(f.created_at),
    'posted_at', crm_ts(f.posted_at), 'external_id', f.external_id,
    'rma', CASE WHEN m.id IS NULL THEN NULL ELSE jsonb_build_object(
             'id', m.id, 'number', m.number, 'state', m.state) END,
    'next', to_jsonb(crm_feedback_next(f.state)))
    FROM feedback f JOIN store st ON st.id = f.store_id
    LEFT JOIN rma m ON m.id = f.rma_id
    LEFT JOIN sku k ON k.id = f.sku_id
    LEFT JOIN sales_order o ON o.id = f.order_id
    LEFT JOIN app_user u ON u.id = f.assignee_id
   WHERE f.id = in_id
$$;

-- A ticket with its replies, notes and state changes.
CREATE OR REPLACE FUNCTION crm_feedback_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT crm_feedback_brief(in_id) || jsonb_build_object(
    'replies', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id,
                  'internal', r.internal, 'body', r.body, 'author',
                  u.username, 'created_at', crm_ts(r.created_at))
                  ORDER BY r.id), '[]')
                  FROM feedback_reply r LEFT JOIN app_user u
                    ON u.id = r.author_id
                 WHERE r.feedback_id = in_id),
    'events', (SELECT coalesce(jsonb_agg(jsonb_build_object('from',
                 e.from_state, 'to', e.to_state, 'user', u.username, 'at',
                 crm_ts(e.at)) ORDER BY e.id), '[]')
                 FROM feedback_event e LEFT JOIN app_user u
                   ON u.id = e.user_id
                WHERE e.feedback_id = in_id))
$$;

-- Checks the references of a new ticket; returns the error name (and sets
-- the ids) or NULL. The order must be the store's; the customer, when not
-- named, is the order's.
CREATE OR REPLACE FUNCTION crm_feedback_refs(in_doc jsonb,
  OUT out_error text, OUT out_field text, OUT v_store bigint,
  OUT v_order bigint, OUT v_customer bigint, OUT v_sku bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT id INTO v_store FROM store WHERE code = in_doc->>'store';
  IF v_store IS NULL THEN
    out_error := 'unknown_store';
    out_field := 'store';
    RETURN;
  END IF;
  IF in_doc ? 'order' THEN
    SELECT id, customer_id INTO v_order, v_customer FROM sales_order
     WHERE id = (in_doc->>'order')::bigint AND store_id = v_store;
    IF v_order IS NULL THEN
      out_error := 'feedback_order_unknown';
      out_field := 'order';
      RETURN;
    END IF;
  END IF;
  IF in_doc ? 'customer' THEN
    SELECT id INTO v_customer FROM customer
     WHERE id = (in_doc->>'customer')::bigint;
    IF v_customer IS NULL THEN
      out_error := 'customer_unknown';
      out_field := 'customer';
      RETURN;
    END IF;
  END IF;
  IF in_doc ? 'sku' THEN
    SELECT id INTO v_sku FROM sku WHERE code = in_doc->>'sku';
    IF v_sku IS NULL THEN
      out_error := 'unknown_sku';
      out_field := 'sku';
    END IF;
  END IF;
END $$;

-- POST /api/v1/feedback: a new ticket, due by its store's hours for its
-- severity. Replayed by idempotency_key (in_key).
CREATE OR REPLACE FUNCTION crm_feedback_create(in_doc jsonb, in_key text,
  in_user bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  ref record;
  v_id bigint;
  v_assignee bigint;
  sev text := coalesce(in_doc->>'severity', 'normal');
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'feedback', 0, in_doc);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO ref FROM crm_feedback_refs(in_doc);
  IF ref.out_error IS NOT NULL THEN
    out_error := ref.out_error;
    out_field := ref.out_field;
    RETURN;
  END IF;
  IF in_doc ? 'assignee' THEN
    SELECT id INTO v_assignee FROM app_user
     WHERE username = in_doc->>'assignee' AND active;
    IF v_assignee IS NULL THEN
      out_error := 'unknown_user';
      out_field := 'assignee';
      RETURN;
    END IF;
  END IF;
  INSERT INTO feedback (number, store_id, customer_id, order_id, sku_id,
    kind, rating, severity, channel, body, assignee_id, due_at, created_by,
    external_id)
  VALUES ('FB' || nextval('feedback_number_seq'), ref.v_store,
    ref.v_customer, ref.v_order, ref.v_sku, in_doc->>'kind',
    (in_doc->>'rating')::smallint, sev,
    coalesce(in_doc->>'channel', 'office'), in_doc->>'text', v_assignee,
    now() + make_interval(hours => crm_feedback_hours(ref.v_store, sev)),
    in_user, in_doc->>'external_id')
  RETURNING id INTO v_id;
  INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id)
  VALUES (v_id, NULL, 'open', in_user);
  out_doc := crm_feedback_doc(v_id);
  PERFORM idem_record(in_key, 'feedback', 0, in_doc, out_doc);
END $$;

-- GET /api/v1/feedback: newest first, keyset before in_before. Filters in
-- in_f: state, kind, sku, store, assignee, overdue ("true").
CREATE OR REPLACE FUNCTION crm_feedback_list(in_f jsonb, in_warehouses text,
  in_before bigint, in_limit integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(crm_feedback_brief(x.id) ORDER BY x.id DESC),
                  '[]')
    FROM (SELECT f.id FROM feedback f
            JOIN store st ON st.id = f.store_id
            LEFT JOIN sku k ON k.id = f.sku_id
            LEFT JOIN app_user u ON u.id = f.assignee_id
           WHERE (in_before IS NULL OR f.id < in_before)
             AND (in_f->>'state' IS NULL OR f.state = in_f->>'state')
             AND (in_f->>'kind' IS NULL OR f.kind = in_f->>'kind')
             AND (in_f->>'sku' IS NULL OR k.code = in_f->>'sku')
             AND (in_f->>'store' IS NULL OR st.code = in_f->>'store')
             AND (in_f->>'assignee' IS NULL OR u.username = in_f->>'assignee')
             AND (in_f->>'customer' IS NULL
                  OR f.customer_id = (in_f->>'customer')::bigint)
             AND (coalesce(in_f->>'overdue', 'false') = 'false'
                  OR (f.state IN ('open', 'in_progress', 'reopened')
                      AND f.due_at < now()))
             AND crm_feedback_seen(f.id, in_warehouses)
           ORDER BY f.id DESC LIMIT in_limit) x
$$;

-- Open tickets past their due time the caller sees (the dashboard's and
-- the desk's count).
CREATE OR REPLACE FUNCTION crm_feedback_overdue(in_warehouses text)
RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT count(*) FROM feedback f
   WHERE f.state IN ('open', 'in_progress', 'reopened') AND f.due_at < now()
     AND crm_feedback_seen(f.id, in_warehouses)
$$;

CREATE OR REPLACE FUNCTION crm_feedback_get(in_id bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  out_replayed := false;
  out_doc := crm_feedback_doc(in_id);
  IF out_doc IS NULL THEN
    out_error := 'not_found';
  END IF;
END $$;

-- POST /api/v1/feedback/{id}/reply: a reply to the customer, or an
-- internal note. A closed ticket takes neither (reopen it first); the
-- first reply to the customer starts work on an open ticket.
CREATE OR REPLACE FUNCTION crm_feedback_reply(in_id bigint, in_doc jsonb,
  in_key text, in_user bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  f feedback%ROWTYPE;
  internal boolean := coalesce((in_doc->>'internal')::boolean, false);
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'feedback_reply', in_id, in_doc);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO f FROM feedback WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF f.state = 'closed' THEN
    out_error := 'feedback_closed';
    out_detail := 'ticket ' || f.number || ' is closed: reopen it first';
    RETURN;
  END IF;
  INSERT INTO feedback_reply (feedback_id, internal, body, author_id)
  VALUES (in_id, internal, in_doc->>'text', in_user);
  IF NOT internal THEN
    UPDATE feedback SET replied_at = coalesce(replied_at, now()),
      state = CASE WHEN state = 'open' THEN 'in_progress' ELSE state END,
      updated_at = now()
     WHERE id = in_id;
    IF f.state = 'open' THEN
      INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id)
      VALUES (in_id, 'open', 'in_progress', in_user);
    END IF;
  END IF;
  out_doc := crm_feedback_doc(in_id);
  PERFORM idem_record(in_key, 'feedback_reply', in_id, in_doc, out_doc);
END $$;

-- Moves ticket f to in_to when the rules allow: the step must be one of
-- crm_feedback_next, and a complaint is resolved only after a reply to
-- the customer. Reopening restarts the clock.
CREATE OR REPLACE FUNCTION crm_feedback_step(f feedback, in_to text,
  in_user bigint, OUT out_error text, OUT out_detail text)
LANGUAGE plpgsql AS $$
BEGIN
  IF f.state = in_to THEN
    RETURN;
  END IF;
  IF NOT in_to = ANY (crm_feedback_next(f.state)) THEN
    out_error := 'feedback_transition';
    out_detail := 'ticket ' || f.number || ' is ' || f.state || ': it can go to '
      || coalesce(array_to_string(crm_feedback_next(f.state), ' or '), '-');
    RETURN;
  END IF;
  IF in_to = 'resolved' AND f.kind = 'complaint' AND NOT EXISTS (
       SELECT 1 FROM feedback_reply WHERE feedback_id = f.id AND NOT internal)
  THEN
    out_error := 'feedback_needs_reply';
    out_detail := 'complaint ' || f.number ||
                  ' has no reply to the customer yet';
    RETURN;
  END IF;
  UPDATE feedback SET state = in_to, updated_at = now(),
    resolved_at = CASE WHEN in_to = 'resolved' THEN now()
                       WHEN in_to = 'reopened' THEN NULL ELSE resolved_at END,
    closed_at = CASE WHEN in_to = 'closed' THEN now()
                     WHEN in_to = 'reopened' THEN NULL ELSE closed_at END,
    due_at = CASE WHEN in_to = 'reopened' THEN now() + make_interval(
               hours => crm_feedback_hours(f.store_id, f.severity))
             ELSE due_at END
   WHERE id = f.id;
  INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id)
  VALUES (f.id, f.state, in_to, in_user);
END $$;

-- PATCH /api/v1/feedback/{id}: state (by the rules above), assignee
-- (username, "" for nobody), severity (the due time follows it).
CREATE OR REPLACE FUNCTION crm_feedback_update(in_id bigint, in_doc jsonb,
  in_user bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  f feedback%ROWTYPE;
  v_assignee bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO f FROM feedback WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF coalesce(in_doc->>'assignee', '') <> '' THEN
    SELECT id INTO v_assignee FROM app_user
     WHERE username = in_doc->>'assignee' AND active;
    IF v_assignee IS NULL THEN
      out_error := 'unknown_user';
      out_field := 'assignee';
      RETURN;
    END IF;
  END IF;
  IF in_doc ? 'severity' AND f.state NOT IN ('resolved', 'closed') THEN
    UPDATE feedback SET severity = in_doc->>'severity',
      due_at = greatest(created_at, coalesce((SELECT max(at)
                 FROM feedback_event WHERE feedback_id = in_id
                  AND to_state = 'reopened'), created_at))
               + make_interval(hours => crm_feedback_hours(store_id,
                   in_doc->>'severity'))
     WHERE id = in_id RETURNING * INTO f;
  END IF;
  IF in_doc ? 'assignee' THEN
    UPDATE feedback SET assignee_id = v_assignee, updated_at = now()
     WHERE id = in_id RETURNING * INTO f;
  END IF;
  IF in_doc ? 'state' THEN
    SELECT * INTO out_error, out_detail
      FROM crm_feedback_step(f, in_doc->>'state', in_user);
    IF out_error IS NOT NULL THEN
      out_field := 'state';
      RETURN;
    END IF;
  END IF;
  out_doc := crm_feedback_doc(in_id);
END $$;

-- POST /api/v1/feedback/sla: a store's own hours for a severity (store
-- NULL: the default of every store).
CREATE OR REPLACE FUNCTION crm_feedback_sla_put(in_store text,
  in_severity text, in_hours integer, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_store bigint;
BEGIN
  out_replayed := false;
  IF in_store IS NOT NULL THEN
    SELECT id INTO v_store FROM store WHERE code = in_store;
    IF v_store IS NULL THEN
      out_error := 'unknown_store';
      out_field := 'store';
      RETURN;
    END IF;
    INSERT INTO feedback_sla (store_id, severity, hours)
    VALUES (v_store, in_severity, in_hours)
    ON CONFLICT (store_id, severity) WHERE store_id IS NOT NULL
    DO UPDATE SET hours = EXCLUDED.hours;
  ELSE
    INSERT INTO feedback_sla (store_id, severity, hours)
    VALUES (NULL, in_severity, in_hours)
    ON CONFLICT (severity) WHERE store_id IS NULL
    DO UPDATE SET hours = EXCLUDED.hours;
  END IF;
  out_doc := jsonb_build_object('store', in_store, 'severity', in_severity,
                                'hours', in_hours);
END $$;

RESET check_function_bodies;
