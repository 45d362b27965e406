-- Owner-bound event webhooks (issue 23 item 6): a subscription made for a
-- stock owner (a 3PL client's system) receives only the events of that
-- owner's goods, orders, POs and returns; the fan-out filters by the
-- event's owner (event_owner, sql/procs/event_common.sql). The column came
-- with the webhooks (0230) before there was an owner table to point at.
ALTER TABLE webhook
  ADD CONSTRAINT webhook_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);
COMMENT ON COLUMN webhook.owner_id IS
  'Stock owner whose events only it receives (3PL client, issue 23 item 6); NULL: every owner''s';
