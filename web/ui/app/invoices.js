/*
 * Invoices (发票, issue 22 item 3): the list of invoices and credit notes
 * (红字发票) with search, filters, keyset pages and CSV/XLSX export; an
 * invoice with its lines, PDF in either language and the credit-note
 * action; the tax settings (税率 per category, per store: prices with VAT,
 * invoice at shipment); and the order page's invoice block.
 * Routes: #/invoices?tab=list|tax&…, #/invoice?id=….
 */
import { api } from '../lib/api.js';
import { t, currentLang, fmtMoney } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { field, href, code, table, row, act, options, fmtDay, fmtPercent } from './common.js';

const PAGE = 50;
const TYPES = ['normal', 'special'];
const KINDS = ['invoice', 'credit_note'];
export const INVOICE_ROLES = ['admin', 'finance'];

function money(v) {
  return { num: v === null || v === undefined ? null : Number(v), fixed: 2 };
}

function tabs(tab) {
  return el('p', { class: 'tabs' }, ['list', 'tax'].map((k) =>
    el('a', { href: href('invoices', { tab: k }), id: 'inv-tab-' + k, class: k === tab ? 'on' : '' }, t('inv.tab.' + k))));
}

/* The kind and type of a document in words: 红字发票 or the VAT type. */
function kindText(d) {
  return d.kind === 'credit_note' ? t('inv.kind.credit_note') : t('inv.type.' + d.type);
}

async function list(root, p) {
  const q = { limit: String(PAGE) };
  for (const k of ['store', 'from', 'to', 'q', 'type', 'kind', 'cursor']) if (p.get(k)) q[k] = p.get(k);
  const doc = await api('GET', '/api/v1/invoices?' + new URLSearchParams(q));
  const search = el('input', { id: 'inv-q', type: 'search', maxlength: 100, value: p.get('q') || '' });
  const store = el('input', { id: 'inv-store', maxlength: 32, value: p.get('store') || '' });
  const from = el('input', { id: 'inv-from', type: 'date', value: p.get('from') || '' });
  const to = el('input', { id: 'inv-to', type: 'date', value: p.get('to') || '' });
  const type = el('select', { id: 'inv-type' }, options(TYPES.map((x) => [x, t('inv.type.' + x)]), p.get('type'), 'inv.any'));
  const kind = el('select', { id: 'inv-kind' }, options(KINDS.map((x) => [x, t('inv.kind.' + x)]), p.get('kind'), 'inv.any'));
  const { cursor, limit, ...fq } = q;
  const file = (fmt) => '/api/v1/invoices/export?' + new URLSearchParams({ ...fq, format: fmt, lang: currentLang() });
  mount(root, el('h1', {}, t('inv.title')), tabs('list'),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('invoices', {
          q: search.value.trim(), store: store.value.trim().toUpperCase(), from: from.value, to: to.value,
          type: type.value, kind: kind.value,
        });
      },
    }, field('inv-q', 'inv.search', search), field('inv-store', 'inv.store', store), field('inv-from', 'finance.from', from),
    field('inv-to', 'finance.to', to), field('inv-type', 'inv.type', type), field('inv-kind', 'inv.kind', kind),
    el('button', { type: 'submit', id: 'inv-apply' }, t('reports.apply'))),
    el('p', { class: 'actions' },
      el('a', { class: 'button', id: 'inv-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
      el('a', { class: 'button', id: 'inv-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx'))),
    doc.items.length === 0 ? el('p', { class: 'muted', id: 'inv-empty' }, t('reports.empty')) :
      table('inv-list', ['inv.number', 'inv.kind', 'inv.store', 'inv.order', 'inv.issued_at', 'inv.buyer_title',
        'inv.net', 'inv.tax', 'inv.gross'],
      doc.items.map((d) => row({ dataset: { id: d.id, number: d.number, kind: d.kind } },
        el('a', { href: href('invoice', { id: d.id }) }, code(d.number)), kindText(d), code(d.store), code(d.order),
        fmtDay(d.issued_at), code(d.buyer_title), money(d.net), money(d.tax), money(d.gross)))),
    doc.next ? el('p', {}, el('a', { id: 'inv-next', class: 'button', href: href('invoices', { ...fq, cursor: doc.next }) },
      t('finance.next'))) : null);
}

