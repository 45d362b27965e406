-- The CRM reports (issue 21, items 1 and 6; sql/procs/rpt_feedback.sql)
-- read facts of a period by time: tickets by when the customer wrote them
-- (feedback.posted_at, migration 0141) and shipped lines by when they
-- shipped, for sales by the customer's segment now. The cost grows with
-- the period asked, not with the whole history.
CREATE INDEX feedback_posted_idx ON feedback (posted_at);
CREATE INDEX order_ship_line_time_idx ON order_ship_line (shipped_at);
