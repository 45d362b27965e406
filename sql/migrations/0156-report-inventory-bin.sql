-- Valuation by bin at a date (issue 21, item 3): a bin's units at the end
-- of a past day are its quant now less the moves into it since and plus
-- the moves out of it since (rpt_inventory_bins). Reading the moves since
-- a time wants them by time: the cost grows with how far back the date
-- is, not with the whole ledger.
CREATE INDEX stock_move_time_idx ON stock_move (created_at);
