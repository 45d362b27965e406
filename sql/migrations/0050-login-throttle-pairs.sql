-- Login throttling by (name, address) instead of by name alone: five
-- failures for admin from anywhere locked admin out for everyone. An
-- attempt now records whether its name exists (the per-address ceiling
-- counts only unknown names, so a floor behind one NAT is not locked out
-- by its own typos), and an unlock (depot user unlock, a password reset)
-- is a row of its own that ends the failures before it, as a success does.
ALTER TABLE login_attempt
  ADD COLUMN known boolean NOT NULL DEFAULT true,
  ADD COLUMN unlock boolean NOT NULL DEFAULT false;

COMMENT ON TABLE login_attempt IS
  'Password and badge logins, for brute-force throttling: 5 failures per (name, address) lock that pair for 15 minutes, failures of a name from several addresses slow its failing addresses down, 50 failures with unknown names lock an address; a success or an unlock row ends the failures of its name before it';
COMMENT ON COLUMN login_attempt.known IS
  'Whether a user (or badge) of that name existed when it was tried';
COMMENT ON COLUMN login_attempt.unlock IS
  'Not an attempt: depot user unlock or a password reset (ok is true), which lifts the name''s throttle';
