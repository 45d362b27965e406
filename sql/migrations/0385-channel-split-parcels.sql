-- Split parcels written back per parcel (issue 27 item 3) for the
-- platforms whose split send names quantities: Douyin's
-- order.logisticsAddMultiPack takes each sub order's shipped_num. The
-- trigger (sql/procs/channel.sql) fills the quantities beside the line ids.
ALTER TABLE channel_writeback
  ADD COLUMN sub_qtys bigint[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN channel_writeback.sub_qtys IS
  'The units of each line of sub_ids this parcel carries (same order as sub_ids); empty with sub_ids';
