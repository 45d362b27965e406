-- The dock's list of shipments: one summary per shipment (orders,
-- carrier, ETA, cartons with their tracking numbers), newest first.

-- The list entry of shipment in_ship: what the dock needs to find and
-- act on it, without the packed items of wms_shipment_doc.
CREATE OR REPLACE FUNCTION wms_shipment_summary(in_ship bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object(
    'id', sh.id, 'state', sh.state, 'warehouse', w.code,
    'orders', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id,
                 'external_id', o.external_id, 'store', st.code,
                 'state', o.state) ORDER BY o.id), '[]')
                FROM shipment_order x JOIN sales_order o ON o.id = x.order_id
                JOIN store st ON st.id = o.store_id
               WHERE x.shipment_id = sh.id),
    'carrier', sh.carrier, 'eta', sh.eta, 'station', sh.station,
    'cartons', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id,
                 'seq', c.seq, 'sscc', c.sscc, 'state', c.state,
                 'weight_g', c.weight_g, 'tracking_no', c.tracking_no)
                 ORDER BY c.seq), '[]')
                FROM carton c WHERE c.shipment_id = sh.id),
    'created_at', sh.created_at, 'packed_at', sh.packed_at,
    'shipped_at', sh.shipped_at, 'delivered_at', sh.delivered_at)
    FROM shipment sh JOIN warehouse w ON w.id = sh.warehouse_id
   WHERE sh.id = in_ship
$f$;

-- Shipments of warehouse in_wh (a code; NULL: all) in state in_state
-- (NULL: any), newest first, older than id in_before (NULL: from the
-- newest); at most in_limit. An unknown warehouse has none. in_owner: a
-- 3PL client's owner id, which sees the shipments of its stores' orders
-- only (the owner scope of a shipment, core/core_owner.c).
DROP FUNCTION IF EXISTS wms_shipment_list(text, text, bigint, integer);
CREATE OR REPLACE FUNCTION wms_shipment_list(in_wh text, in_state text,
  in_before bigint, in_limit integer, in_owner bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  wh bigint;
BEGIN
  IF in_wh IS NOT NULL THEN
    SELECT id INTO wh FROM warehouse WHERE code = in_wh;
    IF wh IS NULL THEN
      RETURN '[]'::jsonb;
    END IF;
  END IF;
  RETURN (SELECT coalesce(jsonb_agg(wms_shipment_summary(s.id)
                                    ORDER BY s.id DESC), '[]')
            FROM (SELECT id FROM shipment
                   WHERE (wh IS NULL OR warehouse_id = wh)
                     AND (in_state IS NULL OR state = in_state)
                     AND (in_before IS NULL OR id < in_before)
                     AND (in_owner IS NULL OR EXISTS (
                           SELECT 1 FROM sales_order d
                             JOIN store st ON st.id = d.store_id
                            WHERE d.id = shipment.order_id
                              AND st.owner_id = in_owner))
                   ORDER BY id DESC LIMIT in_limit) s);
END $$;
