/*
 * Look up: scan anything (bin, item, tote, order, carton, badge) and see
 * what it is, where it is and how many, from POST /api/v1/scans/resolve
 * and GET /api/v1/stock.
 */
import { api } from '../lib/api.js';
import { t, has, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { errorText } from './pick.js';

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

function rows(list, label) {
  return el('ul', { class: 'lookup-rows', id: 'lookup-rows' }, list.map((b) =>
    el('li', {}, el('b', { translate: 'no' }, label(b)), ' ', t('lookup.units', { n: fmtNumber(b.on_hand) }))));
}

function details(hit, stock) {
  const out = [];
  const kind = has('lookup.kind.' + hit.kind) ? t('lookup.kind.' + hit.kind) : t('lookup.kind.unknown');
  out.push(el('p', { class: 'verb', id: 'lookup-kind' }, kind));
  const code = hit.sku || hit.bin || hit.tote || hit.external_id || hit.sscc || hit.username || hit.code;
  out.push(el('p', { class: 'big', id: 'big', translate: 'no' }, code));
  if (hit.name) out.push(el('p', { class: 'hint', translate: 'no' }, hit.name));
  if (hit.kind === 'bin') out.push(el('p', { class: 'hint' }, t('lookup.zone', { zone: hit.zone || '' })));
  if (hit.kind === 'tote') out.push(el('p', { class: 'hint' }, hit.order ? t('lookup.tote_order', { order: hit.order }) : t('lookup.tote_free')));
  if (hit.kind === 'order') out.push(el('p', { class: 'hint' }, t('state.' + hit.state)));
  if (stock && hit.kind === 'sku') {
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
    if (hit.kind === 'sku') stock = (await api('GET', `/api/v1/stock?sku=${encodeURIComponent(hit.sku)}&warehouse=${wh}&detail=bins`)).items;
    if (hit.kind === 'bin') stock = (await api('GET', `/api/v1/stock?bin=${encodeURIComponent(hit.bin)}&warehouse=${wh}&detail=bins`)).items;
    shown = [hit, stock];
    feedback(hit.kind === 'unknown' ? 'error' : 'ok', () => (hit.kind === 'unknown' ? t('lookup.kind.unknown') : t('pick.ok')));
    render();
  } catch (e) {
    feedback('error', () => errorText(e));
  }
}
