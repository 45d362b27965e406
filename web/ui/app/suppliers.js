/*
 * Suppliers: the list (search), a new supplier with one SKU it sells, and
 * one supplier (#/supplier?code=…&from=&to=) with its SKUs, its purchase
 * orders and its performance report as a table and inline SVG bars.
 * A supplier delivers for one stock owner (issue 23); the company's own
 * suppliers are shared by every owner.
 */
import { api } from '../lib/api.js';
import { t, fmtMoney, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, act, ratioBars, fmtPercent } from './common.js';
import { ownerOptions } from './owners.js';

function newForm(env, owners) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'supplier-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { code: v('s-code'), name: v('s-name') };
        for (const [k, id] of [['contact_name', 's-contact'], ['email', 's-email'], ['phone', 's-phone'],
          ['currency', 's-currency'], ['payment_terms', 's-terms']]) if (v(id)) b[k] = v(id);
        if (v('s-lead')) b.lead_time_days = Number(v('s-lead'));
        if (v('s-owner')) b.owner = v('s-owner');
        if (v('s-sku')) {
          const s = { sku: v('s-sku'), cost: v('s-cost') || '0' };
          if (v('s-moq')) s.moq = Number(v('s-moq'));
          if (v('s-pack')) s.pack_size = Number(v('s-pack'));
          b.skus = [s];
        }
        await api('POST', '/api/v1/suppliers', b);
        location.hash = href('supplier', { code: b.code });
      });
    },
  },
  el('h2', {}, t('purchasing.new_supplier')),
  el('div', { class: 'row' },
    field('s-code', 'purchasing.supplier_code', el('input', { id: 's-code', required: true, maxlength: 32 })),
    field('s-name', 'purchasing.supplier_name', el('input', { id: 's-name', required: true }))),
  el('div', { class: 'row' },
    field('s-contact', 'purchasing.contact', el('input', { id: 's-contact' })),
    field('s-email', 'purchasing.email', el('input', { id: 's-email', type: 'email' })),
    field('s-phone', 'purchasing.phone', el('input', { id: 's-phone' }))),
  el('div', { class: 'row' },
    field('s-currency', 'purchasing.currency', el('input', { id: 's-currency', value: 'CNY', maxlength: 3 })),
    field('s-terms', 'purchasing.payment_terms', el('input', { id: 's-terms' })),
    field('s-lead', 'purchasing.lead_time', el('input', { id: 's-lead', type: 'number', min: 0, value: 7 })),
    field('s-owner', 'purchasing.owner', el('select', { id: 's-owner', translate: 'no' }, owners))),
  el('h3', {}, t('purchasing.supplier_sku')),
  el('div', { class: 'row' },
    field('s-sku', 'purchasing.sku', el('input', { id: 's-sku', maxlength: 64 })),
    field('s-cost', 'purchasing.cost', el('input', { id: 's-cost', inputmode: 'decimal' })),
    field('s-moq', 'purchasing.moq', el('input', { id: 's-moq', type: 'number', min: 1 })),
    field('s-pack', 'purchasing.pack_size', el('input', { id: 's-pack', type: 'number', min: 1 }))),
  el('button', { type: 'submit', class: 'primary', id: 'supplier-create' }, t('purchasing.create_supplier')));
}

