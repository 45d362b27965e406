/*
 * 退货: the returns of the client's orders (GET /api/v1/returns: its own
 * stores' only), by state and number, a page at a time, and one return
 * with its lines and what came back (GET /api/v1/returns/{id}). Read
 * only: the warehouse receives and the back office settles.
 */
import { api } from '../lib/api.js';
import { t, has, fmtDate } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href, code, table, row, options } from '../app/common.js';

const PAGE = 20;
const STATES = ['requested', 'authorized', 'receiving', 'received', 'closed', 'rejected'];

function word(prefix, v) {
  if (v === null || v === undefined || v === '') return '';
  return has(prefix + v) ? t(prefix + v) : code(v);
}

function statePill(s) {
  return el('span', { class: 'pill', dataset: { state: s } }, word('returns.state.', s));
}

export async function show(box, p) {
  const q = new URLSearchParams({ limit: PAGE });
  for (const k of ['state', 'q', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const page = await api('GET', '/api/v1/returns?' + q);
  const st = el('select', { id: 'returns-state' },
    options(STATES.map((s) => [s, t('returns.state.' + s)]), p.get('state'), 'portal.any'));
  const search = el('input', { id: 'returns-q', value: p.get('q') || '', maxlength: 64,
    placeholder: t('portal.returns.q_hint') });
  const base = { state: p.get('state'), q: p.get('q') };
  mount(box,
    el('h1', {}, t('portal.returns.title')),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('returns', { state: st.value, q: search.value.trim() });
      },
    }, el('label', { for: 'returns-state' }, t('portal.orders.state'), st),
    el('label', { for: 'returns-q' }, t('portal.search'), search),
    el('button', { type: 'submit', id: 'returns-apply' }, t('portal.search'))),
    page.items.length
      ? el('div', { class: 'scroll' }, table('returns-list', ['portal.returns.number', 'portal.returns.order',
        'portal.orders.state', 'portal.returns.units', 'portal.returns.received', 'portal.orders.created'],
      page.items.map((m) => row({ dataset: { id: m.id, number: m.number, state: m.state } },
        el('a', { href: href('return', { id: m.id }), class: 'return-link', translate: 'no' }, m.number),
        m.order ? el('a', { href: href('order', { id: m.order }), translate: 'no' }, m.order_number) : '',
        statePill(m.state), { num: m.units }, { num: m.received }, m.created_at ? fmtDate(m.created_at) : ''))))
      : el('p', { class: 'muted', id: 'returns-empty' }, t('portal.empty')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('returns', base), id: 'returns-first' }, t('portal.first_page')) : null,
      page.next ? el('a', { href: href('returns', { ...base, cursor: page.next }), id: 'returns-next' },
        t('portal.next_page')) : null));
}

export async function showDetail(box, p) {
  const m = await api('GET', '/api/v1/returns/' + encodeURIComponent(p.get('id') || ''));
  mount(box,
    el('p', {}, el('a', { href: href('returns') }, t('portal.back'))),
    el('h1', {}, t('portal.returns.one'), ' ', code(m.number, { id: 'return-number' })),
    el('p', {}, statePill(m.state), ' ',
      m.order ? el('a', { href: href('order', { id: m.order }), translate: 'no' }, m.order_number) : '',
      m.created_at ? ' · ' + fmtDate(m.created_at) : ''),
    el('h2', {}, t('portal.order.lines')),
    el('div', { class: 'scroll' }, table('return-lines', ['portal.stock.sku', 'portal.stock.name',
      'portal.returns.units', 'portal.returns.received', 'portal.returns.reason'],
    (m.lines || []).map((l) => row({ dataset: { sku: l.sku } }, code(l.sku), code(l.name), { num: l.qty },
      { num: l.received }, word('returns.reason.', l.reason))))),
    (m.receipts || []).length ? el('h2', {}, t('portal.returns.receipts')) : null,
    (m.receipts || []).length ? el('div', { class: 'scroll' }, table('return-receipts', ['portal.stock.sku',
      'portal.returns.units', 'portal.returns.condition'], m.receipts.map((r) => row({}, code(r.sku), { num: r.qty },
      word('returns.condition.', r.condition))))) : null);
}
