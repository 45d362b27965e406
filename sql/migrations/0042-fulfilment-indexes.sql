-- Indexes the fulfilment paths need at scale: every scan counts its list's
-- tasks, wave views count each list's, a short pick finds the allocation
-- of a reservation.
CREATE INDEX pick_task_picklist_idx ON pick_task (picklist_id);
CREATE INDEX order_allocation_reservation_idx ON order_allocation (reservation_id);
