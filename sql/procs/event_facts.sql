-- The facts that become webhook events (event catalogue in README.md,
-- "Event webhooks"). Each is an AFTER trigger on the table of the fact, so
-- no code path can forget one, and each writes with one INSERT ... SELECT
-- behind an IF on event_wanted (sql/procs/event_common.sql): with nobody
-- subscribed it costs one EXISTS on a tiny table and writes nothing.
-- Inserts that come in bulk (orders, moves) fire per statement, the rest
-- per row.
-- The IF comes first, not inside the INSERT's WHERE: an INSERT that
-- inserts nothing still starts an executor per row, and one reading a
-- transition table is planned again per statement; 10 000 single-row
-- stock moves took 3.5 s with neither, 4.9 s with a per-statement INSERT
-- ... WHERE event_wanted, the noise of the machine with the IF (see
-- docs/architecture.md). The WHEN clauses keep updates that are no such
-- fact from calling a function at all.

-- order.created, per statement: an import or the demo's history writes
-- many orders in one INSERT, which asks once (the dashboard's tally trigger
-- already keeps the transition table). The header only: the lines are
-- written after the order row, in the same transaction.
CREATE OR REPLACE FUNCTION event_sales_order_created() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('order.created') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'order.created', 'order', n.id, event_order_data(n, NULL)
    FROM new_rows n ORDER BY n.id;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER sales_order_event_insert AFTER INSERT ON sales_order
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_sales_order_created();

-- order.allocated / held / shipped / cancelled when the order's state
-- becomes that: per row, behind a WHEN (most updates of an order are no
-- such change and call nothing).
CREATE OR REPLACE FUNCTION event_sales_order() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_type text := CASE NEW.state WHEN 'allocated' THEN 'order.allocated'
                                WHEN 'on_hold' THEN 'order.held'
                                WHEN 'shipped' THEN 'order.shipped'
                                WHEN 'cancelled' THEN 'order.cancelled' END;
BEGIN
  IF NOT event_wanted(v_type) THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT v_type, 'order', NEW.id, event_order_data(NEW, OLD.state);
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER sales_order_event_state
  AFTER UPDATE OF state ON sales_order FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state
        AND NEW.state IN ('allocated', 'on_hold', 'shipped', 'cancelled'))
  EXECUTE FUNCTION event_sales_order();

-- shipment.delivered: about the shipment's (main) order, so that it never
-- overtakes that order's order.shipped.
CREATE OR REPLACE FUNCTION event_shipment_delivered() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('shipment.delivered') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'shipment.delivered', 'order', NEW.order_id,
         jsonb_build_object('shipment', NEW.id, 'carrier', NEW.carrier,
           'warehouse', (SELECT code FROM warehouse WHERE id = NEW.warehouse_id),
           'delivered_at', NEW.delivered_at,
           'orders', (SELECT coalesce(jsonb_agg(jsonb_build_object('order',
                               so.id, 'external_id', so.external_id,
                               'store', st.code) ORDER BY so.id), '[]')
                        FROM shipment_order x
                        JOIN sales_order so ON so.id = x.order_id
                        JOIN store st ON st.id = so.store_id
                       WHERE x.shipment_id = NEW.id),
           'tracking_numbers', (SELECT coalesce(jsonb_agg(c.tracking_no
                                          ORDER BY c.seq), '[]')
                                  FROM carton c WHERE c.shipment_id = NEW.id));
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER shipment_event_delivered
  AFTER UPDATE OF state ON shipment FOR EACH ROW
  WHEN (NEW.state = 'delivered' AND OLD.state IS DISTINCT FROM 'delivered')
  EXECUTE FUNCTION event_shipment_delivered();

-- stock.changed: every move of the ledger (receipt, putaway, pick, ship,
-- adjustment, count, transfer, return, scrap, ...), in order per SKU. Per
-- statement, like the stock flow report's trigger, whose transition table
-- it shares: a batch of moves asks once.
CREATE OR REPLACE FUNCTION event_stock_moves() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('stock.changed') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'stock.changed', 'sku', n.sku_id,
         jsonb_build_object('move', n.id,
           'sku', (SELECT code FROM sku WHERE id = n.sku_id),
           'lot', (SELECT code FROM lot WHERE id = n.lot_id),
           'qty', n.qty, 'reason', n.reason, 'document', n.document,
           'from', event_location(n.from_location_id),
           'to', event_location(n.to_location_id))
    FROM new_rows n ORDER BY n.id;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER stock_move_event AFTER INSERT ON stock_move
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_stock_moves();

