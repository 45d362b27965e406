/*
 * Look up: scan anything and see what it is, where it is and how many,
 * from POST /api/v1/scans/resolve (every kind it answers: bin, sku, gs1,
 * tote, order, picklist, carton, sscc, badge, po) and GET /api/v1/stock.
 */
import { api } from '../lib/api.js';
import { t, has, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { errorText } from './pick.js';

/* Roles that read orders (orders.read in core/core_perm.c): they see holds and events. */
const READS_ORDERS = ['admin', 'back_office', 'warehouse_lead', 'viewer'];

let ctx = null;
let shown = null; /* [what resolve said, stock rows] of the last scan */

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
  shown = null;
}

export function start(c) {
  ctx = c;
  shown = null;
  render();
}

function rows(list, label, key) {
  return el('ul', { class: 'lookup-rows', id: 'lookup-rows' }, list.map((b) =>
    el('li', {}, el('b', { translate: 'no' }, label(b)), ' ', t(key || 'lookup.units', { n: fmtNumber(b.on_hand) }))));
}

/* The code to show big for each kind the API resolves. */
function codeOf(hit) {
  return hit.sku || hit.bin || hit.tote || hit.external_id || hit.number || hit.sscc || hit.username || hit.code;
}

/* One line of facts for @hit beyond its kind and code: [catalog key, vars] pairs. */
function facts(hit) {
  const st = (k) => (k ? t('lookup.state.' + k) : '');
  switch (hit.kind) {
    case 'bin': return [['lookup.zone', { zone: hit.zone || '' }], hit.blocked ? ['lookup.blocked'] : null];
    case 'tote': return [hit.order ? ['lookup.tote_order', { order: hit.order }] : ['lookup.tote_free']];
    case 'order': return [['lookup.in_state', { state: t('state.' + hit.state) }]];
    case 'picklist': return [['lookup.in_state', { state: st(hit.state) }], ['lookup.warehouse', { code: hit.warehouse }]];
    case 'carton': return [['lookup.in_state', { state: st(hit.state) }],
      hit.tracking_no ? ['lookup.tracking', { tracking: hit.tracking_no }] : null];
    case 'po': return [['lookup.in_state', { state: t('purchasing.state.' + hit.state) }],
      ['lookup.supplier', { supplier: hit.supplier_name || hit.supplier }], hit.asn ? ['lookup.asn', { asn: hit.asn }] : null];
    case 'gs1': return [hit.lot ? ['lookup.lot', { lot: hit.lot }] : null, hit.expiry ? ['lookup.expiry', { date: hit.expiry }] : null];
    case 'badge': return [['lookup.badge_of', { user: hit.username }]];
    default: return [];
  }
}

/* Words for a hold or an event of @key's namespace from its code and params, else null. */
function worded(prefix, code, params) {
  return code && has(prefix + code) ? t(prefix + code, params || {}) : null;
}

/* An order's open holds and latest events (for roles that read orders), in words. */
function orderNotes([order, timeline]) {
  const out = [];
  const holds = (order && order.holds) || [];
  if (holds.length) {
    out.push(el('p', { class: 'hint' }, t('lookup.holds')));
    out.push(el('ul', { class: 'lookup-rows', id: 'lookup-holds' }, holds.map((h) => el('li', {},
      has('orders.hold.' + h.reason) ? t('orders.hold.' + h.reason) : h.reason, ' ',
      worded('hold_detail.', h.reason, h.params) || ''))));
  }
  const events = ((timeline && timeline.items) || []).slice(-3).reverse();
  if (events.length) {
    out.push(el('p', { class: 'hint' }, t('lookup.timeline')));
    out.push(el('ul', { class: 'lookup-rows', id: 'lookup-events' }, events.map((e) => el('li', {},
      worded('event.', e.code, e.params) ||
        t('event.state_change', { from: e.from ? t('state.' + e.from) : '', to: t('state.' + e.to) })))));
  }
  return out;
}

function details(hit, stock) {
  const out = [];
  const kind = has('lookup.kind.' + hit.kind) ? t('lookup.kind.' + hit.kind) : t('lookup.kind.unknown');
  out.push(el('p', { class: 'verb', id: 'lookup-kind', dataset: { kind: hit.kind } }, kind));
  out.push(el('p', { class: 'big', id: 'big', translate: 'no' }, codeOf(hit)));
  if (hit.name) out.push(el('p', { class: 'hint', translate: 'no' }, hit.name));
  for (const f of facts(hit)) if (f) out.push(el('p', { class: 'hint lookup-fact' }, t(f[0], f[1])));
  if (hit.kind === 'order' && stock) out.push(...orderNotes(stock));
  if (hit.kind === 'po') out.push(rows((hit.lines || []).map((l) => ({ ...l, on_hand: l.open })), (l) => l.sku, 'lookup.open'));
  if (stock && (hit.kind === 'sku' || hit.kind === 'gs1')) {
    const s = stock[0] || { on_hand: 0, available: 0, bins: [] };
    out.push(el('p', { class: 'hint', id: 'lookup-total' },
      t('lookup.totals', { on_hand: fmtNumber(s.on_hand), available: fmtNumber(s.available) })));
    out.push(rows(s.bins || [], (b) => b.bin + (b.lot ? ' · ' + b.lot : '')));
  }
  if (stock && hit.kind === 'bin') {
    const list = stock.flatMap((s) => (s.bins || []).map((b) => ({ ...b, sku: s.sku })));
    out.push(list.length ? rows(list, (b) => b.sku) : el('p', { class: 'hint' }, t('lookup.empty_bin')));
  }
  return out;
}

export function render() {
  if (ctx === null) return;
  const body = shown ? details(...shown) : [
    el('p', { class: 'verb' }, t('lookup.title')),
    el('p', { class: 'big', id: 'big', translate: 'no' }, '?'),
    el('p', { class: 'hint' }, t('lookup.hint')),
  ];
  mount($('#screen'), el('section', { class: 'pick lookup' }, body,
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'home', onclick: () => ctx.home() }, t('common.home')))));
}

export async function scanned(code) {
  try {
    const hit = await api('POST', '/api/v1/scans/resolve', { code, warehouse: ctx.warehouse });
    let stock = null;
    const wh = encodeURIComponent(ctx.warehouse);
    if (hit.kind === 'sku' || (hit.kind === 'gs1' && hit.sku)) stock = (await api('GET', `/api/v1/stock?sku=${encodeURIComponent(hit.sku)}&warehouse=${wh}&detail=bins`)).items;
    if (hit.kind === 'order' && READS_ORDERS.includes(ctx.role)) {
      stock = await Promise.all([api('GET', '/api/v1/orders/' + hit.id).catch(() => null),
        api('GET', '/api/v1/orders/' + hit.id + '/timeline').catch(() => null)]);
    }
    if (hit.kind === 'bin') stock = (await api('GET', `/api/v1/stock?bin=${encodeURIComponent(hit.bin)}&warehouse=${wh}&detail=bins`)).items;
    shown = [hit, stock];
    feedback(hit.kind === 'unknown' ? 'error' : 'ok', () => (hit.kind === 'unknown' ? t('lookup.kind.unknown') : t('pick.ok')));
    render();
  } catch (e) {
    feedback('error', () => errorText(e));
  }
}
