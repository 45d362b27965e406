/*
 * 订单: the client's orders (GET /api/v1/orders: its own stores' only) by
 * state and number, a page at a time; one order with its lines and its
 * shipments' carrier and tracking numbers (GET /api/v1/shipments/{id});
 * and a new order by form (POST /api/v1/orders: the store and order
 * number make intake idempotent, so a double click or a retry makes one
 * order).
 */
import { api } from '../lib/api.js';
import { t, has, fmtMoney, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href, code, table, row, options } from '../app/common.js';

const PAGE = 20;
const STATES = ['new', 'on_hold', 'allocated', 'picking', 'packed', 'shipped', 'delivered', 'cancelled'];

function word(prefix, v) {
  return has(prefix + v) ? t(prefix + v) : code(v);
}

function statePill(s) {
  return el('span', { class: 'pill', dataset: { state: s } }, word('portal.order.state.', s));
}

export async function show(box, p) {
  const q = new URLSearchParams({ limit: PAGE });
  for (const k of ['state', 'q', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const page = await api('GET', '/api/v1/orders?' + q);
  const st = el('select', { id: 'orders-state' },
    options(STATES.map((s) => [s, t('portal.order.state.' + s)]), p.get('state'), 'portal.any'));
  const search = el('input', { id: 'orders-q', value: p.get('q') || '', maxlength: 100,
    placeholder: t('portal.orders.q_hint') });
  const base = { state: p.get('state'), q: p.get('q') };
  mount(box,
    el('h1', {}, t('portal.orders.title')),
    el('div', { class: 'actions' },
      el('a', { class: 'button', href: href('order-new'), id: 'orders-new' }, t('portal.orders.new'))),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('orders', { state: st.value, q: search.value.trim() });
      },
    }, el('label', { for: 'orders-state' }, t('portal.orders.state'), st),
    el('label', { for: 'orders-q' }, t('portal.search'), search),
    el('button', { type: 'submit', id: 'orders-apply' }, t('portal.search'))),
    page.items.length
      ? el('div', { class: 'scroll' }, table('orders-list', ['portal.orders.number', 'portal.orders.store',
        'portal.orders.state', 'portal.orders.total', 'portal.orders.created'],
      page.items.map((o) => row({ dataset: { id: o.id, external: o.external_id, state: o.state } },
        el('a', { href: href('order', { id: o.id }), class: 'order-link', translate: 'no' }, o.external_id),
        code(o.store), statePill(o.state),
        el('span', { class: 'num' }, fmtMoney(o.total, o.currency)),
        o.created_at ? fmtDate(o.created_at) : ''))))
      : el('p', { class: 'muted', id: 'orders-empty' }, t('portal.empty')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('orders', base), id: 'orders-first' }, t('portal.first_page')) : null,
      page.next ? el('a', { href: href('orders', { ...base, cursor: page.next }), id: 'orders-next' },
        t('portal.next_page')) : null));
}

/* The parcels of shipment @id: carrier, state and tracking numbers. */
async function shipmentRows(shipments) {
  const rows = [];
  for (const s of shipments) {
    if (!s.shipment) {
      rows.push(row({ dataset: { warehouse: s.warehouse } }, code(s.warehouse), t('portal.order.not_packed'),
        '', '', { num: s.units }));
      continue;
    }
    const sh = await api('GET', '/api/v1/shipments/' + s.shipment);
    const tracking = (sh.cartons || []).map((c) => c.tracking_no).filter((x) => x);
    rows.push(row({ dataset: { shipment: sh.id } }, code(sh.warehouse), word('portal.shipment.state.', sh.state),
      code(sh.carrier || ''), el('span', { class: 'tracking', translate: 'no' }, tracking.join(', ')),
      { num: s.units }));
  }
  return rows;
}

export async function showDetail(box, p) {
  const o = await api('GET', '/api/v1/orders/' + encodeURIComponent(p.get('id') || ''));
  const ship = await shipmentRows(o.shipments || []);
  mount(box,
    el('p', {}, el('a', { href: href('orders') }, t('portal.back'))),
    el('h1', {}, t('portal.order.title'), ' ', code(o.external_id, { id: 'order-number' })),
    el('p', {}, statePill(o.state), ' ', code(o.store), ' · ', fmtMoney(o.total, o.currency),
      o.created_at ? ' · ' + fmtDate(o.created_at) : ''),
    el('h2', {}, t('portal.order.lines')),
    el('div', { class: 'scroll' }, table('order-lines', ['portal.stock.sku', 'portal.stock.name',
      'portal.order.qty', 'portal.order.allocated', 'portal.order.unit_price'],
    (o.lines || []).map((l) => row({ dataset: { sku: l.sku } }, code(l.sku), code(l.name), { num: l.qty },
      { num: l.allocated }, el('span', { class: 'num' }, fmtMoney(l.unit_price, o.currency)))))),
    el('h2', {}, t('portal.order.shipments')),
    ship.length
      ? el('div', { class: 'scroll' }, table('order-shipments', ['portal.stock.warehouse', 'portal.order.ship_state',
        'portal.order.carrier', 'portal.order.tracking', 'portal.order.units'], ship))
      : el('p', { class: 'muted', id: 'order-no-shipments' }, t('portal.order.no_shipments')));
}

