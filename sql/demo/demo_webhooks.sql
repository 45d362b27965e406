-- An example event subscription for the demo (`depot demo seed`): the
-- order and shipment events to a receiver on this machine, INACTIVE, so
-- that the back office shows what one looks like and nothing is sent
-- until someone points it at a real receiver and switches it on. The
-- secret comes sealed from C (sql cannot seal: core/core_pii.c). A second
-- call adds nothing. Returns how many subscriptions it made.
CREATE OR REPLACE FUNCTION demo_webhooks(in_secret text, in_kv smallint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  INSERT INTO webhook (url, events, secret_pii, pii_kv, active, note)
  SELECT 'http://127.0.0.1:9999/depot-events',
         ARRAY['order.created', 'order.shipped', 'order.cancelled',
               'shipment.delivered', 'stock.changed'],
         pii_bytes(in_secret, 'base64'), in_kv, false,
         'example: the ERP''s order and stock feed (switch on when it listens)'
   WHERE NOT EXISTS (SELECT 1 FROM webhook WHERE note LIKE 'example:%');
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
