/*
 * Orders: the list (state, store, search, created from/to, newest/oldest,
 * page size, the total, keyset pages through the list's `next` cursor,
 * bulk hold/release/cancel/wave of the selected rows, CSV and XLSX export
 * of the filtered list) and one order (#/order?id=…) with its lines,
 * allocation, open holds and their fix form (orderfix.js), timeline and
 * the release/cancel actions.
 */
import { api } from '../lib/api.js';
import { t, has, fmtMoney, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href as link, code, table, row, options, act } from './common.js';
import { fixForm, releaseText } from './orderfix.js';
import { marginBlock } from './finance.js';
import { invoiceBlock } from './invoices.js';
import { servicesBlock } from './billing.js';

const STATES = ['new', 'on_hold', 'allocated', 'backordered', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'];
const PAGE = 20;
const PAGE_SIZES = [20, 50, 100, 200];
/* States an order can still be cancelled in (the server says the same). */
const CANCELLABLE = ['new', 'on_hold', 'allocated', 'backordered', 'picking', 'packed'];
const RELEASABLE = ['on_hold', 'backordered'];
/* States the back office can hold an order in: not yet on the floor. */
const HOLDABLE = ['new', 'allocated', 'backordered'];
/* States with shipped units a customer may send back (a return starts here). */
const RETURNABLE = ['partially_shipped', 'shipped', 'delivered'];

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
  const from = el('input', { id: 'f-from', name: 'from', type: 'date', value: p.get('from') || '' });
  const to = el('input', { id: 'f-to', name: 'to', type: 'date', value: p.get('to') || '' });
  const size = el('select', { id: 'f-limit', name: 'limit' },
    PAGE_SIZES.map((n) => el('option', { value: n, selected: Number(p.get('limit') || PAGE) === n }, fmtNumber(n))));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href({
        state: state.value, store: store.value, q: q.value.trim(), sort: sort.value === 'oldest' ? 'oldest' : '',
        from: from.value, to: to.value, limit: Number(size.value) === PAGE ? '' : size.value,
      });
    },
  }, el('label', {}, t('orders.state'), ' ', state), el('label', {}, t('orders.store'), ' ', store),
  el('label', {}, t('orders.q'), ' ', q),
  el('label', {}, t('orders.from'), ' ', from), el('label', {}, t('orders.to'), ' ', to),
  el('label', {}, t('orders.sort'), ' ', sort), el('label', {}, t('orders.page_size'), ' ', size),
  el('button', { type: 'submit' }, t('orders.apply')));
}

/* A day picked in the browser (YYYY-MM-DD) as the instant its local midnight is. */
function dayStart(day, plus) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + (plus || 0)).toISOString();
}

/* The API query of the list's filters in @p (the dates as local days; "to" includes its day). */
function apiQuery(p) {
  const q = new URLSearchParams();
  for (const k of ['state', 'store', 'q', 'sort']) if (p.get(k)) q.set(k, p.get(k));
  if (p.get('from')) q.set('from', dayStart(p.get('from')));
  if (p.get('to')) q.set('to', dayStart(p.get('to'), 1));
  return q;
}

function listRow(o, picked) {
  return el('tr', { dataset: { id: o.id, state: o.state } },
    el('td', {}, el('input', {
      type: 'checkbox', class: 'pick', id: 'pick-' + o.id, value: o.id, checked: picked.has(String(o.id)),
      'aria-label': t('orders.select_order', { order: o.external_id }),
    }), el('a', { href: link('order', { id: o.id }), class: 'order-link', translate: 'no' }, o.external_id)),
    el('td', {}, code(o.store)),
    el('td', {}, code((o.customer && o.customer.name) || '')),
    el('td', {}, el('span', { class: 'pill state-' + o.state }, t('state.' + o.state))),
    el('td', { class: 'num' }, fmtMoney(o.total, o.currency)),
    el('td', {}, o.created_at ? fmtDate(o.created_at) : ''));
}

/* The ids of the ticked rows. */
function selected(root) {
  return [...root.querySelectorAll('#orders input.pick:checked')].map((c) => c.value);
}

/*
 * Runs @verb (hold, release, cancel) on each selected order, one request
 * each, and says what happened to each: done, or the server's refusal.
 */
