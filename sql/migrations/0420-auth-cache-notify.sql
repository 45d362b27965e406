-- Session cache invalidation (issue 26 item 4). Every `depot serve` node
-- keeps the sessions and API keys it checked in memory (core/core_auth_cache.c)
-- and LISTENs on channel depot_auth; these triggers NOTIFY it whenever
-- something a cached caller carries may have changed: a session signed out
-- or expired by hand, a user disabled, re-roled, re-owned or given a new
-- password, a user's warehouses, an API key revoked, an owner's code. The
-- payload names what to drop: s<session id>, u<user id>, k<key id>, or *
-- (everything). Touches (last_seen_at) and write_lsn notify nothing.
CREATE FUNCTION auth_cache_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('depot_auth', '*');
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  IF TG_TABLE_NAME = 'auth_session' THEN
    PERFORM pg_notify('depot_auth', 's' || r.id);
  ELSIF TG_TABLE_NAME = 'app_user' THEN
    PERFORM pg_notify('depot_auth', 'u' || r.id);
  ELSIF TG_TABLE_NAME = 'app_user_warehouse' THEN
    PERFORM pg_notify('depot_auth', 'u' || r.user_id);
    IF TG_OP = 'UPDATE' THEN
      PERFORM pg_notify('depot_auth', 'u' || OLD.user_id);
    END IF;
  ELSIF TG_TABLE_NAME = 'api_key' THEN
    PERFORM pg_notify('depot_auth', 'k' || r.id);
  ELSE
    PERFORM pg_notify('depot_auth', '*');
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION auth_cache_notify() IS
  'NOTIFY depot_auth: a cached session, user, API key or owner changed; every '
  'node drops what the payload names (s<id>, u<id>, k<id>, * for all)';

CREATE TRIGGER auth_session_cache_notify
  AFTER UPDATE OF ended_at, expires_at, user_id, csrf_token, token_hash
  OR DELETE ON auth_session
  FOR EACH ROW EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER app_user_cache_notify
  AFTER UPDATE OF username, role, active, password_hash, owner_id
  OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER app_user_warehouse_cache_notify
  AFTER INSERT OR UPDATE OR DELETE ON app_user_warehouse
  FOR EACH ROW EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER api_key_cache_notify
  AFTER UPDATE OR DELETE ON api_key
  FOR EACH ROW EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER owners_cache_notify
  AFTER UPDATE OF code OR DELETE ON owners
  FOR EACH ROW EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER auth_cache_notify_truncate
  AFTER TRUNCATE ON auth_session
  FOR EACH STATEMENT EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER app_user_cache_notify_truncate
  AFTER TRUNCATE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION auth_cache_notify();
CREATE TRIGGER api_key_cache_notify_truncate
  AFTER TRUNCATE ON api_key
  FOR EACH STATEMENT EXECUTE FUNCTION auth_cache_notify();
