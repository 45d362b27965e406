// A JD (京东) JOS open-platform simulator for tests: a local HTTP server
// that checks every request as the JOS router does and answers in the
// documented shapes. It is not part of Depot and shares no code with it:
// the signature is computed here with node's crypto, independently of
// channels/channel_jd.c.
//
// Router: POST (or GET) /routerjson, form or query parameters. Checks, in
// order: method present (14 Missing Method), sign present (11 Missing
// Signature), app_key known and sign equal to MD5(secret + k1v1k2v2… +
// secret) over every parameter but sign sorted by name, uppercase hex (12
// Invalid Signature for either: the error table read has no code of its
// own for an unknown app key), timestamp "yyyy-MM-dd HH:mm:ss" in GMT+8 present (7
// Missing Timestamp) and within 10 minutes (8 Invalid Timestamp), v 2.0
// (4 Missing Version, 5 Unsupported Version), access_token present and
// known (19 Invalid access_token for both), 360buy_param_json valid JSON.
// Errors are {"error_response":{"code":"12","zh_desc":…,"en_desc":…}}
// with HTTP 200, codes as strings, as JOS sends them. Successes answer
// {"<method with _>_responce":{code:"0", …}} (JOS's spelling).
//
// Methods: jingdong.pop.order.search (start_date, end_date, order_state,
// optional_fields, page, page_size <= 100, dateType 0 = by modification,
// sortType 1 = newest first; answers searchorderinfo_result {orderInfoList,
// orderTotal, apiResult}) and jingdong.pop.order.shipment (orderId,
// logiCoprId numeric ids '|'-separated, logiNo waybills '|' between
// companies and ',' within one; answers sopjosshipment_result {success};
// an order ships once).
// E-waybills (receive, bigshot.query, api.unbind): jd_waybill_sim.mjs.
// OAuth: GET /oauth2/refresh_token?app_key&app_secret&grant_type=
// refresh_token&refresh_token: a new access and refresh token (the old
// access token is refused from then on).
//
// Control (JSON, for the test only), under /__sim/:
//   POST orders        {orders:[…]}  adds or replaces orders (JOS shape)
//   POST modify_after  {orderId, after, changes}  after `after` full
//                      search pages, applies changes to the order and sets
//                      its modified to now (it leaves a pull's window)
//   POST fail_sends    {count}  the next count shipments fail
//                      (success false, as JOS answers a refused shipment)
//   GET  log           what the router saw
//
// Usage: node jd_sim.mjs --app-key K --secret S --token T
// Prints "listening <port>" once it listens on 127.0.0.1.
import http from 'node:http';
import crypto from 'node:crypto';
import { book, jdStock, stockControl } from './sim_stock.mjs';
import { waybillLog, waybillRoute, waybillControl } from './jd_waybill_sim.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const APP_KEY = args['app-key'] ?? 'JDAPPKEY0001';
const SECRET = args.secret ?? 'jd-sim-secret';
let TOKEN = args.token ?? 'jd-sim-token';
let REFRESH = args.refresh ?? 'rf-' + TOKEN;

const orders = new Map();
const log = { requests: 0, refused: [], search_pages: 0, sends: [], served: {}, sends_failed: 0, refreshes: 0 };
let modifyAfter = null;
let failSends = 0;

const pad = (n) => String(n).padStart(2, '0');
// A Date as JOS's GMT+8 text.
function josTime(d) {
  const t = new Date(d.getTime() + 8 * 3600 * 1000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}
// JOS's GMT+8 text as epoch milliseconds, or NaN.
function parseJos(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s ?? '');
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 8 * 3600 * 1000;
}

function sign(params, secret) {
  const keys = Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort();
  const text = keys.map((k) => k + params[k]).join('');
  return crypto.createHash('md5').update(secret + text + secret, 'utf8').digest('hex').toUpperCase();
}

function error(code, zh, en) {
  return { error_response: { code: String(code), zh_desc: zh, en_desc: en } };
}

