// A Taobao/Tmall (TOP) open-platform simulator for tests: a local HTTP
// server that checks every request as the TOP router does and answers in
// the documented shapes. It is not part of Depot and shares no code with
// it: the signature is computed here with node's crypto, independently of
// channels/channel_taobao.c.
//
// Router: POST /router/rest (form or query parameters). Checks, in order:
// method present (21), app_key known (29), sign_method md5|hmac and sign
// equal to MD5(secret + sorted k+v + secret) or HMAC-MD5(secret, sorted
// k+v) in uppercase hex (25 Invalid signature), timestamp "yyyy-MM-dd
// HH:mm:ss" in GMT+8 within 10 minutes (31 Invalid timestamp), session
// present (26 Missing session) and known (27 Invalid session,
// invalid-sessionkey). Errors are {"error_response":{code,msg,sub_code,
// sub_msg,request_id}} with HTTP 200, as TOP sends them.
//
// Methods: taobao.top.auth.token.refresh (refresh_token, no session: a
// new session and refresh token; the old session is refused from then
// on), taobao.trades.sold.increment.get (start_modified and
// end_modified at most a day apart, page_no, page_size <= 100, newest
// modification first, total_results) and taobao.logistics.offline.send
// (tid, out_sid, company_code; is_split + sub_tid).
//
// Cainiao e-waybills (菜鸟电子面单), also through the router with the same
// checks: cainiao.waybill.ii.get (param_waybill_cloud_print_apply_new_request,
// a JSON text with cp_code, sender {name, mobile|phone, address {province,
// city, detail}}, trade_order_info_dtos [1..10] each with object_id,
// order_info {order_channels_type, trade_order_list}, package_info {items,
// weight}, recipient {name, address, oaid?}, template_url): a distinct
// waybill number per object_id, the same one for a repeated object_id;
// answers {cainiao_waybill_ii_get_response: {modules:
// {waybill_cloud_print_response: [{object_id, waybill_code, print_data}]}}}
// with print_data a JSON text {data: {waybillCode, cpCode, recipient,
// sender, routingInfo}, signature, templateURL}. cainiao.waybill.ii.cancel
// (cp_code, waybill_code): {cainiao_waybill_ii_cancel_response:
// {cancel_result: true}}; an unknown number is refused (isv).
//
// Control (JSON, for the test only), under /__sim/:
//   POST trades           {trades:[…]}   adds or replaces trades
//   POST modify_after     {tid, after, changes}  after `after` full list
//                          pages, applies changes to tid and sets its
//                          modified to now (it leaves a pull's window)
//   POST fail_sends       {count}  the next count sends fail (isp error)
//   POST fail_waybills    {count}  the next count waybill gets fail (isp)
//   POST fail_cancels     {count}  the next count cancels fail (isp)
//   GET  log              what the router saw (waybills: one entry per
//                          get per object_id; cancels: each cancel)
//
// Usage: node taobao_sim.mjs --app-key K --secret S --session T
// Prints "listening <port>" once it listens on 127.0.0.1.
import http from 'node:http';
import crypto from 'node:crypto';
import { book, stockControl, taobaoStock } from './sim_stock.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const APP_KEY = args['app-key'] ?? '12345678';
const SECRET = args.secret ?? 'sim-secret';
let SESSION = args.session ?? 'sim-session';
let REFRESH = args.refresh ?? 'rf-' + SESSION;

const trades = new Map();
const log = {
  requests: 0, refused: [], list_pages: 0, sends: [], served: {},
  waybill_gets: {}, waybills: {}, cancels: [], waybills_failed: 0, cancels_failed: 0,
};
let modifyAfter = null;
let failSends = 0;
let failWaybills = 0;
let failCancels = 0;
let nextWaybill = 1;
const CP_CODES = new Set(['ZTO', 'YTO', 'YUNDA', 'STO', 'SF', 'EMS', 'JTSD', 'POSTB']);

const pad = (n) => String(n).padStart(2, '0');
// A Date as TOP's GMT+8 text.
function topTime(d) {
  const t = new Date(d.getTime() + 8 * 3600 * 1000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}
// TOP's GMT+8 text as epoch milliseconds, or NaN.
function parseTop(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s ?? '');
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 8 * 3600 * 1000;
}

