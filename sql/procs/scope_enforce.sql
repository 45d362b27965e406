-- The router's warehouse check, run as the first statement of the
-- handler's own transaction (core_db_ride's lead, wms/wms_scope.c): given
-- how many warehouses a record belongs to and whether any is the caller's,
-- it refuses by raising DP403, which aborts the transaction before the
-- handler's first statement runs; the runner answers warehouse_forbidden.
-- A record that does not exist passes: the handler answers 404.
CREATE OR REPLACE FUNCTION scope_enforce(in_found bigint, in_allowed boolean)
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF in_found > 0 AND NOT in_allowed THEN
    RAISE EXCEPTION 'the record belongs to a warehouse the caller may not touch'
      USING ERRCODE = 'DP403';
  END IF;
  RETURN true;
END $$;