// The router's checks shared by every method; an error body or null.
function check(p) {
  if (!p.method) return error(14, '缺少方法名参数', 'Missing Method');
  if (!p.sign) return error(11, '缺少签名参数', 'Missing Signature');
  if (p.app_key !== APP_KEY || p.sign !== sign(p, SECRET)) return error(12, '无效签名', 'Invalid Signature');
  if (!p.timestamp) return error(7, '缺少时间戳参数', 'Missing Timestamp');
  const ts = parseJos(p.timestamp);
  if (Number.isNaN(ts) || Math.abs(Date.now() - ts) > 10 * 60 * 1000) {
    return error(8, '非法的时间戳参数', 'Invalid Timestamp');
  }
  if (!p.v) return error(4, '缺少版本参数', 'Missing Version');
  if (p.v !== '2.0') return error(5, '不支持的版本号', 'Unsupported Version');
  if (!p.access_token || p.access_token !== TOKEN) return error(19, '无效access_token', 'Invalid access_token');
  return null;
}

function pick(order, fields) {
  const out = {};
  for (const f of fields) if (f in order) out[f] = order[f];
  return out;
}

function apiFailure(zh, en) {
  return { success: false, chineseErrCode: zh, englishErrCode: en, numberCode: 10100 };
}

function orderSearch(biz) {
  const res = (body) => ({ jingdong_pop_order_search_responce: { code: '0', searchorderinfo_result: body } });
  for (const k of ['start_date', 'end_date', 'order_state', 'optional_fields']) {
    if (!biz[k]) return res({ apiResult: apiFailure(`${k}不能为空`, `${k} is required`), orderTotal: 0, orderInfoList: [] });
  }
  const from = parseJos(biz.start_date);
  const to = parseJos(biz.end_date);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from || to - from > 31 * 24 * 3600 * 1000) {
    return res({ apiResult: apiFailure('时间范围不合法', 'invalid date range'), orderTotal: 0, orderInfoList: [] });
  }
  const size = Number(biz.page_size ?? 20);
  const page = Number(biz.page ?? 1);
  if (!(size >= 1 && size <= 100) || !(page >= 1)) {
    return res({ apiResult: apiFailure('page_size不合法', 'invalid page_size'), orderTotal: 0, orderInfoList: [] });
  }
  if (String(biz.dateType) !== '0') {
    return res({ apiResult: apiFailure('本模拟器只按修改时间查询', 'this simulator searches by modification time only'), orderTotal: 0, orderInfoList: [] });
  }
  const states = String(biz.order_state).split(',');
  const fields = String(biz.optional_fields).split(',').map((s) => s.trim());
  const desc = String(biz.sortType) === '1';
  const all = [...orders.values()]
    .filter((o) => states.includes(o.orderState))
    .filter((o) => { const m = parseJos(o.modified); return m >= from && m <= to; })
    .sort((a, b) => (parseJos(a.modified) - parseJos(b.modified) || a.orderId.localeCompare(b.orderId)) * (desc ? -1 : 1));
  const slice = all.slice((page - 1) * size, page * size);
  if (fields.length > 1) {
    log.search_pages += 1;
    for (const o of slice) log.served[o.orderId] = (log.served[o.orderId] ?? 0) + 1;
    if (modifyAfter && log.search_pages >= modifyAfter.after) {
      const o = orders.get(String(modifyAfter.orderId));
      if (o) Object.assign(o, modifyAfter.changes, { modified: josTime(new Date()) });
      modifyAfter = null;
    }
  }
  return res({
    apiResult: { success: true, chineseErrCode: '成功', englishErrCode: 'success', numberCode: 0 },
    orderTotal: all.length,
    orderInfoList: slice.map((o) => pick(o, fields)),
  });
}

