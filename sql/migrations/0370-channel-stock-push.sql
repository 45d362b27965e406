-- Stock push to marketplace listings (issue 27 item 5). A marketplace
-- store's listings are its SKU map rows (store_sku_map, issue 24); each
-- gains the platform's own ids that the platform's stock API takes, and
-- what was last pushed. The push rides the stock-sync outbox: one pending
-- 'channel_stock' row per store and SKU, queued in the transaction of the
-- stock change (or of the mapping), sent by the marketplace worker.
ALTER TABLE store_sku_map
  ADD COLUMN platform_item_id text NOT NULL DEFAULT ''
    CHECK (platform_item_id ~ '^[0-9A-Za-z_-]{0,40}$'),
  ADD COLUMN platform_sku_id text NOT NULL DEFAULT ''
    CHECK (platform_sku_id ~ '^[0-9A-Za-z_-]{0,40}$'),
  ADD COLUMN pushed_qty bigint,
  ADD COLUMN pushed_at timestamptz,
  ADD COLUMN push_state text NOT NULL DEFAULT ''
    CHECK (push_state IN ('', 'queued', 'pushed', 'failed')),
  ADD COLUMN push_error text NOT NULL DEFAULT '';
COMMENT ON COLUMN store_sku_map.platform_item_id IS
  'The listing''s item id on the platform (Taobao num_iid, JD wareId, Pinduoduo goods_id, Douyin product_id); empty: not pushed';
COMMENT ON COLUMN store_sku_map.platform_sku_id IS
  'The listing''s SKU id on the platform (Taobao sku_id, JD skuId, Pinduoduo sku_id, Douyin sku_id); JD and Douyin need it, Taobao and Pinduoduo push the item''s own stock without one';
COMMENT ON COLUMN store_sku_map.pushed_qty IS
  'The quantity the platform last accepted for this listing (NULL: never pushed)';
COMMENT ON COLUMN store_sku_map.push_state IS
  '''''=never queued, queued (a push is pending), pushed, failed (the last push failed; retried with backoff)';

ALTER TABLE outbox
  DROP CONSTRAINT outbox_kind_check,
  ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('stock_sync', 'shipment', 'channel_stock')),
  DROP CONSTRAINT outbox_shape,
  ADD CONSTRAINT outbox_shape
    CHECK ((kind IN ('stock_sync', 'channel_stock')) = (sku_id IS NOT NULL)
           AND (kind = 'shipment') = (payload IS NOT NULL));
COMMENT ON COLUMN outbox.kind IS
  'stock_sync (a store''s sync_url), shipment (its events_url), channel_stock (a marketplace store''s listings of the SKU, through its connector)';
CREATE INDEX outbox_channel_due_idx ON outbox (next_attempt_at)
  WHERE delivered_at IS NULL AND kind = 'channel_stock';

ALTER TABLE fulfil_exception
  ADD COLUMN push_store_id bigint REFERENCES store (id),
  DROP CONSTRAINT fulfil_exception_kind_check,
  ADD CONSTRAINT fulfil_exception_kind_check CHECK (kind IN ('short_pick',
    'weight_mismatch', 'damaged', 'cancelled_after_pick', 'count_shortage',
    'channel_writeback', 'waybill_cancel', 'stock_push'));
COMMENT ON COLUMN fulfil_exception.push_store_id IS
  'stock_push: the marketplace store whose listings of sku_id the platform has not taken after three attempts';
CREATE UNIQUE INDEX fulfil_exception_stock_push_idx
  ON fulfil_exception (push_store_id, sku_id) WHERE kind = 'stock_push'
  AND state = 'open';