async function bulk(verb, items, ids) {
  const done = [];
  const refused = [];
  for (const id of ids) {
    const o = items.find((x) => String(x.id) === id);
    try {
      const r = await api('POST', '/api/v1/orders/' + id + '/' + verb);
      done.push({ o, state: r.state });
    } catch (e) {
      refused.push({ o, code: e.code || 'network' });
    }
  }
  return { done, refused };
}

/* One wave per warehouse of the selected allocated orders. */
async function bulkWave(items, ids) {
  const byWh = {};
  const refused = [];
  for (const id of ids) {
    const o = items.find((x) => String(x.id) === id);
    if (o.state !== 'allocated' || !o.warehouse) refused.push({ o, code: 'not_allocated' });
    else (byWh[o.warehouse] = byWh[o.warehouse] || []).push(Number(id));
  }
  const waves = [];
  for (const [wh, orders] of Object.entries(byWh)) {
    try {
      waves.push(await api('POST', '/api/v1/waves', { warehouse: wh, orders, max_orders: orders.length }));
    } catch (e) {
      for (const id of orders) refused.push({ o: items.find((x) => x.id === id), code: e.code || 'network' });
    }
  }
  return { waves, refused };
}

function refusalText(r) {
  const key = r.code === 'not_allocated' ? 'orders.bulk_not_allocated' : 'api_err.' + r.code;
  return r.o.external_id + ': ' + (has(key) ? t(key) : r.code);
}

function bulkBar(root, page, env, redraw) {
  const run = (verb) => act(env, async () => {
    const ids = selected(root);
    if (ids.length === 0) return;
    if (verb === 'cancel' && !confirm(t('orders.confirm_bulk_cancel', { n: fmtNumber(ids.length) }))) return;
    if (verb === 'wave') {
      const r = await bulkWave(page.items, ids);
      const n = r.waves.reduce((x, w) => x + w.orders, 0);
      await redraw(ids, t('orders.bulk_waved', { n: fmtNumber(n), waves: r.waves.map((w) => '#' + w.id).join(', ') }), r.refused);
      return;
    }
    const r = await bulk(verb, page.items, ids);
    const by = (st) => fmtNumber(r.done.filter((x) => x.state === st).length);
    const msg = verb === 'release'
      ? t('orders.bulk_released', { n: fmtNumber(r.done.length), allocated: by('allocated'), backordered: by('backordered'), on_hold: by('on_hold') })
      : t('orders.bulk_done.' + verb, { n: fmtNumber(r.done.length) });
    await redraw(ids, msg, r.refused);
  });
  return el('div', { class: 'row actions bulk', id: 'bulk', role: 'group', 'aria-label': t('orders.bulk') },
    el('span', { id: 'bulk-count', 'aria-live': 'polite' }, t('orders.selected', { n: fmtNumber(0) })),
    el('button', { type: 'button', id: 'bulk-hold', onclick: () => run('hold') }, t('orders.hold_action')),
    el('button', { type: 'button', id: 'bulk-release', onclick: () => run('release') }, t('orders.bulk_release')),
    el('button', { type: 'button', id: 'bulk-wave', onclick: () => run('wave') }, t('orders.bulk_wave')),
    el('button', { type: 'button', id: 'bulk-cancel', class: 'danger', onclick: () => run('cancel') }, t('orders.cancel')));
}

function exportLinks(p) {
  const q = apiQuery(p).toString();
  const tail = q ? '?' + q : '';
  return el('span', { class: 'exports' },
    el('a', { class: 'button', id: 'export-csv', href: '/api/v1/orders/export.csv' + tail, download: true }, t('orders.export_csv')), ' ',
    el('a', { class: 'button', id: 'export-xlsx', href: '/api/v1/orders/export.xlsx' + tail, download: true }, t('orders.export_xlsx')));
}

