/* The order list: filter by state, search, newest/oldest, keyset pages. */
import { api } from '../lib/api.js';
import { t, fmtMoney, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';

const STATES = ['new', 'on_hold', 'allocated', 'backordered', 'picking', 'packed', 'shipped', 'delivered', 'cancelled'];
const PAGE = 20;

function href(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return '#/orders' + (q.toString() ? '?' + q.toString() : '');
}

function filters(p) {
  const state = el('select', { id: 'f-state', name: 'state' },
    el('option', { value: '' }, t('orders.any_state')),
    STATES.map((s) => el('option', { value: s, selected: p.get('state') === s }, t('state.' + s))));
  const q = el('input', { id: 'f-q', name: 'q', type: 'search', value: p.get('q') || '', placeholder: t('orders.search') });
  const sort = el('select', { id: 'f-sort', name: 'sort' },
    el('option', { value: 'newest' }, t('orders.newest')),
    el('option', { value: 'oldest', selected: p.get('sort') === 'oldest' }, t('orders.oldest')));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href({ state: state.value, q: q.value.trim(), sort: sort.value === 'oldest' ? 'oldest' : '' });
    },
  }, el('label', {}, t('orders.state'), ' ', state), el('label', {}, t('orders.q'), ' ', q),
  el('label', {}, t('orders.sort'), ' ', sort), el('button', { type: 'submit' }, t('orders.apply')));
}

function row(o) {
  return el('tr', { dataset: { id: o.id } },
    el('td', {}, o.external_id), el('td', {}, o.store),
    el('td', {}, (o.customer && o.customer.name) || ''),
    el('td', {}, el('span', { class: 'pill state-' + o.state }, t('state.' + o.state))),
    el('td', { class: 'num' }, fmtMoney(o.total, o.currency)),
    el('td', {}, o.created_at ? fmtDate(o.created_at) : ''));
}

export async function show(root, p) {
  const q = new URLSearchParams();
  for (const k of ['state', 'q', 'sort', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  q.set('limit', String(PAGE));
  const page = await api('GET', '/api/v1/orders?' + q.toString());
  const base = { state: p.get('state'), q: p.get('q'), sort: p.get('sort') };
  mount(root,
    el('h1', {}, p.get('state') ? t('orders.title_state', { state: t('state.' + p.get('state')) }) : t('orders.title')),
    filters(p),
    el('p', { class: 'count', id: 'orders-count' }, t('orders.shown', { n: fmtNumber(page.items.length) })),
    el('table', { class: 'grid', id: 'orders' },
      el('thead', {}, el('tr', {}, ['orders.external_id', 'orders.store', 'orders.customer', 'orders.state',
        'orders.total', 'orders.created'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, page.items.map(row))),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href(base), id: 'first-page' }, t('orders.first_page')) : null,
      page.next ? el('a', { href: href({ ...base, cursor: page.next }), id: 'next-page' }, t('orders.next_page')) : null));
}
