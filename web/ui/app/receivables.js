/*
 * Receivables (应收账款, issue 22 item 4): platform settlement upload
 * (对账: a Shopify payout, 支付宝账务明细 or 京东结算单 export, GBK decoded
 * here before sending), the match results and differences of each
 * settlement, and the receivables aging (应收账龄) per store.
 * Routes: #/receivables?tab=settlements|aging&…, #/settlement?id=….
 */
import { api } from '../lib/api.js';
import { t, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { field, href, code, table, row, act, options, fmtDay } from './common.js';

const PROFILES = ['shopify_payouts', 'alipay', 'jd', 'generic'];

function money(v) {
  return { num: v === null || v === undefined ? null : Number(v) };
}

function tabs(tab) {
  return el('p', { class: 'tabs' }, ['settlements', 'aging'].map((k) =>
    el('a', { href: href('receivables', { tab: k }), id: 'ar-tab-' + k, class: k === tab ? 'on' : '' }, t('ar.tab.' + k))));
}

/* The file's text: UTF-8 when it is valid UTF-8, else GBK (GB18030). */
async function fileText(file) {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function upload(env) {
  const store = el('input', { id: 'ar-store', maxlength: 32 });
  const profile = el('select', { id: 'ar-profile' }, options(PROFILES.map((p) => [p, t('ar.profile.' + p)]), 'generic'));
  const days = el('input', { id: 'ar-days', inputmode: 'numeric', maxlength: 4, value: '14' });
  const file = el('input', { id: 'ar-file', type: 'file', accept: '.csv,text/csv' });
  return el('section', { class: 'panel', id: 'ar-upload' }, el('h2', {}, t('ar.upload_title')),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          const f = file.files[0];
          if (!f) return;
          const s = await api('POST', '/api/v1/settlements', {
            store: store.value.trim().toUpperCase(), profile: profile.value, file_name: f.name,
            csv: await fileText(f), days: Number(days.value) || 14,
          });
          location.hash = href('settlement', { id: s.id });
        });
      },
    }, field('ar-store', 'ar.store', store), field('ar-profile', 'ar.profile', profile), field('ar-days', 'ar.days', days),
    field('ar-file', 'ar.file', file), el('button', { type: 'submit', id: 'ar-upload-save' }, t('ar.upload'))));
}

async function settlements(root, p, env) {
  const q = { limit: '50' };
  for (const k of ['store', 'cursor']) if (p.get(k)) q[k] = p.get(k);
  const doc = await api('GET', '/api/v1/settlements?' + new URLSearchParams(q));
  mount(root, el('h1', {}, t('ar.title')), tabs('settlements'), upload(env),
    doc.items.length === 0 ? el('p', { class: 'muted', id: 'ar-empty' }, t('reports.empty')) :
      table('ar-settlements', ['ar.id', 'ar.store', 'ar.profile', 'ar.date', 'ar.currency', 'ar.gross', 'ar.fees', 'ar.refunds', 'ar.net'],
        doc.items.map((s) => row({ dataset: { id: s.id } }, el('a', { href: href('settlement', { id: s.id }) }, code(s.id)),
          code(s.store), t('ar.profile.' + s.profile), fmtDay(s.date), code(s.currency), money(s.gross), money(s.fees),
          money(s.refunds), money(s.net)))),
    doc.next ? el('p', {}, el('a', { id: 'ar-next', class: 'button', href: href('receivables', { ...q, cursor: doc.next }) },
      t('finance.next'))) : null);
}

