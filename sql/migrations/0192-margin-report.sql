-- Margin per store and channel (issue 22 item 2, rpt_margin): the report
-- reads what shipped, was refunded and came back by the day it happened;
-- the carrier's price and the cartons by the day their parcel shipped.
-- These find a period's rows without reading every shipment or refund.
CREATE INDEX shipment_shipped_at_idx ON shipment (shipped_at)
  WHERE shipped_at IS NOT NULL;
CREATE INDEX rma_refund_created_idx ON rma_refund (created_at);
CREATE INDEX rma_receipt_created_idx ON rma_receipt (created_at);
