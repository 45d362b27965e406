-- Holds and timeline events carry a code and named parameters next to
-- their English text, so that a user interface words them in its own
-- language from its catalogs (issue 18, item 16): a hold's reason is its
-- code already; its figures go to params. An event's code names what
-- happened ('short_pick', 'held'), its params the figures.
ALTER TABLE order_hold ADD COLUMN params jsonb NOT NULL DEFAULT '{}';
COMMENT ON COLUMN order_hold.params IS
  'The named figures of the hold (short_pick: lost, sku, bin), for the UI''s words';
ALTER TABLE order_event ADD COLUMN code text NOT NULL DEFAULT '';
ALTER TABLE order_event ADD COLUMN params jsonb NOT NULL DEFAULT '{}';
COMMENT ON COLUMN order_event.code IS
  'What happened, as a code the UI words (empty: only the note says)';
COMMENT ON COLUMN order_event.params IS
  'The named figures of the event, for the UI''s words';
