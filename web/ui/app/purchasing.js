/*
 * Purchase orders: the list (?supplier=&state=, keyset pages), a new
 * draft, reorder suggestions (drafts from sales velocity and reorder
 * points), and one PO (#/po?id=…) with its lines, the state steps its
 * state allows (submit, approve, send, cancel, close) and the CSV/PDF
 * exports.
 */
import { api } from '../lib/api.js';
import { t, fmtMoney, fmtNumber, fmtDate, currentLang } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, options, act, fmtDay } from './common.js';

export const PO_STATES = ['draft', 'submitted', 'approved', 'sent', 'partially_received', 'received', 'closed', 'cancelled'];
/* The steps each state allows, as pur_po_transition has them. */
const STEPS = {
  draft: ['submit', 'cancel'],
  submitted: ['approve', 'cancel'],
  approved: ['send', 'cancel'],
  sent: ['cancel', 'close'],
  partially_received: ['close'],
  received: ['close'],
};
const PAGE = 20;

function statePill(s) {
  return el('span', { class: 'pill po-' + s, dataset: { state: s } }, t('purchasing.state.' + s));
}

function filters(p, suppliers) {
  const sup = el('select', { id: 'po-f-supplier', translate: 'no' },
    options(suppliers.map((s) => [s.code, s.code + ' · ' + s.name]), p.get('supplier'), 'purchasing.any_supplier'));
  const st = el('select', { id: 'po-f-state' }, el('option', { value: '' }, t('purchasing.any_state')),
    PO_STATES.map((s) => el('option', { value: s, selected: p.get('state') === s }, t('purchasing.state.' + s))));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('purchasing', { supplier: sup.value, state: st.value });
    },
  }, el('label', {}, t('purchasing.supplier'), ' ', sup), el('label', {}, t('purchasing.state'), ' ', st),
  el('button', { type: 'submit' }, t('purchasing.apply')));
}

function poRow(po) {
  return row({ dataset: { id: po.id, state: po.state } },
    el('a', { href: href('po', { id: po.id }), class: 'po-link', translate: 'no' }, po.number),
    code(po.supplier + ' · ' + po.supplier_name), code(po.warehouse), statePill(po.state),
    { num: po.lines.length }, el('span', { class: 'num' }, fmtMoney(po.total, po.currency)),
    po.created_at ? fmtDate(po.created_at) : '');
}

function newForm(suppliers, ws, env) {
  return el('form', {
    class: 'panel', id: 'po-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const line = { sku: $('#po-sku').value.trim(), qty: Number($('#po-qty').value) };
        if ($('#po-cost').value.trim()) line.unit_cost = $('#po-cost').value.trim();
        const po = await api('POST', '/api/v1/purchase-orders',
          { supplier: $('#po-supplier').value, warehouse: $('#po-wh').value, lines: [line] });
        location.hash = href('po', { id: po.id });
      });
    },
  },
  el('h2', {}, t('purchasing.new')),
  field('po-supplier', 'purchasing.supplier', el('select', { id: 'po-supplier', translate: 'no', required: true },
    options(suppliers.map((s) => [s.code, s.code + ' · ' + s.name])))),
  field('po-wh', 'purchasing.warehouse', el('select', { id: 'po-wh', translate: 'no' },
    options(ws.map((w) => [w.code, w.code + ' · ' + w.name])))),
  el('div', { class: 'row' },
    field('po-sku', 'purchasing.sku', el('input', { id: 'po-sku', required: true, maxlength: 64 })),
    field('po-qty', 'purchasing.qty', el('input', { id: 'po-qty', type: 'number', min: 1, value: 1, required: true })),
    field('po-cost', 'purchasing.unit_cost', el('input', { id: 'po-cost', inputmode: 'decimal', placeholder: t('purchasing.cost_default') }))),
  el('button', { type: 'submit', class: 'primary', id: 'po-create' }, t('purchasing.create')));
}

function suggestForm(ws, env) {
  return el('form', {
    class: 'panel', id: 'suggest-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const r = await api('POST', '/api/v1/purchase-orders/suggest',
          { warehouse: $('#sg-wh').value, days: Number($('#sg-days').value) || 30 });
        mount($('#suggest-out'), el('p', { class: 'ok', id: 'suggest-count' },
          t('purchasing.suggested', { n: fmtNumber(r.purchase_orders.length) })),
        el('ul', {}, r.purchase_orders.map((po) => el('li', {},
          el('a', { href: href('po', { id: po.id }), translate: 'no' }, po.number), ' ',
          code(po.supplier), ' ', fmtMoney(po.total, po.currency)))));
      });
    },
  },
  el('h2', {}, t('purchasing.suggest')),
  el('p', { class: 'muted' }, t('purchasing.suggest_hint')),
  field('sg-wh', 'purchasing.warehouse', el('select', { id: 'sg-wh', translate: 'no' },
    options(ws.map((w) => [w.code, w.code + ' · ' + w.name])))),
  field('sg-days', 'purchasing.days', el('input', { id: 'sg-days', type: 'number', min: 1, max: 365, value: 30 })),
  el('button', { type: 'submit', id: 'suggest' }, t('purchasing.suggest_go')),
  el('div', { id: 'suggest-out', 'aria-live': 'polite' }));
}

/* The whole list under these filters as a file (GET
 * /api/v1/purchase-orders/export), the sheet in the language shown. */
