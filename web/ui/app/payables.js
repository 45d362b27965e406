/*
 * Payables (应付账款, issue 22 item 5): supplier bills with their
 * three-way match (三单匹配: bill, PO price, quantity received), hold,
 * approval (an override of a held bill needs a reason), payments; the
 * payables aging (应付账龄) and a supplier's statement (对账单), both
 * exported as CSV/XLSX through the report path.
 * Routes: #/payables?tab=bills|aging|statement&…, #/bill?id=….
 */
import { api } from '../lib/api.js';
import { t, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { field, href, code, table, row, act, options, fmtDay } from './common.js';

const PAGE = 50;
const STATUSES = ['on_hold', 'matched', 'approved', 'paid'];
const METHODS = ['bank_transfer', 'cash', 'cheque', 'card', 'other'];

function money(v) {
  return { num: v === null || v === undefined ? null : Number(v) };
}

function status(s) {
  return el('span', { class: 'badge st-' + s, dataset: { status: s } }, t('ap.status.' + s));
}

function tabs(tab) {
  return el('p', { class: 'tabs' }, ['bills', 'aging', 'statement'].map((k) =>
    el('a', { href: href('payables', { tab: k }), id: 'ap-tab-' + k, class: k === tab ? 'on' : '' }, t('ap.tab.' + k))));
}

function exports(path, q) {
  const file = (fmt) => path + '?' + new URLSearchParams({ ...q, format: fmt, lang: currentLang() });
  return el('p', { class: 'actions' },
    el('a', { class: 'button', id: 'ap-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
    el('a', { class: 'button', id: 'ap-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx')));
}

/* The words for one match difference of a bill line. */
function difference(d) {
  if (d.kind === 'price') {
    return t('ap.diff.price', { po: d.po_unit_cost, billed: d.unit_cost, pct: d.diff_pct, tolerance: d.tolerance_pct });
  }
  if (d.kind === 'qty') return t('ap.diff.qty', { received: d.received_open, billed: d.qty, diff: d.diff });
  return t('ap.diff.currency', { po: d.po_currency, billed: d.currency });
}

/* One line row of the new-bill form, inputs numbered @i. */
function lineRow(i) {
  const input = (k, attrs) => el('input', { id: `ap-line-${k}-${i}`, ...attrs });
  return el('tr', { class: 'ap-line' },
    el('td', {}, input('po', { maxlength: 32, 'aria-label': t('ap.po') })),
    el('td', {}, input('sku', { maxlength: 64, 'aria-label': t('ap.sku') })),
    el('td', {}, input('qty', { inputmode: 'numeric', maxlength: 9, 'aria-label': t('ap.qty') })),
    el('td', {}, input('cost', { inputmode: 'decimal', maxlength: 20, 'aria-label': t('ap.unit_cost') })));
}

/* The new-bill form: posts the bill, then opens it. */
function newBill(env) {
  const f = {
    supplier: el('input', { id: 'ap-new-supplier', maxlength: 32 }),
    number: el('input', { id: 'ap-new-number', maxlength: 64 }),
    date: el('input', { id: 'ap-new-date', type: 'date', value: new Date().toISOString().slice(0, 10) }),
    due: el('input', { id: 'ap-new-due', type: 'date' }),
    currency: el('input', { id: 'ap-new-currency', maxlength: 3 }),
    freight: el('input', { id: 'ap-new-freight', inputmode: 'decimal', maxlength: 20 }),
    tax: el('input', { id: 'ap-new-tax', inputmode: 'decimal', maxlength: 20 }),
  };
  const body = el('tbody', {}, lineRow(0));
  const lines = el('table', { class: 'grid', id: 'ap-new-lines' },
    el('thead', {}, el('tr', {}, ['ap.po', 'ap.sku', 'ap.qty', 'ap.unit_cost'].map((k) => el('th', {}, t(k))))), body);
  const add = el('button', { type: 'button', id: 'ap-line-add', onclick: () => body.append(lineRow(body.children.length)) },
    t('ap.add_line'));
  const submit = (e) => {
    e.preventDefault();
    act(env, async () => {
      const ls = [...body.children].map((r, i) => ({
        purchase_order: r.querySelector(`#ap-line-po-${i}`).value.trim(),
        sku: r.querySelector(`#ap-line-sku-${i}`).value.trim(),
        qty: Number(r.querySelector(`#ap-line-qty-${i}`).value),
        unit_cost: r.querySelector(`#ap-line-cost-${i}`).value.trim(),
      })).filter((l) => l.purchase_order !== '' || l.sku !== '');
      const req = {
        supplier: f.supplier.value.trim().toUpperCase(), number: f.number.value.trim(), date: f.date.value,
        lines: ls, idempotency_key: 'ui-bill-' + crypto.randomUUID(),
      };
      if (f.due.value) req.due_date = f.due.value;
      if (f.currency.value.trim()) req.currency = f.currency.value.trim().toUpperCase();
      if (f.freight.value.trim()) req.freight = f.freight.value.trim();
      if (f.tax.value.trim()) req.tax = f.tax.value.trim();
      const b = await api('POST', '/api/v1/supplier-bills', req);
      location.hash = href('bill', { id: b.id });
    });
  };
  return el('section', { class: 'panel', id: 'ap-new' }, el('h2', {}, t('ap.new_title')),
    el('form', { onsubmit: submit },
      el('div', { class: 'filters' }, field('ap-new-supplier', 'ap.supplier', f.supplier), field('ap-new-number', 'ap.number', f.number),
        field('ap-new-date', 'ap.date', f.date), field('ap-new-due', 'ap.due_date', f.due),
        field('ap-new-currency', 'ap.currency', f.currency), field('ap-new-freight', 'ap.freight', f.freight),
        field('ap-new-tax', 'ap.tax', f.tax)),
      lines, el('p', { class: 'actions' }, add, ' ', el('button', { type: 'submit', id: 'ap-new-save' }, t('ap.save')))));
}

/* The match tolerances (settable by finance). */
async function tolerances(env) {
  const doc = await api('GET', '/api/v1/finance');
  const pct = el('input', { id: 'ap-tol-pct', inputmode: 'decimal', maxlength: 8, value: doc.bill_tolerance.price_pct });
  const qty = el('input', { id: 'ap-tol-qty', inputmode: 'numeric', maxlength: 7, value: doc.bill_tolerance.qty });
  return el('section', { class: 'panel', id: 'ap-tolerance' }, el('h2', {}, t('ap.tolerance_title')),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          await api('PATCH', '/api/v1/finance/settings',
            { bill_price_tolerance_pct: pct.value.trim(), bill_qty_tolerance: Number(qty.value) });
        });
      },
    }, field('ap-tol-pct', 'ap.tolerance_pct', pct), field('ap-tol-qty', 'ap.tolerance_qty', qty),
    el('button', { type: 'submit', id: 'ap-tol-save' }, t('ap.save'))));
}

