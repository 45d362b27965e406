/*
 * Slotting (issue 24): SKUs of a warehouse ranked by pick tasks of the
 * last days (ABC), and proposed moves of fast movers to the free bins
 * nearest the packing point with the metres they save a day. Ticked
 * proposals become move tasks on the floor (replenishment tasks of reason
 * slotting), idempotent by a key made when the proposals are shown.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, href } from './common.js';

let env = null;
let wh = null;
let key = null;
let current = null;

function newKey() {
  const rnd = globalThis.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  return 'slotting-' + rnd;
}

function proposals(doc) {
  if (!doc.proposals.length) return el('p', { id: 'slot-none' }, t('slotting.no_proposals'));
  return el('div', {},
    table('slot-proposals', ['', 'slotting.sku', 'slotting.abc', 'slotting.picks', 'slotting.from', 'slotting.to',
      'slotting.qty', 'slotting.metres', 'slotting.saved'],
    doc.proposals.map((p, i) => row({ dataset: { sku: p.sku, to: p.to_bin } },
      el('input', { type: 'checkbox', class: 'slot-pick', checked: true, value: String(i), 'aria-label': t('slotting.pick', { sku: p.sku }) }),
      el('span', {}, code(p.sku), ' ', code(p.name, { class: 'muted' })), p.abc, { num: p.picks },
      code(p.from_bin), code(p.to_bin), { num: p.qty },
      t('slotting.metres_from_to', { from: fmtNumber(Number(p.from_m)), to: fmtNumber(Number(p.to_m)) }),
      { num: Number(p.saved_m_per_day) }))),
    el('button', { type: 'button', class: 'primary', id: 'slot-accept', onclick: accept }, t('slotting.accept')));
}

function ranking(doc) {
  return el('section', { class: 'panel' }, el('h2', {}, t('slotting.ranking')),
    table('slot-skus', ['slotting.sku', 'slotting.name', 'slotting.picks', 'slotting.units', 'slotting.abc'],
      doc.skus.map((s) => row({ dataset: { sku: s.sku } }, code(s.sku), code(s.name), { num: s.picks }, { num: s.units }, s.abc))));
}

async function load() {
  env.showError(null);
  try {
    const days = $('#slot-days').value || '30';
    current = await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/slotting?days=' + encodeURIComponent(days));
    key = newKey();
    mount($('#slot-body'),
      el('p', { id: 'slot-summary' }, t('slotting.summary', {
        picks: fmtNumber(current.picks), days: fmtNumber(current.days), saved: fmtNumber(Number(current.saved_m_per_day)),
      })),
      proposals(current), ranking(current));
  } catch (e) {
    mount($('#slot-body'));
    env.showError(e);
  }
}

async function accept() {
  env.showError(null);
  const picked = [...document.querySelectorAll('#slot-proposals input.slot-pick:checked')]
    .map((c) => current.proposals[Number(c.value)])
    .map((p) => ({ sku: p.sku, from_bin: p.from_bin, to_bin: p.to_bin }));
  if (!picked.length) return;
  try {
    const r = await api('POST', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/slotting/accept',
      { idempotency_key: key, proposals: picked });
    await load();
    mount($('#slot-notice'), el('p', { class: 'ok', id: 'slot-accepted' },
      t('slotting.accepted', { n: fmtNumber(r.tasks.length) }), ' ',
      el('a', { href: href('planner', { warehouse: wh }) }, t('slotting.see_layout'))));
  } catch (e) {
    env.showError(e);
  }
}

export async function show(root, p, e) {
  env = e;
  const ws = (await api('GET', '/api/v1/warehouses?limit=100')).items;
  if (!wh || !ws.some((w) => w.code === wh)) wh = p.get('warehouse') || (ws[0] && ws[0].code);
  const pickWh = el('select', { id: 'slot-wh', onchange: (ev) => { wh = ev.target.value; load(); } },
    ws.map((w) => el('option', { value: w.code, selected: w.code === wh }, w.code + ' · ' + w.name)));
  const days = el('input', { id: 'slot-days', type: 'number', min: 1, max: 365, value: p.get('days') || 30 });
  mount(root, el('h1', { id: 'slot-title' }, t('slotting.title')),
    el('div', { class: 'row' }, field('slot-wh', 'slotting.warehouse', pickWh), field('slot-days', 'slotting.days', days),
      el('button', { type: 'button', id: 'slot-load', onclick: load }, t('slotting.refresh'))),
    el('p', { class: 'muted' }, t('slotting.explain')),
    el('div', { id: 'slot-notice', 'aria-live': 'polite' }),
    el('div', { id: 'slot-body' }));
  if (wh) await load();
}
