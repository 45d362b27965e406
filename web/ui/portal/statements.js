/*
 * 对账单: the client's monthly statements (GET /api/v1/owners/{own
 * code}/statements: another owner's are 404 to it), newest first, and
 * one statement with its lines and its files (PDF, CSV, XLSX in the
 * page's language). Read only: the warehouse issues them, corrections
 * come as adjustments on the next one.
 */
import { api } from '../lib/api.js';
import { t, fmtDate, fmtMoney, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href, code, table, row } from '../app/common.js';

const PAGE = 24;

function base(env) {
  return '/api/v1/owners/' + encodeURIComponent(env.me.owner || '') + '/statements';
}

function price(v) {
  return new Intl.NumberFormat(currentLang(), { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(Number(v));
}

export async function show(box, p, env) {
  const q = new URLSearchParams({ limit: PAGE });
  if (p.get('cursor')) q.set('cursor', p.get('cursor'));
  const page = await api('GET', base(env) + '?' + q);
  mount(box,
    el('h1', {}, t('portal.statements.title')),
    el('p', { class: 'muted' }, t('portal.statements.intro')),
    page.items.length
      ? el('div', { class: 'scroll' }, table('statements-list', ['billing.number', 'billing.month', 'billing.total',
        'billing.lines', 'billing.issued_at'],
      page.items.map((s) => row({ dataset: { id: s.id, month: s.month } },
        el('a', { href: href('statement', { id: s.id }), class: 'statement-link', translate: 'no' }, s.number),
        code(s.month), fmtMoney(s.total, s.currency), { num: s.lines }, fmtDate(s.issued_at)))))
      : el('p', { class: 'muted', id: 'statements-empty' }, t('portal.empty')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('statements'), id: 'statements-first' }, t('portal.first_page')) : null,
      page.next ? el('a', { href: href('statements', { cursor: page.next }), id: 'statements-next' },
        t('portal.next_page')) : null));
}

export async function showDetail(box, p, env) {
  const one = base(env) + '/' + encodeURIComponent(p.get('id') || '');
  const st = await api('GET', one);
  const zh = currentLang() !== 'en';
  const file = (ext) => one + '/statement.' + ext + '?lang=' + (zh ? 'zh-CN' : 'en');
  mount(box,
    el('p', {}, el('a', { href: href('statements') }, t('portal.back'))),
    el('h1', {}, t('billing.statement'), ' ', code(st.number, { id: 'statement-number' })),
    el('p', {}, code(st.month, { id: 'statement-month' }), ' · ',
      el('b', { id: 'statement-total', dataset: { total: String(st.total) } }, fmtMoney(st.total, st.currency)),
      ' · ', fmtDate(st.issued_at)),
    el('p', { class: 'actions' },
      el('a', { class: 'button', id: 'statement-pdf', href: file('pdf'), target: '_blank' }, t('billing.download_pdf')), ' ',
      el('a', { class: 'button', id: 'statement-csv', href: file('csv'), download: true }, t('billing.download_csv')), ' ',
      el('a', { class: 'button', id: 'statement-xlsx', href: file('xlsx'), download: true }, t('billing.download_xlsx'))),
    el('div', { class: 'scroll' }, table('statement-lines', ['billing.item', 'billing.qty', 'billing.unit_price', 'billing.amount'],
      st.lines.map((l) => row({ dataset: { n: l.n, kind: l.kind, amount: String(l.amount) } },
        zh ? l.description : l.description_en, { num: Number(l.qty) }, price(l.unit_price), price(l.amount))))),
    el('p', { class: 'muted' }, t('billing.immutable')));
}
