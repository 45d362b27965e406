/*
 * Finance (财务, issue 22): the trial balance at a day (#/finance?at=),
 * the journal of a period with its account filter and keyset pages
 * (#/finance?tab=journal&from=&to=&account=&after=), CSV/XLSX exports in
 * the layout 用友/金蝶 import, closing a month and setting a rate. The
 * ledger itself is posted by the database with each fact.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { field, href, code, table, row, act } from './common.js';

const PAGE = 100;

function money(v) {
  return { num: v === null || v === undefined ? null : Number(v) };
}

function tabs(tab) {
  return el('p', { class: 'tabs' }, ['trial', 'journal', 'periods'].map((k) =>
    el('a', { href: href('finance', { tab: k }), id: 'fin-tab-' + k, class: k === tab ? 'on' : '' }, t('finance.tab.' + k))));
}

function exports(path, q) {
  const file = (fmt) => path + '?' + new URLSearchParams({ ...q, format: fmt, lang: currentLang() });
  return el('p', { class: 'actions' },
    el('a', { class: 'button', id: 'fin-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
    el('a', { class: 'button', id: 'fin-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx')));
}

async function trial(root, p, env) {
  const q = {};
  if (p.get('at')) q.at = p.get('at');
  const doc = await api('GET', '/api/v1/finance/trial-balance?' + new URLSearchParams(q));
  const at = el('input', { id: 'fin-at', type: 'date', value: p.get('at') || '' });
  const zh = currentLang().startsWith('zh');
  mount(root, el('h1', {}, t('finance.title')), tabs('trial'),
    el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = href('finance', { at: at.value }); } },
      field('fin-at', 'finance.at', at), el('button', { type: 'submit', id: 'fin-apply' }, t('reports.apply'))),
    exports('/api/v1/finance/trial-balance', q),
    table('fin-trial', ['finance.account', 'finance.account_name', 'finance.debit', 'finance.credit', 'finance.balance'],
      doc.rows.map((r) => row({ dataset: { account: r.account }, class: r.account === '' ? 'total' : '' },
        code(r.account), r.account === '' ? t('finance.total') : code(zh ? r.name_zh : r.name_en),
        money(r.debit), money(r.credit), money(r.balance)))));
}

async function journal(root, p, env) {
  const q = { limit: String(PAGE) };
  for (const k of ['from', 'to', 'account', 'after']) if (p.get(k)) q[k] = p.get(k);
  const doc = await api('GET', '/api/v1/finance/journal?' + new URLSearchParams(q));
  const inputs = {
    from: el('input', { id: 'fin-from', type: 'date', value: p.get('from') || '' }),
    to: el('input', { id: 'fin-to', type: 'date', value: p.get('to') || '' }),
    account: el('input', { id: 'fin-account', value: p.get('account') || '', maxlength: 10, inputmode: 'numeric' }),
  };
  const last = doc.rows.length ? doc.rows[doc.rows.length - 1].line_id : null;
  const { after, limit, ...fq } = q;
  mount(root, el('h1', {}, t('finance.title')), tabs('journal'),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('finance', { tab: 'journal', from: inputs.from.value, to: inputs.to.value, account: inputs.account.value.trim() });
      },
    }, field('fin-from', 'finance.from', inputs.from), field('fin-to', 'finance.to', inputs.to),
    field('fin-account', 'finance.account', inputs.account), el('button', { type: 'submit', id: 'fin-apply' }, t('reports.apply'))),
    exports('/api/v1/finance/journal', fq),
    doc.rows.length === 0 ? el('p', { class: 'muted', id: 'fin-empty' }, t('reports.empty')) :
      table('fin-journal', ['finance.date', 'finance.voucher', 'finance.summary', 'finance.account', 'finance.account_name',
        'finance.debit', 'finance.credit', 'finance.warehouse', 'finance.sku'],
      doc.rows.map((r) => row({ dataset: { line: r.line_id } }, r.date, code(r.voucher_no), code(r.summary),
        code(r.account_code), code(r.account_name), money(r.debit), money(r.credit), code(r.warehouse), code(r.sku)))),
    doc.truncated ? el('p', {}, el('a', { id: 'fin-next', class: 'button', href: href('finance', { tab: 'journal', ...fq, after: last }) },
      t('finance.next'))) : null);
}

async function periods(root, p, env) {
  const doc = await api('GET', '/api/v1/finance');
  const month = el('input', { id: 'fin-month', placeholder: 'YYYY-MM', maxlength: 7, pattern: '[0-9]{4}-[0-9]{2}' });
  const cur = el('input', { id: 'fin-rate-currency', placeholder: 'USD', maxlength: 3 });
  const day = el('input', { id: 'fin-rate-date', type: 'date' });
  const rate = el('input', { id: 'fin-rate-value', inputmode: 'decimal', maxlength: 20 });
  const redraw = (notice) => periods(root, p, env).then(() => {
    if (notice) root.prepend(el('p', { class: 'ok', id: 'fin-notice' }, notice));
  });
  mount(root, el('h1', {}, t('finance.title')), tabs('periods'),
    el('section', { class: 'panel' }, el('h2', {}, t('finance.close_title')),
      el('form', {
        onsubmit: (e) => {
          e.preventDefault();
          act(env, async () => {
            await api('POST', '/api/v1/finance/periods/' + encodeURIComponent(month.value.trim()) + '/close');
            await redraw(t('finance.closed_ok', { month: month.value.trim() }));
          });
        },
      }, field('fin-month', 'finance.month', month), el('button', { type: 'submit', id: 'fin-close' }, t('finance.close'))),
      table('fin-periods', ['finance.month', 'finance.closed_at'],
        doc.closed_periods.map((c) => row({ dataset: { month: c.month } }, code(c.month), new Date(c.closed_at).toLocaleString(currentLang()))))),
    el('section', { class: 'panel' }, el('h2', {}, t('finance.rates_title', { currency: doc.currency })),
      el('form', {
        onsubmit: (e) => {
          e.preventDefault();
          act(env, async () => {
            await api('POST', '/api/v1/finance/rates', { currency: cur.value.trim().toUpperCase(), date: day.value, rate: rate.value.trim() });
            await redraw(t('finance.rate_ok'));
          });
        },
      }, field('fin-rate-currency', 'finance.currency', cur), field('fin-rate-date', 'finance.date', day),
      field('fin-rate-value', 'finance.rate', rate), el('button', { type: 'submit', id: 'fin-rate-save' }, t('finance.save'))),
      table('fin-rates', ['finance.currency', 'finance.date', 'finance.rate'],
        doc.rates.map((r) => row({ dataset: { currency: r.currency } }, code(r.currency), r.date, code(r.rate))))));
}

export async function show(root, p, env) {
  const tab = p.get('tab') || 'trial';
  if (tab === 'journal') return journal(root, p, env);
  if (tab === 'periods') return periods(root, p, env);
  return trial(root, p, env);
}

/* The margin block of an order page (GET /api/v1/orders/{id} has margin
 * only for finance.read), or null. */
export function marginBlock(o) {
  const m = o.margin;
  if (!m) return null;
  const cur = (v) => el('span', { class: 'num' }, fmtNumber(Number(v)) + ' ' + m.currency);
  const pct = m.margin_pct === null || m.margin_pct === undefined ? '' : ' (' + fmtNumber(Number(m.margin_pct)) + ' %)';
  return el('section', { class: 'panel', id: 'order-margin' }, el('h2', {}, t('finance.margin')),
    el('div', { class: 'facts' }, ['revenue', 'shipping', 'discounts', 'cost_of_goods', 'platform_fees', 'carrier_cost', 'packaging', 'refunds', 'returned_cost']
      .map((k) => el('p', { dataset: { k } }, el('b', {}, t('finance.m.' + k)), ' ', cur(m[k]))),
    el('p', { id: 'order-margin-total', dataset: { margin: m.margin } }, el('b', {}, t('finance.margin')), ' ', cur(m.margin), pct)));
}
