-- Shipments for the demo's most recent order history (`depot demo seed`):
-- up to in_each of the latest shipped and of the latest delivered H-orders
-- get a shipment with one closed carton (SSCC and tracking number from the
-- real sequences, a small label), so the dock's list, its reprint and
-- "delivered" have work from the first minute. Like the history itself it
-- moves no stock. Orders that have a shipment are skipped, so a second
-- call adds nothing. Returns how many shipments it made.
CREATE OR REPLACE FUNCTION demo_shipments(in_each integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  o record;
  sid bigint;
  v_type text;
  v_carrier text;
  tn text;
  n integer := 0;
BEGIN
  SELECT coalesce((SELECT code FROM carton_type WHERE code = 'M'),
                  (SELECT min(code) FROM carton_type)) INTO v_type;
  IF v_type IS NULL OR NOT EXISTS (SELECT 1 FROM carrier) THEN
    RETURN 0;
  END IF;
  FOR o IN
    (SELECT * FROM (SELECT so.id, so.warehouse_id, so.created_at, so.state
                      FROM sales_order so
                     WHERE so.external_id LIKE 'H%' AND so.state = 'shipped'
                       AND so.warehouse_id IS NOT NULL
                     ORDER BY so.created_at DESC LIMIT in_each) s
     UNION ALL
     SELECT * FROM (SELECT so.id, so.warehouse_id, so.created_at, so.state
                      FROM sales_order so
                     WHERE so.external_id LIKE 'H%' AND so.state = 'delivered'
                       AND so.warehouse_id IS NOT NULL
                     ORDER BY so.created_at DESC LIMIT in_each) d)
    ORDER BY created_at
  LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM shipment_order WHERE order_id = o.id);
    -- The carriers with a domestic rate, in turn.
    SELECT c.code INTO v_carrier FROM carrier c
     WHERE EXISTS (SELECT 1 FROM carrier_rate r WHERE r.carrier = c.code
                      AND r.zone = 'domestic')
     ORDER BY c.code
    OFFSET o.id % greatest((SELECT count(DISTINCT carrier) FROM carrier_rate
                             WHERE zone = 'domestic'), 1) LIMIT 1;
    CONTINUE WHEN v_carrier IS NULL;
    tn := wms_next_tracking(v_carrier);
    CONTINUE WHEN tn IS NULL;
    INSERT INTO shipment (order_id, warehouse_id, carrier, state,
      track_token, eta, station, created_at, packed_at, shipped_at,
      delivered_at)
    VALUES (o.id, o.warehouse_id, v_carrier, o.state,
      md5(random()::text) || md5(o.id::text),
      (o.created_at + interval '2 days')::date,
      (SELECT code FROM station WHERE warehouse_id = o.warehouse_id
        ORDER BY code LIMIT 1),
      o.created_at + interval '2 hours', o.created_at + interval '3 hours',
      o.created_at + interval '5 hours',
      CASE WHEN o.state = 'delivered' THEN o.created_at + interval '2 days'
      END)
    RETURNING id INTO sid;
    INSERT INTO shipment_order (shipment_id, order_id) VALUES (sid, o.id);
    INSERT INTO carton (shipment_id, seq, carton_type, sscc, state,
      weight_g, tracking_no, label_zpl, closed_at)
    VALUES (sid, 1, v_type, wms_next_sscc(), 'closed', 600 + (o.id % 7) * 150,
      tn, '^XA^CI28^FO40,40^A0N,40,40^FD' || tn || '^FS^FO40,100'
          '^BCN,120,Y,N,N^FD' || tn || '^FS^XZ',
      o.created_at + interval '3 hours');
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
