-- CRM (issue 20): the customer's whole story, edits, merges, erasure and
-- the RFM segments. Personal members travel only as sealed blobs ('$pii',
-- opened or masked by C on the way out: core/core_pii_doc.c); SQL never
-- sees a plain phone, email or address line of a sealed row.

-- Procedure files load in name order; these functions call ones of later
-- files (pii_b64 in pii.sql, idem_* in wms_fulfil_common.sql), which
-- exist by the time they run.
SET check_function_bodies = off;

-- Order figures of customer in_id over the orders the caller sees (not
-- cancelled): counts, units, spend per currency, first and last order,
-- and the returns (RMAs not rejected) with their rate per order.
CREATE OR REPLACE FUNCTION crm_customer_totals(in_id bigint,
  in_warehouses text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  WITH o AS (
    SELECT o.id, o.currency, o.total, o.created_at
      FROM sales_order o
     WHERE o.customer_id = in_id AND o.state <> 'cancelled'
       AND crm_order_seen(o.store_id, o.warehouse_id, in_warehouses)),
  r AS (
    SELECT x.id, x.order_id,
           (SELECT coalesce(sum(l.received), 0) FROM rma_line l
             WHERE l.rma_id = x.id) AS units
      FROM rma x WHERE x.order_id IN (SELECT id FROM o)
       AND x.state <> 'rejected')
  SELECT jsonb_build_object(
    'orders', (SELECT count(*) FROM o),
    'units', (SELECT coalesce(sum(l.qty), 0) FROM order_line l
               WHERE l.order_id IN (SELECT id FROM o)),
    'spend', (SELECT coalesce(jsonb_agg(jsonb_build_object('currency',
                s.currency, 'amount', s.amount::text) ORDER BY s.currency),
                '[]')
                FROM (SELECT currency, sum(total) AS amount FROM o
                       GROUP BY currency) s),
    'first_order_at', (SELECT crm_ts(min(created_at)) FROM o),
    'last_order_at', (SELECT crm_ts(max(created_at)) FROM o),
    'returns', (SELECT count(*) FROM r),
    'returned_units', (SELECT coalesce(sum(units), 0) FROM r),
    'return_rate', (SELECT CASE WHEN count(*) = 0 THEN 0
                      ELSE round((SELECT count(DISTINCT order_id) FROM r)
                                 ::numeric / count(*), 4) END FROM o))
$$;

-- The whole story of customer in_id as the caller sees it.
CREATE OR REPLACE FUNCTION crm_customer_doc(in_id bigint,
  in_warehouses text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'customer', crm_customer_head(in_id),
    'totals', crm_customer_totals(in_id, in_warehouses),
    'segment', (SELECT r.segment FROM customer_rfm r JOIN store st
                  ON st.id = r.store_id
                 WHERE r.customer_id = in_id
                   AND crm_order_seen(st.id, NULL, in_warehouses)
                 ORDER BY r.spend DESC, r.store_id LIMIT 1),
    'segments', (SELECT coalesce(jsonb_agg(jsonb_build_object('store',
                   st.code, 'segment', r.segment, 'r', r.r, 'f', r.f,
                   'm', r.m) ORDER BY st.code), '[]')
                   FROM customer_rfm r JOIN store st ON st.id = r.store_id
                  WHERE r.customer_id = in_id
                    AND crm_order_seen(st.id, NULL, in_warehouses)),
    'merged_from', (SELECT coalesce(jsonb_agg(m.id ORDER BY m.id), '[]')
                      FROM customer m WHERE m.merged_into = in_id),
    'addresses', (SELECT coalesce(jsonb_agg(a.addr ORDER BY a.at DESC), '[]')
      FROM (SELECT DISTINCT ON (coalesce(o.ship_to->>'_addr',
                   o.ship_to::text))
                   o.ship_to || jsonb_build_object('$pii',
                     pii_b64(o.ship_to_pii), 'last_used_at',
                     crm_ts(o.created_at)) AS addr, o.created_at AS at
              FROM sales_order o
             WHERE o.customer_id = in_id AND o.ship_to <> '{}'
               AND crm_order_seen(o.store_id, o.warehouse_id, in_warehouses)
             ORDER BY coalesce(o.ship_to->>'_addr', o.ship_to::text),
                      o.created_at DESC) a),
    'notes', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id,
                'body', n.body, 'author', u.username, 'created_at',
                crm_ts(n.created_at)) ORDER BY n.id DESC), '[]')
                FROM customer_note n LEFT JOIN app_user u ON u.id = n.author_id
               WHERE n.customer_id = in_id),
    'orders', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id,
                 'store', s.code, 'external_id', o.external_id, 'state',
                 o.state, 'total', o.total::text, 'currency', o.currency,
                 'created_at', crm_ts(o.created_at)) ORDER BY o.id DESC), '[]')
                 FROM sales_order o JOIN store s ON s.id = o.store_id
                WHERE o.customer_id = in_id
                  AND crm_order_seen(o.store_id, o.warehouse_id,
                                     in_warehouses)),
    'rmas', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id,
               'number', x.number, 'order_id', x.order_id, 'state', x.state,
               'created_at', crm_ts(x.created_at)) ORDER BY x.id DESC), '[]')
               FROM rma x JOIN sales_order o ON o.id = x.order_id
              WHERE o.customer_id = in_id
                AND crm_order_seen(o.store_id, o.warehouse_id, in_warehouses)),
    'feedback', (SELECT coalesce(jsonb_agg(crm_feedback_brief(f.id)
                   ORDER BY f.id DESC), '[]')
                   FROM feedback f WHERE f.customer_id = in_id
                    AND crm_feedback_seen(f.id, in_warehouses)))
