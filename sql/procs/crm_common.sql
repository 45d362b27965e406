-- CRM (issue 20): helpers every CRM procedure shares (crm_feedback.sql,
-- crm_people.sql and crm_segments.sql load after this file).

-- Procedure files load in name order; these functions call ones of later
-- files (pii_b64 in pii.sql, idem_* in wms_fulfil_common.sql), which
-- exist by the time they run.
SET check_function_bodies = off;

-- Whether an order of store in_store and warehouse in_wh is one a caller
-- limited to warehouses in_warehouses (comma-separated codes, NULL: all)
-- sees: its own warehouse, or its store's until it has one.
CREATE OR REPLACE FUNCTION crm_order_seen(in_store bigint, in_wh bigint,
  in_warehouses text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT in_warehouses IS NULL OR EXISTS (
    SELECT 1 FROM store st JOIN warehouse w
        ON w.id = coalesce(in_wh, st.warehouse_id)
     WHERE st.id = in_store
       AND w.code = ANY (string_to_array(in_warehouses, ',')))
$$;

-- Whether a caller limited to in_warehouses sees customer in_id at all:
-- through one of its orders (a customer without orders belongs to none).
CREATE OR REPLACE FUNCTION crm_customer_seen(in_id bigint,
  in_warehouses text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT in_warehouses IS NULL OR EXISTS (
    SELECT 1 FROM sales_order o WHERE o.customer_id = in_id
       AND crm_order_seen(o.store_id, o.warehouse_id, in_warehouses))
$$;

-- The customer object as every CRM document shows it: the sealed blob
-- rides as '$pii' so C opens or masks it for the caller.
CREATE OR REPLACE FUNCTION crm_customer_head(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', c.id, 'name', c.name, 'email', c.email,
    'phone', c.phone, '$pii', pii_b64(c.pii), 'tags', to_jsonb(c.tags),
    'preferred_language', c.preferred_language,
    'do_not_contact', c.do_not_contact, 'merged_into', c.merged_into,
    'erased', c.erased_at IS NOT NULL,
    'created_at', to_char(c.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    FROM customer c WHERE c.id = in_id
$$;

CREATE OR REPLACE FUNCTION crm_ts(in_t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(in_t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

RESET check_function_bodies;
