-- Personal data at rest (issue 20, item 4). Phones, emails, address lines
-- and webhook secrets are kept as libsodium XChaCha20-Poly1305 blobs that
-- only the C side opens (core/core_pii.c; the key file is outside the
-- database). The plain columns stay but are emptied once a row is sealed:
-- the server seals what is left at start, `depot key rotate` re-seals
-- with a new key version.
ALTER TABLE customer
  ADD COLUMN pii bytea,
  ADD COLUMN email_bidx bytea,
  ADD COLUMN phone_bidx bytea,
  ADD COLUMN pii_kv smallint;
COMMENT ON COLUMN customer.pii IS
  'Sealed {"email","phone"}: 1 byte format, 2 bytes key version, 24 bytes nonce, XChaCha20-Poly1305 ciphertext';
COMMENT ON COLUMN customer.email_bidx IS
  'Blind index: keyed BLAKE2b of the trimmed, lowercased email (exact search, intake matching)';
COMMENT ON COLUMN customer.phone_bidx IS
  'Blind index: keyed BLAKE2b of the phone''s digits without a +86 country code';
COMMENT ON COLUMN customer.pii_kv IS
  'Key version of pii; NULL: the row is not sealed yet (email and phone still plain)';
CREATE UNIQUE INDEX customer_email_bidx_idx ON customer (email_bidx)
  WHERE email_bidx IS NOT NULL;
CREATE INDEX customer_phone_bidx_idx ON customer (phone_bidx)
  WHERE phone_bidx IS NOT NULL;
CREATE INDEX customer_pii_kv_idx ON customer (pii_kv);

ALTER TABLE sales_order
  ADD COLUMN ship_to_pii bytea,
  ADD COLUMN pii_kv smallint;
COMMENT ON COLUMN sales_order.ship_to_pii IS
  'Sealed address lines and phone of ship_to ({"line1","line2","phone","email"}); ship_to keeps name, city, region, postcode, country';
COMMENT ON COLUMN sales_order.pii_kv IS
  'Key version of ship_to_pii; NULL: ship_to is not sealed yet';
CREATE INDEX sales_order_pii_kv_idx ON sales_order (pii_kv);

ALTER TABLE store
  ADD COLUMN webhook_secret_pii bytea,
  ADD COLUMN pii_kv smallint;
COMMENT ON COLUMN store.webhook_secret_pii IS
  'Sealed webhook secret; webhook_secret is emptied once it is set';
COMMENT ON COLUMN store.pii_kv IS
  'Key version of webhook_secret_pii; NULL: not sealed yet';
