// The Douyin e-waybill service (抖音电商电子面单) for the simulator in
// douyin_sim.mjs, which imports it: logistics.newCreateOrder and
// logistics.cancelOrder behind the platform's own checks (signature,
// timestamp, access_token: done by douyin_sim.mjs before these are
// reached). Shapes as a generated .NET SDK of the platform has them
// (namespace ecommerce.sdk.douyin: LogisticsNewCreateOrderReq,
// LogisticsCancelOrderReq, with the API pages' descriptions and error
// tables):
//
// logistics.newCreateOrder: sender_info {address {country_code,
// province_name, city_name, district_name, street_name, detail_address},
// contact {name, phone | mobile}} (all but street_name required; phone or
// mobile), logistics_code, order_infos (1 to 50) [{order_id, pack_id (at
// most 15 digits, letters or _), receiver_info {address {…}, contact
// {…}}, items [{item_name, item_count}] (required)}]. Answers data
// {ebill_infos [{order_id, pack_id, track_no, company, sort_code,
// package_center_code, package_center_name, short_address_code,
// short_address_name}], err_infos [{order_id, pack_id, err_code,
// err_msg}]}: one number per (order_id, pack_id), the old number when
// asked again with the same pair ("否则返回老号").
// logistics.cancelOrder: logistics_code, track_no; answers data
// {cancel_result {success: true}}; a second cancel is
// isv.business-failed:1102 重复取消.
//
// Refusals: a missing parameter is 40004 isv.parameter-invalid:1000
// (拼接参数异常) / :4006 (寄件人姓名不能为空) as the error table names them;
// a logistics_code the shop has not subscribed is 50002
// isv.business-failed:10711 (电子面单订购关系不存在, from the cancel's
// table: the get's own code for it was not found). An outage is 20000
// isp.service-error:15001 (系统错误).
//
// Control (under /__sim/, merged into douyin_sim.mjs's):
//   POST fail_waybills {count}  the next count gets answer isp.service-error
//   POST fail_cancels  {count}  the next count cancels answer the same
// and the log gains waybill_gets {"order_id/pack_id": n}, waybills
// {"order_id/pack_id": track_no}, cancels [{logistics_code, track_no}],
// waybills_failed, cancels_failed, waybill_last (the last request).

const SUBSCRIBED = new Set(['zhongtong', 'yuantong', 'yunda', 'shentong', 'shunfeng', 'jtexpress']);

export const waybillLog = {
  waybill_gets: {}, waybills: {}, cancels: [], waybills_failed: 0, cancels_failed: 0, waybill_last: null,
};
let failGets = 0;
let failCancels = 0;
let next = 1;
const cancelled = new Set();

const empty = (v) => typeof v !== 'string' || v.trim() === '';

function addressProblem(a) {
  if (!a || typeof a !== 'object') return true;
  return ['country_code', 'province_name', 'city_name', 'district_name', 'detail_address'].some((k) => empty(a[k]));
}
function contactProblem(c) {
  return !c || empty(c.name) || (empty(c.phone) && empty(c.mobile));
}

function create(b, answer, ok) {
  const bad = (sub, msg) => answer(40004, '非法的参数', `isv.parameter-invalid:${sub}`, msg);
  const s = b.sender_info;
  if (!s || !s.contact || empty(s.contact.name)) return bad(4006, '寄件人姓名不能为空');
  if (addressProblem(s.address) || contactProblem(s.contact)) return bad(1000, '拼接参数异常');
  if (empty(b.logistics_code)) return bad(1000, '拼接参数异常');
  const infos = b.order_infos;
  if (!Array.isArray(infos) || infos.length < 1 || infos.length > 50) return bad(1000, '拼接参数异常');
  for (const o of infos) {
    if (empty(o.order_id) || (o.pack_id !== undefined && !/^[0-9A-Za-z_]{1,15}$/.test(o.pack_id))) return bad(1000, '拼接参数异常');
    const r = o.receiver_info;
    if (!r || addressProblem(r.address) || contactProblem(r.contact)) return bad(1000, '拼接参数异常');
    if (!Array.isArray(o.items) || o.items.length < 1
        || o.items.some((it) => empty(it.item_name) || !Number.isInteger(it.item_count))) return bad(1000, '拼接参数异常');
  }
  if (!SUBSCRIBED.has(b.logistics_code)) {
    return answer(50002, '业务处理失败', 'isv.business-failed:10711', '电子面单订购关系不存在');
  }
  if (failGets > 0) {
    failGets -= 1;
    waybillLog.waybills_failed += 1;
    return answer(20000, '系统错误', 'isp.service-error:15001', '系统错误');
  }
  waybillLog.waybill_last = b;
  const ebill = infos.map((o) => {
    const key = `${o.order_id}/${o.pack_id ?? ''}`;
    waybillLog.waybill_gets[key] = (waybillLog.waybill_gets[key] ?? 0) + 1;
    let code = waybillLog.waybills[key];
    if (!code) {
      code = 'DY' + String(78000000000 + next++);
      waybillLog.waybills[key] = code;
    }
    return {
      order_id: o.order_id, pack_id: o.pack_id ?? '', track_no: code, company: b.logistics_code,
      sort_code: '571-DY-01', package_center_code: '571', package_center_name: '杭州转运中心',
      short_address_code: '571', short_address_name: '杭州余杭',
    };
  });
  return ok({ ebill_infos: ebill, err_infos: [] });
}

function cancel(b, answer, ok) {
  if (empty(b.logistics_code) || empty(b.track_no)) return answer(40004, '非法的参数', 'isv.parameter-invalid:1000', '拼接参数异常');
  if (!Object.values(waybillLog.waybills).includes(b.track_no)) {
    return answer(50002, '业务处理失败', 'isv.business-failed:8018', '8018:未获取到订单信息');
  }
  if (failCancels > 0) {
    failCancels -= 1;
    waybillLog.cancels_failed += 1;
    return answer(20000, '系统错误', 'isp.service-error:11404', '11404:系统异常');
  }
  if (cancelled.has(b.track_no)) return answer(50002, '业务处理失败', 'isv.business-failed:1102', '1102:重复取消');
  cancelled.add(b.track_no);
  waybillLog.cancels.push({ logistics_code: b.logistics_code, track_no: b.track_no });
  return ok({ cancel_result: { success: true } });
}

// The answer to call p (already checked; p.biz its parameters), or null
// when p.method is not a waybill API.
export function waybillRoute(p, answer, ok) {
  if (p.method === 'logistics.newCreateOrder') return create(p.biz, answer, ok);
  if (p.method === 'logistics.cancelOrder') return cancel(p.biz, answer, ok);
  return null;
}

// Control path what (with JSON j): whether it was a waybill one.
export function waybillControl(what, j) {
  if (what === 'fail_waybills') failGets = j.count;
  else if (what === 'fail_cancels') failCancels = j.count;
  else return false;
  return true;
}
