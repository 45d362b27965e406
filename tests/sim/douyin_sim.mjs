// A Douyin shop (抖店) open-platform simulator for tests: a local HTTP
// server that checks every request as the platform does and answers in
// the documented shapes. It is not part of Depot and shares no code with
// it: the signature is computed here with node's crypto, independently of
// channels/channel_douyin.c.
//
// Calls: POST (or GET) /<method with '/' for '.'>, e.g. /order/searchList,
// the public parameters in the query (or a form body), param_json in the
// query, the form or as a JSON body. Checks, in order: method present and
// equal to the path (40001 / 70000), sign present (40001
// isv.signature-missing), app_key known and sign equal to
// HMAC-SHA256(secret, text) or MD5(text) as sign_method says, text = secret
// + "app_key" + app_key + "method" + method + "param_json" + param_json +
// "timestamp" + timestamp + "v" + v + secret, lowercase hex (40003
// isv.signature-invalid), timestamp in seconds within 10 minutes (40003
// isv.timestamp-invalid), v 2, param_json an object of strings (objects
// and lists allowed too, which the e-waybill APIs take: 40003
// isv.parameter-format-invalid), access_token present (40001
// isv.access-token-missing) and known (40003 isv.access-token-no-existed;
// not asked of token.refresh). Answers {"code":…,"msg":…,"sub_code":…,
// "sub_msg":…,"log_id":…,"data":…}, code 10000 for a success, HTTP 200.
//
// APIs: order.searchList (update_time_start, update_time_end, page from 0,
// size <= 100, order_by update_time, order_asc; data {shop_order_list,
// page, size, total}), order.logisticsAdd (order_id, company_code,
// logistics_code), order.logisticsAddMultiPack (split parcels: order_id,
// request_id, pack_list of sku orders and units; see below; logged in
// multi_packs) and token.refresh (grant_type refresh_token,
// refresh_token; a new access and refresh token, the old access token
// refused from then on). E-waybills (logistics.newCreateOrder,
// logistics.cancelOrder): douyin_waybill_sim.mjs.
//
// Control (JSON, for the test only), under /__sim/:
//   POST orders        {orders:[…]}  adds or replaces orders (Douyin shape;
//                      update_time in seconds, or now)
//   POST modify_after  {order_id, after, changes}  after `after` search
//                      calls that found orders, applies changes to the
//                      order and sets its update_time to now
//   POST fail_sends    {count}  the next count logisticsAdd (or MultiPack) calls fail
//                      (50002 业务处理失败)
//   GET  log           what the server saw
//
// Usage: node douyin_sim.mjs --app-key K --secret S --token T
// Prints "listening <port>" once it listens on 127.0.0.1.
import http from 'node:http';
import crypto from 'node:crypto';
import { waybillLog, waybillRoute, waybillControl } from './douyin_waybill_sim.mjs';
import { book, douyinStock, stockControl } from './sim_stock.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const APP_KEY = args['app-key'] ?? '7152331588745414188';
const SECRET = args.secret ?? 'douyin-sim-secret';
let TOKEN = args.token ?? 'douyin-sim-token';
let REFRESH = args.refresh ?? 'rf-' + TOKEN;

const orders = new Map();
const log = { requests: 0, refused: [], search_calls: 0, search_calls_found: 0, sends: [], served: {}, sends_failed: 0, refreshes: 0, sign_methods: [], multi_packs: [] };
let modifyAfter = null;
let failSends = 0;

function sign(p, secret) {
  const text = `${secret}app_key${p.app_key}method${p.method}param_json${p.param_json}timestamp${p.timestamp}v${p.v}${secret}`;
  if ((p.sign_method ?? 'md5') === 'hmac-sha256') {
    return crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  }
  return crypto.createHash('md5').update(text, 'utf8').digest('hex');
}

