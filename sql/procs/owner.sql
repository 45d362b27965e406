-- Stock owners (issue 23 items 1 and 2; migration 0240). The rules are
-- triggers, so no path that writes order lines, PO lines or quants can
-- forget them. A refusal raises SQLSTATE DP400 with the error's registry
-- name as HINT (core/core_ec.def); the transaction runner answers with
-- that code (core_db.c, CORE_DB_SQLSTATE_REFUSED).

-- The id of owner in_code; raises unknown_owner when there is none. NULL
-- in, NULL out (the caller keeps its default).
CREATE OR REPLACE FUNCTION owner_id_of(in_code text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r bigint;
BEGIN
  IF in_code IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT id INTO r FROM owners WHERE code = in_code;
  IF r IS NULL THEN
    RAISE EXCEPTION 'no stock owner %', in_code
      USING ERRCODE = 'DP400', HINT = 'unknown_owner';
  END IF;
  RETURN r;
END $$;

-- The API document of one owner.
CREATE OR REPLACE VIEW owner_doc AS
SELECT o.id, o.code, o.name,
  json_build_object('code', o.code, 'name', o.name, 'contact', o.contact,
    'billing_currency', o.billing_currency, 'default', o.is_default,
    'created_at', to_char(o.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"')) AS doc
FROM owners o;
COMMENT ON VIEW owner_doc IS 'API document of each stock owner';

-- An order line's product must be its store's owner's.
CREATE OR REPLACE FUNCTION owner_order_line_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  want bigint;
  got bigint;
BEGIN
  IF NEW.sku_id IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT st.owner_id INTO want FROM sales_order o
    JOIN store st ON st.id = o.store_id WHERE o.id = NEW.order_id;
  SELECT owner_id INTO got FROM sku WHERE id = NEW.sku_id;
  IF want IS DISTINCT FROM got THEN
    RAISE EXCEPTION 'order % line %: SKU % belongs to another owner than the store',
      NEW.order_id, NEW.line_no, NEW.sku_code
      USING ERRCODE = 'DP400', HINT = 'order_line_owner';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER order_line_owner BEFORE INSERT OR UPDATE OF sku_id
  ON order_line FOR EACH ROW EXECUTE FUNCTION owner_order_line_check();

-- A PO line's product must be its supplier's owner's, unless the supplier
-- is the default owner's: a shared supplier delivers for any owner.
CREATE OR REPLACE FUNCTION owner_po_line_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  want bigint;
  got bigint;
BEGIN
  SELECT s.owner_id INTO want FROM purchase_order p
    JOIN supplier s ON s.id = p.supplier_id WHERE p.id = NEW.po_id;
  IF want = 1 THEN
    RETURN NEW;
  END IF;
  SELECT owner_id INTO got FROM sku WHERE id = NEW.sku_id;
  IF want IS DISTINCT FROM got THEN
    RAISE EXCEPTION 'PO % line %: the SKU belongs to another owner than the supplier',
      NEW.po_id, NEW.line_no
      USING ERRCODE = 'DP400', HINT = 'po_line_owner';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER po_line_owner BEFORE INSERT OR UPDATE OF sku_id
  ON po_line FOR EACH ROW EXECUTE FUNCTION owner_po_line_check();

-- A bin holds one owner's goods unless it or its zone has mixed_owners.
-- Checked when a quant of a bin goes from empty to stocked (the only time
-- a new owner can arrive), whatever wrote it: moves, counts, picks put
-- back, receipts. Two such arrivals in one bin are serialized by a
-- transaction advisory lock on the bin, so two owners cannot both see it
-- empty; the lock is taken after the quant's row lock, and a rare
-- deadlock with a transaction filling the same bins in the other order is
-- retried by the runner (40P01).
CREATE OR REPLACE FUNCTION owner_quant_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  loc record;
  mine bigint;
BEGIN
  SELECT l.kind, l.mixed_owners OR coalesce(z.mixed_owners, false) AS mixed
    INTO loc FROM location l LEFT JOIN zone z ON z.id = l.zone_id
   WHERE l.id = NEW.location_id;
  IF loc.kind <> 'bin' OR loc.mixed THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(240, hashint8(NEW.location_id));
  SELECT owner_id INTO mine FROM sku WHERE id = NEW.sku_id;
  IF EXISTS (SELECT 1 FROM stock_quant q JOIN sku s ON s.id = q.sku_id
              WHERE q.location_id = NEW.location_id AND q.on_hand > 0
                AND q.id <> NEW.id AND s.owner_id <> mine) THEN
    RAISE EXCEPTION 'bin % holds another owner''s goods', NEW.location_id
      USING ERRCODE = 'DP400', HINT = 'bin_owner_mixed';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER stock_quant_owner_ins BEFORE INSERT ON stock_quant
  FOR EACH ROW WHEN (NEW.on_hand > 0)
  EXECUTE FUNCTION owner_quant_check();
CREATE OR REPLACE TRIGGER stock_quant_owner_upd BEFORE UPDATE OF on_hand
  ON stock_quant FOR EACH ROW WHEN (OLD.on_hand = 0 AND NEW.on_hand > 0)
  EXECUTE FUNCTION owner_quant_check();

-- A product that has stock or lines does not change owner: its quants,
-- moves and lines would change owner with it.
CREATE OR REPLACE FUNCTION owner_sku_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_id <> OLD.owner_id
     AND (EXISTS (SELECT 1 FROM stock_quant WHERE sku_id = OLD.id
                   AND on_hand > 0)
          OR EXISTS (SELECT 1 FROM order_line WHERE sku_id = OLD.id)
          OR EXISTS (SELECT 1 FROM po_line WHERE sku_id = OLD.id)) THEN
    RAISE EXCEPTION 'SKU % has stock or lines: its owner cannot change', OLD.code
      USING ERRCODE = 'DP400', HINT = 'owner_fixed';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER sku_owner_fixed BEFORE UPDATE OF owner_id ON sku
  FOR EACH ROW EXECUTE FUNCTION owner_sku_fixed();

-- Likewise a store with orders (they are its owner's) and a supplier with
-- POs.
CREATE OR REPLACE FUNCTION owner_party_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_id <> OLD.owner_id
     AND ((TG_TABLE_NAME = 'store'
           AND EXISTS (SELECT 1 FROM sales_order WHERE store_id = OLD.id))
          OR (TG_TABLE_NAME = 'supplier'
              AND EXISTS (SELECT 1 FROM purchase_order
                           WHERE supplier_id = OLD.id))) THEN
    RAISE EXCEPTION '% % has orders: its owner cannot change', TG_TABLE_NAME,
      OLD.code USING ERRCODE = 'DP400', HINT = 'owner_fixed';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER store_owner_fixed BEFORE UPDATE OF owner_id ON store
  FOR EACH ROW EXECUTE FUNCTION owner_party_fixed();
CREATE OR REPLACE TRIGGER supplier_owner_fixed BEFORE UPDATE OF owner_id
  ON supplier FOR EACH ROW EXECUTE FUNCTION owner_party_fixed();

-- Owner scope (item 2), the router's lead for a caller bound to an owner
-- (web/web_owner.c): in_found records were found, in_mine says all are the
-- caller's. Another owner's record answers 404, as one that does not
-- exist, so its existence is not revealed.
CREATE OR REPLACE FUNCTION owner_scope_enforce(in_found bigint,
  in_mine boolean) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF in_found > 0 AND NOT in_mine THEN
    RAISE EXCEPTION 'the record belongs to another owner'
      USING ERRCODE = 'DP400', HINT = 'not_found';
  END IF;
  RETURN true;
END $$;
