// JD's e-waybill service (京东无界电子面单) for the simulator in jd_sim.mjs,
// which imports it: jingdong.ldop.alpha.waybill.receive,
// jingdong.ldop.alpha.vendor.bigshot.query and
// jingdong.ldop.alpha.waybill.api.unbind behind the router's own checks
// (signature, timestamp, access_token: done by jd_sim.mjs before these are
// reached). Shapes as JOS's SDKs and public clients have them (see
// channels/channel_jd_waybill.c's header for where each was read; this
// file shares no code with it):
//
// receive: 360buy_param_json {content: JSON text {waybillType,
// waybillCount, providerId?, providerCode, branchCode (franchise
// carriers), settlementCode (direct carriers: JD, SF), salePlatform,
// platformOrderNo, vendorCode, vendorName?, vendorOrderCode, weight (kg),
// volume, payType, promiseTimeType, fromAddress {provinceName, cityName,
// countryName, countrysideName?, address, contact, mobile/phone, the
// *Id fields optional numbers}, toAddress {…}}}. Answers
// {jingdong_ldop_alpha_waybill_receive_responce: {code: "0", resultInfo:
// {statusCode: 0, statusMessage: "成功", data: {platformOrderNo,
// waybillCodeList: [code]}}}}; a repeated vendorOrderCode gets the same
// number. A parameter it cannot take: statusCode 1 with the reason; a
// carrier or branch the vendor has not signed: statusCode 1 too.
// bigshot.query: {waybillCode, providerCode}; answers resultInfo {data
// {waybillCode, bigShotName, bigShotCode, gatherCenterName,
// gatherCenterCode, branchName, branchCode, secondSectionCode,
// thirdSectionCode}}.
// api.unbind: {providerId?, providerCode?, waybillCode}; answers
// resultInfo {statusCode 0} or statusCode 1 for a number it never issued.
// A service outage is an HTTP 503 without a JSON body.
//
// Control (under /__sim/, merged into jd_sim.mjs's):
//   POST fail_waybills {count}  the next count receives answer HTTP 503
//   POST fail_cancels  {count}  the next count unbinds answer HTTP 503
// and the log gains waybill_gets {vendorOrderCode: n}, waybills
// {vendorOrderCode: code}, cancels [{providerCode, providerId,
// waybillCode}], bigshots (count), waybills_failed, cancels_failed,
// waybill_last (the last receive's parsed content).

// What this simulated vendor has signed (签约): provider code → the
// provider id, and the branch (franchise) or settlement (direct) code.
const SIGNED = {
  ZTO: { id: 1499, branch: 'ZTO-HZ-001' },
  YTO: { id: 463, branch: 'YTO-HZ-001' },
  JD: { id: 1, settlement: '010K123456' },
};
const VENDOR = '10088';

export const waybillLog = {
  waybill_gets: {}, waybills: {}, cancels: [], bigshots: 0, waybills_failed: 0, cancels_failed: 0, waybill_last: null,
};
let failGets = 0;
let failCancels = 0;
let next = 1;

const empty = (v) => typeof v !== 'string' || v.trim() === '';
const resultInfo = (key, statusCode, statusMessage, data) => ({
  [key]: { code: '0', resultInfo: { statusCode, statusMessage, ...(data ? { data } : {}) } },
});

function addressProblem(who, a) {
  if (!a || typeof a !== 'object') return `${who}不能为空`;
  for (const k of ['provinceName', 'cityName', 'countryName', 'address', 'contact']) {
    if (empty(a[k])) return `${who}.${k}不能为空`;
  }
  if (empty(a.mobile) && empty(a.phone)) return `${who}.mobile和phone不能同时为空`;
  for (const k of ['provinceId', 'cityId', 'countryId', 'countrysideId']) {
    if (k in a && !Number.isInteger(a[k])) return `${who}.${k}必须为数字`;
  }
  return null;
}

