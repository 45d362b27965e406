-- Stock push to marketplace listings (issue 27 item 5; tables in
-- migration 0370). The outbox carries one pending 'channel_stock' row per
-- marketplace store and SKU; the marketplace worker (web/web_channels.c)
-- leases a store's due rows, reads each listing's figure, pushes through
-- the store's connector and records the answer here.

-- What listing m of store s offers: the store's share of the free units
-- in its warehouse (kit_available: a kit's whole kits), less its buffer,
-- divided by the listing's pack size (a 6-pack listing: floor(free / 6)).
-- (plpgsql: kit_available comes from kits.sql, loaded after this file.)
CREATE OR REPLACE FUNCTION channel_stock_figure(in_sku bigint,
  in_pack bigint, in_store bigint) RETURNS bigint
LANGUAGE plpgsql STABLE AS $f$
BEGIN
  RETURN (SELECT greatest(0, floor(coalesce(kit_available(in_sku,
            s.warehouse_id), 0) * s.sync_percent / 100.0)
            - s.sync_buffer)::bigint / in_pack
            FROM store s WHERE s.id = in_store);
END $f$;

-- A quant's free units changed: queue the listings of its SKU and of the
-- kits it is a component of, for the marketplace stores of its warehouse
-- that have a connector account. Usually none: one index probe of the map.
-- A store and SKU already pending is skipped by outbox_claim (outbox.sql).
CREATE OR REPLACE FUNCTION channel_stock_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.on_hand - NEW.reserved
       IS NOT DISTINCT FROM OLD.on_hand - OLD.reserved THEN
    RETURN NEW;
  END IF;
  INSERT INTO outbox (kind, store_id, sku_id)
  SELECT DISTINCT 'channel_stock', m.store_id, m.sku_id
    FROM store_sku_map m
    JOIN store s ON s.id = m.store_id AND s.active
    JOIN channel_account a ON a.store_id = s.id
    JOIN location l ON l.id = NEW.location_id
     AND l.warehouse_id = s.warehouse_id
   WHERE m.sku_id = ANY (ARRAY(SELECT NEW.sku_id UNION
                               SELECT kit_id FROM kit_component
                                WHERE component_id = NEW.sku_id))
     AND m.platform_item_id <> '';
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER channel_stock_enqueue
  AFTER INSERT OR UPDATE OF on_hand, reserved ON stock_quant
  FOR EACH ROW EXECUTE FUNCTION channel_stock_enqueue();

-- A listing mapped or re-mapped with platform ids: push it (its first
-- figure, or the figure of its new SKU or pack size); skipped by
-- outbox_claim when one is pending.
CREATE OR REPLACE FUNCTION channel_stock_map_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.platform_item_id = '' OR NOT EXISTS (
       SELECT 1 FROM channel_account WHERE store_id = NEW.store_id) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.sku_id = OLD.sku_id AND NEW.qty = OLD.qty
     AND NEW.platform_item_id = OLD.platform_item_id
     AND NEW.platform_sku_id = OLD.platform_sku_id THEN
    RETURN NEW;
  END IF;
  NEW.push_state := 'queued';
  INSERT INTO outbox (kind, store_id, sku_id)
  VALUES ('channel_stock', NEW.store_id, NEW.sku_id);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER channel_stock_map_enqueue
  BEFORE INSERT OR UPDATE ON store_sku_map
  FOR EACH ROW EXECUTE FUNCTION channel_stock_map_enqueue();

-- Records one leased outbox row's push: in_pushed [{platform_sku, qty}]
-- the listings the platform took (their figures as sent). On success the
-- row is done unless a listing's figure moved meanwhile (then it goes
-- again at once); on failure it backs off (in_final: the platform refused
-- the content; it is still retried, as the seller may fix the listing),
-- and from the third failed attempt the exceptions desk shows it.
CREATE OR REPLACE FUNCTION channel_stock_done(in_outbox bigint,
  in_ok boolean, in_pushed jsonb, in_error text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  o outbox%ROWTYPE;
  v_moved boolean;
BEGIN
  SELECT * INTO o FROM outbox WHERE id = in_outbox AND kind = 'channel_stock'
     AND delivered_at IS NULL FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE store_sku_map m SET pushed_qty = (p->>'qty')::bigint,
         pushed_at = now(), push_state = 'pushed', push_error = ''
    FROM jsonb_array_elements(coalesce(in_pushed, '[]')) p
   WHERE m.store_id = o.store_id AND m.platform_sku = p->>'platform_sku';
  IF in_ok THEN
    SELECT EXISTS (SELECT 1 FROM store_sku_map m
                    WHERE m.store_id = o.store_id AND m.sku_id = o.sku_id
                      AND m.platform_item_id <> ''
                      AND m.pushed_qty IS DISTINCT FROM
                          channel_stock_figure(m.sku_id, m.qty, m.store_id))
      INTO v_moved;
    IF v_moved THEN
      UPDATE outbox SET next_attempt_at = now(), last_error = ''
       WHERE id = in_outbox;
    ELSE
      UPDATE outbox SET delivered_at = now(), last_error = ''
       WHERE id = in_outbox;
    END IF;
    UPDATE fulfil_exception SET state = 'resolved', resolved_at = now(),
           resolution = 'pushed to the platform'
     WHERE kind = 'stock_push' AND state = 'open'
       AND push_store_id = o.store_id AND sku_id = o.sku_id;
    RETURN;
  END IF;
  UPDATE outbox SET last_error = left(in_error, 500),
         next_attempt_at = now() + least(interval '1 second' * power(2,
           least(greatest(attempts - 1, 0), 12)), interval '1 hour')
   WHERE id = in_outbox;
  UPDATE store_sku_map SET push_state = 'failed',
         push_error = left(in_error, 300)
   WHERE store_id = o.store_id AND sku_id = o.sku_id
     AND platform_item_id <> ''
     AND NOT (coalesce(in_pushed, '[]') @> jsonb_build_array(
               jsonb_build_object('platform_sku', platform_sku)));
  IF o.attempts >= 3 THEN
    INSERT INTO fulfil_exception (warehouse_id, kind, sku_id, push_store_id,
      detail)
    SELECT s.warehouse_id, 'stock_push', o.sku_id, o.store_id,
           'store ' || s.code || ': ' || left(in_error, 300)
      FROM store s WHERE s.id = o.store_id
    ON CONFLICT (push_store_id, sku_id) WHERE kind = 'stock_push'
      AND state = 'open' DO UPDATE SET detail = excluded.detail;
  END IF;
END $$;
