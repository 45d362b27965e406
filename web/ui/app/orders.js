/*
 * Orders: the list (state, store, search, newest/oldest, keyset pages
 * through the list's `next` cursor) and one order (#/order?id=…) with its
 * lines, allocation, open holds, timeline and the release/cancel actions.
 */
import { api } from '../lib/api.js';
import { t, has, fmtMoney, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href as link, code, table, row, options, act } from './common.js';

const STATES = ['new', 'on_hold', 'allocated', 'backordered', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'];
const PAGE = 20;
/* States an order can still be cancelled in (the server says the same). */
const CANCELLABLE = ['new', 'on_hold', 'allocated', 'backordered', 'picking', 'packed'];
const RELEASABLE = ['on_hold', 'backordered'];
/* States the back office can hold an order in: not yet on the floor. */
const HOLDABLE = ['new', 'allocated', 'backordered'];

function href(params) {
  return link('orders', params);
}

function filters(p, stores) {
  const state = el('select', { id: 'f-state', name: 'state' },
    el('option', { value: '' }, t('orders.any_state')),
    STATES.map((s) => el('option', { value: s, selected: p.get('state') === s }, t('state.' + s))));
  const store = el('select', { id: 'f-store', name: 'store', translate: 'no' },
    options(stores.map((s) => [s.code, s.code + ' · ' + s.name]), p.get('store'), 'orders.any_store'));
  const q = el('input', { id: 'f-q', name: 'q', type: 'search', value: p.get('q') || '', placeholder: t('orders.search') });
  const sort = el('select', { id: 'f-sort', name: 'sort' },
    el('option', { value: 'newest' }, t('orders.newest')),
    el('option', { value: 'oldest', selected: p.get('sort') === 'oldest' }, t('orders.oldest')));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href({ state: state.value, store: store.value, q: q.value.trim(), sort: sort.value === 'oldest' ? 'oldest' : '' });
    },
  }, el('label', {}, t('orders.state'), ' ', state), el('label', {}, t('orders.store'), ' ', store),
  el('label', {}, t('orders.q'), ' ', q),
  el('label', {}, t('orders.sort'), ' ', sort), el('button', { type: 'submit' }, t('orders.apply')));
}

function listRow(o) {
  return el('tr', { dataset: { id: o.id } },
    el('td', {}, el('a', { href: link('order', { id: o.id }), class: 'order-link', translate: 'no' }, o.external_id)),
    el('td', {}, code(o.store)),
    el('td', {}, code((o.customer && o.customer.name) || '')),
    el('td', {}, el('span', { class: 'pill state-' + o.state }, t('state.' + o.state))),
    el('td', { class: 'num' }, fmtMoney(o.total, o.currency)),
    el('td', {}, o.created_at ? fmtDate(o.created_at) : ''));
}

