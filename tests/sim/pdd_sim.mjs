// A Pinduoduo (拼多多) open-platform simulator for tests: a local HTTP
// server that checks every request as the router does and answers in the
// documented shapes. It is not part of Depot and shares no code with it:
// the signature is computed here with node's crypto, independently of
// channels/channel_pdd.c.
//
// Router: POST (or GET) /api/router, form or query parameters. Checks, in
// order: type present (10000 参数错误), sign present and client_id known and
// sign equal to upper(MD5(client_secret + k1v1k2v2… + client_secret)) over
// every parameter but sign sorted by name (20004 签名验证失败), timestamp
// in seconds within 10 minutes (10000 naming the timestamp: the code for
// it was not found), data_type JSON, access_token present and known
// (10019 access_token已过期 for both; not asked of the token refresh).
// Errors are {"error_response":{"error_code":20004,"error_msg":…,
// "sub_code":"20004","sub_msg":…,"request_id":…}} with HTTP 200, as
// Pinduoduo sends them.
//
// APIs: pdd.order.number.list.increment.get (start_updated_at,
// end_updated_at in seconds, at most 30 minutes apart; page, page_size
// <= 100; is_lucky_flag, order_status, refund_status required; answers
// order_sn_increment_get_response {total_count, order_sn_list, has_next},
// orders by updated_at ascending), pdd.logistics.online.send (order_sn,
// logistics_id numeric, tracking_number; answers
// logistics_online_send_response {is_success}),
// pdd.order.upload.extra.logistics (an extra waybill of a shipped order;
// see uploadExtra; logged in extras) and
// pdd.pop.auth.token.refresh (refresh_token; a new access and refresh
// token, the old access token refused from then on).
//
// Control (JSON, for the test only), under /__sim/:
//   POST orders        {orders:[…]}  adds or replaces orders (PDD shape;
//                      updated_at "yyyy-MM-dd HH:mm:ss" GMT+8, or now)
//   POST modify_after  {order_sn, after, changes}  after `after` list
//                      calls that found orders (empty 30-minute slices
//                      are not counted), applies changes to the order and
//                      sets its updated_at to now (it leaves a pull's
//                      window)
//   POST fail_sends    {count}  the next count shipments fail (an
//                      error_response of a busy system)
//   GET  log           what the router saw
//
// Usage: node pdd_sim.mjs --client-id K --secret S --token T
// Prints "listening <port>" once it listens on 127.0.0.1.
import http from 'node:http';
import crypto from 'node:crypto';
import { waybillLog, waybillRoute, waybillControl } from './pdd_waybill_sim.mjs';
import { book, pddStock, stockControl } from './sim_stock.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const CLIENT_ID = args['client-id'] ?? 'pdd-client-0001';
const SECRET = args.secret ?? 'pdd-sim-secret';
let TOKEN = args.token ?? 'pdd-sim-token';
let REFRESH = args.refresh ?? 'rf-' + TOKEN;

const orders = new Map();
const log = { requests: 0, refused: [], list_calls: 0, list_calls_found: 0, sends: [], extras: [], served: {}, sends_failed: 0, refreshes: 0 };
let modifyAfter = null;
let failSends = 0;

const pad = (n) => String(n).padStart(2, '0');
// A Date as Pinduoduo's GMT+8 text.
function pddTime(d) {
  const t = new Date(d.getTime() + 8 * 3600 * 1000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}
// GMT+8 text as epoch seconds, or NaN.
function parsePdd(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s ?? '');
  if (!m) return NaN;
  return (Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 8 * 3600 * 1000) / 1000;
}

function sign(params, secret) {
  const keys = Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort();
  const text = keys.map((k) => k + params[k]).join('');
  return crypto.createHash('md5').update(secret + text + secret, 'utf8').digest('hex').toUpperCase();
}

function error(code, msg, subCode, subMsg) {
  return {
    error_response: {
      error_code: code, error_msg: msg, sub_code: String(subCode ?? code), sub_msg: subMsg ?? msg,
      request_id: String(Date.now()) + String(Math.floor(Math.random() * 1e5)),
    },
  };
}