async function bills(root, p, env) {
  const q = { limit: String(PAGE) };
  for (const k of ['status', 'supplier', 'due_before', 'cursor']) if (p.get(k)) q[k] = p.get(k);
  const doc = await api('GET', '/api/v1/supplier-bills?' + new URLSearchParams(q));
  const st = el('select', { id: 'ap-status' }, options(STATUSES.map((s) => [s, t('ap.status.' + s)]), p.get('status'), 'ap.any'));
  const sup = el('input', { id: 'ap-supplier', maxlength: 32, value: p.get('supplier') || '' });
  const due = el('input', { id: 'ap-due-before', type: 'date', value: p.get('due_before') || '' });
  const { cursor, limit, ...fq } = q;
  mount(root, el('h1', {}, t('ap.title')), tabs('bills'),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('payables', { status: st.value, supplier: sup.value.trim().toUpperCase(), due_before: due.value });
      },
    }, field('ap-status', 'ap.status', st), field('ap-supplier', 'ap.supplier', sup), field('ap-due-before', 'ap.due_before', due),
    el('button', { type: 'submit', id: 'ap-apply' }, t('reports.apply'))),
    doc.items.length === 0 ? el('p', { class: 'muted', id: 'ap-empty' }, t('reports.empty')) :
      table('ap-bills', ['ap.number', 'ap.supplier', 'ap.date', 'ap.due_date', 'ap.currency', 'ap.total', 'ap.balance', 'ap.status'],
        doc.items.map((b) => row({ dataset: { id: b.id, number: b.number } },
          el('a', { href: href('bill', { id: b.id }) }, code(b.number)), code(b.supplier_name), fmtDay(b.date), fmtDay(b.due_date),
          code(b.currency), money(b.total), money(b.balance), status(b.status)))),
    doc.next ? el('p', {}, el('a', { id: 'ap-next', class: 'button', href: href('payables', { ...fq, cursor: doc.next }) },
      t('finance.next'))) : null,
    newBill(env), await tolerances(env));
}