-- po.received: one per receipt, once its lines are in (the receiving
-- procedure stores the receipt's answer last, pur_receive.sql).
CREATE OR REPLACE FUNCTION event_receipt() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('po.received') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'po.received', 'purchase_order', NEW.po_id,
         jsonb_build_object('receipt', NEW.id, 'po', po.number,
           'state', po.state, 'supplier', su.code, 'warehouse', w.code,
           'received_at', NEW.received_at,
           'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'sku', k.code, 'qty', rl.qty,
                              'damaged', rl.damaged,
                              'lot', (SELECT code FROM lot WHERE id = rl.lot_id))
                              ORDER BY rl.id), '[]')
                       FROM receipt_line rl
                       JOIN po_line pl ON pl.id = rl.po_line_id
                       JOIN sku k ON k.id = pl.sku_id
                      WHERE rl.receipt_id = NEW.id))
    FROM purchase_order po
    JOIN supplier su ON su.id = po.supplier_id
    JOIN warehouse w ON w.id = po.warehouse_id
   WHERE po.id = NEW.po_id;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER receipt_event AFTER UPDATE OF response ON receipt
  FOR EACH ROW WHEN (OLD.response IS NULL AND NEW.response IS NOT NULL)
  EXECUTE FUNCTION event_receipt();

-- return.received: each line received back against a return.
CREATE OR REPLACE FUNCTION event_rma_receipt() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('return.received') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'return.received', 'rma', NEW.rma_id,
         jsonb_build_object('return', r.number, 'rma', r.id,
           'order', r.order_id, 'warehouse', w.code, 'sku', k.code,
           'qty', NEW.qty, 'condition', NEW.condition,
           'lot', (SELECT code FROM lot WHERE id = NEW.lot_id),
           'received_at', NEW.created_at)
    FROM rma r JOIN warehouse w ON w.id = r.warehouse_id
    JOIN rma_line rl ON rl.id = NEW.rma_line_id
    JOIN sku k ON k.id = rl.sku_id
   WHERE r.id = NEW.rma_id;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER rma_receipt_event AFTER INSERT ON rma_receipt
  FOR EACH ROW EXECUTE FUNCTION event_rma_receipt();

-- refund.created: a refund recorded against a return.
CREATE OR REPLACE FUNCTION event_rma_refund() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('refund.created') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'refund.created', 'rma', NEW.rma_id,
         jsonb_build_object('refund', NEW.id, 'return', r.number,
           'rma', r.id, 'order', r.order_id, 'currency', NEW.currency,
           'amount', NEW.amount, 'shipping_refund', NEW.shipping_refund,
           'method', NEW.method, 'reference', NEW.reference,
           'channel_refund_id', NEW.channel_refund_id,
           'created_at', NEW.created_at)
    FROM rma r
   WHERE r.id = NEW.rma_id;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER rma_refund_event AFTER INSERT ON rma_refund
  FOR EACH ROW EXECUTE FUNCTION event_rma_refund();

-- feedback.created: a new ticket (complaint, review, inquiry, suggestion);
-- its text stays in Depot (it may hold personal data).
CREATE OR REPLACE FUNCTION event_feedback() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT event_wanted('feedback.created') THEN
    RETURN NULL;
  END IF;
  INSERT INTO event (type, resource_kind, resource_id, data)
  SELECT 'feedback.created', 'feedback', NEW.id,
         jsonb_build_object('feedback', NEW.number, 'id', NEW.id,
           'store', s.code, 'kind', NEW.kind, 'rating', NEW.rating,
           'severity', NEW.severity, 'channel', NEW.channel,
           'order', NEW.order_id,
           'sku', (SELECT code FROM sku WHERE id = NEW.sku_id),
           'external_id', NEW.external_id, 'due_at', NEW.due_at,
           'created_at', NEW.created_at)
    FROM store s
   WHERE s.id = NEW.store_id;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER feedback_event AFTER INSERT ON feedback
  FOR EACH ROW EXECUTE FUNCTION event_feedback();