/* The tax settings: the default rate, a rate per category, per store. */
async function tax(root, p, env) {
  const doc = await api('GET', '/api/v1/finance/tax');
  const pct = (r) => String(Math.round(Number(r) * 10000) / 100);
  const rate = (v) => (Number(v) / 100).toFixed(4);
  const def = el('input', { id: 'tax-default', inputmode: 'decimal', maxlength: 6, value: pct(doc.tax_rate) });
  const cats = doc.rates.map((r, i) => ({
    category: r.category,
    input: el('input', { id: 'tax-rate-' + i, inputmode: 'decimal', maxlength: 6, value: r.own ? pct(r.rate) : '',
      placeholder: pct(doc.tax_rate), 'aria-label': r.category }),
  }));
  const newCat = el('input', { id: 'tax-new-category', maxlength: 100 });
  const newRate = el('input', { id: 'tax-new-rate', inputmode: 'decimal', maxlength: 6 });
  const stores = doc.stores.map((s, i) => ({
    store: s.store,
    incl: el('input', { type: 'checkbox', id: 'tax-incl-' + i, checked: s.prices_include_tax, 'aria-label': t('inv.prices_include_tax') }),
    auto: el('input', { type: 'checkbox', id: 'tax-auto-' + i, checked: s.auto_invoice, 'aria-label': t('inv.auto_invoice') }),
  }));
  const save = (e) => {
    e.preventDefault();
    act(env, async () => {
      const rates = cats.map((c) => ({ category: c.category, rate: c.input.value.trim() === '' ? null : rate(c.input.value) }));
      if (newCat.value.trim() && newRate.value.trim()) rates.push({ category: newCat.value.trim(), rate: rate(newRate.value) });
      await api('PATCH', '/api/v1/finance/tax', {
        tax_rate: rate(def.value), rates,
        stores: stores.map((s) => ({ store: s.store, prices_include_tax: s.incl.checked, auto_invoice: s.auto.checked })),
      });
      await tax(root, p, env);
    });
  };
  mount(root, el('h1', {}, t('inv.title')), tabs('tax'),
    el('form', { id: 'tax-form', onsubmit: save },
      el('section', { class: 'panel' }, el('h2', {}, t('inv.tax_title')), el('p', { class: 'muted' }, t('inv.rounding_rule')),
        el('div', { class: 'filters' }, field('tax-default', 'inv.default_rate', def))),
      el('section', { class: 'panel' }, el('h2', {}, t('inv.category_rates')),
        table('tax-rates', ['inv.category', 'inv.tax_rate_pct'],
          cats.map((c) => row({ dataset: { category: c.category } }, code(c.category), c.input))),
        el('div', { class: 'filters' }, field('tax-new-category', 'inv.category', newCat), field('tax-new-rate', 'inv.tax_rate_pct', newRate))),
      el('section', { class: 'panel' }, el('h2', {}, t('inv.store_settings')),
        table('tax-stores', ['inv.store', 'inv.prices_include_tax', 'inv.auto_invoice'],
          stores.map((s) => row({ dataset: { store: s.store } }, code(s.store), s.incl, s.auto)))),
      el('p', { class: 'actions' }, el('button', { type: 'submit', id: 'tax-save' }, t('inv.save')))));
}

export async function show(root, p, env) {
  if (p.get('tab') === 'tax') return tax(root, p, env);
  return list(root, p, env);
}

/* The credit-note form: all that is left, or units of one SKU. */
function creditForm(d, env, redraw) {
  if (d.kind !== 'invoice' || !d.open || Number(d.open.gross) <= 0) return null;
  const skus = d.lines.filter((l) => l.sku !== 'shipping').map((l) => l.sku);
  const sku = el('select', { id: 'cn-sku' }, options(skus.map((s) => [s, s]), '', 'inv.credit_all'));
  const qty = el('input', { id: 'cn-qty', inputmode: 'numeric', maxlength: 9 });
  const reason = el('input', { id: 'cn-reason', maxlength: 500 });
  return el('form', {
    class: 'panel', id: 'cn-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const req = { reason: reason.value.trim(), idempotency_key: 'ui-cn-' + crypto.randomUUID() };
        if (sku.value) req.lines = [{ sku: sku.value, qty: Number(qty.value) }];
        const cn = await api('POST', '/api/v1/invoices/' + d.id + '/credit-notes', req);
        location.hash = href('invoice', { id: cn.id });
        await redraw();
      });
    },
  }, el('h2', {}, t('inv.credit_title')), el('p', { class: 'muted' }, t('inv.credit_note_help')),
  el('div', { class: 'filters' }, field('cn-sku', 'inv.sku', sku), field('cn-qty', 'inv.qty', qty), field('cn-reason', 'inv.reason', reason)),
  el('button', { type: 'submit', id: 'cn-save' }, t('inv.credit')));
}

