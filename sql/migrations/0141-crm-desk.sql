-- The feedback desk's missing pieces (issue 20, item 3; issue 21, items 1
-- and 6): a complaint that opened a return names it (and the return's
-- document names the ticket back through this column), reviews imported
-- from a marketplace keep the platform's date apart from when Depot took
-- them in (the reports' indexes are in 0157, after the tables they need).
ALTER TABLE feedback ADD COLUMN rma_id bigint REFERENCES rma (id);
COMMENT ON COLUMN feedback.rma_id IS
  'The return (RMA) this complaint opened (POST /api/v1/feedback/{id}/return)';
CREATE UNIQUE INDEX feedback_rma_idx ON feedback (rma_id)
  WHERE rma_id IS NOT NULL;

ALTER TABLE feedback ADD COLUMN posted_at timestamptz;
UPDATE feedback SET posted_at = created_at;
ALTER TABLE feedback ALTER COLUMN posted_at SET DEFAULT now(),
  ALTER COLUMN posted_at SET NOT NULL;
COMMENT ON COLUMN feedback.posted_at IS
  'When the customer wrote it: the marketplace''s date of an imported review, else created_at';
