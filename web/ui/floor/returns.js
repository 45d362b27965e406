/*
 * Returns at the returns desk (售后收货): scan the parcel (RMA number,
 * order number, tracking number or SSCC: GET /api/v1/returns/lookup); no
 * RMA → receive without one (POST /api/v1/returns/unannounced); then each
 * item, its condition (three buttons), and the receipt (POST
 * /api/v1/returns/{id}/receive, default bin: the returns zone). Then what
 * came back is disposed of: sellable units to a scanned bin (restock) or a
 * putaway task, anything to quarantine (POST /api/v1/returns/{id}/dispose).
 * Every confirmation has its idempotency key. Offline (or behind queued
 * scans) receipts and disposals wait in the floor's queue (queue.js) with
 * their keys, the RMA held here takes them at once so the next step goes
 * on, and pick.replay sends them in order (their `path`) when the network
 * returns. Finding the parcel needs the network.
 */
import { api, uuid, ApiError, NetworkError } from '../lib/api.js';
import * as queue from './queue.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { screen, button, facts, stepper, resolve, itemOf, errText, commit, list } from './flow.js';

const CONDITIONS = ['sellable', 'damaged', 'defective'];
const LEADS = ['admin', 'warehouse_lead'];

let ctx = null;
let found = null;   /* a lookup without an RMA: {order, order_number} */
let rma = null;     /* the RMA document received against */
let item = null;    /* the item scanned: itemOf() + qty */
let unexpected = null; /* an item refused as not on the order (a lead may accept it) */
let disposing = false;

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

export function start(c) {
  ctx = c;
  found = null;
  rma = null;
  item = null;
  unexpected = null;
  disposing = false;
  render();
}

/* Received units not yet disposed of, by SKU and condition. */
function waiting() {
  const out = [];
  for (const r of (rma && rma.receipts) || []) {
    const left = r.qty - (r.disposed || 0);
    if (left <= 0) continue;
    const g = out.find((x) => x.sku === r.sku && x.condition === r.condition);
    if (g) g.qty += left;
    else out.push({ sku: r.sku, condition: r.condition, qty: left, bin: r.bin });
  }
  return out;
}

function linesBox() {
  return list('rma-lines', rma.lines.map((l) => ({
    text: [el('b', { translate: 'no' }, l.sku), ' ', t('returns.floor.line', { received: fmtNumber(l.received), qty: fmtNumber(l.qty) })],
  })));
}

function parcelScreen(home) {
  if (found) {
    screen({
      flow: 'returns', step: 'no_rma', verb: t('returns.floor.no_rma'), big: found.order_number,
      hint: t('returns.floor.no_rma_hint'),
      actions: [button('rma-unannounced', t('returns.floor.unannounced'), unannounced, 'primary'),
        button('cancel', t('common.back'), () => { found = null; render(); }), home],
    });
    return;
  }
  screen({
    flow: 'returns', step: 'scan_parcel', verb: t('returns.floor.title'), big: t('returns.floor.scan_parcel_big'),
    hint: t('returns.floor.scan_parcel'), actions: [home],
  });
}

function disposeScreen(home) {
  const g = waiting()[0];
  if (!g) {
    disposing = false;
    rma = null;
    feedback('ok', () => t('returns.floor.all_disposed'));
    render();
    return;
  }
  const sellable = g.condition === 'sellable';
  screen({
    flow: 'returns', step: sellable ? 'scan_bin' : 'dispose', verb: t('returns.floor.dispose'), big: g.sku,
    hint: sellable ? t('returns.floor.scan_bin') : t('returns.floor.quarantine_hint'),
    body: facts([[t('returns.condition'), t('returns.condition.' + g.condition)], [t('returns.qty'), fmtNumber(g.qty)],
      [t('returns.bin'), g.bin]]),
    actions: [
      button('rma-quarantine', t('returns.action.quarantine'), () => dispose(g, 'quarantine', null), sellable ? '' : 'primary'),
      sellable ? button('rma-putaway', t('returns.floor.putaway_later'), () => dispose(g, 'restock', null)) : null,
      home,
    ].filter((x) => x),
  });
}

export function render() {
  if (ctx === null) return;
  const home = button('home', t('common.home'), () => ctx.home());
  if (rma === null) return parcelScreen(home);
  if (disposing) return disposeScreen(home);
  if (item === null) {
    screen({
      flow: 'returns', step: 'scan_item', verb: t('returns.floor.receive'), big: rma.number,
      hint: t('returns.floor.scan_item'), body: [linesBox()],
      actions: [
        waiting().length ? button('rma-dispose', t('returns.floor.to_dispose'), () => { disposing = true; render(); }, 'primary') : null,
        button('rma-done', t('returns.floor.parcel_done'), () => { rma = null; render(); }), home,
      ].filter((x) => x),
    });
    return;
  }
  screen({
    flow: 'returns', step: 'condition', verb: t('returns.floor.condition'), big: item.sku,
    hint: t('returns.floor.condition_hint'),
    body: [facts([[t('returns.name'), item.name], [t('returns.lot'), item.lot]]),
      stepper(() => item.qty, (n) => { item.qty = n; }, null),
      unexpected ? el('p', { class: 'hint', id: 'rma-unexpected' }, t('returns.floor.not_on_order', { sku: item.sku })) : null],
    actions: [
      ...CONDITIONS.map((c) => button('cond-' + c, t('returns.condition.' + c), () => receive(c), 'primary wide')),
      unexpected && LEADS.includes(ctx.role) ? button('rma-accept', t('returns.floor.accept_unexpected'), () => receive(unexpected, true)) : null,
      button('cancel', t('common.back'), () => { item = null; unexpected = null; render(); }),
    ].filter((x) => x),
  });
}

