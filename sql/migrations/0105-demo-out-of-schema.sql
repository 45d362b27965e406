-- The demo's functions (sql/demo: demo_history, demo_scale_*) are no part
-- of the schema: `depot demo seed` loads them when it runs. A database
-- migrated before they moved out of sql/procs loses them here, with their
-- schema_procs records, so that the next demo seed loads them again.
DROP FUNCTION IF EXISTS demo_history(integer, integer);
DROP FUNCTION IF EXISTS demo_scale_base();
DROP FUNCTION IF EXISTS demo_scale_skus(integer, integer);
DROP FUNCTION IF EXISTS demo_scale_bins(integer, integer);
DROP FUNCTION IF EXISTS demo_scale_stock(integer, integer, integer);
DROP FUNCTION IF EXISTS demo_scale_orders(integer, integer, integer);
DELETE FROM schema_procs WHERE name IN ('demo_history.sql', 'demo_scale.sql');