function exports(p) {
  const file = (format) => {
    const q = new URLSearchParams({ format, lang: currentLang() });
    for (const k of ['supplier', 'state']) if (p.get(k)) q.set(k, p.get(k));
    return '/api/v1/purchase-orders/export?' + q.toString();
  };
  return el('p', { class: 'actions' },
    el('a', { class: 'button', id: 'pos-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
    el('a', { class: 'button', id: 'pos-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx')));
}

/* #/purchasing: the purchase orders. */
export async function show(root, p, env) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['supplier', 'state', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const [page, suppliers, ws] = await Promise.all([
    api('GET', '/api/v1/purchase-orders?' + q.toString()),
    api('GET', '/api/v1/suppliers').then((r) => r.items),
    api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items),
  ]);
  const base = { supplier: p.get('supplier'), state: p.get('state') };
  mount(root, el('h1', {}, t('purchasing.title')),
    filters(p, suppliers),
    exports(p),
    table('pos', ['purchasing.number', 'purchasing.supplier', 'purchasing.warehouse', 'purchasing.state',
      'purchasing.lines', 'purchasing.total', 'purchasing.created'], page.items.map(poRow)),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('purchasing', base), id: 'po-first-page' }, t('purchasing.first_page')) : null,
      page.next ? el('a', { href: href('purchasing', { ...base, cursor: page.next }), id: 'po-next-page' }, t('purchasing.next_page')) : null),
    el('div', { class: 'cols2' }, newForm(suppliers, ws, env), suggestForm(ws, env)));
}

function stepButtons(po, env, draw) {
  const primary = { submit: true, approve: true, send: true };
  return el('div', { class: 'row actions' }, (STEPS[po.state] || []).map((s) => el('button', {
    type: 'button', id: 'po-' + s, class: primary[s] ? 'primary' : (s === 'cancel' ? 'danger' : ''),
    onclick: () => {
      if (s === 'cancel' && !confirm(t('purchasing.confirm_cancel', { number: po.number }))) return;
      act(env, async () => {
        await api('POST', '/api/v1/purchase-orders/' + po.id + '/' + s);
        await draw(t('purchasing.done.' + s));
      });
    },
  }, t('purchasing.step.' + s))));
}

/* #/po?id=…: one purchase order. */
export async function showDetail(root, p, env) {
  const id = encodeURIComponent(p.get('id'));
  const draw = async (notice) => {
    const po = await api('GET', '/api/v1/purchase-orders/' + id);
    const when = (k, label) => (po[k] ? el('p', {}, el('b', {}, t(label)), ' ', fmtDate(po[k])) : null);
    mount(root,
      el('p', {}, el('a', { href: href('purchasing'), id: 'back-pos' }, t('purchasing.back'))),
      el('h1', {}, t('purchasing.po'), ' ', code(po.number, { id: 'po-number' }), ' ', el('span', { id: 'po-state' }, statePill(po.state))),
      notice ? el('p', { class: 'ok', id: 'po-notice' }, notice) : null,
      stepButtons(po, env, draw),
      el('p', { class: 'row' },
        el('a', { href: '/api/v1/purchase-orders/' + po.id + '/export.csv', id: 'po-csv', class: 'button', download: po.number + '.csv' }, t('purchasing.export_csv')),
        el('a', { href: '/api/v1/purchase-orders/' + po.id + '/export.pdf', id: 'po-pdf', class: 'button', target: '_blank' }, t('purchasing.export_pdf'))),
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('purchasing.supplier')), ' ', el('a', { href: href('supplier', { code: po.supplier }), translate: 'no' }, po.supplier + ' · ' + po.supplier_name)),
        el('p', {}, el('b', {}, t('purchasing.warehouse')), ' ', code(po.warehouse)),
        el('p', {}, el('b', {}, t('purchasing.total')), ' ', el('span', { id: 'po-total' }, fmtMoney(po.total, po.currency))),
        when('created_at', 'purchasing.created'), when('submitted_at', 'purchasing.submitted_at'),
        when('approved_at', 'purchasing.approved_at'),
        po.created_by ? el('p', {}, el('b', {}, t('purchasing.created_by')), ' ', code(po.created_by, { id: 'po-created-by' })) : null,
        po.submitted_by ? el('p', {}, el('b', {}, t('purchasing.submitted_by')), ' ', code(po.submitted_by, { id: 'po-submitted-by' })) : null,
        po.approved_by ? el('p', {}, el('b', {}, t('purchasing.approved_by')), ' ', code(po.approved_by, { id: 'po-approved-by' })) : null,
        when('sent_at', 'purchasing.sent_at'), when('closed_at', 'purchasing.closed_at'),
        po.note ? el('p', {}, el('b', {}, t('purchasing.note')), ' ', code(po.note)) : null),
      el('h2', {}, t('purchasing.lines')),
      table('po-lines', ['purchasing.line', 'purchasing.sku', 'purchasing.name', 'purchasing.qty', 'purchasing.unit_cost',
        'purchasing.expected', 'purchasing.received', 'purchasing.damaged', 'purchasing.open'],
      po.lines.map((l) => row({}, { num: l.line }, code(l.sku), code(l.name), { num: l.qty },
        el('span', { class: 'num' }, fmtMoney(l.unit_cost, po.currency)), fmtDay(l.expected_date),
        { num: l.received }, { num: l.damaged }, { num: l.open }))));
  };
  await draw();
}
