-- The e-waybill label as PDF too (issue 27 item 4: "the platforms'
-- standard 100 x 180 mm template as ZPL for a Zebra, or PDF"). The ZPL is
-- built at carton close from the waybill service's print data; the PDF
-- of the same label is built on request, so the print data and the
-- account's sender it was built from are kept with the carton's waybill.
-- They hold the (masked) recipient and the sender's address: sealed as
-- carton.label_zpl is (issue 20).
ALTER TABLE carton_waybill ADD COLUMN print_doc text;
COMMENT ON COLUMN carton_waybill.print_doc IS
  'The label''s inputs, {"print": the service''s print data, "sender": the account''s sender}, sealed like carton.label_zpl; NULL for a waybill issued before it was kept';