async function aging(root, p) {
  const q = {};
  for (const k of ['at', 'supplier']) if (p.get(k)) q[k] = p.get(k);
  const doc = await api('GET', '/api/v1/finance/payables-aging?' + new URLSearchParams(q));
  const at = el('input', { id: 'ap-at', type: 'date', value: p.get('at') || '' });
  mount(root, el('h1', {}, t('ap.title')), tabs('aging'),
    el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = href('payables', { tab: 'aging', at: at.value }); } },
      field('ap-at', 'finance.at', at), el('button', { type: 'submit', id: 'ap-apply' }, t('reports.apply'))),
    exports('/api/v1/finance/payables-aging', q),
    doc.rows.length === 0 ? el('p', { class: 'muted', id: 'ap-empty' }, t('reports.empty')) :
      table('ap-aging', ['ap.supplier', 'ap.currency', 'ap.d0_30', 'ap.d31_60', 'ap.d61_90', 'ap.d90_plus', 'ap.total', 'ap.overdue'],
        doc.rows.map((r) => row({ dataset: { supplier: r.supplier, currency: r.currency } },
          el('a', { href: href('payables', { tab: 'statement', supplier: r.supplier }) }, code(r.supplier_name)), code(r.currency),
          money(r.d0_30), money(r.d31_60), money(r.d61_90), money(r.d90_plus), money(r.total), money(r.overdue)))));
}

async function statement(root, p) {
  const sup = el('input', { id: 'ap-st-supplier', maxlength: 32, value: p.get('supplier') || '' });
  const from = el('input', { id: 'ap-st-from', type: 'date', value: p.get('from') || '' });
  const to = el('input', { id: 'ap-st-to', type: 'date', value: p.get('to') || '' });
  const q = {};
  for (const k of ['from', 'to']) if (p.get(k)) q[k] = p.get(k);
  const path = '/api/v1/suppliers/' + encodeURIComponent(p.get('supplier') || '') + '/statement';
  const doc = p.get('supplier') ? await api('GET', path + '?' + new URLSearchParams(q)) : { rows: [] };
  mount(root, el('h1', {}, t('ap.title')), tabs('statement'),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('payables', { tab: 'statement', supplier: sup.value.trim().toUpperCase(), from: from.value, to: to.value });
      },
    }, field('ap-st-supplier', 'ap.supplier', sup), field('ap-st-from', 'finance.from', from), field('ap-st-to', 'finance.to', to),
    el('button', { type: 'submit', id: 'ap-apply' }, t('reports.apply'))),
    p.get('supplier') ? exports(path, q) : null,
    doc.rows.length === 0 ? el('p', { class: 'muted', id: 'ap-empty' }, t('reports.empty')) :
      table('ap-statement', ['ap.date', 'ap.currency', 'ap.kind', 'ap.reference', 'ap.due_date', 'ap.debit', 'ap.credit', 'ap.balance'],
        doc.rows.map((r) => row({ dataset: { kind: r.kind } }, fmtDay(r.date), code(r.currency), t('ap.kind.' + r.kind),
          code(r.reference), fmtDay(r.due_date), money(r.debit), money(r.credit), money(r.balance)))));
}

export async function show(root, p, env) {
  const tab = p.get('tab') || 'bills';
  if (tab === 'aging') return aging(root, p, env);
  if (tab === 'statement') return statement(root, p, env);
  return bills(root, p, env);
}

