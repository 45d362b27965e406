/*
 * Receive at the dock: scan the PO (its number or an ASN reference,
 * found by POST /api/v1/scans/resolve) or a notified carton's SSCC
 * (POST /api/v1/receiving/sscc receives all of it), then each item (GS1
 * gives lot and expiry), confirm the count, and each confirmation is one
 * receipt (POST /api/v1/purchase-orders/{id}/receipts) with its own
 * idempotency key, and what it arrived as (cartons or pallets, how many:
 * a 3PL client is billed per carton or pallet).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { screen, button, facts, stepper, resolve, itemOf, errText, commit, list } from './flow.js';

let ctx = null;
let po = null;     /* the PO received against: {id, number, lines[{sku, name, open}]} */
let item = null;   /* the item being counted: itemOf() + qty */
let last = null;   /* what the last receipt or carton brought: {units, tasks} */
let pack = { level: 'carton', n: 1 }; /* what arrived without an ASN (3PL billing) */

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

export function start(c) {
  ctx = c;
  po = null;
  item = null;
  last = null;
  pack = { level: 'carton', n: 1 };
  render();
}

/* What the receipt arrived as: cartons (the default) or pallets, and how
 * many; billed to a 3PL client per carton or pallet. */
function packageBox() {
  const sel = el('select', { id: 'package-level', onchange: (e) => { pack.level = e.target.value; } },
    ['carton', 'pallet'].map((v) => el('option', { value: v }, t('receive.level.' + v))));
  sel.value = pack.level;
  return el('div', { class: 'row', id: 'package' },
    el('label', { for: 'package-level' }, t('receive.package_level')), sel,
    el('label', { for: 'packages' }, t('receive.packages')),
    el('input', {
      id: 'packages', type: 'number', min: '1', max: '100000', inputmode: 'numeric', value: String(pack.n),
      oninput: (e) => { pack.n = Math.min(100000, Math.max(1, parseInt(e.target.value, 10) || 1)); },
    }));
}

function lineOf(sku) {
  return po.lines.find((l) => l.sku === sku) || null;
}

function lines() {
  return list('po-lines', po.lines.map((l) => ({
    text: [el('b', { translate: 'no' }, l.sku), ' ', t('receive.open', { n: fmtNumber(l.open) })],
  })));
}

function afterBox() {
  if (!last) return null;
  return el('p', { class: 'done-note', id: 'received' },
    t('receive.received', { n: fmtNumber(last.units), tasks: fmtNumber(last.tasks) }));
}

export function render() {
  if (ctx === null) return;
  const home = button('home', t('common.home'), () => ctx.home());
  const putaway = last ? button('to-putaway', t('receive.to_putaway'), () => ctx.go('putaway'), 'primary wide') : null;
  if (po === null) {
    screen({
      flow: 'receive', step: 'scan_po', verb: t('receive.title'), big: t('receive.scan_po_big'),
      hint: t('receive.scan_po'), body: [afterBox(), putaway], actions: [home],
    });
    return;
  }
  if (item === null) {
    screen({
      flow: 'receive', step: 'scan_item', verb: t('receive.receive_po'), big: po.number,
      hint: t('receive.scan_item'), body: [afterBox(), putaway, lines()],
      actions: [button('po-done', t('receive.po_done'), () => { po = null; render(); }), home],
    });
    return;
  }
  const l = lineOf(item.sku);
  screen({
    flow: 'receive', step: 'confirm_qty', verb: t('receive.count_item'), big: item.sku,
    hint: t('receive.confirm_hint'),
    body: [
      facts([[t('receive.name'), item.name], [t('pick.lot'), item.lot], [t('receive.expiry'), item.expiry],
        [t('receive.open_label'), l ? fmtNumber(l.open) : null]]),
      stepper(() => item.qty, (n) => { item.qty = n; render(); }, null),
      packageBox(),
    ],
    actions: [
      button('confirm', t('receive.confirm', { n: fmtNumber(item.qty) }), receiveItem, 'primary'),
      button('cancel', t('common.back'), () => { item = null; render(); }),
    ],
  });
}

/* A notified carton: one scan receives everything it holds. */
async function carton(code) {
  const r = await api('POST', '/api/v1/receiving/sscc', { code });
  const tasks = r.putaway_tasks || [];
  last = { units: tasks.reduce((n, x) => n + x.qty, 0), tasks: tasks.length };
  feedback('ok', () => t('receive.carton_ok', { number: r.number }));
  render();
}

async function scanPo(code) {
  if (/^\d{18}$/.test(code) || /^(\(00\)|\]C100|00\d{18}$)/.test(code)) return carton(code);
  const hit = await resolve(code, ctx.warehouse);
  if (hit.kind === 'sscc') return carton(code);
  if (hit.kind !== 'po') {
    feedback('error', () => t('receive.not_po', { code }));
    return;
  }
  po = hit;
  last = null;
  feedback('ok', () => t('receive.po_ok', { number: hit.number }));
  render();
}

async function scanItem(code) {
  const hit = await resolve(code, ctx.warehouse);
  const it = itemOf(hit);
  if (it === null) {
    feedback('error', () => t('receive.not_item', { code }));
    return;
  }
  if (item !== null && item.sku === it.sku && item.lot === it.lot) {
    item.qty += it.pack; /* the same item again: one more */
  } else {
    if (!lineOf(it.sku)) {
      feedback('error', () => t('floor_err.sku_not_on_po', { sku: it.sku, number: po.number }));
      return;
    }
    item = { ...it, qty: it.pack };
  }
  feedback('ok', () => t('pick.ok'));
  render();
}

/* Confirms the count: one receipt of one line. */
async function receiveItem() {
  const line = { qty: item.qty };
  if (item.gs1) line.code = item.code;
  else line.sku = item.sku;
  const l = lineOf(item.sku);
  const vars = { sku: item.sku, number: po.number, open: fmtNumber(l ? l.open : 0) };
  try {
    const r = await commit('/api/v1/purchase-orders/' + po.id + '/receipts',
      { lines: [line], package_level: pack.level, packages: pack.n });
    const units = item.qty;
    po = { ...po, lines: r.lines, state: r.state };
    last = { units, tasks: (r.putaway_tasks || []).length };
    feedback('ok', () => t('receive.item_ok', { n: fmtNumber(units), sku: vars.sku }));
    item = null;
    pack = { level: 'carton', n: 1 };
    render();
  } catch (e) {
    feedback('error', () => errText(e, vars));
  }
}

export async function scanned(code) {
  try {
    if (po === null) await scanPo(code);
    else await scanItem(code);
  } catch (e) {
    feedback('error', () => errText(e, { number: po ? po.number : '' }));
  }
}