/* #/suppliers */
export async function show(root, p, env) {
  const q = p.get('q') || '';
  const [list, owners] = await Promise.all([
    api('GET', '/api/v1/suppliers' + (q ? '?q=' + encodeURIComponent(q) : '')).then((r) => r.items), ownerOptions('SELF')]);
  const search = el('input', { id: 'sup-q', type: 'search', value: q, placeholder: t('purchasing.supplier_search') });
  mount(root, el('h1', {}, t('purchasing.suppliers')),
    el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = href('suppliers', { q: search.value.trim() }); } },
      el('label', {}, t('purchasing.search'), ' ', search), el('button', { type: 'submit' }, t('purchasing.apply'))),
    table('suppliers', ['purchasing.supplier_code', 'purchasing.supplier_name', 'purchasing.contact', 'purchasing.currency',
      'purchasing.lead_time', 'purchasing.skus', 'purchasing.active', 'purchasing.owner'],
    list.map((s) => row({ dataset: { code: s.code } },
      el('a', { href: href('supplier', { code: s.code }), translate: 'no' }, s.code), code(s.name),
      code([s.contact_name, s.email, s.phone].filter((x) => x).join(' · ')), code(s.currency),
      { num: s.lead_time_days }, { num: s.skus.length }, s.active ? t('purchasing.yes') : t('purchasing.no'), code(s.owner)))),
    newForm(env, owners));
}

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function report(perf, currency) {
  const rows = [
    ['purchasing.perf_lines', fmtNumber(perf.lines)],
    ['purchasing.on_time_rate', fmtPercent(perf.on_time_rate)],
    ['purchasing.fill_rate', fmtPercent(perf.fill_rate)],
    ['purchasing.discrepancy_rate', fmtPercent(perf.discrepancy_rate)],
    ['purchasing.avg_lead_days', perf.avg_lead_days === null ? '–' : fmtNumber(perf.avg_lead_days)],
    ['purchasing.promised_lead_days', fmtNumber(perf.promised_lead_days)],
    ['purchasing.value_purchased', fmtMoney(perf.value_purchased, currency)],
  ];
  return el('div', { class: 'cols2' },
    table('perf', ['purchasing.measure', 'purchasing.value'],
      rows.map(([k, v]) => el('tr', {}, el('th', {}, t(k)), el('td', { class: 'num' }, v)))),
    ratioBars([
      { label: t('purchasing.on_time_rate'), value: perf.on_time_rate },
      { label: t('purchasing.fill_rate'), value: perf.fill_rate },
      { label: t('purchasing.discrepancy_rate'), value: perf.discrepancy_rate },
    ], { id: 'perf-chart', label: 'purchasing.perf_chart' }));
}

/* #/supplier?code=…: one supplier with its SKUs, POs and performance. */
export async function showDetail(root, p) {
  const c = p.get('code');
  const today = new Date();
  const from = p.get('from') || isoDay(new Date(today.getTime() - 90 * 86400000));
  const to = p.get('to') || isoDay(new Date(today.getTime() + 90 * 86400000));
  const enc = encodeURIComponent(c);
  const [list, perf, pos] = await Promise.all([
    api('GET', '/api/v1/suppliers?q=' + enc).then((r) => r.items),
    api('GET', `/api/v1/suppliers/${enc}/performance?from=${from}&to=${to}`),
    api('GET', '/api/v1/purchase-orders?limit=10&supplier=' + enc).then((r) => r.items),
  ]);
  const s = list.find((x) => x.code === c) || { code: c, name: '', skus: [], currency: 'CNY' };
  const fFrom = el('input', { id: 'perf-from', type: 'date', value: from });
  const fTo = el('input', { id: 'perf-to', type: 'date', value: to });
  mount(root,
    el('p', {}, el('a', { href: href('suppliers'), id: 'back-suppliers' }, t('purchasing.suppliers'))),
    el('h1', {}, t('purchasing.supplier'), ' ', code(s.code + ' · ' + s.name, { id: 'supplier-title' })),
    el('div', { class: 'facts' },
      el('p', {}, el('b', {}, t('purchasing.contact')), ' ', code([s.contact_name, s.email, s.phone].filter((x) => x).join(' · '))),
      el('p', {}, el('b', {}, t('purchasing.payment_terms')), ' ', code(s.payment_terms)),
      el('p', {}, el('b', {}, t('purchasing.lead_time')), ' ', fmtNumber(s.lead_time_days || 0))),
    el('h2', {}, t('purchasing.skus')),
    table('supplier-skus', ['purchasing.sku', 'purchasing.supplier_sku_code', 'purchasing.cost', 'purchasing.moq', 'purchasing.pack_size'],
      s.skus.map((k) => row({}, code(k.sku), code(k.supplier_code), el('span', { class: 'num' }, fmtMoney(k.cost, s.currency)),
        { num: k.moq }, { num: k.pack_size }))),
    el('h2', {}, t('purchasing.performance')),
    el('form', {
      class: 'filters',
      onsubmit: (e) => { e.preventDefault(); location.hash = href('supplier', { code: c, from: fFrom.value, to: fTo.value }); },
    }, el('label', {}, t('purchasing.from'), ' ', fFrom), el('label', {}, t('purchasing.to'), ' ', fTo),
    el('button', { type: 'submit' }, t('purchasing.apply'))),
    report(perf, s.currency),
    el('h2', {}, t('purchasing.recent_pos')),
    el('ul', { id: 'supplier-pos' }, pos.map((po) => el('li', {},
      el('a', { href: href('po', { id: po.id }), translate: 'no' }, po.number), ' ',
      t('purchasing.state.' + po.state), ' ', fmtMoney(po.total, po.currency)))));
}
