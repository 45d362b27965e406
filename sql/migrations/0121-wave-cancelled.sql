-- A lead cancels a wave nobody has picked from yet (wms_wave_cancel): its
-- orders go back to the pool, its lists are closed, and the wave keeps
-- its row as 'cancelled' so the history shows what happened.
ALTER TABLE wave DROP CONSTRAINT wave_state_check;
ALTER TABLE wave ADD CONSTRAINT wave_state_check
  CHECK (state IN ('open', 'done', 'cancelled'));
COMMENT ON COLUMN wave.state IS
  'open while lists are picked, done when all are, cancelled before any pick';
