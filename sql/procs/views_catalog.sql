-- JSON documents of catalog rows, the one place their API shape is built.
CREATE OR REPLACE VIEW sku_doc AS
SELECT s.id, s.code, s.name, s.category, s.active,
  json_build_object(
    'sku', s.code, 'name', s.name, 'category', s.category, 'unit', s.unit,
    'weight_kg', s.weight_kg,
    'dims_cm', CASE WHEN s.length_cm IS NULL THEN NULL
               ELSE json_build_array(s.length_cm, s.width_cm, s.height_cm) END,
    'cost', s.cost::text, 'list_price', s.list_price::text,
    'active', s.active, 'kind', s.kind,
    'components', CASE WHEN s.kind = 'kit' THEN kit_components_json(s.id) END,
    'lot_tracked', s.lot_tracked,
    'expiry_tracked', s.expiry_tracked,
    'barcodes', coalesce((
      SELECT json_agg(json_build_object('code', b.code, 'kind', b.kind,
                                        'pack_qty', b.pack_qty)
                      ORDER BY b.pack_qty, b.code)
        FROM barcode b WHERE b.sku_id = s.id), '[]'::json),
    'planning', coalesce((
      SELECT json_agg(json_build_object('warehouse', w.code,
                                        'reorder_point', p.reorder_point,
                                        'safety_stock', p.safety_stock)
                      ORDER BY w.code)
        FROM sku_warehouse p JOIN warehouse w ON w.id = p.warehouse_id
       WHERE p.sku_id = s.id), '[]'::json),
    'created_at', to_char(s.created_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'owner', (SELECT o.code FROM owners o WHERE o.id = s.owner_id)) AS doc,
  s.owner_id
FROM sku s;
COMMENT ON VIEW sku_doc IS 'API document of each SKU with its barcodes';
