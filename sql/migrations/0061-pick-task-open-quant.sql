-- Moves and counts find the open pick tasks on a quant (their units, and
-- so the tasks, follow a move; a count that finds units missing shrinks
-- them): open tasks by quant, a small partial index.
CREATE INDEX pick_task_quant_open_idx ON pick_task (quant_id)
  WHERE state = 'open';