function sign(params, secret, method) {
  const keys = Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort();
  const text = keys.map((k) => k + params[k]).join('');
  const digest = method === 'hmac'
    ? crypto.createHmac('md5', secret).update(text, 'utf8').digest('hex')
    : crypto.createHash('md5').update(secret + text + secret, 'utf8').digest('hex');
  return digest.toUpperCase();
}

function error(code, msg, subCode, subMsg) {
  const e = { code, msg, request_id: crypto.randomBytes(6).toString('hex') };
  if (subCode) { e.sub_code = subCode; e.sub_msg = subMsg ?? subCode; }
  return { error_response: e };
}

// The router's checks shared by every method; an error body or null.
function check(p) {
  if (!p.method) return error(21, 'Missing method');
  if (p.app_key !== APP_KEY) return error(29, 'Invalid app Key');
  if (p.sign_method !== 'md5' && p.sign_method !== 'hmac') {
    return error(25, 'Invalid signature', 'isv.invalid-signmethod');
  }
  if (!p.sign || p.sign !== sign(p, SECRET, p.sign_method)) return error(25, 'Invalid signature');
  const ts = parseTop(p.timestamp);
  if (Number.isNaN(ts) || Math.abs(Date.now() - ts) > 10 * 60 * 1000) {
    return error(31, 'Invalid timestamp', 'isv.invalid-timestamp',
      'timestamp is missing or more than 10 minutes off');
  }
  if (p.method === 'taobao.top.auth.token.refresh') return null;
  if (!p.session) return error(26, 'Missing session');
  if (p.session !== SESSION) return error(27, 'Invalid session', 'invalid-sessionkey', 'SessionKey非法');
  if (p.format !== 'json') return error(41, 'Invalid arguments', 'isv.invalid-parameter:format', 'this simulator answers json');
  return null;
}

function pick(trade, fields) {
  const out = {};
  for (const f of fields) if (f in trade) out[f] = trade[f];
  return out;
}

function incrementGet(p) {
  for (const k of ['fields', 'start_modified', 'end_modified']) {
    if (!p[k]) return error(40, 'Missing required arguments', `isv.missing-parameter:${k}`);
  }
  const from = parseTop(p.start_modified);
  const to = parseTop(p.end_modified);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from || to - from > 24 * 3600 * 1000) {
    return error(41, 'Invalid arguments', 'isv.invalid-parameter:end_modified',
      'end_modified - start_modified must be between 0 and one day');
  }
  const size = Number(p.page_size ?? 40);
  const page = Number(p.page_no ?? 1);
  if (!(size >= 1 && size <= 100) || !(page >= 1)) {
    return error(41, 'Invalid arguments', 'isv.invalid-parameter:page_size');
  }
  const fields = p.fields.split(',').map((s) => s.trim());
  const all = [...trades.values()]
    .filter((t) => { const m = parseTop(t.modified); return m >= from && m <= to; })
    .sort((a, b) => parseTop(b.modified) - parseTop(a.modified) || b.tid - a.tid);
  const slice = all.slice((page - 1) * size, page * size);
  const body = {
    trades_sold_increment_get_response: {
      total_results: all.length,
      has_next: page * size < all.length,
      trades: { trade: slice.map((t) => pick(t, fields)) },
    },
  };
  if (fields.length > 1) {
    log.list_pages += 1;
    for (const t of slice) log.served[t.tid] = (log.served[t.tid] ?? 0) + 1;
    if (modifyAfter && log.list_pages >= modifyAfter.after) {
      const t = trades.get(String(modifyAfter.tid));
      if (t) Object.assign(t, modifyAfter.changes, { modified: topTime(new Date()) });
      modifyAfter = null;
    }
  }
  return body;
}

