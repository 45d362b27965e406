-- Fulfilment report (issue 21): how long orders took from placed to
-- shipped, per store, warehouse, carrier and ship day, as a histogram of
-- whole hours kept by the shipping transaction (rpt_sales_shipped), so
-- percentiles come from a few rows, never from the order history.

CREATE TABLE ship_time_day (
  store_id     bigint NOT NULL,
  warehouse_id bigint NOT NULL,
  carrier      text NOT NULL,
  day          date NOT NULL,
  slot         smallint NOT NULL,
  orders       bigint NOT NULL,
  on_time      bigint NOT NULL,
  hours        bigint[] NOT NULL,
  PRIMARY KEY (store_id, warehouse_id, carrier, day, slot)
);
COMMENT ON TABLE ship_time_day IS
  'Orders shipped for the first time per store, warehouse, carrier ('''''' '
  'for none) and day, those within the store''s promise, and a histogram of '
  'whole hours from placed to shipped; a read sums the slots';
COMMENT ON COLUMN ship_time_day.hours IS
  'Element i (1-based) counts orders shipped i - 1 whole hours after they '
  'were placed; the last, element 170, those 169 hours or more';

-- Element-wise sum of two histograms of the same length.
CREATE FUNCTION rpt_hist_add(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE AS $f$
  SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i)
    FROM unnest(a, b) WITH ORDINALITY AS u (x, y, i)
$f$;
