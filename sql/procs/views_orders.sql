-- JSON documents of stores, orders and customers.
CREATE OR REPLACE VIEW store_doc AS
SELECT s.id, s.code,
  json_build_object('code', s.code, 'name', s.name, 'channel', s.channel,
    'warehouse', w.code, 'currency', s.currency,
    'price_tolerance', s.price_tolerance, 'carrier', s.carrier,
    'active', s.active, 'has_webhook_secret', s.webhook_secret <> ''
      OR s.webhook_secret_pii IS NOT NULL,
    'sync_url', s.sync_url, 'events_url', s.events_url,
    'sync_percent', s.sync_percent,
    'sync_buffer', s.sync_buffer, 'allow_merge', s.allow_merge,
    'ship_within_hours', s.ship_within_hours,
    'owner', (SELECT o.code FROM owners o WHERE o.id = s.owner_id)) AS doc,
  s.owner_id
FROM store s JOIN warehouse w ON w.id = s.warehouse_id;
COMMENT ON VIEW store_doc IS 'API document of a store; never shows the secret';

CREATE OR REPLACE VIEW order_doc AS
SELECT o.id, o.store_id, o.state, o.created_at, o.external_id, o.warehouse_id,
  json_build_object('id', o.id, 'store', s.code, 'external_id', o.external_id,
    'state', o.state, 'warehouse', w.code, 'currency', o.currency,
    'shipping_amount', o.shipping_amount::text, 'total', o.total::text,
    -- Every discount of the order (its lines hold the order-level one
    -- too); order_discount: the part given on the order as a whole.
    'discount', (SELECT coalesce(sum(x.discount), 0)::numeric(14, 2)::text
                   FROM order_line x WHERE x.order_id = o.id),
    'order_discount', o.discount::text,
    'customer', (SELECT json_build_object('id', c.id, 'name', c.name,
                   'email', c.email, 'phone', c.phone, '$pii', pii_b64(c.pii))
                   FROM customer c WHERE c.id = o.customer_id),
    'ship_to', o.ship_to || jsonb_build_object('$pii', pii_b64(o.ship_to_pii)),
    'notes', o.notes, 'merge_key', o.merge_key,
    'rma', (SELECT json_build_object('id', r.id, 'number', r.number)
              FROM rma r WHERE r.id = o.rma_id),
    'shipments', (SELECT coalesce(json_agg(json_build_object('warehouse',
                    x.code, 'units', x.units, 'shipment', sp.id,
                    'state', sp.state) ORDER BY x.code), '[]')
                    FROM (SELECT sw.id, sw.code, sum(a.qty) AS units
                            FROM order_allocation a
                            JOIN warehouse sw ON sw.id = a.warehouse_id
                           WHERE a.order_id = o.id GROUP BY sw.id, sw.code) x
                    LEFT JOIN LATERAL (
                      SELECT sh.id, sh.state FROM shipment_order so
                        JOIN shipment sh ON sh.id = so.shipment_id
                       WHERE so.order_id = o.id AND sh.warehouse_id = x.id
                         AND sh.state <> 'cancelled'
                       ORDER BY sh.id DESC LIMIT 1) sp ON true),
    'lines', (SELECT coalesce(json_agg(json_build_object('line', l.line_no,
                'sku', l.sku_code, 'name', l.name, 'qty', l.qty,
                'unit_price', l.unit_price::text,
                'discount', l.discount::text,
                'requires_shipping', l.requires_shipping,
                'kit_price', l.kit_price::text, 'kit_of', l.kit_of,
                'revenue', l.revenue::text, 'platform_sku', l.platform_sku,
                'allocated', l.allocated_qty,
                'backordered', CASE WHEN l.requires_shipping
                               THEN l.qty - l.allocated_qty ELSE 0 END,
                'allocations', (SELECT coalesce(json_agg(json_build_object(
                    'warehouse', aw.code, 'qty', a.qty) ORDER BY aw.code),
                    '[]') FROM order_allocation a
                    JOIN warehouse aw ON aw.id = a.warehouse_id
                   WHERE a.line_id = l.id))
                ORDER BY l.line_no), '[]')
                FROM order_line l WHERE l.order_id = o.id),
    'holds', (SELECT coalesce(json_agg(json_build_object('reason', h.reason,
                'field', h.field, 'detail', h.detail, 'params', h.params)
                ORDER BY h.id), '[]')
                FROM order_hold h
               WHERE h.order_id = o.id AND h.released_at IS NULL),
    'created_at', to_char(o.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"')) AS doc
FROM sales_order o
JOIN store s ON s.id = o.store_id
LEFT JOIN warehouse w ON w.id = o.warehouse_id;
COMMENT ON VIEW order_doc IS 'API document of an order with lines and open holds';
