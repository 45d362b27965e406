-- The outbox's pending rule and due queue (migration 0440): outbox is
-- partitioned by month and cannot hold "one pending message per kind,
-- store and SKU" itself; outbox_pending does, kept by these triggers so
-- that no writer of outbox needs to know.

-- A new undelivered message claims its key in outbox_pending; when the
-- key is taken (a message for the store and SKU is pending, or being
-- written by a transaction not yet committed: this waits for it), the row
-- is skipped and the writer's RETURNING is empty, as with ON CONFLICT DO
-- NOTHING on the old partial unique index.
CREATE OR REPLACE FUNCTION outbox_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.delivered_at IS NOT NULL THEN
    RETURN NEW;
  END IF;
  INSERT INTO outbox_pending (outbox_id, created_at, kind, store_id, sku_id,
                              next_attempt_at)
  VALUES (NEW.id, NEW.created_at, NEW.kind, NEW.store_id, NEW.sku_id,
          NEW.next_attempt_at)
  ON CONFLICT (kind, store_id, sku_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION outbox_claim() IS
  'Claims a new outbox message''s key in outbox_pending (skips the row when a message of that kind, store and SKU is pending)';
CREATE OR REPLACE TRIGGER outbox_claim BEFORE INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION outbox_claim();

-- A message delivered leaves outbox_pending (its key is free again); one
-- rescheduled moves its due time there; one deleted goes from there. A
-- delivered message made pending again claims its key once more (and
-- fails with 23505 when another is pending, as the old index did).
CREATE OR REPLACE FUNCTION outbox_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM outbox_pending WHERE outbox_id = OLD.id;
  ELSIF NEW.delivered_at IS NOT NULL THEN
    IF OLD.delivered_at IS NULL THEN
      DELETE FROM outbox_pending WHERE outbox_id = OLD.id;
    END IF;
  ELSIF OLD.delivered_at IS NOT NULL THEN
    INSERT INTO outbox_pending (outbox_id, created_at, kind, store_id,
                                sku_id, next_attempt_at)
    VALUES (NEW.id, NEW.created_at, NEW.kind, NEW.store_id, NEW.sku_id,
            NEW.next_attempt_at);
  ELSIF NEW.next_attempt_at IS DISTINCT FROM OLD.next_attempt_at THEN
    UPDATE outbox_pending SET next_attempt_at = NEW.next_attempt_at
     WHERE outbox_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION outbox_follow() IS
  'Keeps outbox_pending true: drops delivered or deleted messages, follows next_attempt_at';
CREATE OR REPLACE TRIGGER outbox_follow
  AFTER UPDATE OF delivered_at, next_attempt_at OR DELETE ON outbox
  FOR EACH ROW EXECUTE FUNCTION outbox_follow();
