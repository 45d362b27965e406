-- Putaway suggestions: bins for qty units of a SKU in a warehouse. A bin
-- qualifies if it is not blocked, holds this SKU or nothing, keeps
-- single-SKU bins single and has room for qty. Rules rank the bins: the
-- SKU's own rules first, then its category's, each by priority; a rule
-- whose bins are all full gives way to the next, and without any rule
-- reserve and pick zones are used. Within a rank, bins that already hold
-- the SKU come first (consolidation), then the nearest in pick sequence to
-- where the SKU already lives.
CREATE OR REPLACE FUNCTION wms_putaway_suggest(
  in_warehouse_id bigint, in_sku_id bigint, in_qty bigint, in_limit int)
RETURNS TABLE (bin text, zone text, pick_sequence int, on_hand bigint,
               holds_sku boolean, room bigint, rule_id bigint)
LANGUAGE sql STABLE AS $$
  WITH s AS (SELECT id, category FROM sku WHERE id = in_sku_id),
  r AS (
    SELECT pr.id, pr.zone_id, pr.bin_id,
           row_number() OVER (ORDER BY pr.sku_id IS NULL, pr.priority, pr.id)
             AS rank
      FROM putaway_rule pr, s
     WHERE pr.warehouse_id = in_warehouse_id
       AND (pr.sku_id = s.id OR (pr.sku_id IS NULL AND pr.category = s.category))),
  anchor AS (
    SELECT coalesce(min(l.pick_sequence), 0) AS seq
      FROM stock_quant q JOIN location l ON l.id = q.location_id
     WHERE q.sku_id = in_sku_id AND q.on_hand > 0
       AND l.warehouse_id = in_warehouse_id AND l.kind = 'bin'),
  fit AS (
    SELECT l.id, l.zone_id, l.code, z.code AS zone, z.type, l.pick_sequence,
           occ.on_hand, occ.same > 0 AS holds_sku,
           CASE WHEN l.capacity_units IS NULL THEN NULL
                ELSE l.capacity_units - occ.on_hand END AS room
      FROM location l
      JOIN zone z ON z.id = l.zone_id
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(q.on_hand), 0)::bigint AS on_hand,
               coalesce(sum(q.on_hand) FILTER (WHERE q.sku_id = in_sku_id), 0)
                 AS same
          FROM stock_quant q WHERE q.location_id = l.id) occ
     WHERE l.warehouse_id = in_warehouse_id AND l.kind = 'bin'
       AND NOT l.blocked AND NOT l.implicit
       AND (occ.same > 0 OR occ.on_hand = 0)
       AND (l.capacity_units IS NULL OR l.capacity_units - occ.on_hand >= in_qty)),
  ranked AS (
    SELECT f.*, r.id AS rule_id, r.rank
      FROM fit f JOIN r ON r.bin_id = f.id OR r.zone_id = f.zone_id
    UNION ALL
    SELECT f.*, NULL, 1000000000 FROM fit f
     WHERE f.type IN ('reserve', 'pick')),
  best AS (SELECT min(rank) AS rank FROM ranked)
  SELECT DISTINCT ON (c.holds_sku, abs(c.pick_sequence - a.seq), c.code)
         c.code, c.zone, c.pick_sequence, c.on_hand, c.holds_sku, c.room,
         c.rule_id
    FROM ranked c, best b, anchor a
   WHERE c.rank = b.rank
   ORDER BY c.holds_sku DESC, abs(c.pick_sequence - a.seq), c.code
   LIMIT in_limit
$$;
