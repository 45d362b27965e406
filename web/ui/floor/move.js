/*
 * Move and replenish: units from one bin to another by scan.
 *  - Move: scan the bin to take from, the item (each scan adds its pack;
 *    the count can be corrected), then the bin to put into: POST
 *    /api/v1/stock/moves with an idempotency key.
 *  - Replenish: the warehouse's open replenishment tasks (GET
 *    /api/v1/warehouses/{wh}/replenishment-tasks), each: scan the
 *    reserve bin, the item, the pick bin: POST
 *    /api/v1/replenishment-tasks/{id}/confirm with an idempotency key.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { feedback } from './feedback.js';
import { screen, button, facts, stepper, resolve, itemOf, errText, commit, nothing } from './flow.js';

let ctx = null;
let mode = 'move';  /* or 'replen' */
let from = null;    /* the bin scanned to take from */
let item = null;    /* {sku, lot, qty} in hand */
let tasks = [];     /* replenishment tasks left */

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

/* Open replenishment tasks of the warehouse; for the home count too. */
export async function load(wh) {
  const r = await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/replenishment-tasks');
  return r.items.filter((x) => x.state === 'open');
}

export function start(c) {
  ctx = c;
  mode = 'move';
  from = null;
  item = null;
  render();
}

export async function startReplen(c) {
  ctx = c;
  mode = 'replen';
  from = null;
  item = null;
  try {
    tasks = await load(ctx.warehouse);
  } catch (e) {
    feedback('error', () => errText(e, {}));
    return;
  }
  render();
}

function step() {
  if (from === null) return 'scan_from';
  return item === null ? 'scan_item' : 'scan_to';
}

function renderReplen() {
  const task = tasks[0];
  if (!task) {
    nothing('replen', t('replen.none'), () => ctx.home());
    return;
  }
  const s = step();
  const [verb, big, hint] = {
    scan_from: [t('pick.go_to'), task.from_bin, t('pick.scan_bin')],
    scan_item: [t('pick.take', { n: fmtNumber(task.qty) }), task.sku, t('pick.scan_item')],
    scan_to: [t('replen.put_to'), task.to_bin, t('move.scan_to')],
  }[s];
  screen({
    flow: 'replen', step: s, top: t('replen.progress', { n: fmtNumber(tasks.length) }), verb, big, hint,
    body: facts([[t('receive.name'), task.name], [t('pick.lot'), task.lot], [t('putaway.qty'), fmtNumber(task.qty)],
      [t('putaway.from'), task.from_bin], [t('replen.to'), task.to_bin]]),
    actions: [button('home', t('common.home'), () => ctx.home())],
  });
}

export function render() {
  if (ctx === null) return;
  if (mode === 'replen') {
    renderReplen();
    return;
  }
  const s = step();
  const home = button('home', t('common.home'), () => ctx.home());
  if (s === 'scan_from') {
    screen({ flow: 'move', step: s, verb: t('move.title'), big: t('move.from_big'), hint: t('move.scan_from'), actions: [home] });
  } else if (s === 'scan_item') {
    screen({
      flow: 'move', step: s, verb: t('move.take_from'), big: from, hint: t('move.scan_item'),
      actions: [button('cancel', t('common.back'), () => { from = null; render(); }), home],
    });
  } else {
    screen({
      flow: 'move', step: s, verb: t('move.moving', { n: fmtNumber(item.qty) }), big: item.sku,
      hint: t('move.scan_to_or_more'),
      body: [facts([[t('putaway.from'), from], [t('pick.lot'), item.lot]]),
        stepper(() => item.qty, (n) => { item.qty = n; }, null)],
      actions: [button('cancel', t('common.back'), () => { item = null; render(); }), home],
    });
  }
}

async function moveScan(code) {
  const s = step();
  if (s === 'scan_from') {
    const hit = await resolve(code, ctx.warehouse);
    if (hit.kind !== 'bin') {
      feedback('error', () => t('move.not_bin', { code }));
      return;
    }
    from = hit.bin;
  } else {
    const hit = await resolve(code, ctx.warehouse);
    const it = itemOf(hit);
    if (it !== null && (item === null || (item.sku === it.sku && item.lot === it.lot))) {
      item = item ? { ...item, qty: item.qty + it.pack } : { sku: it.sku, lot: it.lot, qty: it.pack };
    } else if (item !== null && hit.kind === 'bin') {
      return moveTo(hit.bin);
    } else {
      feedback('error', () => (item ? t('move.expected_to', { sku: item.sku }) : t('move.not_item', { code })));
      return;
    }
  }
  feedback('ok', () => t('pick.ok'));
  render();
}

async function moveTo(to) {
  const body = { warehouse: ctx.warehouse, sku: item.sku, from_bin: from, to_bin: to, qty: item.qty };
  if (item.lot) body.lot = item.lot;
  await commit('/api/v1/stock/moves', body);
  const n = item.qty;
  const sku = item.sku;
  feedback('ok', () => t('move.done', { n: fmtNumber(n), sku, from: body.from_bin, to }));
  from = null;
  item = null;
  render();
}

async function replenScan(code) {
  const task = tasks[0];
  if (!task) return;
  const s = step();
  const up = code.toUpperCase();
  if (s === 'scan_from') {
    if (up !== task.from_bin) {
      feedback('error', () => t('scan_err.wrong_bin', { bin: task.from_bin }));
      return;
    }
    from = up;
  } else if (s === 'scan_item') {
    const it = itemOf(await resolve(code, ctx.warehouse));
    if (it === null || it.sku !== task.sku) {
      feedback('error', () => t('scan_err.wrong_item', { sku: task.sku }));
      return;
    }
    item = { sku: it.sku, lot: it.lot, qty: task.qty };
  } else {
    if (up !== task.to_bin) {
      feedback('error', () => t('scan_err.wrong_bin', { bin: task.to_bin }));
      return;
    }
    await commit('/api/v1/replenishment-tasks/' + task.id + '/confirm', { qty: task.qty });
    tasks.shift();
    from = null;
    item = null;
    feedback('ok', () => t('replen.done', { n: fmtNumber(task.qty), sku: task.sku, bin: task.to_bin }));
    render();
    return;
  }
  feedback('ok', () => t('pick.ok'));
  render();
}

export async function scanned(code) {
  try {
    if (mode === 'replen') await replenScan(code);
    else await moveScan(code);
  } catch (e) {
    const task = tasks[0] || {};
    feedback('error', () => errText(e, { bin: task.from_bin || from, sku: (item && item.sku) || task.sku }));
  }
}
