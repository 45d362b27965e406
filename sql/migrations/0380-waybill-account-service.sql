-- JD e-waybills (京东无界电子面单 through JOS, issue 27 item 4): JD's
-- waybill service needs more of the seller's subscription than a carrier
-- code and a template: its numeric provider id, the branch (网点) code of
-- a franchise carrier or the settlement code (财务结算编码) of a direct
-- one (JD, SF), and the seller's JD vendor code (商家编码). They are kept
-- per account in one object; the other services leave it empty.
ALTER TABLE waybill_account
  ADD COLUMN service jsonb NOT NULL DEFAULT '{}'::jsonb
    CHECK (jsonb_typeof(service) = 'object');
COMMENT ON COLUMN waybill_account.service IS
  'What the platform''s waybill service needs besides cp_code and template_url. JD: {provider_id (承运商ID, digits, optional), branch_code (网点编码: franchise carriers), settlement_code (财务结算编码: direct carriers such as JD and SF), vendor_code (商家编码), vendor_name}; {} for Cainiao, Pinduoduo and Douyin';