function offlineSend(p) {
  for (const k of ['tid', 'out_sid', 'company_code']) {
    if (!p[k]) return error(40, 'Missing required arguments', `isv.missing-parameter:${k}`);
  }
  const t = trades.get(String(p.tid));
  if (!t) return error(15, 'Remote service error', 'isv.logistics-offline-service-error:B01', 'trade not found');
  if (failSends > 0) {
    failSends -= 1;
    log.sends_failed = (log.sends_failed ?? 0) + 1;
    return error(15, 'Remote service error', 'isp.remote-service-timeout', 'the logistics service timed out');
  }
  const split = p.is_split === '1' || p.is_split === 'true';
  if (split && !p.sub_tid) return error(40, 'Missing required arguments', 'isv.missing-parameter:sub_tid');
  log.sends.push({ tid: String(p.tid), out_sid: p.out_sid, company_code: p.company_code,
    is_split: split, sub_tid: p.sub_tid ?? '' });
  t.status = split ? 'SELLER_CONSIGNED_PART' : 'WAIT_BUYER_CONFIRM_GOODS';
  t.modified = topTime(new Date());
  return { logistics_offline_send_response: { shipping: { is_success: true } } };
}

function tokenRefresh(p) {
  if (!p.refresh_token) return error(40, 'Missing required arguments', 'isv.missing-parameter:refresh_token');
  if (p.refresh_token !== REFRESH) return error(15, 'Remote service error', 'isv.refresh-token-invalid', 'refresh_token非法');
  log.refreshes = (log.refreshes ?? 0) + 1;
  SESSION = 'sim-session-' + crypto.randomBytes(6).toString('hex');
  REFRESH = 'sim-refresh-' + crypto.randomBytes(6).toString('hex');
  const result = {
    access_token: SESSION, refresh_token: REFRESH, expires_in: 86400, re_expires_in: 2592000,
    expire_time: Date.now() + 86400 * 1000, taobao_user_nick: 'sim%E5%BA%97',
  };
  return { top_auth_token_refresh_response: { token_result: JSON.stringify(result) } };
}

// One TradeOrderInfoDto checked as the service does; an error body or null.
function checkDto(d, i) {
  const where = `trade_order_info_dtos[${i}]`;
  if (!d || typeof d !== 'object') return error(40, 'Missing required arguments', `isv.missing-parameter:${where}`);
  if (!d.object_id) return error(40, 'Missing required arguments', `isv.missing-parameter:${where}.object_id`);
  if (!d.template_url) return error(40, 'Missing required arguments', `isv.missing-parameter:${where}.template_url`);
  const oi = d.order_info;
  if (!oi || !oi.order_channels_type || !Array.isArray(oi.trade_order_list) || oi.trade_order_list.length === 0) {
    return error(41, 'Invalid arguments', `isv.invalid-parameter:${where}.order_info`);
  }
  const pi = d.package_info;
  if (!pi || !Array.isArray(pi.items) || pi.items.length === 0 ||
      pi.items.some((x) => !x.name || !(x.count >= 1))) {
    return error(41, 'Invalid arguments', `isv.invalid-parameter:${where}.package_info.items`);
  }
  const r = d.recipient;
  if (!r || !r.name || !r.address || !(r.address.detail || r.oaid)) {
    return error(41, 'Invalid arguments', `isv.invalid-parameter:${where}.recipient`);
  }
  return null;
}

