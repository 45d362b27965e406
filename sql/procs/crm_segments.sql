-- RFM segments (issue 20, item 2), computed set-based in one statement per
-- refresh: per store, each customer's recency (last order), frequency
-- (orders) and monetary (spend) are ranked into quintiles 1-5 (5 best) by
-- percent_rank, so equal values share a quintile (every one-order customer
-- gets f = 1); then a named segment:
--   new          one order, recent (r >= 4)
--   champions    r >= 4, f >= 4, m >= 4
--   loyal        r >= 3, f >= 3
--   at_risk      r <= 2, f >= 3 (bought often, not lately)
--   hibernating  r <= 2 otherwise
--   others       the rest
-- Cancelled orders do not count. The table is rebuilt as a whole, under a
-- lock, so readers see the old or the new scores, never a mix.

-- Procedure files load in name order; these functions call ones of later
-- files (pii_b64 in pii.sql, idem_* in wms_fulfil_common.sql), which
-- exist by the time they run.
SET check_function_bodies = off;

CREATE OR REPLACE FUNCTION crm_quintile(in_rank double precision)
RETURNS smallint
LANGUAGE sql IMMUTABLE AS $$
  SELECT (1 + least(4, floor(5 * in_rank)))::smallint
$$;

CREATE OR REPLACE FUNCTION crm_segment_of(in_orders integer, in_r smallint,
  in_f smallint, in_m smallint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN in_orders = 1 AND in_r >= 4 THEN 'new'
    WHEN in_r >= 4 AND in_f >= 4 AND in_m >= 4 THEN 'champions'
    WHEN in_r >= 3 AND in_f >= 3 THEN 'loyal'
    WHEN in_r <= 2 AND in_f >= 3 THEN 'at_risk'
    WHEN in_r <= 2 THEN 'hibernating'
    ELSE 'others' END
$$;

-- Rebuilds customer_rfm; returns {"customers": rows, "refreshed_at"}.
CREATE OR REPLACE FUNCTION crm_rfm_refresh() RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('crm_rfm_refresh', 0));
  DELETE FROM customer_rfm;
  INSERT INTO customer_rfm (store_id, customer_id, orders, spend,
    last_order_at, first_order_at, r, f, m, segment)
  SELECT q.store_id, q.customer_id, q.orders, q.spend, q.last_at, q.first_at,
         q.r, q.f, q.m, crm_segment_of(q.orders, q.r, q.f, q.m)
    FROM (SELECT b.*,
            crm_quintile(percent_rank() OVER (PARTITION BY b.store_id
                                              ORDER BY b.last_at)) AS r,
            crm_quintile(percent_rank() OVER (PARTITION BY b.store_id
                                              ORDER BY b.orders)) AS f,
            crm_quintile(percent_rank() OVER (PARTITION BY b.store_id
                                              ORDER BY b.spend)) AS m
            FROM (SELECT o.store_id, o.customer_id, count(*)::integer AS orders,
                         sum(o.total) AS spend, max(o.created_at) AS last_at,
                         min(o.created_at) AS first_at
                    FROM sales_order o
                   WHERE o.customer_id IS NOT NULL AND o.state <> 'cancelled'
                   GROUP BY o.store_id, o.customer_id) b) q;
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE crm_state SET rfm_refreshed_at = now();
  RETURN jsonb_build_object('customers', n,
                            'refreshed_at', crm_ts(now()));
END $$;

-- The server's nightly run: refreshes once a day after 02:00 (database
-- time), and at once when the segments were never computed. True when it
-- refreshed.
CREATE OR REPLACE FUNCTION crm_rfm_nightly() RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  due timestamptz := date_trunc('day', now()) + interval '2 hours';
  last timestamptz;
BEGIN
  -- Every node of `depot serve` calls this: the one that gets the lock
  -- looks (its snapshot taken after the lock, so a run another node just
  -- committed is seen) and runs; one that does not is told another runs
  -- it, rather than queueing to run it a second time.
  IF NOT pg_try_advisory_xact_lock(hashtextextended('crm_rfm_refresh', 0)) THEN
    RETURN false;
  END IF;
  SELECT rfm_refreshed_at INTO last FROM crm_state;
  IF last IS NOT NULL AND (now() < due OR last >= due) THEN
    RETURN false;
  END IF;
  PERFORM crm_rfm_refresh();
  RETURN true;
END $$;

-- GET /api/v1/customers/segments: every named segment with the number of
-- customers in it (in the stores the caller sees; store in_store only when
-- given), and when the scores were computed.
CREATE OR REPLACE FUNCTION crm_segments(in_warehouses text, in_store text)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'refreshed_at', (SELECT crm_ts(rfm_refreshed_at) FROM crm_state),
    'segments', (SELECT jsonb_agg(jsonb_build_object('segment', s.name,
        'customers', (SELECT count(DISTINCT r.customer_id)
                        FROM customer_rfm r JOIN store st
                          ON st.id = r.store_id
                       WHERE r.segment = s.name
                         AND (in_store IS NULL OR st.code = in_store)
                         AND crm_order_seen(st.id, NULL, in_warehouses)))
        ORDER BY s.n)
        FROM unnest(ARRAY['champions', 'loyal', 'at_risk', 'hibernating',
                          'new', 'others']) WITH ORDINALITY AS s(name, n)))
$$;

RESET check_function_bodies;
