-- A wave's lists are keyed by batch and zone (0: no zone picking). Making
-- that an index lets wms_wave_add_tasks find each task's list with one
-- probe: joining on "zone_id IS NOT DISTINCT FROM" could not use an index
-- or a hash, and a 10,000-order wave compared 30,000 tasks with every one
-- of its 1,000 lists (25 s, past the statement timeout).
CREATE UNIQUE INDEX picklist_wave_batch_zone_idx
  ON picklist (wave_id, batch_no, coalesce(zone_id, 0));
