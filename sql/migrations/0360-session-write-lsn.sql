-- Read replica, read-your-writes (issue 25 item 2): the WAL position a
-- session's last change had committed by. Every node reads it with the
-- session check (on the primary); a node sends the session's next read to
-- the replica only once the replica has replayed this far
-- (docs/scale.md). Written after the change commits, asynchronously.
ALTER TABLE auth_session ADD COLUMN write_lsn pg_lsn;
COMMENT ON COLUMN auth_session.write_lsn IS
  'pg_current_wal_lsn() taken after the session''s last change committed; '
  'NULL: it changed nothing yet (read-your-writes on a read replica)';
