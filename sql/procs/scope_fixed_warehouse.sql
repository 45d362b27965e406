-- A warehouse-bound record never changes warehouse. The router decides
-- access to a record by its warehouse before the handler's transaction
-- (web/web_scope.c); with the warehouse fixed, that check gives the
-- verdict a check inside the transaction would. The triggers fire only
-- for an UPDATE that names the column and changes it.
CREATE OR REPLACE FUNCTION scope_fixed_warehouse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a % row never changes %', TG_TABLE_NAME, TG_ARGV[0]
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE OR REPLACE TRIGGER reservation_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON reservation FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER stock_count_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON stock_count FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER replenish_task_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON replenish_task FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER stock_transfer_fixed_warehouse
  BEFORE UPDATE OF from_warehouse_id, to_warehouse_id ON stock_transfer
  FOR EACH ROW
  WHEN (OLD.from_warehouse_id IS DISTINCT FROM NEW.from_warehouse_id
        OR OLD.to_warehouse_id IS DISTINCT FROM NEW.to_warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('from_warehouse_id/to_warehouse_id');
CREATE OR REPLACE TRIGGER picklist_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON picklist FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER shipment_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON shipment FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER carton_fixed_shipment
  BEFORE UPDATE OF shipment_id ON carton FOR EACH ROW
  WHEN (OLD.shipment_id IS DISTINCT FROM NEW.shipment_id)
  EXECUTE FUNCTION scope_fixed_warehouse('shipment_id');
CREATE OR REPLACE TRIGGER fulfil_exception_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON fulfil_exception FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER putaway_task_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON putaway_task FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER purchase_order_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON purchase_order FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
CREATE OR REPLACE TRIGGER station_fixed_warehouse
  BEFORE UPDATE OF warehouse_id ON station FOR EACH ROW
  WHEN (OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id)
  EXECUTE FUNCTION scope_fixed_warehouse('warehouse_id');
