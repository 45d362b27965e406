-- Accounts, sessions, API keys, login throttling and the audit log
-- (issue 3). Secrets are never stored: passwords and PINs as argon2id
-- encoded hashes, session tokens and API keys as SHA-256 hex digests.

CREATE TABLE app_user (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE
                CHECK (octet_length(username) BETWEEN 1 AND 64),
  role          text NOT NULL CHECK (role IN ('admin', 'back_office',
                  'warehouse_lead', 'picker', 'viewer')),
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  badge_code    text UNIQUE CHECK (octet_length(badge_code) BETWEEN 1 AND 64),
  pin_hash      text CHECK (pin_hash LIKE '$argon2id$%'),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((badge_code IS NULL) = (pin_hash IS NULL))
);

COMMENT ON TABLE app_user IS
  'A person who logs in; what they may do follows from role (core_perm.c)';
COMMENT ON COLUMN app_user.username IS
  'Login name, stored byte-for-byte as given (UTF-8, no control characters)';
COMMENT ON COLUMN app_user.password_hash IS
  'argon2id encoded hash ($argon2id$v=19$m=..,t=..,p=..$salt$hash); parameters live in core_password.c';
COMMENT ON COLUMN app_user.badge_code IS
  'Code printed on the badge a picker scans for the fast floor login; NULL: no badge';
COMMENT ON COLUMN app_user.pin_hash IS
  'argon2id hash of the short PIN that goes with badge_code';
COMMENT ON COLUMN app_user.active IS
  'false: disabled by depot user disable; cannot log in, sessions stop working';

CREATE TABLE app_user_warehouse (
  user_id        bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  warehouse_code text NOT NULL REFERENCES warehouse (code) ON UPDATE CASCADE,
  PRIMARY KEY (user_id, warehouse_code)
);

COMMENT ON TABLE app_user_warehouse IS
  'Warehouses a user is limited to; a user with no row here may see all of them';

CREATE TABLE auth_session (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   text NOT NULL UNIQUE,
  csrf_token   text NOT NULL,
  user_id      bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  client_addr  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);

COMMENT ON TABLE auth_session IS
  'A login: valid while not ended, before expires_at and used within the idle timeout';
COMMENT ON COLUMN auth_session.token_hash IS
  'hex SHA-256 of the 256-bit bearer token; the token itself is only ever sent to the client';
COMMENT ON COLUMN auth_session.csrf_token IS
  'Random value a cookie-authenticated change request must echo in X-CSRF-Token';
COMMENT ON COLUMN auth_session.expires_at IS
  'Absolute end of the session, however active it is';
COMMENT ON COLUMN auth_session.ended_at IS
  'Set by logout (or user disable); the session no longer authenticates';

CREATE TABLE login_attempt (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username    text NOT NULL,
  client_addr text NOT NULL,
  ok          boolean NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE login_attempt IS
  'Password and badge logins, for brute-force throttling (5 failures per name or 50 per address in 15 minutes)';
COMMENT ON COLUMN login_attempt.username IS
  'The name tried (badge logins: badge:<code>), whether or not such a user exists';

CREATE INDEX login_attempt_user_idx ON login_attempt (username, at);
CREATE INDEX login_attempt_addr_idx ON login_attempt (client_addr, at);

CREATE TABLE api_key (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE CHECK (octet_length(name) BETWEEN 1 AND 64),
  key_prefix   text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  scopes       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

COMMENT ON TABLE api_key IS
  'Keys for integrations and the open API; shown once at creation, stored hashed';
COMMENT ON COLUMN api_key.key_prefix IS
  'First characters of the key, so that an operator can tell keys apart';
COMMENT ON COLUMN api_key.key_hash IS
  'hex SHA-256 of the whole key';
COMMENT ON COLUMN api_key.scopes IS
  'Comma-separated scopes (orders:write, stock:read, ...); mapping to permissions in core_perm.c';
COMMENT ON COLUMN api_key.revoked_at IS
  'Set by depot apikey revoke; the key no longer authenticates';

CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  request_id     text NOT NULL,
  principal_kind text NOT NULL CHECK (principal_kind IN ('anonymous', 'user',
                   'api_key')),
  principal      text NOT NULL DEFAULT '',
  role           text NOT NULL DEFAULT '',
  method         text NOT NULL,
  route          text NOT NULL,
  target         text NOT NULL,
  status         integer NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('ok', 'denied', 'error'))
);

COMMENT ON TABLE audit_log IS
  'Every change request (anything but GET/HEAD), append-only: a trigger refuses UPDATE and DELETE';
COMMENT ON COLUMN audit_log.principal IS
  'Username or API key name; for a failed login, the name that was tried';
COMMENT ON COLUMN audit_log.route IS
  'Route pattern from web_routes.c, e.g. /api/v1/warehouses/{wh}';
COMMENT ON COLUMN audit_log.target IS
  'The request path as sent, naming the object changed';
COMMENT ON COLUMN audit_log.outcome IS
  'ok: 2xx/3xx; denied: 401, 403 or 429; error: any other failure';

CREATE INDEX audit_log_principal_idx ON audit_log (principal, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END
$$;

COMMENT ON FUNCTION audit_log_append_only() IS
  'Refuses changes to audit rows, even for the table owner Depot connects as';

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