function orderShipment(biz) {
  const res = (body) => ({ jingdong_pop_order_shipment_responce: { code: '0', sopjosshipment_result: body } });
  for (const k of ['orderId', 'logiCoprId', 'logiNo']) {
    if (!biz[k]) return res({ success: false, errorCode: '10400', chineseErrCode: `${k}不能为空`, englishErrCode: `${k} is required` });
  }
  // Several companies go '|'-separated ("2100|4700"), their waybills too,
  // and several waybills of one company ','-separated within its part
  // ("1200458628372,111232|468778814888"): as many parts as companies.
  const corps = String(biz.logiCoprId).split('|');
  const nos = String(biz.logiNo).split('|');
  if (corps.some((c) => !/^\d+$/.test(c))) {
    return res({ success: false, errorCode: '10400', chineseErrCode: '物流公司ID不合法', englishErrCode: 'invalid logiCoprId' });
  }
  if (nos.length !== corps.length || nos.some((n) => n.split(',').some((w) => !/^[0-9A-Za-z-]+$/.test(w)))) {
    return res({ success: false, errorCode: '10400', chineseErrCode: '运单号与物流公司不匹配', englishErrCode: 'logiNo does not match logiCoprId' });
  }
  const o = orders.get(String(biz.orderId));
  if (!o) return res({ success: false, errorCode: '10300', chineseErrCode: '订单不存在', englishErrCode: 'order not found' });
  if (failSends > 0) {
    failSends -= 1;
    log.sends_failed += 1;
    return res({ success: false, errorCode: '10500', chineseErrCode: '系统繁忙，请稍后重试', englishErrCode: 'system busy, retry later' });
  }
  if (o.orderState !== 'WAIT_SELLER_STOCK_OUT') {
    return res({ success: false, errorCode: '10600', chineseErrCode: '订单状态不允许出库', englishErrCode: `order state ${o.orderState}` });
  }
  log.sends.push({ orderId: String(biz.orderId), logiCoprId: String(biz.logiCoprId), logiNo: String(biz.logiNo) });
  o.orderState = 'WAIT_GOODS_RECEIVE_CONFIRM';
  o.modified = josTime(new Date());
  return res({ success: true, chineseErrCode: '成功', englishErrCode: 'success' });
}

function refreshToken(q) {
  if (q.get('app_key') !== APP_KEY || q.get('app_secret') !== SECRET) {
    return { code: 402, msg: 'app_key or app_secret is invalid' };
  }
  if (q.get('grant_type') !== 'refresh_token') return { code: 403, msg: 'grant_type must be refresh_token' };
  if (q.get('refresh_token') !== REFRESH) return { code: 404, msg: 'refresh_token is invalid' };
  log.refreshes += 1;
  TOKEN = 'jd-token-' + crypto.randomBytes(6).toString('hex');
  REFRESH = 'jd-refresh-' + crypto.randomBytes(6).toString('hex');
  return {
    access_token: TOKEN, expires_in: 86400, refresh_token: REFRESH, scope: 'snsapi_base',
    open_id: 'sim-open-id', uid: 'sim-uid', time: String(Date.now()), token_type: 'bearer', code: 0,
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
    log.refused.push(refused.error_response.code);
    return refused;
  }
  let biz;
  try {
    biz = JSON.parse(p['360buy_param_json'] ?? '{}');
  } catch {
    return error(66, '360buy_param_json不是合法的json', 'invalid 360buy_param_json');
  }
  if (p.method === 'jingdong.pop.order.search') return orderSearch(biz);
  if (p.method === 'jingdong.pop.order.shipment') return orderShipment(biz);
  if (p.method === 'jingdong.stock.write.updateSkuStock') return jdStock(biz, error);
  const w = waybillRoute(p.method, biz); // e-waybills: jd_waybill_sim.mjs
  if (w) return w;
  return error(15, '不存在的方法名', 'Invalid Method');
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://sim');
  const body = await readBody(req);
  if (url.pathname.startsWith('/__sim/')) {
    const what = url.pathname.slice(7);
    const j = body ? JSON.parse(body) : {};
    if (what === 'orders') {
      for (const o of j.orders) {
        o.orderId = String(o.orderId);
        if (!o.modified) o.modified = josTime(new Date());
        orders.set(o.orderId, o);
      }
    } else if (what === 'modify_after') {
      modifyAfter = j;
    } else if (what === 'fail_sends') {
      failSends = j.count;
    } else if (waybillControl(what, j)) {
      // fall through to the log
    } else if (stockControl(what, j)) {
      reply(res, book);
      return;
    } else if (what !== 'log') {
      res.writeHead(404).end();
      return;
    }
    reply(res, { ...log, ...waybillLog, orders: orders.size });
    return;
  }
  if (url.pathname === '/oauth2/refresh_token') {
    reply(res, refreshToken(url.searchParams));
    return;
  }
  if (url.pathname !== '/routerjson') {
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
