-- After-sales for the demo (`depot demo seed`): returns of the latest
-- shipped orders of ZZ1 in each state, made by the real procedures
-- (sql/procs/rma*.sql) so that the ledger, the order timelines and the
-- reports see them as they would a real return: two authorised and
-- waiting for the parcel, one received and waiting for its disposition,
-- one restocked, refunded and closed, one rejected, and one parcel that
-- came without an RMA for the back office to confirm; an exchange with its
-- free replacement order, and a price adjustment refunded at the channel
-- (a refund without goods). Orders that have
-- an RMA are skipped, so a second call adds nothing. Returns how many
-- RMAs it made.
CREATE OR REPLACE FUNCTION demo_returns() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  o record;
  n integer := 0;
  r record;
  rid bigint;
  reasons text[] := ARRAY['size_colour', 'damaged_in_transit',
    'changed_mind', 'quality_defect', 'wrong_item', 'not_as_described'];
BEGIN
  FOR o IN
    SELECT so.id, min(k.code) AS sku, min(l.unit_price) AS price
      FROM sales_order so JOIN warehouse w ON w.id = so.warehouse_id
      JOIN order_line l ON l.order_id = so.id JOIN sku k ON k.id = l.sku_id
     WHERE w.code = 'ZZ1' AND so.state IN ('shipped', 'delivered')
       AND NOT k.lot_tracked
       AND NOT EXISTS (SELECT 1 FROM rma WHERE order_id = so.id)
     GROUP BY so.id ORDER BY so.id DESC LIMIT 6
  LOOP
    n := n + 1;
    IF n = 6 THEN
      SELECT * INTO r FROM rma_create(o.id, jsonb_build_object('lines', '[]'::jsonb,
        'origin', 'unannounced', 'note', '包裹内无退货单'), NULL, NULL,
        'demo');
      rid := (r.out_doc->>'id')::bigint;
      PERFORM rma_receive(rid, jsonb_build_object('lines', jsonb_build_array(
        jsonb_build_object('sku', o.sku, 'qty', 1, 'condition', 'sellable'))),
        NULL, NULL, 'demo');
      CONTINUE;
    END IF;
    SELECT * INTO r FROM rma_create(o.id, jsonb_build_object('lines',
      jsonb_build_array(jsonb_build_object('sku', o.sku, 'qty', 1,
        'reason', reasons[n])), 'resolution', 'refund',
      'note', CASE n WHEN 4 THEN '买家已申请退款' ELSE '' END), NULL, NULL,
      'demo');
    IF r.out_error IS NOT NULL THEN
      RAISE EXCEPTION 'demo return of order %: %', o.id, r.out_error;
    END IF;
    rid := (r.out_doc->>'id')::bigint;
    IF n IN (3, 4) THEN
      PERFORM rma_receive(rid, jsonb_build_object('lines', jsonb_build_array(
        jsonb_build_object('sku', o.sku, 'qty', 1, 'condition',
          CASE n WHEN 3 THEN 'damaged' ELSE 'sellable' END))), NULL, NULL,
        'demo');
    END IF;
    IF n = 4 THEN
      PERFORM rma_dispose(rid, jsonb_build_object('lines', jsonb_build_array(
        jsonb_build_object('sku', o.sku, 'qty', 1, 'action', 'restock'))),
        NULL, NULL, 'demo');
      PERFORM rma_refund_add(rid, jsonb_build_object('amount', o.price,
        'method', 'original', 'reference', 'ALIPAY-RF-20261201'), NULL, NULL,
        'demo');
      PERFORM rma_step(rid, 'close', '已退款，已上架', NULL, 'demo');
    ELSIF n = 5 THEN
      PERFORM rma_step(rid, 'reject', '超过七天无理由退货期限', NULL, 'demo');
    END IF;
  END LOOP;
  -- An exchange: a parcel damaged in transit, replaced by a free order
  -- (rma_replace) that waits in the order pool like any other; an order
  -- with a full address first, so the replacement needs no fixing.
  SELECT so.id, min(k.code) AS sku INTO o
    FROM sales_order so JOIN warehouse w ON w.id = so.warehouse_id
    JOIN order_line l ON l.order_id = so.id JOIN sku k ON k.id = l.sku_id
   WHERE w.code = 'ZZ1' AND so.state IN ('shipped', 'delivered')
     AND NOT k.lot_tracked
     AND NOT EXISTS (SELECT 1 FROM rma WHERE order_id = so.id)
   GROUP BY so.id
   ORDER BY bool_or(so.ship_to ? 'line1' OR so.ship_to ? '_enc') DESC,
            so.id DESC LIMIT 1;
  IF o.id IS NOT NULL THEN
    SELECT * INTO r FROM rma_create(o.id, jsonb_build_object('lines',
      jsonb_build_array(jsonb_build_object('sku', o.sku, 'qty', 1,
        'reason', 'damaged_in_transit')), 'resolution', 'exchange',
      'note', '外箱破损，换新'), NULL, NULL, 'demo');
    rid := (r.out_doc->>'id')::bigint;
    PERFORM rma_replace(rid, 'exchange', jsonb_build_object('lines',
      jsonb_build_array(jsonb_build_object('sku', o.sku, 'qty', 1))), NULL,
      NULL, 'demo');
    n := n + 1;
  END IF;
  -- A price adjustment refunded at the channel: money, no goods, an RMA
  -- without lines (rma_channel_refund, as a webhook would record it).
  SELECT so.id, st.code AS store, so.external_id INTO o
    FROM sales_order so JOIN warehouse w ON w.id = so.warehouse_id
    JOIN store st ON st.id = so.store_id
   WHERE w.code = 'ZZ1' AND so.state IN ('shipped', 'delivered')
     AND so.total > 5
     AND NOT EXISTS (SELECT 1 FROM rma WHERE order_id = so.id)
   ORDER BY so.id DESC LIMIT 1;
  IF o.id IS NOT NULL THEN
    PERFORM rma_channel_refund(o.store, jsonb_build_object('external_id',
      o.external_id, 'channel', 'shopify', 'refunds', jsonb_build_array(
        jsonb_build_object('id', 'demo-adjust-' || o.id, 'amount', '5.00',
          'shipping_refund', '0', 'note', '价格补偿', 'lines', '[]'::jsonb))),
      NULL, 'demo');
    n := n + 1;
  END IF;
  RETURN n;
END $$;
