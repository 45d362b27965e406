-- The device registry: scanners and where they are attached. A scanner
-- bound to a station forwards its scans to the terminal logged in there.

CREATE TABLE device (
  id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  kind       text NOT NULL CHECK (kind IN ('serial', 'hid', 'stdin',
               'network')),
  port       text NOT NULL DEFAULT '',
  settings   jsonb NOT NULL DEFAULT '{}',
  station    text REFERENCES station (code),
  last_seen  timestamptz,
  scans      bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE device IS
  'A scanner: its kind, port and framing settings, and the station it serves';
COMMENT ON COLUMN device.settings IS
  'Port and framing settings as depot scan listen takes them (baud, framing, terminators)';
