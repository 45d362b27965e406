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

-- An order line's product must be its store's owner's; a PO line's its
-- supplier's owner's, unless the supplier is the default owner's (a
-- shared supplier delivers for any owner). Inserts are checked once per
-- statement over its new lines (a transition table: a bulk insert of a
-- million lines costs one join, not a million lookups); a line whose SKU
-- changes, row by row (PostgreSQL allows no transition table on UPDATE
-- OF). The first wrong line is named.
CREATE OR REPLACE FUNCTION owner_order_lines_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT l.order_id, l.line_no, k.code INTO bad
    FROM owner_new_lines l JOIN sales_order o ON o.id = l.order_id
    JOIN store st ON st.id = o.store_id JOIN sku k ON k.id = l.sku_id
   WHERE k.owner_id <> st.owner_id
   ORDER BY l.order_id, l.line_no LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'order % line %: SKU % belongs to another owner than the store',
      bad.order_id, bad.line_no, bad.code
      USING ERRCODE = 'DP400', HINT = 'order_line_owner';
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER order_line_owner AFTER INSERT ON order_line
  REFERENCING NEW TABLE AS owner_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION owner_order_lines_check();

CREATE OR REPLACE FUNCTION owner_order_line_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sku_id IS NOT NULL AND EXISTS (
       SELECT 1 FROM sales_order o JOIN store st ON st.id = o.store_id,
              sku k
        WHERE o.id = NEW.order_id AND k.id = NEW.sku_id
          AND k.owner_id <> st.owner_id) THEN
    RAISE EXCEPTION 'order % line %: SKU % belongs to another owner than the store',
      NEW.order_id, NEW.line_no, NEW.sku_code
      USING ERRCODE = 'DP400', HINT = 'order_line_owner';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER order_line_owner_upd BEFORE UPDATE OF sku_id
  ON order_line FOR EACH ROW WHEN (NEW.sku_id IS DISTINCT FROM OLD.sku_id)
  EXECUTE FUNCTION owner_order_line_check();

CREATE OR REPLACE FUNCTION owner_po_lines_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT l.po_id, l.line_no, k.code INTO bad
    FROM owner_new_lines l JOIN purchase_order p ON p.id = l.po_id
    JOIN supplier sp ON sp.id = p.supplier_id JOIN sku k ON k.id = l.sku_id
   WHERE sp.owner_id <> 1 AND k.owner_id <> sp.owner_id
   ORDER BY l.po_id, l.line_no LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'PO % line %: SKU % belongs to another owner than the supplier',
      bad.po_id, bad.line_no, bad.code
      USING ERRCODE = 'DP400', HINT = 'po_line_owner';
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER po_line_owner AFTER INSERT ON po_line
  REFERENCING NEW TABLE AS owner_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION owner_po_lines_check();

CREATE OR REPLACE FUNCTION owner_po_line_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM purchase_order p
               JOIN supplier sp ON sp.id = p.supplier_id, sku k
              WHERE p.id = NEW.po_id AND k.id = NEW.sku_id
                AND sp.owner_id <> 1 AND k.owner_id <> sp.owner_id) THEN
    RAISE EXCEPTION 'PO % line %: the SKU belongs to another owner than the supplier',
      NEW.po_id, NEW.line_no
      USING ERRCODE = 'DP400', HINT = 'po_line_owner';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER po_line_owner_upd BEFORE UPDATE OF sku_id
  ON po_line FOR EACH ROW WHEN (NEW.sku_id IS DISTINCT FROM OLD.sku_id)
  EXECUTE FUNCTION owner_po_line_check();

-- A bin holds one owner's goods unless it or its zone has mixed_owners.
-- Checked when a quant of a bin goes from empty to stocked (the only time
-- a new owner can arrive), whatever wrote it: moves, counts, picks put
-- back, receipts, bulk inserts. Two such arrivals in one bin are
-- serialized by a row lock on the bin (FOR NO KEY UPDATE, as wms_do_move
-- takes for capacity; a row lock, not an advisory one, so a bulk insert
-- of many bins does not fill the lock table), so two owners cannot both
-- see it empty. The lock comes after the quant's row lock; a rare
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
  PERFORM 1 FROM location WHERE id = NEW.location_id FOR NO KEY UPDATE;
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

-- A product that has stock, moves or lines does not change owner: its
-- quants, moves and lines (whose owner is the product's) would change
-- owner with it, history included.
CREATE OR REPLACE FUNCTION owner_sku_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_id <> OLD.owner_id
     AND (EXISTS (SELECT 1 FROM stock_quant WHERE sku_id = OLD.id
                   AND on_hand > 0)
          OR EXISTS (SELECT 1 FROM stock_move WHERE sku_id = OLD.id)
          OR EXISTS (SELECT 1 FROM order_line WHERE sku_id = OLD.id)
          OR EXISTS (SELECT 1 FROM po_line WHERE sku_id = OLD.id)) THEN
    RAISE EXCEPTION 'SKU % has stock, moves or lines: its owner cannot change',
      OLD.code
      USING ERRCODE = 'DP400', HINT = 'owner_fixed';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER sku_owner_fixed BEFORE UPDATE OF owner_id ON sku
  FOR EACH ROW WHEN (NEW.owner_id <> OLD.owner_id)
  EXECUTE FUNCTION owner_sku_fixed();

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
  FOR EACH ROW WHEN (NEW.owner_id <> OLD.owner_id)
  EXECUTE FUNCTION owner_party_fixed();
CREATE OR REPLACE TRIGGER supplier_owner_fixed BEFORE UPDATE OF owner_id
  ON supplier FOR EACH ROW WHEN (NEW.owner_id <> OLD.owner_id)
  EXECUTE FUNCTION owner_party_fixed();

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