export async function showDetail(root, p, env) {
  const d = await api('GET', '/api/v1/invoices/' + encodeURIComponent(p.get('id') || ''));
  const fact = (k, v, id) => el('p', id ? { id } : {}, el('b', {}, t(k)), ' ', v);
  const cur = (v) => code(fmtMoney(v, d.currency));
  const pdf = (lang) => '/api/v1/invoices/' + d.id + '/invoice.pdf?lang=' + lang;
  mount(root, el('p', {}, el('a', { id: 'inv-back', href: href('invoices', {}) }, t('common.back'))),
    el('h1', {}, kindText(d), ' ', code(d.number, { id: 'inv-number' })),
    el('p', { class: 'actions' },
      el('a', { class: 'button', id: 'inv-pdf-zh', href: pdf('zh-CN'), download: true }, t('inv.pdf_zh')), ' ',
      el('a', { class: 'button', id: 'inv-pdf-en', href: pdf('en'), download: true }, t('inv.pdf_en'))),
    el('div', { class: 'facts' },
      fact('inv.state', t('inv.state.' + d.state), 'inv-state'),
      fact('inv.issued_at', fmtDay(d.issued_at)),
      fact('inv.store', code(d.store_name)),
      fact('inv.order', el('a', { href: href('order', { id: d.order }) }, code(d.order_external_id))),
      fact('inv.buyer_title', code(d.buyer_title), 'inv-buyer'),
      fact('inv.buyer_tax_id', code(d.buyer_tax_id || '–'), 'inv-tax-id'),
      fact('inv.prices', t(d.prices_include_tax ? 'inv.prices_incl' : 'inv.prices_excl')),
      d.credit_of ? fact('inv.credit_of', el('a', { href: href('invoice', { id: d.credit_of.id }) }, code(d.credit_of.number)), 'inv-credit-of') : null,
      d.reason ? fact('inv.reason', code(d.reason)) : null,
      fact('inv.net', cur(d.totals.net), 'inv-net'), fact('inv.tax', cur(d.totals.tax), 'inv-tax'),
      fact('inv.gross', cur(d.totals.gross), 'inv-gross'),
      d.open ? fact('inv.open', cur(d.open.gross), 'inv-open') : null),
    table('inv-lines', ['inv.line', 'inv.sku', 'inv.name', 'inv.qty', 'inv.unit_price', 'inv.net', 'inv.tax_rate', 'inv.tax', 'inv.gross'],
      d.lines.map((l) => row({ dataset: { line: l.line, sku: l.sku } }, String(l.line),
        l.sku === 'shipping' ? t('inv.shipping') : code(l.sku), l.sku === 'shipping' ? '' : code(l.name),
        { num: l.qty }, money(l.unit_price), money(l.net), fmtPercent(l.tax_rate), money(l.tax), money(l.gross)))),
    d.credit_notes && d.credit_notes.length ? el('section', { class: 'panel', id: 'inv-credits' }, el('h2', {}, t('inv.credit_notes')),
      table('inv-credit-list', ['inv.number', 'inv.issued_at', 'inv.gross', 'inv.reason'],
        d.credit_notes.map((c) => row({ dataset: { id: c.id } }, el('a', { href: href('invoice', { id: c.id }) }, code(c.number)),
          fmtDay(c.issued_at), money(c.gross), code(c.reason))))) : null,
    creditForm(d, env, () => showDetail(root, p, env)));
}

/* The order page's block (finance readers): the order's invoices and, with
 * none live, the form that issues one. */
export async function invoiceBlock(o, env) {
  if (!env.me || !INVOICE_ROLES.includes(env.me.role)) return null;
  const doc = await api('GET', '/api/v1/invoices?' + new URLSearchParams({ q: o.external_id, store: o.store, limit: '50' }));
  const mine = doc.items.filter((d) => d.order === o.external_id);
  const live = mine.some((d) => d.kind === 'invoice');
  const title = el('input', { id: 'inv-new-title', maxlength: 200 });
  const taxId = el('input', { id: 'inv-new-tax-id', maxlength: 20 });
  const type = el('select', { id: 'inv-new-type' }, options(TYPES.map((x) => [x, t('inv.type.' + x)]), 'normal'));
  const email = el('input', { id: 'inv-new-email', type: 'email', maxlength: 254 });
  const issue = (e) => {
    e.preventDefault();
    act(env, async () => {
      const req = { buyer_title: title.value.trim(), type: type.value, idempotency_key: 'ui-inv-' + crypto.randomUUID() };
      if (taxId.value.trim()) req.buyer_tax_id = taxId.value.trim().toUpperCase();
      if (email.value.trim()) req.email = email.value.trim();
      const d = await api('POST', '/api/v1/orders/' + o.id + '/invoices', req);
      location.hash = href('invoice', { id: d.id });
    });
  };
  return el('section', { class: 'panel', id: 'order-invoices' }, el('h2', {}, t('inv.title')),
    mine.length ? table('order-invoice-list', ['inv.number', 'inv.kind', 'inv.issued_at', 'inv.gross'],
      mine.map((d) => row({ dataset: { id: d.id, kind: d.kind } }, el('a', { href: href('invoice', { id: d.id }) }, code(d.number)),
        kindText(d), fmtDay(d.issued_at), money(d.gross)))) : el('p', { class: 'muted' }, t('inv.none')),
    live ? null : el('form', { id: 'inv-issue-form', onsubmit: issue },
      el('div', { class: 'filters' }, field('inv-new-title', 'inv.buyer_title', title), field('inv-new-tax-id', 'inv.buyer_tax_id', taxId),
        field('inv-new-type', 'inv.type', type), field('inv-new-email', 'inv.email', email)),
      el('button', { type: 'submit', id: 'inv-issue' }, t('inv.issue'))));
}
