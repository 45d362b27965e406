-- A timeline event with a code and named figures (in_params) next to its
-- English note, so that the UI words it from its catalogs (event.<code>).
CREATE OR REPLACE FUNCTION ord_event_params(in_order bigint, in_from text,
  in_to text, in_note text, in_code text, in_params jsonb, in_user bigint,
  in_request text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_event (order_id, from_state, to_state, note, code, params,
    user_id, request_id)
  VALUES (in_order, in_from, in_to, coalesce(in_note, ''),
    coalesce(in_code, ''), coalesce(in_params, '{}'), in_user,
    coalesce(in_request, ''));
END $$;