const logId = () => Date.now().toString() + crypto.randomBytes(4).toString('hex');
function answer(code, msg, subCode, subMsg, data) {
  return { code, msg, sub_code: subCode ?? '', sub_msg: subMsg ?? '', log_id: logId(), data: data ?? {} };
}
const ok = (data) => answer(10000, 'success', '', '', data);

// The platform's checks shared by every API; an error body or null.
function check(p, path) {
  if (!p.method) return answer(40001, '缺少必选参数', 'isv.method-missing', 'method不能为空');
  if (p.method.replace(/\./g, '/') !== path) return answer(70000, '接口服务已下线', 'isp.api-service-off', 'API不存在或API已下线');
  if (!p.sign) return answer(40001, '缺少必选参数', 'isv.signature-missing', '获取签名失败，请根据文档确保参数拼装正确');
  if (p.sign_method && !['md5', 'hmac-sha256'].includes(p.sign_method)) {
    return answer(40003, '非法的参数', 'isv.signature-invalid', '签名校验失败');
  }
  if (p.app_key !== APP_KEY || p.sign !== sign(p, SECRET)) {
    return answer(40003, '非法的参数', 'isv.signature-invalid', '签名校验失败');
  }
  if (!/^\d{10}$/.test(p.timestamp ?? '') || Math.abs(Date.now() / 1000 - Number(p.timestamp)) > 600) {
    return answer(40003, '非法的参数', 'isv.timestamp-invalid', '时间戳不合法');
  }
  if (p.v !== '2') return answer(40003, '非法的参数', 'isv.version-invalid', 'v须为2');
  let biz;
  try {
    biz = JSON.parse(p.param_json ?? '{}');
  } catch {
    return answer(40003, '非法的参数', 'isv.parameter-format-invalid', '业务参数json解析失败');
  }
  if (typeof biz !== 'object' || biz === null || Object.values(biz).some((v) => typeof v !== 'string' && (typeof v !== 'object' || v === null))) {
    return answer(40003, '非法的参数', 'isv.parameter-format-invalid', '业务参数json解析失败，所有参数需为string类型');
  }
  if (p.method !== 'token.refresh') {
    if (!p.access_token) return answer(40001, '缺少必选参数', 'isv.access-token-missing', '认证失败，access_token不能为空');
    if (p.access_token !== TOKEN) {
      return answer(40003, '非法的参数', 'isv.access-token-no-existed', 'access_token不存在，请使用最新的access_token访问');
    }
  }
  log.sign_methods.push(p.sign_method ?? 'md5');
  p.biz = biz;
  return null;
}

function searchList(b) {
  for (const k of ['update_time_start', 'update_time_end']) {
    if (!b[k]) return answer(40002, '缺少必选参数', 'isv.missing-parameter', `${k}不能为空`);
  }
  const from = Number(b.update_time_start);
  const to = Number(b.update_time_end);
  const size = Number(b.size ?? 10);
  const page = Number(b.page ?? 0);
  if (!(to >= from) || !(size >= 1 && size <= 100) || !(page >= 0)) {
    return answer(40004, '非法的参数', 'isv.business-failed', '参数不合法');
  }
  const asc = b.order_asc === 'true';
  const all = [...orders.values()]
    .filter((o) => o.update_time >= from && o.update_time <= to)
    .sort((x, y) => (x.update_time - y.update_time || x.order_id.localeCompare(y.order_id)) * (asc ? 1 : -1));
  const slice = all.slice(page * size, (page + 1) * size);
  log.search_calls += 1;
  if (all.length > 0) log.search_calls_found += 1;
  for (const o of slice) log.served[o.order_id] = (log.served[o.order_id] ?? 0) + 1;
  const data = { shop_order_list: slice.map((o) => structuredClone(o)), page, size, total: all.length };
  if (modifyAfter && log.search_calls_found >= modifyAfter.after) {
    const o = orders.get(String(modifyAfter.order_id));
    if (o) Object.assign(o, modifyAfter.changes, { update_time: Math.floor(Date.now() / 1000) });
    modifyAfter = null;
  }
  return ok(data);
}

