-- After-sales (issue 19, item 2): refunds made at the channel. A signed
-- Shopify refunds/create delivery, or a WooCommerce order that moved to
-- refunded, arrives here normalized (web/web_channel_refund.c) and
-- creates or updates the RMA of its order, once per channel refund id:
-- the goods the channel restocks become return lines (bounded by what may
-- still come back), the money a refund record. A refund without goods (a
-- price adjustment) is a refund on an RMA without lines. Text contract
-- (core/core_proc.h).

-- The RMA a channel refund goes to, on order in_o (locked by the caller):
-- the order's open RMA (newest), else a new one of origin channel, named
-- after the refund. Answers its id.
CREATE OR REPLACE FUNCTION rma_channel_rma(in_o sales_order, in_refund text,
  in_note text, in_user bigint, in_request text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  rid bigint;
BEGIN
  SELECT id INTO rid FROM rma WHERE order_id = in_o.id
     AND state IN ('requested', 'authorized', 'receiving', 'received')
   ORDER BY id DESC LIMIT 1 FOR UPDATE;
  IF rid IS NOT NULL THEN
    RETURN rid;
  END IF;
  INSERT INTO rma (number, order_id, store_id, warehouse_id, customer_id,
    state, resolution, origin, currency, note, channel_refund_id, created_by)
  VALUES ('RMA' || nextval('rma_number_seq'), in_o.id, in_o.store_id,
    coalesce((SELECT warehouse_id FROM order_ship_line
               WHERE order_id = in_o.id ORDER BY id LIMIT 1),
             in_o.warehouse_id),
    in_o.customer_id, 'authorized', 'refund', 'channel', in_o.currency,
    coalesce(in_note, ''), in_refund, in_user)
  RETURNING id INTO rid;
  PERFORM rma_event_add(rid, NULL, 'authorized', 'created',
    jsonb_build_object('units', 0, 'refund', in_refund), in_user, in_request);
  PERFORM rma_hold_release(rid, in_user, in_request);
  RETURN rid;
END $$;

-- Adds the restocked goods in_lines [{sku, qty}] of a channel refund to
-- RMA in_rma of order in_order: what the RMA does not ask back yet, at
-- most what the order may still return (the channel has restocked them
-- already; the warehouse expects no more than that).
CREATE OR REPLACE FUNCTION rma_channel_lines(in_rma bigint, in_order bigint,
  in_lines jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  e record;
  want bigint;
BEGIN
  FOR e IN SELECT x.sku, sum(x.qty)::bigint AS qty
             FROM jsonb_to_recordset(in_lines) AS x(sku text, qty bigint)
            GROUP BY x.sku ORDER BY x.sku
  LOOP
    SELECT least(e.qty - coalesce((SELECT sum(l.qty) FROM rma_line l
                                     JOIN sku k ON k.id = l.sku_id
                                    WHERE l.rma_id = in_rma
                                      AND k.code = e.sku
                                      AND NOT l.unexpected), 0),
                 r.returnable)
      INTO want FROM rma_returnable(in_order) r WHERE r.sku = e.sku;
    IF coalesce(want, 0) > 0 THEN
      PERFORM rma_lines_add(in_rma, in_order, jsonb_build_array(
        jsonb_build_object('sku', e.sku, 'qty', want, 'reason', 'other')));
    END IF;
  END LOOP;
END $$;

-- Records one channel refund in_r {id, amount, shipping_refund, note,
-- lines} of order in_o on its RMA. Answers the RMA, or NULL when the
-- refund was recorded before (a redelivery).
CREATE OR REPLACE FUNCTION rma_channel_one(in_o sales_order, in_channel text,
  in_r jsonb, in_user bigint, in_request text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  rid bigint;
  m rma%ROWTYPE;
  amt numeric := coalesce((in_r->>'amount')::numeric, 0);
  shp numeric := coalesce((in_r->>'shipping_refund')::numeric, 0);
BEGIN
  IF EXISTS (SELECT 1 FROM rma_refund f JOIN rma x ON x.id = f.rma_id
              WHERE x.order_id = in_o.id
                AND f.channel_refund_id = in_r->>'id') THEN
    RETURN NULL;
  END IF;
  rid := rma_channel_rma(in_o, in_r->>'id', in_r->>'note', in_user,
                         in_request);
  PERFORM rma_channel_lines(rid, in_o.id, coalesce(in_r->'lines', '[]'));
  SELECT * INTO m FROM rma WHERE id = rid;
  INSERT INTO rma_refund (rma_id, currency, amount, shipping_refund, method,
    reference, channel_refund_id, user_id)
  VALUES (rid, m.currency, amt, shp, 'original',
    in_channel || ' refund ' || (in_r->>'id'), in_r->>'id', in_user);
  PERFORM rma_refund_spread(m, amt);
  UPDATE rma SET updated_at = now() WHERE id = rid;
  PERFORM rma_event_add(rid, m.state, m.state, 'channel_refund',
    jsonb_build_object('amount', amt + shp, 'currency', m.currency,
                       'channel', in_channel, 'refund', in_r->>'id',
                       'units', (SELECT coalesce(sum(x.qty), 0)
                                   FROM jsonb_to_recordset(
                                     coalesce(in_r->'lines', '[]'))
                                     AS x(qty bigint))),
    in_user, in_request);
  RETURN rid;
END $$;

-- A channel's refunds of one order: in_doc {external_id, channel,
-- refunds: [{id, amount, shipping_refund, note, lines: [{sku, qty}]}],
-- if_shipped}, for store in_store (a code). Each refund is recorded once
-- (by its id); out_replayed when every one was recorded before. An
-- unknown order is not_found; one that has shipped nothing is
-- order_not_shipped, or nothing at all with if_shipped (a WooCommerce
-- order refunded before it shipped is a cancellation, done elsewhere).
CREATE OR REPLACE FUNCTION rma_channel_refund(in_store text, in_doc jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  o sales_order%ROWTYPE;
  e record;
  rid bigint;
  last_ bigint;
BEGIN
  out_replayed := true;
  SELECT so.* INTO o FROM sales_order so JOIN store s ON s.id = so.store_id
   WHERE s.code = in_store AND so.external_id = in_doc->>'external_id'
     FOR UPDATE OF so;
  IF NOT FOUND THEN
    out_error := 'not_found'; out_field := 'order_id';
    out_detail := 'no order ' || (in_doc->>'external_id') || ' in store '
      || in_store;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM rma_returnable(o.id)) THEN
    IF NOT coalesce((in_doc->>'if_shipped')::boolean, false) THEN
      out_error := 'order_not_shipped'; out_field := 'order_id';
      out_detail := o.state;
    END IF;
    RETURN;
  END IF;
  FOR e IN SELECT value AS v FROM jsonb_array_elements(in_doc->'refunds')
  LOOP
    rid := rma_channel_one(o, in_doc->>'channel', e.v, in_user, in_request);
    IF rid IS NOT NULL THEN
      out_replayed := false;
      last_ := rid;
    END IF;
  END LOOP;
  -- A redelivery answers the RMA that holds the (last) refund.
  out_doc := rma_doc(coalesce(last_, (
    SELECT f.rma_id FROM rma_refund f JOIN rma x ON x.id = f.rma_id
     WHERE x.order_id = o.id AND f.channel_refund_id IN (
             SELECT value->>'id' FROM jsonb_array_elements(in_doc->'refunds'))
     ORDER BY f.id DESC LIMIT 1)));
END $$;
