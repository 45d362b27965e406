-- Inbound billed per carton or per pallet (issue 23 item 4): the package
-- level of each notified SSCC (declared on the ASN, or its CSV import),
-- and for a receipt without an ASN the level and number of packages the
-- receiving clerk chose (default: one carton). The billing rules
-- inbound.per_carton and inbound.per_pallet count them
-- (sql/procs/billing.sql, bill_charges); inbound.per_sscc still counts
-- every SSCC whatever its level, for lists that price neither.
ALTER TABLE asn_carton ADD COLUMN package_level text NOT NULL
  DEFAULT 'carton' CHECK (package_level IN ('carton', 'pallet'));
COMMENT ON COLUMN asn_carton.package_level IS
  'What the SSCC labels: a carton (箱) or a pallet (托盘), as the ASN '
  'declared it (carton when it did not say)';

ALTER TABLE receipt
  ADD COLUMN package_level text CHECK (package_level IN ('carton', 'pallet')),
  ADD COLUMN packages integer CHECK (packages BETWEEN 1 AND 100000),
  ADD CHECK ((package_level IS NULL) = (packages IS NULL));
COMMENT ON COLUMN receipt.package_level IS
  'A receipt without an ASN: the level of the packages that arrived, as '
  'chosen at receiving (NULL: received by SSCC, whose ASN carton says, or '
  'before levels were kept)';
COMMENT ON COLUMN receipt.packages IS
  'A receipt without an ASN: how many cartons or pallets arrived';
CREATE INDEX receipt_received_at_idx ON receipt (received_at)
  WHERE packages IS NOT NULL;