/* One line of the new order: SKU, quantity, unit price. */
function lineRow(products, i) {
  return el('tr', { class: 'line-row' },
    el('td', {}, el('select', { class: 'nl-sku', id: 'nl-sku-' + i, translate: 'no', 'aria-label': t('portal.stock.sku') },
      products.map((x) => el('option', { value: x.sku }, x.sku + ' · ' + x.name)))),
    el('td', {}, el('input', { class: 'nl-qty', id: 'nl-qty-' + i, type: 'number', min: 1, value: 1,
      'aria-label': t('portal.order.qty'), placeholder: t('portal.order.qty') })),
    el('td', {}, el('input', { class: 'nl-price', id: 'nl-price-' + i, inputmode: 'decimal', value: '0',
      'aria-label': t('portal.order.unit_price'), placeholder: t('portal.order.unit_price') })));
}

function input(id, label, attrs) {
  return el('label', { for: id }, t(label), el('input', { id, ...(attrs || {}) }));
}

export async function showNew(box, p, env) {
  const [stores, products] = await Promise.all([api('GET', '/api/v1/stores'),
    api('GET', '/api/v1/products?limit=200')]);
  const storeList = stores.items || stores;
  const prods = (products.items || products).filter((x) => x.active !== false);
  const body = el('tbody', {}, lineRow(prods, 0));
  let n = 1;
  const submit = async (e) => {
    e.preventDefault();
    env.showError(null);
    const lines = [...body.querySelectorAll('tr')].map((tr) => {
      const sku = tr.querySelector('.nl-sku').value;
      const prod = prods.find((x) => x.sku === sku);
      return { sku, name: prod ? prod.name : undefined, qty: Number(tr.querySelector('.nl-qty').value),
        unit_price: tr.querySelector('.nl-price').value.trim() || '0' };
    });
    const v = (id) => $('#' + id).value.trim();
    const order = {
      store: v('no-store'), external_id: v('no-number'), lines,
      customer: { name: v('no-name'), phone: v('no-phone') || undefined },
      ship_to: { name: v('no-name'), phone: v('no-phone') || undefined, line1: v('no-line1'), city: v('no-city'),
        region: v('no-region') || undefined, postcode: v('no-postcode') || undefined,
        country_code: v('no-country') || 'CN' },
    };
    if (v('no-notes')) order.notes = v('no-notes');
    const b = $('#no-submit');
    b.disabled = true;
    try {
      const o = await api('POST', '/api/v1/orders', order);
      location.hash = href('order', { id: o.id });
    } catch (err) {
      env.showError(err);
    } finally {
      if (b.isConnected) b.disabled = false;
    }
  };
  mount(box,
    el('p', {}, el('a', { href: href('orders') }, t('portal.back'))),
    el('h1', {}, t('portal.orders.new')),
    el('form', { id: 'order-form', onsubmit: submit },
      el('div', { class: 'panel form' },
        el('label', { for: 'no-store' }, t('portal.orders.store'),
          el('select', { id: 'no-store', translate: 'no' }, storeList.map((s) => el('option', { value: s.code }, s.code + ' · ' + s.name)))),
        input('no-number', 'portal.orders.number', { required: true, maxlength: 100 }),
        input('no-name', 'portal.order.recipient', { required: true, maxlength: 200 }),
        input('no-phone', 'portal.order.phone', { maxlength: 40, inputmode: 'tel' }),
        input('no-line1', 'portal.order.address', { required: true, maxlength: 200 }),
        input('no-city', 'portal.order.city', { required: true, maxlength: 100 }),
        input('no-region', 'portal.order.region', { maxlength: 100 }),
        input('no-postcode', 'portal.order.postcode', { maxlength: 20 }),
        input('no-country', 'portal.order.country', { value: 'CN', maxlength: 2 }),
        input('no-notes', 'portal.order.notes', { maxlength: 2000 })),
      el('h2', {}, t('portal.order.lines')),
      el('div', { class: 'scroll' }, el('table', { class: 'grid lines-form', id: 'order-new-lines' },
        el('thead', {}, el('tr', {}, el('th', {}, t('portal.stock.sku')), el('th', {}, t('portal.order.qty')),
          el('th', {}, t('portal.order.unit_price')))), body)),
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'no-add-line', onclick: () => body.append(lineRow(prods, n++)) },
          t('portal.add_line')),
        el('button', { type: 'submit', class: 'primary', id: 'no-submit' }, t('portal.orders.create')))));
}