function waybillGet(p) {
  const raw = p.param_waybill_cloud_print_apply_new_request;
  if (!raw) return error(40, 'Missing required arguments', 'isv.missing-parameter:param_waybill_cloud_print_apply_new_request');
  let q;
  try { q = JSON.parse(raw); } catch { return error(41, 'Invalid arguments', 'isv.invalid-parameter:param_waybill_cloud_print_apply_new_request'); }
  if (!CP_CODES.has(q.cp_code)) return error(15, 'Remote service error', 'isv.WAYBILL_CP_CODE_INVALID', `cp_code ${q.cp_code} 未订购`);
  const s = q.sender;
  if (!s || !s.name || !(s.mobile || s.phone) || !s.address || !s.address.province ||
      !s.address.city || !s.address.detail) {
    return error(41, 'Invalid arguments', 'isv.invalid-parameter:sender');
  }
  const dtos = q.trade_order_info_dtos;
  if (!Array.isArray(dtos) || dtos.length < 1 || dtos.length > 10) {
    return error(41, 'Invalid arguments', 'isv.invalid-parameter:trade_order_info_dtos');
  }
  for (let i = 0; i < dtos.length; i++) {
    const bad = checkDto(dtos[i], i);
    if (bad) return bad;
  }
  if (failWaybills > 0) {
    failWaybills -= 1;
    log.waybills_failed += 1;
    return error(15, 'Remote service error', 'isp.waybill-service-unavailable', '电子面单服务暂不可用');
  }
  const list = dtos.map((d) => {
    log.waybill_gets[d.object_id] = (log.waybill_gets[d.object_id] ?? 0) + 1;
    let code = log.waybills[d.object_id];
    if (!code) {
      code = q.cp_code.slice(0, 2) + String(7300000000 + nextWaybill++);
      log.waybills[d.object_id] = code;
    }
    const data = {
      cpCode: q.cp_code, waybillCode: code, needEncrypt: false, parent: false,
      recipient: { name: d.recipient.name, mobile: d.recipient.mobile ?? '', phone: d.recipient.phone ?? '', address: d.recipient.address },
      sender: { name: s.name, mobile: s.mobile ?? '', phone: s.phone ?? '', address: s.address },
      routingInfo: {
        sortation: { name: '杭州转 310-余杭' }, consolidation: { name: '杭州中转包', code: '571001' },
        routeCode: 'R-571-01', origin: { code: '200', name: '上海' },
      },
      shippingOption: { code: 'STANDARD_EXPRESS', title: '标准快递' },
    };
    return {
      object_id: d.object_id, waybill_code: code,
      print_data: JSON.stringify({ data, signature: crypto.randomBytes(8).toString('hex'), templateURL: d.template_url }),
    };
  });
  return { cainiao_waybill_ii_get_response: { modules: { waybill_cloud_print_response: list } } };
}

function waybillCancel(p) {
  for (const k of ['cp_code', 'waybill_code']) {
    if (!p[k]) return error(40, 'Missing required arguments', `isv.missing-parameter:${k}`);
  }
  if (!Object.values(log.waybills).includes(p.waybill_code)) {
    return error(15, 'Remote service error', 'isv.WAYBILL_NOT_EXIST', '面单号不存在');
  }
  if (failCancels > 0) {
    failCancels -= 1;
    log.cancels_failed += 1;
    return error(15, 'Remote service error', 'isp.waybill-service-unavailable', '电子面单服务暂不可用');
  }
  log.cancels.push({ cp_code: p.cp_code, waybill_code: p.waybill_code });
  return { cainiao_waybill_ii_cancel_response: { cancel_result: true } };
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
    if (what === 'trades') {
      for (const t of j.trades) {
        if (!t.modified) t.modified = topTime(new Date());
        trades.set(String(t.tid), t);
      }
    } else if (what === 'modify_after') {
      modifyAfter = j;
    } else if (what === 'fail_sends') {
      failSends = j.count;
    } else if (what === 'fail_waybills') {
      failWaybills = j.count;
    } else if (what === 'fail_cancels') {
      failCancels = j.count;
    } else if (stockControl(what, j)) {
      reply(res, book);
      return;
    } else if (what !== 'log') {
      res.writeHead(404).end();
      return;
    }
    reply(res, { ...log, trades: trades.size });
    return;
  }
  if (url.pathname !== '/router/rest') {
    res.writeHead(404).end();
    return;
  }
  log.requests += 1;
  const p = Object.fromEntries(new URLSearchParams(url.search));
  for (const [k, v] of new URLSearchParams(body)) p[k] = v;
  const refused = check(p);
  if (refused) {
    log.refused.push(refused.error_response.code);
    reply(res, refused);
    return;
  }
  if (p.method === 'taobao.trades.sold.increment.get') reply(res, incrementGet(p));
  else if (p.method === 'taobao.logistics.offline.send') reply(res, offlineSend(p));
  else if (p.method === 'taobao.top.auth.token.refresh') reply(res, tokenRefresh(p));
  else if (p.method === 'cainiao.waybill.ii.get') reply(res, waybillGet(p));
  else if (p.method === 'cainiao.waybill.ii.cancel') reply(res, waybillCancel(p));
  else if (p.method === 'taobao.skus.quantity.update' || p.method === 'taobao.item.quantity.update') reply(res, taobaoStock(p, error));
  else reply(res, error(22, 'Invalid method'));
});

server.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
