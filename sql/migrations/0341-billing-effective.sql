-- Billing rates with an effective date (issue 23 item 4, rates over
-- time): a price list version takes effect on a day, and a statement
-- charges each fact at the version in effect on the fact's day, so a
-- change in the middle of a month splits the month's lines. Procedures:
-- sql/procs/billing.sql (bill_rules_at, bill_statement_issue).
ALTER TABLE billing_rules ADD COLUMN effective_from date;
-- Lists made before had no day: each owner's first prices from the start
-- (2000-01-01, as a first list without a day does now), the later ones
-- from the day they were made.
UPDATE billing_rules b SET effective_from = CASE
  WHEN b.version = (SELECT min(version) FROM billing_rules x
                     WHERE x.owner_id = b.owner_id) THEN date '2000-01-01'
  ELSE b.created_at::date END;
ALTER TABLE billing_rules ALTER COLUMN effective_from SET NOT NULL;
COMMENT ON COLUMN billing_rules.effective_from IS
  'First day (the database''s TimeZone) the version prices facts: on a '
  'day, the version with the latest effective_from on or before it is in '
  'effect (the higher version among the same day''s, which only versions '
  'made before this column could share: a new one may not)';
CREATE INDEX billing_rules_effective_idx
  ON billing_rules (owner_id, effective_from, version);

ALTER TABLE billing_statement_line
  ADD COLUMN rules_version integer,
  ADD COLUMN period_from date,
  ADD COLUMN period_to date,
  ADD CHECK (period_to >= period_from);
COMMENT ON COLUMN billing_statement_line.rules_version IS
  'The price list version the line was priced at (NULL: adjustments, and '
  'lines issued before rates had effective dates: the statement''s)';
COMMENT ON COLUMN billing_statement_line.period_from IS
  'First day of the month the line charges for (the version''s first day '
  'in effect, or the month''s first)';
COMMENT ON COLUMN billing_statement_line.period_to IS
  'Last day the line charges for (inclusive)';