// The router's checks shared by every API; an error body or null.
function check(p) {
  if (!p.type) return error(10000, '参数错误', 10000, 'type不能为空');
  if (!p.sign || p.client_id !== CLIENT_ID || p.sign !== sign(p, SECRET)) {
    return error(20004, '签名验证失败');
  }
  const ts = Number(p.timestamp);
  if (!/^\d{10}$/.test(p.timestamp ?? '') || Math.abs(Date.now() / 1000 - ts) > 600) {
    return error(10000, '参数错误', 'timestamp', 'timestamp已过期或不合法');
  }
  if (p.data_type && p.data_type !== 'JSON') return error(10000, '参数错误', 'data_type', '本模拟器只回答JSON');
  if (p.type !== 'pdd.pop.auth.token.refresh' && (!p.access_token || p.access_token !== TOKEN)) {
    return error(10019, 'access_token已过期');
  }
  return null;
}

function incrementGet(p) {
  for (const k of ['start_updated_at', 'end_updated_at', 'is_lucky_flag', 'order_status', 'refund_status']) {
    if (p[k] === undefined || p[k] === '') return error(10000, '参数错误', 10000, `${k}不能为空`);
  }
  const from = Number(p.start_updated_at);
  const to = Number(p.end_updated_at);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from || to - from > 30 * 60) {
    return error(10000, '参数错误', 10000, '开始时间结束时间间距不超过30分钟');
  }
  const size = Number(p.page_size ?? 100);
  const page = Number(p.page ?? 1);
  if (!(size >= 1 && size <= 100) || !(page >= 1)) return error(10000, '参数错误', 10000, 'page_size不合法');
  const status = Number(p.order_status);
  const refund = Number(p.refund_status);
  const lucky = Number(p.is_lucky_flag);
  const all = [...orders.values()]
    .filter((o) => status === 5 || o.order_status === status)
    .filter((o) => refund === 5 || o.refund_status === refund)
    .filter((o) => lucky === 0 || (o.is_lucky_flag ?? 1) === lucky)
    .filter((o) => { const m = parsePdd(o.updated_at); return m >= from && m <= to; })
    .sort((a, b) => parsePdd(a.updated_at) - parsePdd(b.updated_at) || a.order_sn.localeCompare(b.order_sn));
  const slice = all.slice((page - 1) * size, page * size);
  log.list_calls += 1;
  if (all.length > 0) log.list_calls_found += 1;
  for (const o of slice) log.served[o.order_sn] = (log.served[o.order_sn] ?? 0) + 1;
  const body = {
    order_sn_increment_get_response: {
      total_count: all.length, has_next: page * size < all.length,
      order_sn_list: slice.map((o) => structuredClone(o)),
    },
  };
  if (modifyAfter && log.list_calls_found >= modifyAfter.after) {
    const o = orders.get(String(modifyAfter.order_sn));
    if (o) Object.assign(o, modifyAfter.changes, { updated_at: pddTime(new Date()) });
    modifyAfter = null;
  }
  return body;
}

function onlineSend(p) {
  for (const k of ['order_sn', 'logistics_id', 'tracking_number']) {
    if (!p[k]) return error(10000, '参数错误', 10000, `${k}不能为空`);
  }
  if (!/^\d+$/.test(p.logistics_id)) return error(10000, '参数错误', 10000, 'logistics_id不合法');
  const o = orders.get(String(p.order_sn));
  if (!o) return error(50000, '业务错误', 'order_not_exist', '订单不存在');
  if (failSends > 0) {
    failSends -= 1;
    log.sends_failed += 1;
    return error(50001, '系统繁忙', 'system_busy', '系统繁忙，请稍后重试');
  }
  if (o.order_status !== 1 || o.refund_status !== 1) {
    return error(50000, '业务错误', 'order_status_error', `订单状态不允许发货 ${o.order_status}/${o.refund_status}`);
  }
  log.sends.push({ order_sn: p.order_sn, logistics_id: p.logistics_id, tracking_number: p.tracking_number });
  o.order_status = 2;
  o.logistics_id = Number(p.logistics_id);
  o.tracking_number = p.tracking_number;
  o.updated_at = pddTime(new Date());
  return { logistics_online_send_response: { is_success: true } };
}