async function aging(root, p) {
  const q = {};
  for (const k of ['at', 'store']) if (p.get(k)) q[k] = p.get(k);
  const doc = await api('GET', '/api/v1/finance/receivables-aging?' + new URLSearchParams(q));
  const at = el('input', { id: 'ar-at', type: 'date', value: p.get('at') || '' });
  const file = (fmt) => '/api/v1/finance/receivables-aging?' + new URLSearchParams({ ...q, format: fmt, lang: currentLang() });
  mount(root, el('h1', {}, t('ar.title')), tabs('aging'),
    el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = href('receivables', { tab: 'aging', at: at.value }); } },
      field('ar-at', 'finance.at', at), el('button', { type: 'submit', id: 'ar-apply' }, t('reports.apply'))),
    el('p', { class: 'actions' },
      el('a', { class: 'button', id: 'ar-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
      el('a', { class: 'button', id: 'ar-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx'))),
    doc.rows.length === 0 ? el('p', { class: 'muted', id: 'ar-empty' }, t('reports.empty')) :
      table('ar-aging', ['ar.store', 'ar.currency', 'ap.d0_30', 'ap.d31_60', 'ap.d61_90', 'ap.d90_plus', 'ar.total', 'ar.orders'],
        doc.rows.map((r) => row({ dataset: { store: r.store, currency: r.currency } }, code(r.store), code(r.currency),
          money(r.d0_30), money(r.d31_60), money(r.d61_90), money(r.d90_plus), money(r.total), money(r.orders)))));
}

export async function show(root, p, env) {
  if (p.get('tab') === 'aging') return aging(root, p, env);
  return settlements(root, p, env);
}

/* One list of the report as a table, or a "none" line. */
function list(id, title, heads, items, cells) {
  return el('section', { class: 'panel', id }, el('h2', {}, t(title, { n: items.length })),
    items.length === 0 ? el('p', { class: 'muted' }, t('ar.none')) :
      table(id + '-table', heads, items.map((x) => row({ dataset: { order: x.order || '' } }, ...cells(x)))));
}

export async function showDetail(root, p) {
  const s = await api('GET', '/api/v1/settlements/' + encodeURIComponent(p.get('id') || ''));
  const r = s.report;
  const fact = (k, v, id) => el('p', id ? { id } : {}, el('b', {}, t(k)), ' ', v);
  mount(root, el('p', {}, el('a', { href: href('receivables', {}) }, t('common.back'))),
    el('h1', {}, t('ar.settlement_title', { id: s.id })),
    el('div', { class: 'facts' }, fact('ar.store', code(s.store)), fact('ar.profile', t('ar.profile.' + s.profile)),
      fact('ar.file', code(s.file_name)), fact('ar.date', fmtDay(s.date)),
      fact('ar.gross', code(s.gross + ' ' + s.currency)), fact('ar.fees', code(s.fees + ' ' + s.currency)),
      fact('ar.refunds', code(s.refunds + ' ' + s.currency)), fact('ar.net', code(s.net + ' ' + s.currency), 'ar-net'),
      fact('finance.voucher', code(s.voucher_no)),
      fact('ar.matched', code(r.matched + ' / ' + r.lines), 'ar-matched')),
    r.fee_settings ? null : el('p', { class: 'warn' }, t('ar.no_fee_settings')),
    list('ar-fee-diffs', 'ar.fee_differences', ['ar.order', 'ar.gross', 'ar.fee', 'ar.expected', 'ar.diff'], r.fee_differences,
      (x) => [code(x.order), money(x.gross), money(x.fee), money(x.expected), money(x.diff)]),
    list('ar-refunds', 'ar.refunds_title', ['ar.line', 'ar.order', 'ar.amount', 'ar.fee', 'ar.matched_order'], r.refunds,
      (x) => [code(x.line), code(x.order), money(x.amount), money(x.fee), x.matched ? t('ar.yes') : t('ar.no')]),
    list('ar-no-order', 'ar.no_order', ['ar.line', 'ar.order', 'ar.kind', 'ar.amount', 'ar.fee'], r.no_order,
      (x) => [code(x.line), code(x.order), t('ar.kind.' + x.kind), money(x.amount), money(x.fee)]),
    list('ar-unpaid', 'ar.unpaid', ['ar.order', 'ar.shipped', 'ar.days_since', 'ar.amount', 'ar.currency'], r.unpaid,
      (x) => [code(x.order), fmtDay(x.shipped), money(x.days), money(x.amount), code(x.currency)]));
}
