-- Personal data at rest (issue 20, item 4): SQL never opens a sealed blob;
-- it only hands blobs to C, which opens, masks or seals them
-- (core/core_pii.c, core/core_pii_doc.c).

-- A blob as the base64 text C reads (no line breaks); NULL stays NULL.
CREATE OR REPLACE FUNCTION pii_b64(in_b bytea) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(encode(in_b, 'base64'), E'\n', '')
$$;

-- The bytes of base64 or hex text from C; NULL (or '') stays NULL.
CREATE OR REPLACE FUNCTION pii_bytes(in_t text, in_format text) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(in_t, '') = '' THEN NULL
              ELSE decode(in_t, in_format) END
$$;

-- The intake document as its content hash sees it: without the sealed
-- blobs and key versions (random nonces, rotation), which the blind
-- indexes and the address's _mac stand in for.
CREATE OR REPLACE FUNCTION pii_hashable(in_doc jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN in_doc ? 'pii_kv'
    THEN in_doc - 'ship_to_pii' - 'pii_kv' #- '{customer,pii}' #- '{customer,kv}'
    ELSE in_doc END
$$;