/* Approve (with override and reason when held) and pay, as the bill allows. */
function actions(b, env, redraw) {
  const path = '/api/v1/supplier-bills/' + b.id;
  if (b.status === 'matched') {
    return el('p', { class: 'actions' }, el('button', {
      id: 'bill-approve',
      onclick: () => act(env, async () => { await api('POST', path + '/approve'); await redraw(); }),
    }, t('ap.approve')));
  }
  if (b.status === 'on_hold') {
    const reason = el('input', { id: 'bill-override-reason', maxlength: 500 });
    return el('form', {
      class: 'panel', id: 'bill-override-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          await api('POST', path + '/approve', { override: true, reason: reason.value.trim() });
          await redraw();
        });
      },
    }, el('p', { class: 'warn' }, t('ap.held_note')), field('bill-override-reason', 'ap.override_reason', reason),
    el('button', { type: 'submit', id: 'bill-override' }, t('ap.override')));
  }
  if (b.status !== 'approved') return null;
  const amount = el('input', { id: 'pay-amount', inputmode: 'decimal', maxlength: 20, value: b.balance });
  const day = el('input', { id: 'pay-date', type: 'date', value: new Date().toISOString().slice(0, 10) });
  const method = el('select', { id: 'pay-method' }, options(METHODS.map((m) => [m, t('ap.method.' + m)]), 'bank_transfer'));
  const ref = el('input', { id: 'pay-reference', maxlength: 64 });
  return el('form', {
    class: 'panel', id: 'bill-pay-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        await api('POST', path + '/payments', {
          amount: amount.value.trim(), date: day.value, method: method.value, reference: ref.value.trim(),
          idempotency_key: 'ui-pay-' + crypto.randomUUID(),
        });
        await redraw();
      });
    },
  }, el('h2', {}, t('ap.pay_title')), el('div', { class: 'filters' }, field('pay-amount', 'ap.amount', amount), field('pay-date', 'ap.date', day),
    field('pay-method', 'ap.method', method), field('pay-reference', 'ap.reference', ref)),
  el('button', { type: 'submit', id: 'pay-save' }, t('ap.pay')));
}

export async function showDetail(root, p, env) {
  const b = await api('GET', '/api/v1/supplier-bills/' + encodeURIComponent(p.get('id') || ''));
  const fact = (k, v, id) => el('p', id ? { id } : {}, el('b', {}, t(k)), ' ', v);
  mount(root, el('p', {}, el('a', { id: 'bill-back', href: href('payables', {}) }, t('common.back'))),
    el('h1', {}, t('ap.bill_title', { number: b.number })),
    el('div', { class: 'facts' },
      fact('ap.supplier', el('a', { href: href('payables', { tab: 'statement', supplier: b.supplier }) }, code(b.supplier_name))),
      fact('ap.status', status(b.status), 'bill-status'), fact('ap.date', fmtDay(b.date)), fact('ap.due_date', fmtDay(b.due_date)),
      fact('ap.goods', code(b.goods + ' ' + b.currency)), fact('ap.freight', code(b.freight + ' ' + b.currency)),
      fact('ap.tax', code(b.tax + ' ' + b.currency)), fact('ap.total', code(b.total + ' ' + b.currency), 'bill-total'),
      fact('ap.balance', code(b.balance + ' ' + b.currency), 'bill-balance'),
      b.voucher_no ? fact('finance.voucher', el('a', { href: href('finance', { tab: 'journal', from: b.date }) }, code(b.voucher_no))) : null,
      b.override_reason ? fact('ap.override_reason', code(b.override_reason), 'bill-reason') : null),
    el('h2', {}, t('ap.match_title')),
    table('bill-lines', ['ap.po', 'ap.sku', 'ap.qty', 'ap.unit_cost', 'ap.po_unit_cost', 'ap.received_open', 'ap.amount', 'ap.differences'],
      b.lines.map((l) => row({ dataset: { line: l.line_no }, class: l.differences.length ? 'warn' : '' },
        code(l.purchase_order), code(l.sku), money(l.qty), money(l.unit_cost), money(l.po_unit_cost), money(l.received_open),
        money(l.amount), l.differences.length === 0 ? t('ap.matches') :
          el('ul', { class: 'ap-diffs' }, l.differences.map((d) => el('li', { dataset: { kind: d.kind } }, difference(d))))))),
    actions(b, env, () => showDetail(root, p, env)),
    b.payments.length === 0 ? null : el('section', { class: 'panel' }, el('h2', {}, t('ap.payments')),
      table('bill-payments', ['ap.date', 'ap.amount', 'ap.method', 'ap.reference', 'finance.voucher'],
        b.payments.map((y) => row({ dataset: { id: y.id } }, fmtDay(y.date), money(y.amount), t('ap.method.' + y.method),
          code(y.reference), code(y.voucher_no))))));
}
