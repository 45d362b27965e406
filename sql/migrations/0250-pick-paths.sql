-- Warehouse geometry, pick routing and slotting, issue 24 items 4-7.
-- Bins get coordinates (aisle, rack position, level); a zone gets a layout
-- of parallel aisles between cross-aisles and a depot (packing) point; a
-- warehouse chooses how its pick lists are walked (wms/wms_route.h), and
-- each list keeps the metres of its walk beside those of the plain pick
-- sequence. Slotting moves ride on replenishment tasks.

ALTER TABLE location
  ADD COLUMN aisle_no integer CHECK (aisle_no BETWEEN 0 AND 9999),
  ADD COLUMN rack_no  integer CHECK (rack_no BETWEEN 0 AND 9999),
  ADD COLUMN level_no integer CHECK (level_no BETWEEN 0 AND 9999);
COMMENT ON COLUMN location.aisle_no IS
  'Aisle of a bin: the pattern''s aisle value (letters count A = 1); NULL: '
  'not known, the bin is left out of routing and slotting';
COMMENT ON COLUMN location.rack_no IS
  'Rack (bay) position along the aisle, from the front cross-aisle; NULL: unknown';
COMMENT ON COLUMN location.level_no IS
  'Shelf level, 1 at the floor; NULL: unknown';

-- Bins made before coordinates existed: read them from codes the bin
-- pattern makes (A-03-2, A-03-2-1, R03-2, 12-03-2); any other code stays
-- unknown.
UPDATE location l
   SET aisle_no = CASE WHEN m[1] ~ '^[A-Z]$' THEN ascii(m[1]) - 64
                       ELSE m[1]::integer END,
       rack_no = m[2]::integer,
       level_no = m[3]::integer
  FROM (SELECT id, regexp_match(code,
          '^([A-Z]|[0-9]{1,3})-?([0-9]{1,3})-([0-9]{1,2})(?:-[A-Z0-9]{1,3})?$')
          AS m
          FROM location WHERE kind = 'bin' AND NOT implicit) x
 WHERE x.id = l.id AND x.m IS NOT NULL;

CREATE TABLE zone_layout (
  zone_id          bigint PRIMARY KEY REFERENCES zone (id),
  aisle_spacing_m  numeric(6, 2) NOT NULL
                   CHECK (aisle_spacing_m > 0 AND aisle_spacing_m <= 100),
  aisle_length_m   numeric(7, 2) NOT NULL
                   CHECK (aisle_length_m > 0 AND aisle_length_m <= 1000),
  bay_width_m      numeric(6, 2) NOT NULL
                   CHECK (bay_width_m > 0 AND bay_width_m <= 50),
  cross_back       boolean NOT NULL DEFAULT true,
  cross_middle     boolean NOT NULL DEFAULT false,
  depot_x_m        numeric(7, 2) NOT NULL DEFAULT 0
                   CHECK (depot_x_m BETWEEN -1000 AND 10000),
  depot_offset_m   numeric(6, 2) NOT NULL DEFAULT 0
                   CHECK (depot_offset_m BETWEEN 0 AND 1000),
  golden_level_min integer NOT NULL DEFAULT 1 CHECK (golden_level_min >= 0),
  golden_level_max integer NOT NULL DEFAULT 2,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (golden_level_max >= golden_level_min)
);
COMMENT ON TABLE zone_layout IS
  'The floor plan of a zone: parallel aisles (the lowest aisle_no of its bins '
  'at x = 0, the next aisle_spacing_m to the right), a front cross-aisle '
  'always, a back and a middle one if set, and the depot (packing) point';
COMMENT ON COLUMN zone_layout.aisle_length_m IS
  'Front to back cross-aisle; rack r of an aisle is at (r - ½) bay widths '
  'from the front';
COMMENT ON COLUMN zone_layout.depot_x_m IS
  'Where the depot meets the front cross-aisle, metres right of the first aisle';
COMMENT ON COLUMN zone_layout.depot_offset_m IS
  'How far in front of the front cross-aisle the depot is (walked both ways)';
COMMENT ON COLUMN zone_layout.golden_level_min IS
  'Golden zone (waist to shoulder): the levels slotting prefers for fast movers';

ALTER TABLE warehouse
  ADD COLUMN routing_method text NOT NULL DEFAULT 'sequence'
    CHECK (routing_method IN ('sequence', 's_shape', 'largest_gap',
                              'optimal'));
COMMENT ON COLUMN warehouse.routing_method IS
  'How pick lists are walked: sequence (bin pick sequence), s_shape, '
  'largest_gap or optimal (wms/wms_route.h)';

ALTER TABLE picklist
  ADD COLUMN routing_method text,
  ADD COLUMN distance_m numeric(10, 2),
  ADD COLUMN sequence_distance_m numeric(10, 2);
COMMENT ON COLUMN picklist.routing_method IS
  'The method that ordered the tasks when the wave was built';
COMMENT ON COLUMN picklist.distance_m IS
  'Metres of the walk in task order, depot to depot; NULL when a stop has no '
  'coordinates or its zone no layout';
COMMENT ON COLUMN picklist.sequence_distance_m IS
  'Metres of the same stops walked in bin pick sequence, for comparison';
COMMENT ON COLUMN pick_task.seq IS
  'The walking order: the bin''s pick sequence, or the rank on the routed '
  'walk (picklist.routing_method); tasks added later take their bin''s';

ALTER TABLE replenish_task
  ALTER COLUMN rule_id DROP NOT NULL,
  ADD COLUMN reason text NOT NULL DEFAULT 'replenish'
    CHECK (reason IN ('replenish', 'slotting')),
  ADD CONSTRAINT replenish_task_rule_check
    CHECK (rule_id IS NOT NULL OR reason = 'slotting');
COMMENT ON COLUMN replenish_task.reason IS
  'replenish: a min/max rule asked for it; slotting: an accepted slotting '
  'proposal moves a SKU to a bin nearer the depot (no rule)';

-- The first and last aisle of a zone, for its layout (min/max by index).
CREATE INDEX location_zone_aisle_idx ON location (zone_id, aisle_no)
  WHERE kind = 'bin' AND aisle_no IS NOT NULL;
