-- Read replica, read-your-writes for API keys (issue 25 item 2), as
-- migration 0360 did for sessions: the WAL position the key's last change
-- had committed by. A key's replica-safe reads go to the replica only once
-- it has replayed this far. A table of its own rather than a column of
-- api_key: every change made with the key writes it, and api_key's rows
-- stay unchanged (its updates NOTIFY every node's auth cache, 0420).
CREATE TABLE api_key_write (
  key_id    bigint PRIMARY KEY REFERENCES api_key (id) ON DELETE CASCADE,
  write_lsn pg_lsn NOT NULL
);
COMMENT ON TABLE api_key_write IS
  'Per API key, pg_current_wal_lsn() taken after its last change committed '
  '(read-your-writes on a read replica); no row: it changed nothing yet';
