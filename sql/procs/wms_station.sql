-- Stations and their scanners: a scan read at a station's PC is published
-- with NOTIFY on channel depot_station; every depot serve node LISTENs and
-- pushes it to the terminals subscribed to that station (SSE).

CREATE OR REPLACE FUNCTION wms_device_doc(in_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', d.id, 'kind', d.kind, 'port', d.port,
    'settings', d.settings, 'station', d.station, 'last_seen', d.last_seen,
    'scans', d.scans)
    FROM device d WHERE d.id = in_id
$f$;

-- Registers or updates device in_doc {id, kind, port, settings, station}.
CREATE OR REPLACE FUNCTION wms_device_put(in_doc jsonb, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := EXISTS (SELECT 1 FROM device WHERE id = in_doc->>'id');
  IF in_doc->>'station' IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM station WHERE code = in_doc->>'station') THEN
    out_error := 'unknown_station';
    out_field := 'station';
    RETURN;
  END IF;
  INSERT INTO device (id, kind, port, settings, station)
  VALUES (in_doc->>'id', in_doc->>'kind', coalesce(in_doc->>'port', ''),
    coalesce(in_doc->'settings', '{}'), in_doc->>'station')
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, port = excluded.port,
    settings = excluded.settings, station = excluded.station;
  out_doc := wms_device_doc(in_doc->>'id');
END $$;

CREATE OR REPLACE FUNCTION wms_device_list(in_station text) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(wms_device_doc(id) ORDER BY id), '[]')
    FROM device WHERE in_station IS NULL OR station = in_station
$f$;

-- A scan read at station in_station (by device in_device, may be NULL):
-- published to the station's terminals when this transaction commits.
CREATE OR REPLACE FUNCTION wms_station_scan(in_station text, in_device text,
  in_code text, OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  msg jsonb;
BEGIN
  out_replayed := false;
  IF NOT EXISTS (SELECT 1 FROM station WHERE code = in_station) THEN
    out_error := 'not_found';
    out_detail := 'no station ' || in_station;
    RETURN;
  END IF;
  IF in_device IS NOT NULL THEN
    INSERT INTO device (id, kind, station, last_seen, scans)
    VALUES (in_device, 'network', in_station, now(), 1)
    ON CONFLICT (id) DO UPDATE SET last_seen = now(),
      scans = device.scans + 1;
  END IF;
  msg := jsonb_build_object('station', in_station, 'code', in_code,
    'device', in_device,
    'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  PERFORM pg_notify('depot_station', msg::text);
  out_doc := msg;
END $$;