export async function show(root, p, env) {
  const size = PAGE_SIZES.includes(Number(p.get('limit'))) ? Number(p.get('limit')) : PAGE;
  const stores = await api('GET', '/api/v1/stores').then((r) => r.items).catch(() => []);
  const base = {
    state: p.get('state'), store: p.get('store'), q: p.get('q'), sort: p.get('sort'),
    from: p.get('from'), to: p.get('to'), limit: p.get('limit'),
  };
  /* Draws the page; after a bulk action the acted-on rows stay ticked and the first keeps focus. */
  const draw = async (keep, notice, refused) => {
    const q = apiQuery(p);
    if (p.get('cursor')) q.set('cursor', p.get('cursor'));
    q.set('limit', String(size));
    q.set('total', 'true');
    const page = await api('GET', '/api/v1/orders?' + q.toString());
    const picked = new Set(keep || []);
    const all = el('input', { type: 'checkbox', id: 'pick-all', 'aria-label': t('orders.select_all') });
    mount(root,
      el('h1', {}, p.get('state') ? t('orders.title_state', { state: t('state.' + p.get('state')) }) : t('orders.title')),
      filters(p, stores),
      el('div', { class: 'row actions' },
        el('p', { class: 'count', id: 'orders-total', dataset: { total: page.total } }, t('orders.total_count', { n: fmtNumber(page.total) })),
        el('p', { class: 'count muted', id: 'orders-count' }, t('orders.shown', { n: fmtNumber(page.items.length) })),
        exportLinks(p)),
      bulkBar(root, page, env, (ids, msg, bad) => draw(ids, msg, bad)),
      notice ? el('p', { class: 'ok', id: 'bulk-notice', role: 'status' }, notice) : null,
      refused && refused.length ? el('ul', { class: 'warn-text', id: 'bulk-refused' }, refused.map((r) => el('li', { translate: 'no' }, refusalText(r)))) : null,
      el('table', { class: 'grid', id: 'orders' },
        el('thead', {}, el('tr', {}, el('th', {}, all, ' ', t('orders.external_id')),
          ['orders.store', 'orders.customer', 'orders.state', 'orders.total', 'orders.created'].map((k) => el('th', {}, t(k))))),
        el('tbody', {}, page.items.map((o) => listRow(o, picked)))),
      el('div', { class: 'pager' },
        p.get('cursor') ? el('a', { href: href(base), id: 'first-page' }, t('orders.first_page')) : null,
        page.next ? el('a', { href: href({ ...base, cursor: page.next }), id: 'next-page' }, t('orders.next_page')) : null));
    const count = () => { $('#bulk-count').textContent = t('orders.selected', { n: fmtNumber(selected(root).length) }); };
    all.addEventListener('change', () => {
      for (const c of root.querySelectorAll('#orders input.pick')) c.checked = all.checked;
      count();
    });
    root.querySelector('#orders tbody').addEventListener('change', count);
    count();
    const first = keep && keep.length ? root.querySelector('#pick-' + keep[0]) : null;
    if (first) first.focus();
  };
  await draw();
}

/* A hold's figures in words from its params (hold_detail.<reason>), else
 * the server's note as it came (holds recorded before they had params). */
