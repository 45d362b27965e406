-- Events for webhooks (issue 23 item 6; tables in migration 0230). A fact
-- trigger (sql/procs/event_facts.sql) writes one event row with one
-- INSERT ... SELECT ... WHERE event_wanted(type): while no active
-- subscription wants the type, that is one EXISTS on a tiny table and
-- nothing is written (the data is not even built). The event's own
-- trigger below fans it out to one delivery per subscription that wants
-- it, so every producer, trigger or procedure, gets the same fan-out.

-- Whether some active subscription wants events of type in_type.
CREATE OR REPLACE FUNCTION event_wanted(in_type text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM webhook w
                  WHERE w.active AND (w.events @> ARRAY[in_type]
                                      OR w.events @> ARRAY['*']))
$$;

-- The stock owner of an event's resource (issue 23 item 6), as the owner
-- scope of the API sees it (core/core_owner.c): an order's and a return's
-- store's, a SKU's own, a PO's (pur_po_owner), a ticket's store's. NULL
-- when it has none that can be told: an owner-bound subscription then does
-- not get the event.
CREATE OR REPLACE FUNCTION event_owner(in_kind text, in_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN CASE in_kind
    WHEN 'order' THEN (SELECT st.owner_id FROM sales_order o
                         JOIN store st ON st.id = o.store_id
                        WHERE o.id = in_id)
    WHEN 'sku' THEN (SELECT owner_id FROM sku WHERE id = in_id)
    WHEN 'purchase_order' THEN pur_po_owner(in_id)
    WHEN 'rma' THEN (SELECT st.owner_id FROM rma x
                       LEFT JOIN sales_order d ON d.id = x.order_id
                       JOIN store st ON st.id = coalesce(x.store_id, d.store_id)
                      WHERE x.id = in_id)
    WHEN 'feedback' THEN (SELECT st.owner_id FROM feedback f
                            JOIN store st ON st.id = f.store_id
                           WHERE f.id = in_id)
  END;
END $$;

-- One delivery per active subscription that wants the event's type and,
-- when it is bound to an owner, is the event's owner's; in the event's
-- month (event_at, migration 0440).
CREATE OR REPLACE FUNCTION event_fan_out() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_owner bigint;
BEGIN
  /* The event's owner is looked up only when an owner-bound subscription
   * wants the type: the others take every owner's events. */
  IF EXISTS (SELECT 1 FROM webhook w WHERE w.active
               AND w.owner_id IS NOT NULL
               AND (w.events @> ARRAY[NEW.type] OR w.events @> ARRAY['*']))
  THEN
    v_owner := event_owner(NEW.resource_kind, NEW.resource_id);
  END IF;
  INSERT INTO webhook_delivery (webhook_id, event_id, event_at,
    resource_kind, resource_id)
  SELECT w.id, NEW.id, NEW.created_at, NEW.resource_kind, NEW.resource_id
    FROM webhook w
   WHERE w.active AND (w.events @> ARRAY[NEW.type] OR w.events @> ARRAY['*'])
     AND (w.owner_id IS NULL OR w.owner_id = v_owner);
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER event_fan_out AFTER INSERT ON event
  FOR EACH ROW EXECUTE FUNCTION event_fan_out();

-- The body sent for event in_event: {"id","type","created_at","data"}
-- as jsonb text (the exact bytes that are signed; "id" is the event's
-- number, the receiver's key for de-duplication).
CREATE OR REPLACE FUNCTION event_body(in_event bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', e.id, 'type', e.type,
           'created_at', to_char(e.created_at AT TIME ZONE 'UTC',
                                 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'data', e.data)::text
    FROM event e WHERE e.id = in_event
$$;

-- The "data" of an order event: the order's header (no personal data),
-- the state it left, and for a hold its reasons, for a shipment its
-- parcels' carrier and tracking numbers.
CREATE OR REPLACE FUNCTION event_order_data(o sales_order, in_from text)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('order', o.id, 'store', s.code,
           'external_id', o.external_id, 'state', o.state,
           'previous_state', in_from, 'warehouse', w.code,
           'currency', o.currency, 'total', o.total,
           'updated_at', o.updated_at)
      || CASE o.state
           WHEN 'on_hold' THEN jsonb_build_object('holds',
             (SELECT coalesce(jsonb_agg(jsonb_build_object('reason',
                       h.reason, 'field', h.field, 'detail', h.detail)
                       ORDER BY h.id), '[]')
                FROM order_hold h
               WHERE h.order_id = o.id AND h.released_at IS NULL))
           WHEN 'shipped' THEN coalesce((
             SELECT jsonb_build_object('shipment', sh.id,
                      'carrier', sh.carrier, 'eta', sh.eta,
                      'tracking_numbers',
                      (SELECT coalesce(jsonb_agg(c.tracking_no ORDER BY
                                                 c.seq), '[]')
                         FROM carton c WHERE c.shipment_id = sh.id))
               FROM shipment_order x JOIN shipment sh ON sh.id = x.shipment_id
              WHERE x.order_id = o.id AND sh.state IN ('shipped', 'delivered')
              ORDER BY sh.shipped_at DESC NULLS LAST, sh.id DESC LIMIT 1),
             '{}')
           ELSE '{}' END
    FROM store s LEFT JOIN warehouse w ON w.id = o.warehouse_id
   WHERE s.id = o.store_id
$$;

-- Where a ledger location is: its code and warehouse code.
CREATE OR REPLACE FUNCTION event_location(in_loc bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('location', l.code, 'kind', l.kind,
           'warehouse', w.code)
    FROM location l JOIN warehouse w ON w.id = l.warehouse_id
   WHERE l.id = in_loc
$$;
