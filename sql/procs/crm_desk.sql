-- The feedback desk's imports and one-step returns (issue 20, item 3):
-- marketplace reviews taken in as review tickets, idempotent by the
-- platform's review id, and a complaint opening its return (RMA) in one
-- step, each naming the other. Refusals are registry names
-- (core/core_ec.def).

-- Procedure files load in name order; these functions call ones of later
-- files (crm_feedback_doc, rma_create, idem_*), which exist by the time
-- they run.
SET check_function_bodies = off;

-- The severity of an imported review: a poor rating (1-2) wants an answer
-- soon, a middling one normally, a good one or none at low priority.
CREATE OR REPLACE FUNCTION crm_review_severity(in_rating smallint)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN in_rating <= 2 THEN 'high'
              WHEN in_rating = 3 THEN 'normal' ELSE 'low' END
$$;

-- The field that keeps imported row in_r from becoming a ticket, or NULL
-- when it can.
CREATE OR REPLACE FUNCTION crm_review_problem(in_r jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN coalesce(in_r->>'review_id', '') = ''
      OR length(in_r->>'review_id') > 100 THEN 'review_id'
    WHEN coalesce(in_r->>'text', '') = '' OR length(in_r->>'text') > 4000
      THEN 'text'
    WHEN in_r->>'rating' IS NOT NULL
      AND (in_r->>'rating' !~ '^[1-5]$') THEN 'rating'
    WHEN in_r->>'posted_at' IS NOT NULL
      AND in_r->>'posted_at' !~
        '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$' THEN 'posted_at'
    END
$$;

-- depot import reviews / POST /api/v1/feedback/import: rows in_rows
-- [{line, review_id, rating, text, sku, order, posted_at}] of store
-- in_store become review tickets. A review id the store has already is
-- skipped (a rerun adds nothing); an order or SKU Depot does not know
-- leaves the ticket without that link (counted); a row without review id
-- or text, or with a rating outside 1-5 or an unreadable date, is
-- refused and listed. out_doc: {rows, new, duplicates, orders_unmatched,
-- skus_unmatched, refused: [{line, error, field}]}.
CREATE OR REPLACE FUNCTION crm_review_import(in_store text, in_rows jsonb,
  in_user bigint, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  st store%ROWTYPE;
  e record;
  bad text;
  v_order bigint;
  v_customer bigint;
  v_sku bigint;
  v_rating smallint;
  v_id bigint;
  n_new integer := 0;
  n_dup integer := 0;
  n_order integer := 0;
  n_sku integer := 0;
  refused jsonb := '[]';
BEGIN
  out_replayed := false;
  SELECT * INTO st FROM store WHERE code = in_store;
  IF NOT FOUND THEN
    out_error := 'unknown_store';
    out_field := 'store';
    RETURN;
  END IF;
  FOR e IN SELECT value AS r FROM jsonb_array_elements(in_rows) LOOP
    bad := crm_review_problem(e.r);
    IF bad IS NOT NULL THEN
      refused := refused || jsonb_build_object('line', e.r->'line',
        'error', 'invalid_value', 'field', bad);
      CONTINUE;
    END IF;
    v_order := NULL; v_customer := NULL; v_sku := NULL;
    IF coalesce(e.r->>'order', '') <> '' THEN
      SELECT id, customer_id INTO v_order, v_customer FROM sales_order
       WHERE store_id = st.id AND external_id = e.r->>'order';
      n_order := n_order + (v_order IS NULL)::integer;
    END IF;
    IF coalesce(e.r->>'sku', '') <> '' THEN
      SELECT id INTO v_sku FROM sku WHERE code = e.r->>'sku';
      n_sku := n_sku + (v_sku IS NULL)::integer;
    END IF;
    v_rating := (e.r->>'rating')::smallint;
    INSERT INTO feedback (number, store_id, customer_id, order_id, sku_id,
      kind, rating, severity, channel, body, due_at, created_by,
      external_id, posted_at)
    VALUES ('FB' || nextval('feedback_number_seq'), st.id, v_customer,
      v_order, v_sku, 'review', v_rating, crm_review_severity(v_rating),
      left(coalesce(nullif(st.channel, ''), 'import'), 32), e.r->>'text',
      now() + make_interval(hours => crm_feedback_hours(st.id,
        crm_review_severity(v_rating))),
      in_user, e.r->>'review_id',
      coalesce((e.r->>'posted_at')::timestamptz, now()))
    ON CONFLICT (store_id, external_id) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
      n_dup := n_dup + 1;
      CONTINUE;
    END IF;
    n_new := n_new + 1;
    INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id)
    VALUES (v_id, NULL, 'open', in_user);
    v_id := NULL;
  END LOOP;
  out_doc := jsonb_build_object('rows', jsonb_array_length(in_rows),
    'new', n_new, 'duplicates', n_dup, 'orders_unmatched', n_order,
    'skus_unmatched', n_sku, 'refused', refused);
END $$;

-- POST /api/v1/feedback/{id}/return: complaint in_id opens a return
-- (RMA) of its order in one step. in_req is what POST /api/v1/returns
-- takes but the order ({lines, resolution, note}); the RMA's note names
-- the ticket when none is given, the ticket keeps the RMA (feedback.rma_id)
-- and an internal note says so. The returns rules (shipped units, what
-- already came back) are rma_create's. Replayed by in_key.
CREATE OR REPLACE FUNCTION crm_feedback_return(in_id bigint, in_req jsonb,
  in_key text, in_user bigint, in_request text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  f feedback%ROWTYPE;
  m record;
BEGIN
  out_replayed := false;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'feedback_return', in_id, in_req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO f FROM feedback WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF f.kind <> 'complaint' THEN
    out_error := 'feedback_not_complaint';
    out_detail := 'ticket ' || f.number || ' is a ' || f.kind;
    RETURN;
  END IF;
  IF f.rma_id IS NOT NULL THEN
    out_error := 'feedback_has_return';
    out_detail := 'ticket ' || f.number || ' opened '
      || (SELECT number FROM rma WHERE id = f.rma_id) || ' already';
    RETURN;
  END IF;
  IF f.order_id IS NULL THEN
    out_error := 'feedback_no_order';
    out_field := 'order';
    out_detail := 'ticket ' || f.number || ' names no order';
    RETURN;
  END IF;
  IF f.state = 'closed' THEN
    out_error := 'feedback_closed';
    out_detail := 'ticket ' || f.number || ' is closed: reopen it first';
    RETURN;
  END IF;
  SELECT * INTO m FROM rma_create(f.order_id, in_req || jsonb_build_object(
      'origin', 'office', 'note', coalesce(nullif(in_req->>'note', ''),
                                           'complaint ' || f.number)),
    NULL, in_user, in_request);
  IF m.out_error IS NOT NULL THEN
    out_error := m.out_error;
    out_field := m.out_field;
    out_detail := m.out_detail;
    RETURN;
  END IF;
  UPDATE feedback SET rma_id = (m.out_doc->>'id')::bigint, updated_at = now()
   WHERE id = in_id;
  INSERT INTO feedback_reply (feedback_id, internal, body, author_id)
  VALUES (in_id, true, 'return ' || (m.out_doc->>'number') || ' opened',
    in_user);
  out_doc := crm_feedback_doc(in_id);
  PERFORM idem_record(in_key, 'feedback_return', in_id, in_req, out_doc);
END $$;

RESET check_function_bodies;
