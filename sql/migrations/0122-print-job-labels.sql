-- Bin and SKU labels a user sends to a station's printer
-- (POST /api/v1/stations/{code}/labels) are print jobs of their own kind,
-- so the queue tells them from carton labels.
ALTER TABLE print_job DROP CONSTRAINT print_job_kind_check;
ALTER TABLE print_job ADD CONSTRAINT print_job_kind_check
  CHECK (kind IN ('label', 'reprint', 'labels'));
COMMENT ON COLUMN print_job.kind IS
  'label: a carton''s at its close; reprint: that label again; labels: bin or SKU labels sent by a user';
