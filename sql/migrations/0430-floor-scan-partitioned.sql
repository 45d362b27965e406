-- floor_scan partitioned by month (issue 25 item 3; migration 0400 left
-- it out).
--
-- floor_scan keeps the first answer of every idempotent floor procedure
-- (pick, pack, ship, exception resolutions, receipts, supplier returns) by
-- its idempotency key; a replay returns that answer. It grows with every
-- scan, so it is partitioned by month of created_at like stock_move:
--   floor_scan      PRIMARY KEY (idempotency_key, created_at). The key is
--                   also its distribution key (as for stock_move_key: a
--                   replay looks a scan up by key only).
--   floor_scan_key  (idempotency_key PRIMARY KEY, created_at): the key's
--                   uniqueness across months, which the partitioned table
--                   can only keep per month. Claimed by the BEFORE INSERT
--                   trigger floor_scan_claim (sql/procs/part.sql), so every
--                   writer claims it: a second insert with a key already
--                   claimed fails on floor_scan_key_pkey (23505), as it
--                   failed on floor_scan's primary key before, concurrent
--                   inserts included (the second waits for the first's
--                   commit on the key's index entry). Its created_at is the
--                   row's, so a replay reads the one partition holding the
--                   row (idem_replay).
-- depot archive releases the keys of an archived month with its rows:
-- part_table names each table's key table and key column (stock_move's
-- is stock_move_key), and part_archive_detach deletes the keys of the
-- partition it detaches.

ALTER TABLE part_table ADD COLUMN key_table text,
                       ADD COLUMN key_column text;
COMMENT ON COLUMN part_table.key_table IS
  'Table keeping a key unique across months (NULL: none): depot archive releases the keys of the months it takes out';
COMMENT ON COLUMN part_table.key_column IS
  'The column holding that key, in the partitioned table and in key_table alike';
UPDATE part_table SET key_table = 'stock_move_key',
                      key_column = 'idempotency_key'
 WHERE name = 'stock_move';

CREATE TABLE floor_scan_key (
  idempotency_key text PRIMARY KEY,
  created_at      timestamptz NOT NULL
);
COMMENT ON TABLE floor_scan_key IS
  'Idempotency keys of floor_scan, unique across every month (floor_scan itself can only be unique per month); claimed by floor_scan_claim';
COMMENT ON COLUMN floor_scan_key.created_at IS
  'The answer''s floor_scan.created_at: names the one partition holding it';

SELECT part_convert('floor_scan', 'created_at',
                    ARRAY['idempotency_key', 'created_at'], 'idempotency_key',
                    NULL);
UPDATE part_table SET key_table = 'floor_scan_key',
                      key_column = 'idempotency_key'
 WHERE name = 'floor_scan';

COMMENT ON COLUMN floor_scan.idempotency_key IS
  'Chosen by the terminal per request; distribution key; unique across months through floor_scan_key';

-- Keys of answers already stored.
INSERT INTO floor_scan_key (idempotency_key, created_at)
SELECT idempotency_key, created_at FROM floor_scan;

-- The trigger that claims keys, floor_scan_claim, is a procedure
-- (sql/procs/part.sql), loaded right after this.
