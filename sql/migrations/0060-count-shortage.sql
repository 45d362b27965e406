-- A cycle count that finds fewer units than a bin's reservations hold
-- posts anyway: the reservations are moved to other bins where stock is
-- free, and what no bin has is taken from the orders (back to
-- backordered), each named on the exceptions desk as a count_shortage.
ALTER TABLE fulfil_exception
  DROP CONSTRAINT fulfil_exception_kind_check,
  ADD CONSTRAINT fulfil_exception_kind_check CHECK (kind IN ('short_pick',
    'weight_mismatch', 'damaged', 'cancelled_after_pick', 'count_shortage'));
COMMENT ON COLUMN fulfil_exception.kind IS
  'short_pick, weight_mismatch, damaged, cancelled_after_pick; '
  'count_shortage: a count found fewer units than were reserved in a bin '
  'and no other bin had them for the order (or reservation) named';