function logisticsAdd(b) {
  for (const k of ['order_id', 'company_code', 'logistics_code']) {
    if (!b[k]) return answer(40002, '缺少必选参数', 'isv.missing-parameter', `${k}不能为空`);
  }
  const o = orders.get(String(b.order_id));
  if (!o) return answer(50002, '业务处理失败', 'isv.business-failed:order-not-exist', '订单不存在');
  if (failSends > 0) {
    failSends -= 1;
    log.sends_failed += 1;
    return answer(50002, '业务处理失败', 'isv.business-failed:system-busy', '系统繁忙，请稍后重试');
  }
  if (o.order_status !== 2) return answer(50002, '业务处理失败', 'isv.business-failed:status', `订单状态${o.order_status}不允许发货`);
  log.sends.push({ order_id: b.order_id, company_code: b.company_code, logistics_code: b.logistics_code });
  o.order_status = 3;
  o.update_time = Math.floor(Date.now() / 1000);
  return ok({});
}

// order.logisticsAddMultiPack: order_id, request_id (idempotent: a
// request_id seen before answers its first success and ships nothing),
// pack_list [{shipped_order_info [{shipped_order_id, shipped_num}],
// logistics_code, company_code}]. Each sku order of the order ships at most
// its item_num; the order is partly shipped (101) until all have, then 3.
const packsByRequest = new Map();
function logisticsAddMultiPack(b) {
  for (const k of ['order_id', 'request_id']) {
    if (!b[k]) return answer(40002, '缺少必选参数', `isv.missing-parameter:${k === 'request_id' ? 50050 : 50049}`, `${k}不能为空`);
  }
  if (packsByRequest.has(b.request_id)) return ok(packsByRequest.get(b.request_id));
  const o = orders.get(String(b.order_id));
  if (!o) return answer(50002, '业务处理失败', 'isv.business-failed:60033', '订单不存在，请仔细检查后重试。');
  if (!Array.isArray(b.pack_list) || b.pack_list.length === 0) {
    return answer(50002, '业务处理失败', 'isv.business-failed:60036', '发货信息为空。');
  }
  if (failSends > 0) {
    failSends -= 1;
    log.sends_failed += 1;
    return answer(20000, '系统错误', 'isp.service-error:10005', '系统繁忙，请稍后重试。');
  }
  if (o.order_status !== 2 && o.order_status !== 101) {
    return answer(50002, '业务处理失败', 'isv.business-failed:60110', '订单已发货，不允许再次执行发货。');
  }
  const shipped = o.shipped_units ?? {};
  const want = {};
  for (const pk of b.pack_list) {
    if (!pk.logistics_code) return answer(50002, '业务处理失败', 'isv.parameter-invalid:60017', '物流单号不符合规则');
    if (!pk.company_code) return answer(50002, '业务处理失败', 'isv.business-failed:60011', '60011:物流公司编码不允许为空');
    if (!Array.isArray(pk.shipped_order_info) || pk.shipped_order_info.length === 0) {
      return answer(50002, '业务处理失败', 'isv.business-failed:60036', '发货信息为空。');
    }
    for (const si of pk.shipped_order_info) {
      const line = (o.sku_order_list ?? []).find((l) => String(l.sku_order_id) === String(si.shipped_order_id));
      if (!line) return answer(50002, '业务处理失败', 'isv.business-failed:60102', '60102:商品单不存在，请仔细检查后重试');
      const n = Number(si.shipped_num);
      if (!Number.isInteger(n) || n <= 0) return answer(50002, '业务处理失败', 'isv.business-failed:60080', '60080:商品的发货数量不允许小于0');
      want[line.sku_order_id] = (want[line.sku_order_id] ?? 0) + n;
      if ((shipped[line.sku_order_id] ?? 0) + want[line.sku_order_id] > Number(line.item_num)) {
        return answer(50002, '业务处理失败', 'isv.business-failed:70023', '70023:已发货，请检查订单状态');
      }
    }
  }
  for (const [k, n] of Object.entries(want)) shipped[k] = (shipped[k] ?? 0) + n;
  o.shipped_units = shipped;
  const done = (o.sku_order_list ?? []).every((l) => (shipped[l.sku_order_id] ?? 0) >= Number(l.item_num));
  o.order_status = done ? 3 : 101;
  o.update_time = Math.floor(Date.now() / 1000);
  const data = { pack_list: b.pack_list.map((pk, i) => ({ pack_id: `${b.order_id}-${log.multi_packs.length + 1}-${i}`, logistics_code: pk.logistics_code, shipped_order_info: pk.shipped_order_info })) };
  log.multi_packs.push({ order_id: String(b.order_id), request_id: b.request_id, pack_list: b.pack_list });
  packsByRequest.set(b.request_id, data);
  return ok(data);
}

