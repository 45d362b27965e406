-- JSON documents of bins with their occupancy, for lists and lookups.
CREATE OR REPLACE VIEW bin_doc AS
SELECT l.id, l.warehouse_id, l.zone_id, l.code, l.pick_sequence,
  z.code AS zone_code, coalesce(o.on_hand, 0) AS on_hand,
  json_build_object(
    'code', l.code, 'zone', z.code, 'zone_type', z.type,
    'pick_sequence', l.pick_sequence, 'capacity_units', l.capacity_units,
    'mixed_skus', l.mixed_skus, 'blocked', l.blocked, 'implicit', l.implicit,
    'mixed_owners', l.mixed_owners,
    'zone_mixed_owners', coalesce(z.mixed_owners, false),
    'on_hand', coalesce(o.on_hand, 0), 'reserved', coalesce(o.reserved, 0),
    'skus', coalesce(o.skus, 0)) AS doc
FROM location l
LEFT JOIN zone z ON z.id = l.zone_id
LEFT JOIN LATERAL (
  SELECT sum(q.on_hand) AS on_hand, sum(q.reserved) AS reserved,
         count(*) FILTER (WHERE q.on_hand > 0) AS skus
    FROM stock_quant q WHERE q.location_id = l.id) o ON true
WHERE l.kind = 'bin';
COMMENT ON VIEW bin_doc IS 'API document of each bin with units and SKUs it holds';