async function scanParcel(code) {
  const r = await api('GET', '/api/v1/returns/lookup?code=' + encodeURIComponent(code));
  if (r.rma) {
    rma = r.rma;
    found = null;
    feedback('ok', () => t('returns.floor.rma_ok', { number: r.rma.number }));
  } else if (r.order) {
    found = { order: r.order, order_number: r.order_number };
    feedback('info', () => t('returns.floor.no_rma'));
  } else {
    feedback('error', () => t('returns.floor.not_found', { code }));
    return;
  }
  render();
}

async function unannounced() {
  try {
    rma = await commit('/api/v1/returns/unannounced', { order: found.order });
    found = null;
    feedback('ok', () => t('returns.floor.rma_ok', { number: rma.number }));
    render();
  } catch (e) {
    feedback('error', () => errText(e, {}));
  }
}

async function scanItem(code) {
  let it;
  try {
    it = itemOf(await resolve(code, ctx.warehouse));
  } catch (e) {
    /* Offline: the server reads the scanned code (SKU, barcode or GS1). */
    if (!transient(e)) throw e;
    it = { sku: code, code, name: '', lot: null, pack: 1, gs1: false };
  }
  if (it === null) {
    feedback('error', () => t('returns.floor.not_item', { code }));
    return;
  }
  if (item !== null && item.sku === it.sku && item.lot === it.lot) item.qty += it.pack;
  else {
    item = { ...it, qty: it.pack };
    unexpected = null;
  }
  feedback('ok', () => t('pick.ok'));
  render();
}

/* No answer at all (offline, server down): the confirmation waits. */
const transient = (e) => e instanceof NetworkError || (e instanceof ApiError && e.status >= 500);

/*
 * Sends confirmation @body to route @op of the RMA (its answer replaces
 * the RMA held here), or queues it with its key when offline, behind
 * queued scans, or unanswered, and then applies @local to the RMA held
 * here. True when it was queued.
 */
async function confirmOp(op, body, local) {
  const path = '/api/v1/returns/' + rma.id + '/' + op;
  const key = uuid();
  if (navigator.onLine && (await queue.count()) === 0) {
    try {
      rma = await api('POST', path, { ...body, idempotency_key: key });
      return false;
    } catch (e) {
      if (!transient(e)) throw e;
    }
  }
  await queue.enqueue({ path, body, key, code: rma.number, at: Date.now() });
  await ctx.badge();
  local();
  return true;
}

/* Receives the item in condition @condition: one receipt. */
async function receive(condition, accept) {
  const line = { sku: item.gs1 ? item.code : item.sku, qty: item.qty, condition };
  if (item.lot && !item.gs1) line.lot = item.lot;
  const body = { lines: [line] };
  if (accept) body.accept_unexpected = true;
  const it = item;
  try {
    const queued = await confirmOp('receive', body, () => {
      const l = rma.lines.find((x) => x.sku === it.sku);
      if (l) l.received += it.qty;
      rma.receipts = [...(rma.receipts || []), { sku: it.sku, qty: it.qty, condition, disposed: 0, bin: '' }];
    });
    const done = { n: fmtNumber(it.qty), sku: it.sku };
    feedback('ok', () => (queued ? t('pick.queued') + ': ' : '') + t('returns.floor.received', done));
    item = null;
    unexpected = null;
    render();
  } catch (e) {
    if (e && e.code === 'not_on_order') {
      unexpected = condition;
      render();
    }
    feedback('error', () => errText(e, { sku: item ? item.sku : '', number: rma.number }));
  }
}

/* Disposes of group @g: @action to @bin (null: the default target). */
async function dispose(g, action, bin) {
  const line = { sku: g.sku, qty: g.qty, action, condition: g.condition };
  if (bin) line.bin = bin;
  try {
    const queued = await confirmOp('dispose', { lines: [line] }, () => {
      let n = g.qty;
      for (const r of rma.receipts) {
        if (r.sku !== g.sku || r.condition !== g.condition) continue;
        const take = Math.min(n, r.qty - (r.disposed || 0));
        r.disposed = (r.disposed || 0) + take;
        n -= take;
      }
    });
    const v = { n: fmtNumber(g.qty), sku: g.sku, action: t('returns.action.' + action) };
    feedback('ok', () => (queued ? t('pick.queued') + ': ' : '') + t('returns.floor.disposed', v));
    render();
  } catch (e) {
    feedback('error', () => errText(e, { sku: g.sku, bin: bin || '' }));
  }
}

export async function scanned(code) {
  try {
    if (rma === null) await scanParcel(code);
    else if (disposing) {
      const g = waiting()[0];
      if (g && g.condition === 'sellable') await dispose(g, 'restock', code);
      else feedback('info', () => t('returns.floor.quarantine_hint'));
    } else await scanItem(code);
  } catch (e) {
    feedback('error', () => errText(e, { number: rma ? rma.number : '' }));
  }
}
