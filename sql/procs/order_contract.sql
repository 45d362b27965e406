-- The order operations as C calls them, in the procedure contract
-- (core/core_proc.h): one row (out_error, out_field, out_detail, out_doc,
-- out_replayed), out_error a registry wire name (core/core_ec.def) or NULL.
--
-- As with the ledger (ledger_contract.sql), the ord_* functions keep their
-- boolean out_* flags for the procedures that call them (channel
-- cancellations call ord_do_cancel and ord_do_intake, returns read the
-- order's state); the order_op_* functions below are what C calls: each calls
-- one of them, names its refusal and answers the order's document, so no C
-- file maps order flags to codes. A refusal is rolled back by core_proc.

-- The order's document as the API shows it (plpgsql: the order_doc view
-- is made by a procedure file loaded after this one).
CREATE OR REPLACE FUNCTION order_contract_doc(in_order bigint) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT d.doc::json FROM order_doc d WHERE d.id = in_order);
END $$;

-- An order from a channel (webhook, CSV import, API): taken in, replayed
-- (the same content again) or cancelled at the channel.
CREATE OR REPLACE FUNCTION order_op_intake(in_store_code text, in_doc jsonb,
  in_user bigint, in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT * INTO r FROM ord_intake_doc(in_store_code, in_doc, in_user,
                                      in_request);
  out_replayed := coalesce(r.out_replayed, false);
  IF r.out_unknown_store THEN
    out_error := 'unknown_store'; out_field := 'store';
  ELSIF r.out_conflict THEN
    out_error := 'conflicting_redelivery'; out_field := 'external_id';
    out_replayed := false;
  ELSE
    out_doc := r.out_doc::json;
  END IF;
END $$;

-- Cancel, release and hold: an unknown order is not_found, a refusal the
-- operation's own code, success the order's document.
CREATE OR REPLACE FUNCTION order_op_cancel(in_order bigint, in_user bigint,
  in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO r FROM ord_do_cancel(in_order, in_user, in_request);
  IF NOT r.out_found THEN
    out_error := 'not_found';
  ELSIF r.out_not_cancellable THEN
    out_error := 'order_not_cancellable';
  ELSE
    out_doc := order_contract_doc(in_order);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION order_op_release(in_order bigint, in_user bigint,
  in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO r FROM ord_do_release(in_order, in_user, in_request);
  IF NOT r.out_found THEN
    out_error := 'not_found';
  ELSIF r.out_not_held THEN
    out_error := 'order_not_held';
  ELSE
    out_doc := order_contract_doc(in_order);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION order_op_hold(in_order bigint, in_user bigint,
  in_request text, in_note text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO r FROM ord_do_hold(in_order, in_user, in_request, in_note);
  IF NOT r.out_found THEN
    out_error := 'not_found';
  ELSIF r.out_not_holdable THEN
    out_error := 'order_not_holdable';
  ELSE
    out_doc := order_contract_doc(in_order);
  END IF;
END $$;

-- A held order's fix (address, lines, currency); a line that names an
-- unknown SKU or no line of the order is blamed as lines[i].
CREATE OR REPLACE FUNCTION order_op_fix(in_order bigint, in_ship_to jsonb,
  in_lines jsonb, in_fix jsonb, in_user bigint, in_request text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc json, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  out_replayed := false;
  SELECT * INTO r FROM ord_do_fix(in_order, in_ship_to, in_lines, in_fix,
                                  in_user, in_request);
  IF NOT r.out_found THEN
    out_error := 'not_found';
  ELSIF r.out_not_held THEN
    out_error := 'order_not_held';
  ELSIF r.out_bad_line IS NOT NULL THEN
    out_error := CASE WHEN r.out_unknown_sku THEN 'unknown_sku'
                      ELSE 'invalid_value' END;
    out_field := format('lines[%s]', r.out_bad_line);
  ELSE
    out_doc := order_contract_doc(in_order);
  END IF;
END $$;
