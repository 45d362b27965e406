-- Channel stock sync: when the available stock of a SKU changes, each
-- store that lists it is told, through an outbox written in the same
-- transaction as the change and delivered with retries.

ALTER TABLE store
  ADD COLUMN sync_url text NOT NULL DEFAULT ''
    CHECK (sync_url = '' OR sync_url ~ '^https?://'),
  ADD COLUMN sync_percent integer NOT NULL DEFAULT 100
    CHECK (sync_percent BETWEEN 0 AND 100),
  ADD COLUMN sync_buffer bigint NOT NULL DEFAULT 0 CHECK (sync_buffer >= 0);
COMMENT ON COLUMN store.sync_url IS
  'Where stock updates of the store''s listings are POSTed; empty: no sync';
COMMENT ON COLUMN store.sync_percent IS
  'Share of available stock offered on this store (several stores share it)';
COMMENT ON COLUMN store.sync_buffer IS 'Units held back from this store';

CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('stock_sync')),
  store_id        bigint NOT NULL REFERENCES store (id),
  sku_id          bigint NOT NULL REFERENCES sku (id),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  last_error      text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE outbox IS
  'Messages for other systems, written with the change they report and '
  'delivered by a worker with retries; one pending stock_sync per store and '
  'SKU (the figure is read when it is delivered)';
CREATE UNIQUE INDEX outbox_pending_idx ON outbox (kind, store_id, sku_id)
  WHERE delivered_at IS NULL;
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at)
  WHERE delivered_at IS NULL;

-- A store lists a SKU when its price list has it.
CREATE FUNCTION stock_sync_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.on_hand - NEW.reserved IS DISTINCT FROM OLD.on_hand - OLD.reserved
  THEN
    INSERT INTO outbox (kind, store_id, sku_id)
    SELECT 'stock_sync', s.id, NEW.sku_id
      FROM store s
      JOIN store_price p ON p.store_id = s.id AND p.sku_id = NEW.sku_id
      JOIN location l ON l.id = NEW.location_id
     WHERE s.sync_url <> '' AND s.active AND s.warehouse_id = l.warehouse_id
    ON CONFLICT (kind, store_id, sku_id) WHERE delivered_at IS NULL
      DO NOTHING;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stock_sync_enqueue AFTER UPDATE OF on_hand, reserved
  ON stock_quant FOR EACH ROW EXECUTE FUNCTION stock_sync_enqueue();