// pdd.order.upload.extra.logistics (订单额外运单信息上传): order_sn,
// extra_track_type (1 分包发货, 2 补发商品, 3 发放赠品), extra_track_list (JSON
// text [{shipping_id, tracking_number}]); only for an order already
// shipped with pdd.logistics.online.send. Answers
// upload_extra_logistics_response {success}.
function uploadExtra(p) {
  for (const k of ['order_sn', 'extra_track_list']) {
    if (!p[k]) return error(10000, '参数错误', 10000, `${k}不能为空`);
  }
  if (p.extra_track_type !== undefined && !['1', '2', '3'].includes(p.extra_track_type)) {
    return error(10000, '参数错误', 10000, 'extra_track_type不合法');
  }
  let list;
  try {
    list = JSON.parse(p.extra_track_list);
  } catch {
    return error(10000, '参数错误', 10000, 'extra_track_list不是合法的JSON');
  }
  if (!Array.isArray(list) || list.length === 0 ||
      list.some((t) => !Number.isInteger(t.shipping_id) || typeof t.tracking_number !== 'string' || !t.tracking_number)) {
    return error(10000, '参数错误', 10000, 'extra_track_list不合法');
  }
  const o = orders.get(String(p.order_sn));
  if (!o) return error(50000, '业务错误', 'order_not_exist', '订单不存在');
  if (failSends > 0) {
    failSends -= 1;
    log.sends_failed += 1;
    return error(50001, '系统繁忙', 'system_busy', '系统繁忙，请稍后重试');
  }
  if (o.order_status !== 2) return error(50000, '业务错误', 'order_status_error', '订单未发货，不能上传额外运单');
  if (list.some((t) => t.tracking_number === o.tracking_number)) {
    return error(50000, '业务错误', 'tracking_number_repeat', '额外运单号不能与主运单号相同');
  }
  log.extras.push({ order_sn: p.order_sn, extra_track_type: p.extra_track_type ?? '', extra_track_list: list });
  o.updated_at = pddTime(new Date());
  return { upload_extra_logistics_response: { success: true } };
}

function refreshToken(p) {
  if (p.refresh_token !== REFRESH) return error(10000, '参数错误', 'refresh_token', 'refresh_token不合法');
  log.refreshes += 1;
  TOKEN = 'pdd-token-' + crypto.randomBytes(6).toString('hex');
  REFRESH = 'pdd-refresh-' + crypto.randomBytes(6).toString('hex');
  return {
    pop_auth_token_refresh_response: {
      access_token: TOKEN, expires_in: 86400, expires_at: Math.floor(Date.now() / 1000) + 86400,
      refresh_token: REFRESH, refresh_token_expires_in: 2592000, owner_id: '10001', owner_name: 'sim-shop', scope: [],
    },
  };
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

function route(p) {
  const refused = check(p);
  if (refused) {
    log.refused.push(refused.error_response.error_code);
    return refused;
  }
  if (p.type === 'pdd.order.number.list.increment.get') return incrementGet(p);
  if (p.type === 'pdd.logistics.online.send') return onlineSend(p);
  if (p.type === 'pdd.order.upload.extra.logistics') return uploadExtra(p);
  if (p.type === 'pdd.pop.auth.token.refresh') return refreshToken(p);
  const w = waybillRoute(p, error); // e-waybills: pdd_waybill_sim.mjs
  if (w) return w;
  if (p.type === 'pdd.goods.quantity.update') return pddStock(p, error);
  return error(10000, '参数错误', 10000, `type ${p.type} 不存在`);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://sim');
  const body = await readBody(req);
  if (url.pathname.startsWith('/__sim/')) {
    const what = url.pathname.slice(7);
    const j = body ? JSON.parse(body) : {};
    if (what === 'orders') {
      for (const o of j.orders) {
        o.order_sn = String(o.order_sn);
        if (!o.updated_at) o.updated_at = pddTime(new Date());
        orders.set(o.order_sn, o);
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
  if (url.pathname !== '/api/router') {
    res.writeHead(404).end();
    return;
  }
  log.requests += 1;
  const p = Object.fromEntries(url.searchParams);
  for (const [k, v] of new URLSearchParams(body)) p[k] = v;
  const answer = route(p);
  if (answer.status === 503) res.writeHead(503).end('Service Unavailable');
  else reply(res, answer);
});

server.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
