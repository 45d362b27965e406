-- Warehouses: the roots of the location tree. Zones, bins and virtual
-- locations hang below them (later migrations).

CREATE TABLE warehouse (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code          text NOT NULL UNIQUE
                CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address_line1 text NOT NULL DEFAULT '',
  address_line2 text NOT NULL DEFAULT '',
  city          text NOT NULL DEFAULT '',
  region        text NOT NULL DEFAULT '',
  postcode      text NOT NULL DEFAULT '',
  country_code  text NOT NULL DEFAULT 'CN' CHECK (country_code ~ '^[A-Z]{2}$'),
  phone         text NOT NULL DEFAULT '',
  owner_kind    text NOT NULL DEFAULT 'own'
                CHECK (owner_kind IN ('own', 'third_party')),
  owner_name    text NOT NULL DEFAULT '',
  bin_managed   boolean NOT NULL DEFAULT true,
  timezone      text NOT NULL DEFAULT 'Asia/Shanghai',
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (owner_kind = 'own' OR owner_name <> '')
);

COMMENT ON TABLE warehouse IS
  'A physical warehouse: root of its zones and bins; stock is always held in one';
COMMENT ON COLUMN warehouse.code IS
  'Short upper-case code used in URLs, on labels and by scanners (e.g. ZZ1)';
COMMENT ON COLUMN warehouse.owner_kind IS
  'own: operated by the seller; third_party: run by a logistics partner (3PL)';
COMMENT ON COLUMN warehouse.owner_name IS
  'The 3PL partner that runs a third_party warehouse; empty for own ones';
COMMENT ON COLUMN warehouse.bin_managed IS
  'false: the lite edition, one implicit bin holds all stock of the warehouse';
COMMENT ON COLUMN warehouse.timezone IS
  'IANA zone for cut-off times and daily reports of this warehouse';

-- Case-insensitive search by code or name for the list endpoint.
CREATE INDEX warehouse_name_idx ON warehouse (lower(name));