function holdDetail(h) {
  const key = 'hold_detail.' + h.reason;
  if (h.params && Object.keys(h.params).length && has(key)) {
    const p = { ...h.params };
    if (p.field && has('orders.addr.' + p.field)) p.field = t('orders.addr.' + p.field);
    return el('span', { class: 'muted hold-detail' }, t(key, p));
  }
  return code(h.detail, { class: 'muted' });
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

function lineRow(o, l, kit) {
  const part = kit !== undefined;
  const isKit = l.kit_price !== null && l.kit_price !== undefined;
  const sku = [code(l.sku)];
  if (isKit) sku.push(' ', el('span', { class: 'pill kit-pill' }, t('orders.kit')));
  if (part) sku.push(el('div', { class: 'muted kit-of' }, t('orders.kit_part', { kit: kit.sku })));
  /* A kit sells at its kit price; its components' unit price is 0. */
  const price = isKit ? l.kit_price : l.unit_price;
  return row({ dataset: { line: l.line, kitOf: part ? kit.line : '' }, class: part ? 'kit-component' : (isKit ? 'kit-line' : '') },
    { num: l.line }, el('span', {}, sku), code(l.name), { num: l.qty },
    el('span', { class: 'num' }, part ? '' : fmtMoney(price, o.currency)),
    /* A kit's discount sits on its components, as its revenue does. */
    el('span', { class: 'num line-discount' }, Number(l.discount) > 0 ? fmtMoney(l.discount, o.currency) : ''),
    { num: l.allocated }, { num: l.backordered },
    (l.allocations || []).map((a) => el('span', { class: 'pill', translate: 'no' }, a.warehouse + ' × ' + fmtNumber(a.qty))));
}

/* Lines in order, each kit followed by the components it is picked,
 * packed and returned as (kit_of names the kit's line). */
function linesTable(o) {
  const parts = new Map();
  for (const l of o.lines) {
    if (l.kit_of === null || l.kit_of === undefined) continue;
    if (!parts.has(l.kit_of)) parts.set(l.kit_of, []);
    parts.get(l.kit_of).push(l);
  }
  const rows = [];
  for (const l of o.lines) {
    if (l.kit_of !== null && l.kit_of !== undefined && o.lines.some((k) => k.line === l.kit_of)) continue;
    rows.push(lineRow(o, l));
    for (const c of parts.get(l.line) || []) rows.push(lineRow(o, c, l));
  }
  return table('order-lines', ['orders.line', 'orders.sku', 'orders.name', 'orders.qty', 'orders.unit_price',
    'orders.discount', 'orders.allocated', 'orders.backordered', 'orders.allocation'], rows);
}

/* An event's note in words from its code and params (event.<code>), else
 * the note as written (a user's own note, or an event from before codes). */
function eventNote(e) {
  if (e.code && has('event.' + e.code)) return el('span', { class: 'event-note' }, t('event.' + e.code, e.params || {}));
  return code(e.note);
}

function timelineTable(items) {
  return table('timeline', ['orders.when', 'orders.from_state', 'orders.to_state', 'orders.note', 'orders.user', 'orders.request'],
    items.map((e) => row({},
      fmtDate(e.at),
      e.from ? t('state.' + e.from) : '',
      el('span', { class: 'pill state-' + e.to }, t('state.' + e.to)),
      eventNote(e), code(e.user || (e.user_id === null || e.user_id === undefined ? '' : '#' + e.user_id)),
      code(e.request_id, { class: 'mono' }))));
}

function actions(o, env, reload) {
  const step = (verb, msg, body) => act(env, async () => {
    const r = await api('POST', '/api/v1/orders/' + o.id + '/' + verb, body);
    await reload(verb === 'release' ? releaseText(r) : t(msg));
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
      : null,
    RETURNABLE.includes(o.state) && ['admin', 'back_office'].includes(env.me && env.me.role)
      ? el('a', { href: link('returns', { new: o.external_id }), id: 'order-return', class: 'button' }, t('returns.create_from_order'))
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
        Number(o.discount) > 0 ? el('p', { id: 'order-discount' }, el('b', {}, t('orders.discount')), ' ',
          fmtMoney(o.discount, o.currency),
          Number(o.order_discount) > 0 ? el('span', { class: 'muted' }, ' ' + t('orders.order_discount', { amount: fmtMoney(o.order_discount, o.currency) })) : null) : null,
        el('p', {}, el('b', {}, t('orders.created')), ' ', o.created_at ? fmtDate(o.created_at) : ''),
        el('p', {}, el('b', {}, t('orders.customer')), ' ', code(o.customer ? [o.customer.name, o.customer.email, o.customer.phone].filter((x) => x).join(' · ') : '')),
        el('p', {}, el('b', {}, t('orders.ship_to')), ' ', code(address(o.ship_to))),
        o.rma ? el('p', {}, el('b', {}, t('returns.rma')), ' ',
          el('a', { href: link('rma', { id: o.rma.id }), translate: 'no', id: 'order-rma' }, o.rma.number)) : null),
      o.holds.length ? el('section', { class: 'panel holds', id: 'holds' },
        el('h2', {}, t('orders.holds')),
        el('ul', {}, o.holds.map((h) => el('li', {}, holdText(h), ' ', holdDetail(h))))) : null,
      fixForm(o, env, draw),
      el('h2', {}, t('orders.lines')),
      linesTable(o),
      await servicesBlock(o, env, draw),
      marginBlock(o),
      await invoiceBlock(o, env),
      o.shipments.length ? el('p', { id: 'shipments' }, el('b', {}, t('orders.shipments')), ' ',
        o.shipments.map((s) => el('span', { class: 'pill', translate: 'no' }, s.warehouse + ' × ' + fmtNumber(s.units)))) : null,
      el('h2', {}, t('orders.timeline')),
      timelineTable(tl.items));
  };
  await draw();
}
