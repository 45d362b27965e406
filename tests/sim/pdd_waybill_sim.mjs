// The Pinduoduo e-waybill service (拼多多电子面单) for the simulator in
// pdd_sim.mjs, which imports it: pdd.waybill.get and pdd.waybill.cancel
// behind the router's own checks (signature, timestamp, access_token: done
// by pdd_sim.mjs before these are reached). Shapes as the SDKs generated
// from the open platform's pages have them (SchafferJ/open-pdd
// src/http/model/waybill/pdd_waybill_get.rs, lywzx/pdd-node-sdk
// src/pddApi/dianZiMianDan/PddWaybillGet.ts and PddWaybillCancel.ts):
//
// pdd.waybill.get: param_waybill_cloud_print_apply_new_request, a JSON
// text {wp_code, need_encrypt, sender {name, mobile, phone, address
// {province, city, district, town, detail}}, trade_order_info_dtos (1 to
// 10) [{object_id, order_info {order_channels_type, trade_order_list (1
// to 100)}, package_info {id, items (at most 100) [{count, name}],
// weight}, recipient {name, mobile, phone, address {…}}, template_url,
// user_id}]}; province, city, district and detail are "仅支持非空值" in
// both addresses. Answers {pdd_waybill_get_response: {modules:
// [{object_id, waybill_code, print_data, parent_waybill_code}]}}: one
// number per object_id, the same one for a repeated object_id. The
// content of print_data (a text) was not found documented: this one is
// the simulator's own JSON text {data: {waybillCode, wpCode}, signature,
// templateUrl}.
// pdd.waybill.cancel: waybill_code, wp_code; answers
// {pdd_waybill_cancel_response: {cancel_result: true}}.
//
// The service's own error codes were not found: a parameter it cannot take
// or a wp_code the shop has not subscribed answers the router's 10000
// (参数错误) with the reason as sub_msg. A service outage is an HTTP 503
// without a JSON body.
//
// Control (under /__sim/, merged into pdd_sim.mjs's):
//   POST fail_waybills {count}  the next count gets answer HTTP 503
//   POST fail_cancels  {count}  the next count cancels answer HTTP 503
// and the log gains waybill_gets {object_id: n}, waybills {object_id:
// code}, cancels [{wp_code, waybill_code}], waybills_failed,
// cancels_failed, waybill_requests (the last get's parsed request).

// The carriers this simulated shop has subscribed (wp_code).
const SUBSCRIBED = new Set(['ZTO', 'YTO', 'YUNDA', 'STO', 'SF', 'JTSD']);

export const waybillLog = {
  waybill_gets: {}, waybills: {}, cancels: [], waybills_failed: 0, cancels_failed: 0, waybill_last: null,
};
let failGets = 0;
let failCancels = 0;
let next = 1;

const empty = (v) => typeof v !== 'string' || v.trim() === '';

function addressProblem(who, a) {
  if (!a || typeof a !== 'object') return `${who}.address不能为空`;
  for (const k of ['province', 'city', 'district', 'detail']) {
    if (empty(a[k])) return `${who}.address.${k}仅支持非空值`;
  }
  return null;
}

function get(p, error) {
  const raw = p.param_waybill_cloud_print_apply_new_request;
  if (!raw) return error(10000, '参数错误', 10000, 'param_waybill_cloud_print_apply_new_request不能为空');
  let q;
  try { q = JSON.parse(raw); } catch { return error(10000, '参数错误', 10000, 'param_waybill_cloud_print_apply_new_request不是JSON'); }
  if (empty(q.wp_code)) return error(10000, '参数错误', 10000, 'wp_code不能为空');
  if (!q.sender || empty(q.sender.name)) return error(10000, '参数错误', 10000, 'sender.name不能为空');
  const sp = addressProblem('sender', q.sender.address);
  if (sp) return error(10000, '参数错误', 10000, sp);
  const dtos = q.trade_order_info_dtos;
  if (!Array.isArray(dtos) || dtos.length < 1 || dtos.length > 10) {
    return error(10000, '参数错误', 10000, 'trade_order_info_dtos数量限制为10');
  }
  for (const d of dtos) {
    if (empty(d.object_id)) return error(10000, '参数错误', 10000, 'object_id不能为空');
    if (empty(d.template_url)) return error(10000, '参数错误', 10000, 'template_url不能为空');
    const oi = d.order_info;
    if (!oi || empty(oi.order_channels_type) || !Array.isArray(oi.trade_order_list)
        || oi.trade_order_list.length < 1 || oi.trade_order_list.length > 100) {
      return error(10000, '参数错误', 10000, 'order_info不合法');
    }
    const pk = d.package_info;
    if (!pk || !Array.isArray(pk.items) || pk.items.length > 100) return error(10000, '参数错误', 10000, 'package_info.items不合法');
    if (!d.recipient || empty(d.recipient.name)) return error(10000, '参数错误', 10000, 'recipient.name不能为空');
    const rp = addressProblem('recipient', d.recipient.address);
    if (rp) return error(10000, '参数错误', 10000, rp);
  }
  if (!SUBSCRIBED.has(q.wp_code)) return error(10000, '参数错误', 10000, `未订购${q.wp_code}的电子面单服务`);
  if (failGets > 0) {
    failGets -= 1;
    waybillLog.waybills_failed += 1;
    return { status: 503 };
  }
  waybillLog.waybill_last = q;
  const modules = dtos.map((d) => {
    waybillLog.waybill_gets[d.object_id] = (waybillLog.waybill_gets[d.object_id] ?? 0) + 1;
    let code = waybillLog.waybills[d.object_id];
    if (!code) {
      code = q.wp_code.slice(0, 2) + String(77000000000 + next++);
      waybillLog.waybills[d.object_id] = code;
    }
    const printData = JSON.stringify({
      data: { waybillCode: code, wpCode: q.wp_code }, signature: 'SIM', templateUrl: d.template_url,
    });
    return { object_id: d.object_id, waybill_code: code, print_data: printData, parent_waybill_code: '' };
  });
  return { pdd_waybill_get_response: { modules } };
}

function cancel(p, error) {
  for (const k of ['waybill_code', 'wp_code']) {
    if (empty(p[k])) return error(10000, '参数错误', 10000, `${k}不能为空`);
  }
  if (!Object.values(waybillLog.waybills).includes(p.waybill_code)) {
    return error(10000, '参数错误', 10000, `面单号${p.waybill_code}不存在`);
  }
  if (failCancels > 0) {
    failCancels -= 1;
    waybillLog.cancels_failed += 1;
    return { status: 503 };
  }
  waybillLog.cancels.push({ wp_code: p.wp_code, waybill_code: p.waybill_code });
  return { pdd_waybill_cancel_response: { cancel_result: true } };
}

// The answer to router call p (already checked), or null when p.type is
// not a waybill API. {status: 503} means an outage.
export function waybillRoute(p, error) {
  if (p.type === 'pdd.waybill.get') return get(p, error);
  if (p.type === 'pdd.waybill.cancel') return cancel(p, error);
  return null;
}

// Control path what (with JSON j): whether it was a waybill one.
export function waybillControl(what, j) {
  if (what === 'fail_waybills') failGets = j.count;
  else if (what === 'fail_cancels') failCancels = j.count;
  else return false;
  return true;
}
