-- The dock's shipment list (GET /api/v1/shipments): newest first per
-- warehouse, optionally in one state, read by keyset on id.
CREATE INDEX shipment_warehouse_state_idx ON shipment (warehouse_id, state, id);
CREATE INDEX shipment_warehouse_idx ON shipment (warehouse_id, id);