function receive(biz) {
  const R = 'jingdong_ldop_alpha_waybill_receive_responce';
  const refuse = (m) => resultInfo(R, 1, m);
  if (typeof biz.content !== 'string') return refuse('content不能为空');
  let q;
  try { q = JSON.parse(biz.content); } catch { return refuse('content不是合法的JSON'); }
  if (q.waybillType !== 1 && q.waybillType !== 2) return refuse('waybillType不合法');
  if (q.waybillCount !== 1) return refuse('waybillCount不合法');
  if (empty(q.providerCode) && !Number.isInteger(q.providerId)) return refuse('providerId和providerCode不能同时为空');
  for (const k of ['salePlatform', 'platformOrderNo', 'vendorCode', 'vendorOrderCode']) {
    if (empty(q[k])) return refuse(`${k}不能为空`);
  }
  if (!/^\d{7}$/.test(q.salePlatform)) return refuse('salePlatform不合法');
  if (typeof q.weight !== 'number' || q.weight < 0 || Math.abs(q.weight * 100 - Math.round(q.weight * 100)) > 1e-6) {
    return refuse('weight不合法，单位千克，保留两位小数');
  }
  for (const k of ['payType', 'promiseTimeType']) if (!Number.isInteger(q[k])) return refuse(`${k}不能为空`);
  const fp = addressProblem('fromAddress', q.fromAddress);
  if (fp) return refuse(fp);
  const tp = addressProblem('toAddress', q.toAddress);
  if (tp) return refuse(tp);
  if (q.vendorCode !== VENDOR) return refuse(`商家编码${q.vendorCode}不存在`);
  const s = SIGNED[q.providerCode];
  if (!s || (Number.isInteger(q.providerId) && q.providerId !== s.id)) {
    return refuse(`商家未签约承运商${q.providerCode ?? q.providerId}`);
  }
  if (s.branch && q.branchCode !== s.branch) return refuse(`加盟型承运商的网点编码${q.branchCode ?? ''}未签约`);
  if (s.settlement && q.settlementCode !== s.settlement) return refuse('直营型承运商的财务结算编码不正确');
  if (failGets > 0) {
    failGets -= 1;
    waybillLog.waybills_failed += 1;
    return { status: 503 };
  }
  waybillLog.waybill_last = q;
  const key = q.vendorOrderCode;
  waybillLog.waybill_gets[key] = (waybillLog.waybill_gets[key] ?? 0) + 1;
  let code = waybillLog.waybills[key];
  if (!code) {
    code = (q.providerCode === 'JD' ? 'JDVA' : '7') + String(5500000000 + next++);
    waybillLog.waybills[key] = code;
  }
  return resultInfo(R, 0, '成功', { platformOrderNo: q.platformOrderNo, waybillCodeList: [code] });
}

function bigshot(biz) {
  const R = 'jingdong_ldop_alpha_vendor_bigshot_query_responce';
  if (empty(biz.waybillCode) || empty(biz.providerCode)) return resultInfo(R, 1, 'waybillCode和providerCode不能为空');
  if (!Object.values(waybillLog.waybills).includes(biz.waybillCode)) return resultInfo(R, 1, `运单号${biz.waybillCode}不存在`);
  waybillLog.bigshots += 1;
  return resultInfo(R, 0, '成功', {
    waybillCode: biz.waybillCode, bigShotName: '沪长宁', bigShotCode: '021-A',
    gatherCenterName: '上海转运中心', gatherCenterCode: 'SH01', branchName: '长宁网点',
    branchCode: 'SH-CN-01', secondSectionCode: '021', thirdSectionCode: '12',
  });
}

function unbind(biz) {
  const R = 'jingdong_ldop_alpha_waybill_api_unbind_responce';
  if (empty(biz.waybillCode)) return resultInfo(R, 1, 'waybillCode不能为空');
  if (empty(biz.providerCode) && !Number.isInteger(biz.providerId)) return resultInfo(R, 1, 'providerId和providerCode不能同时为空');
  if ('providerId' in biz && !Number.isInteger(biz.providerId)) return resultInfo(R, 1, 'providerId必须为数字');
  if (!Object.values(waybillLog.waybills).includes(biz.waybillCode)) return resultInfo(R, 1, `运单号${biz.waybillCode}不存在`);
  if (failCancels > 0) {
    failCancels -= 1;
    waybillLog.cancels_failed += 1;
    return { status: 503 };
  }
  waybillLog.cancels.push({ providerCode: biz.providerCode, providerId: biz.providerId ?? null, waybillCode: biz.waybillCode });
  return resultInfo(R, 0, '成功');
}

// The answer to JOS method `method` with parsed 360buy_param_json `biz`
// (the router's checks passed), or null when it is not a waybill method.
// {status: 503} means an outage.
export function waybillRoute(method, biz) {
  if (method === 'jingdong.ldop.alpha.waybill.receive') return receive(biz);
  if (method === 'jingdong.ldop.alpha.vendor.bigshot.query') return bigshot(biz);
  if (method === 'jingdong.ldop.alpha.waybill.api.unbind') return unbind(biz);
  return null;
}

// Control path what (with JSON j): whether it was a waybill one.
export function waybillControl(what, j) {
  if (what === 'fail_waybills') failGets = j.count;
  else if (what === 'fail_cancels') failCancels = j.count;
  else return false;
  return true;
}