function refresh(b) {
  if (b.grant_type !== 'refresh_token' || b.refresh_token !== REFRESH) {
    return answer(50001, '平台处理失败', 'dop.token-generate-failed:token-invalid', '生成token失败，token不存在');
  }
  log.refreshes += 1;
  TOKEN = 'dy-token-' + crypto.randomBytes(6).toString('hex');
  REFRESH = 'dy-refresh-' + crypto.randomBytes(6).toString('hex');
  return ok({ access_token: TOKEN, expires_in: 604800, refresh_token: REFRESH, scope: 'SCOPE', shop_id: 4463798, shop_name: 'sim-shop' });
}

function readBody(req) {
  return new Promise((resolve) => {
    let b = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { b += c; });
    req.on('end', () => resolve(b));
  });
}

function reply(res, body) {
  res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://sim');
  const body = await readBody(req);
  if (url.pathname.startsWith('/__sim/')) {
    const what = url.pathname.slice(7);
    const j = body ? JSON.parse(body) : {};
    if (what === 'orders') {
      for (const o of j.orders) {
        o.order_id = String(o.order_id);
        if (!o.update_time) o.update_time = Math.floor(Date.now() / 1000);
        orders.set(o.order_id, o);
      }
    } else if (what === 'modify_after') {
      modifyAfter = j;
    } else if (what === 'fail_sends') {
      failSends = j.count;
    } else if (stockControl(what, j)) {
      reply(res, book);
      return;
    } else if (what !== 'log' && !waybillControl(what, j)) {
      res.writeHead(404).end();
      return;
    }
    reply(res, { ...log, ...waybillLog, orders: orders.size });
    return;
  }
  log.requests += 1;
  const p = Object.fromEntries(url.searchParams);
  if (body && (req.headers['content-type'] ?? '').includes('application/json')) {
    p.param_json = body;
  } else if (body) {
    for (const [k, v] of new URLSearchParams(body)) p[k] = v;
  }
  const path = url.pathname.replace(/^\//, '');
  const refused = check(p, path);
  if (refused) {
    log.refused.push(refused.sub_code);
    reply(res, refused);
    return;
  }
  const w = waybillRoute(p, answer, ok); // e-waybills: douyin_waybill_sim.mjs
  if (w) reply(res, w);
  else if (p.method === 'order.searchList') reply(res, searchList(p.biz));
  else if (p.method === 'order.logisticsAdd') reply(res, logisticsAdd(p.biz));
  else if (p.method === 'order.logisticsAddMultiPack') reply(res, logisticsAddMultiPack(p.biz));
  else if (p.method === 'token.refresh') reply(res, refresh(p.biz));
  else if (p.method === 'sku.syncStock') reply(res, douyinStock(p.biz, answer, ok));
  else reply(res, answer(70000, '接口服务已下线', 'isp.api-service-off', 'API不存在或API已下线'));
});

server.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