export async function show(root, p) {
  const q = new URLSearchParams();
  for (const k of ['state', 'store', 'q', 'sort', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  q.set('limit', String(PAGE));
  const [page, stores] = await Promise.all([api('GET', '/api/v1/orders?' + q.toString()),
    api('GET', '/api/v1/stores').then((r) => r.items).catch(() => [])]);
  const base = { state: p.get('state'), store: p.get('store'), q: p.get('q'), sort: p.get('sort') };
  mount(root,
    el('h1', {}, p.get('state') ? t('orders.title_state', { state: t('state.' + p.get('state')) }) : t('orders.title')),
    filters(p, stores),
    el('p', { class: 'count', id: 'orders-count' }, t('orders.shown', { n: fmtNumber(page.items.length) })),
    el('table', { class: 'grid', id: 'orders' },
      el('thead', {}, el('tr', {}, ['orders.external_id', 'orders.store', 'orders.customer', 'orders.state',
        'orders.total', 'orders.created'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, page.items.map(listRow))),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href(base), id: 'first-page' }, t('orders.first_page')) : null,
      page.next ? el('a', { href: href({ ...base, cursor: page.next }), id: 'next-page' }, t('orders.next_page')) : null));
}

/* A hold reason in words; an unknown reason shows its code. */
function holdText(h) {
  const key = 'orders.hold.' + h.reason;
  return has(key) ? t(key) : h.reason;
}

function address(a) {
  if (!a) return '';
  return [a.name, a.line1, a.line2, a.postcode, a.city, a.region, a.country_code, a.phone]
    .filter((x) => x).join(', ');
}

function linesTable(o) {
  return table('order-lines', ['orders.line', 'orders.sku', 'orders.name', 'orders.qty', 'orders.unit_price',
    'orders.allocated', 'orders.backordered', 'orders.allocation'],
  o.lines.map((l) => row({ dataset: { line: l.line } },
    { num: l.line }, code(l.sku), code(l.name), { num: l.qty },
    el('span', { class: 'num' }, fmtMoney(l.unit_price, o.currency)),
    { num: l.allocated }, { num: l.backordered },
    (l.allocations || []).map((a) => el('span', { class: 'pill', translate: 'no' }, a.warehouse + ' × ' + fmtNumber(a.qty))))));
}

function timelineTable(items) {
  return table('timeline', ['orders.when', 'orders.from_state', 'orders.to_state', 'orders.note', 'orders.user', 'orders.request'],
    items.map((e) => row({},
      fmtDate(e.at),
      e.from ? t('state.' + e.from) : '',
      el('span', { class: 'pill state-' + e.to }, t('state.' + e.to)),
      code(e.note), code(e.user || (e.user_id === null || e.user_id === undefined ? '' : '#' + e.user_id)),
      code(e.request_id, { class: 'mono' }))));
}

function actions(o, env, reload) {
  const step = (verb, msg, body) => act(env, async () => {
    await api('POST', '/api/v1/orders/' + o.id + '/' + verb, body);
    await reload(t(msg));
  });
  const note = el('input', { id: 'hold-note', maxlength: 200, placeholder: t('orders.hold_note') });
  return el('div', { class: 'row actions' },
    HOLDABLE.includes(o.state) ? note : null,
    HOLDABLE.includes(o.state)
      ? el('button', {
        type: 'button', id: 'order-hold',
        onclick: () => step('hold', 'orders.held', note.value.trim() ? { note: note.value.trim() } : undefined),
      }, t('orders.hold_action'))
      : null,
    RELEASABLE.includes(o.state)
      ? el('button', { type: 'button', id: 'order-release', class: 'primary', onclick: () => step('release', 'orders.released') }, t('orders.release'))
      : null,
    CANCELLABLE.includes(o.state)
      ? el('button', {
        type: 'button', id: 'order-cancel', class: 'danger',
        onclick: () => { if (confirm(t('orders.confirm_cancel', { order: o.external_id }))) step('cancel', 'orders.cancelled'); },
      }, t('orders.cancel'))
      : null);
}

/* #/order?id=…: one order. */
export async function showDetail(root, p, env) {
  const id = p.get('id');
  const draw = async (notice) => {
    const [o, tl] = await Promise.all([api('GET', '/api/v1/orders/' + encodeURIComponent(id)),
      api('GET', '/api/v1/orders/' + encodeURIComponent(id) + '/timeline')]);
    mount(root,
      el('p', {}, el('a', { href: link('orders'), id: 'back-orders' }, t('orders.back'))),
      el('h1', {}, t('orders.detail'), ' ', code(o.external_id, { id: 'order-no' }), ' ',
        el('span', { class: 'pill state-' + o.state, id: 'order-state', dataset: { state: o.state } }, t('state.' + o.state))),
      notice ? el('p', { class: 'ok', id: 'order-notice' }, notice) : null,
      actions(o, env, draw),
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('orders.store')), ' ', code(o.store)),
        el('p', {}, el('b', {}, t('orders.warehouse')), ' ', code(o.warehouse || '–')),
        el('p', {}, el('b', {}, t('orders.total')), ' ', fmtMoney(o.total, o.currency)),
        el('p', {}, el('b', {}, t('orders.created')), ' ', o.created_at ? fmtDate(o.created_at) : ''),
        el('p', {}, el('b', {}, t('orders.customer')), ' ', code(o.customer ? [o.customer.name, o.customer.email, o.customer.phone].filter((x) => x).join(' · ') : '')),
        el('p', {}, el('b', {}, t('orders.ship_to')), ' ', code(address(o.ship_to)))),
      o.holds.length ? el('section', { class: 'panel holds', id: 'holds' },
        el('h2', {}, t('orders.holds')),
        el('ul', {}, o.holds.map((h) => el('li', {}, holdText(h), ' ', code(h.detail, { class: 'muted' }))))) : null,
      el('h2', {}, t('orders.lines')),
      linesTable(o),
      o.shipments.length ? el('p', { id: 'shipments' }, el('b', {}, t('orders.shipments')), ' ',
        o.shipments.map((s) => el('span', { class: 'pill', translate: 'no' }, s.warehouse + ' × ' + fmtNumber(s.units)))) : null,
      el('h2', {}, t('orders.timeline')),
      timelineTable(tl.items));
  };
  await draw();
}