$$;

-- GET /api/v1/customers/{id}.
CREATE OR REPLACE FUNCTION crm_customer_get(in_id bigint, in_warehouses text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  out_replayed := false;
  IF NOT EXISTS (SELECT 1 FROM customer WHERE id = in_id) THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  out_doc := crm_customer_doc(in_id, in_warehouses);
END $$;

-- Tags as kept: trimmed, without empties and duplicates, in order.
CREATE OR REPLACE FUNCTION crm_tags(in_tags jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(t ORDER BY n), '{}') FROM (
    SELECT DISTINCT ON (btrim(value)) btrim(value) AS t, ordinality AS n
      FROM jsonb_array_elements_text(in_tags) WITH ORDINALITY
     WHERE btrim(value) <> '' ORDER BY btrim(value), ordinality) x
$$;

-- PATCH /api/v1/customers/{id}: name, tags (the whole list), note (one
-- more note on the timeline), preferred_language, do_not_contact. A
-- record merged into another is read-only; an erased one keeps no name.
CREATE OR REPLACE FUNCTION crm_customer_patch(in_id bigint, in_doc jsonb,
  in_user bigint, in_warehouses text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  c customer%ROWTYPE;
BEGIN
  out_replayed := false;
  SELECT * INTO c FROM customer WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF c.merged_into IS NOT NULL AND in_doc <> '{}' THEN
    out_error := 'customer_merged';
    out_detail := 'customer ' || in_id || ' was merged into customer ' ||
                  c.merged_into || ': edit that one';
    RETURN;
  END IF;
  IF c.erased_at IS NOT NULL AND in_doc ? 'name' THEN
    out_error := 'customer_erased';
    out_field := 'name';
    RETURN;
  END IF;
  IF in_doc <> '{}' THEN
    UPDATE customer SET
      name = coalesce(in_doc->>'name', name),
      tags = CASE WHEN in_doc ? 'tags' THEN crm_tags(in_doc->'tags')
                  ELSE tags END,
      preferred_language = coalesce(in_doc->>'preferred_language',
                                    preferred_language),
      do_not_contact = coalesce((in_doc->>'do_not_contact')::boolean,
                                do_not_contact),
      updated_at = now()
     WHERE id = in_id;
  END IF;
  IF coalesce(in_doc->>'note', '') <> '' THEN
    INSERT INTO customer_note (customer_id, body, author_id)
    VALUES (in_id, in_doc->>'note', in_user);
  END IF;
  out_doc := crm_customer_doc(in_id, in_warehouses);
END $$;

-- POST /api/v1/customers/{id}/merge {"into"}: customer in_from is the same
-- person as in_into. Every order, ticket, note and return of in_from moves
-- to in_into (no order is dropped or changed otherwise), tags and the
-- do-not-contact flag are combined, and in_from stays as a pointer
-- (merged_into) so intake that still matches its email or phone lands on
-- in_into (trigger below). Merging again into the same customer answers
-- the same document.
CREATE OR REPLACE FUNCTION crm_customer_merge(in_from bigint, in_into bigint,
  in_user bigint, in_warehouses text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  src customer%ROWTYPE;
  dst customer%ROWTYPE;
BEGIN
  out_replayed := false;
  IF in_from = in_into THEN
    out_error := 'customer_merge_self';
    out_field := 'into';
    RETURN;
  END IF;
  -- Both rows locked in id order, so two crossed merges cannot deadlock.
  PERFORM 1 FROM customer WHERE id IN (in_from, in_into) ORDER BY id
    FOR UPDATE;
  SELECT * INTO src FROM customer WHERE id = in_from;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  SELECT * INTO dst FROM customer WHERE id = in_into;
  IF NOT FOUND THEN
    out_error := 'customer_unknown';
    out_field := 'into';
    RETURN;
  END IF;
  IF NOT crm_customer_seen(in_into, in_warehouses) THEN
    out_error := 'warehouse_forbidden';
    out_field := 'into';
    RETURN;
  END IF;
  IF src.merged_into = in_into THEN
    out_doc := crm_customer_doc(in_into, in_warehouses);
    out_replayed := true;
    RETURN;
  END IF;
  IF src.merged_into IS NOT NULL OR dst.merged_into IS NOT NULL THEN
    out_error := 'customer_merged';
    out_field := CASE WHEN src.merged_into IS NULL THEN 'into' END;
    out_detail := 'customer ' || CASE WHEN src.merged_into IS NULL
      THEN in_into || ' was merged into customer ' || dst.merged_into
      ELSE in_from || ' was merged into customer ' || src.merged_into END;
    RETURN;
  END IF;
  UPDATE sales_order SET customer_id = in_into, updated_at = now()
   WHERE customer_id = in_from;
  UPDATE feedback SET customer_id = in_into, updated_at = now()
   WHERE customer_id = in_from;
  UPDATE customer_note SET customer_id = in_into WHERE customer_id = in_from;
  UPDATE rma SET customer_id = in_into WHERE customer_id = in_from;
  DELETE FROM customer_rfm WHERE customer_id IN (in_from, in_into);
  UPDATE customer SET
    tags = ARRAY(SELECT DISTINCT unnest(dst.tags || src.tags) ORDER BY 1),
    do_not_contact = dst.do_not_contact OR src.do_not_contact,
    preferred_language = CASE WHEN dst.preferred_language = ''
      THEN src.preferred_language ELSE dst.preferred_language END,
    updated_at = now()
   WHERE id = in_into;
  UPDATE customer SET merged_into = in_into, merged_at = now(),
    updated_at = now() WHERE id = in_from;
  out_doc := crm_customer_doc(in_into, in_warehouses);
END $$;

-- An order that intake matches to a merged record goes to the customer it
-- was merged into (its blind indexes stay on the merged record).
CREATE OR REPLACE FUNCTION crm_follow_merge() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  nxt bigint;
  hops integer := 0;
BEGIN
  LOOP
    SELECT merged_into INTO nxt FROM customer WHERE id = NEW.customer_id;
    EXIT WHEN nxt IS NULL OR hops > 10;
    NEW.customer_id := nxt;
    hops := hops + 1;
  END LOOP;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER sales_order_follow_merge
  BEFORE INSERT OR UPDATE OF customer_id ON sales_order FOR EACH ROW
  WHEN (NEW.customer_id IS NOT NULL)
  EXECUTE FUNCTION crm_follow_merge();

-- Everything held about customer in_id (GET .../export): the story plus
-- every ticket with its replies.
CREATE OR REPLACE FUNCTION crm_customer_export(in_id bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  out_replayed := false;
  IF NOT EXISTS (SELECT 1 FROM customer WHERE id = in_id) THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  out_doc := crm_customer_doc(in_id, NULL) || jsonb_build_object(
    'tickets', (SELECT coalesce(jsonb_agg(crm_feedback_doc(f.id)
                  ORDER BY f.id), '[]')
                  FROM feedback f WHERE f.customer_id = in_id),
    'exported_at', crm_ts(now()));
END $$;

-- POST .../erase: the person's data goes (name, sealed phone and email,
-- their blind indexes, the address lines of their orders, notes, ticket
-- texts); orders, amounts, lines and figures stay for accounting.
CREATE OR REPLACE FUNCTION crm_customer_erase(in_id bigint, in_user bigint,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  c customer%ROWTYPE;
BEGIN
  out_replayed := false;
  SELECT * INTO c FROM customer WHERE id = in_id FOR UPDATE;
  IF NOT FOUND THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF c.erased_at IS NOT NULL THEN
    out_doc := crm_customer_doc(in_id, NULL);
    out_replayed := true;
    RETURN;
  END IF;
  UPDATE customer SET name = '', email = '', phone = '', pii = NULL,
    email_bidx = NULL, phone_bidx = NULL, pii_kv = NULL, tags = '{}',
    erased_at = now(), updated_at = now()
   WHERE id = in_id;
  UPDATE sales_order SET ship_to_pii = NULL,
    ship_to = jsonb_build_object('city', ship_to->'city', 'region',
      ship_to->'region', 'country_code', ship_to->'country_code'),
    updated_at = now()
   WHERE customer_id = in_id;
  DELETE FROM customer_note WHERE customer_id = in_id;
  UPDATE feedback SET body = '-' WHERE customer_id = in_id;
  UPDATE feedback_reply SET body = '-'
   WHERE feedback_id IN (SELECT id FROM feedback WHERE customer_id = in_id);
  out_doc := crm_customer_doc(in_id, NULL);
END $$;

RESET check_function_bodies;
