/*
 * Shipments and the dock. #/shipments?warehouse=&state=&cursor=: the
 * shipments newest first (keyset pages) with their orders, carrier,
 * cartons, tracking numbers and ETA. #/shipment?id=: one shipment with its
 * cartons and items; reprint a carton's label at a station (print queue,
 * an idempotency key per button), the label as PDF, the packing slip
 * (ZPL), and "delivered" for a shipped one.
 */
import { api, uuid } from '../lib/api.js';
import { t, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href, code, table, row, options, act, fmtDay } from './common.js';

const PAGE = 50;
const STATES = ['packing', 'packed', 'shipped', 'delivered', 'cancelled'];

function filters(p, ws) {
  const wh = el('select', { id: 'sh-wh', translate: 'no' }, options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), p.get('warehouse'), 'shipments.any_warehouse'));
  const state = el('select', { id: 'sh-state' }, el('option', { value: '' }, t('shipments.any_state')),
    STATES.map((s) => el('option', { value: s, selected: p.get('state') === s }, t('shipments.state.' + s))));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('shipments', { warehouse: wh.value, state: state.value });
    },
  }, el('label', { for: 'sh-wh' }, t('shipments.warehouse'), ' ', wh), el('label', { for: 'sh-state' }, t('shipments.state'), ' ', state),
  el('button', { type: 'submit', id: 'sh-apply' }, t('shipments.apply')));
}

function orderLinks(orders) {
  return (orders || []).map((o) => el('a', { href: href('order', { id: o.id }), class: 'pill', translate: 'no' }, o.external_id));
}

function tracking(cartons) {
  return code((cartons || []).map((c) => c.tracking_no).filter((x) => x).join(' '), { class: 'tracking' });
}

/* #/shipments */
export async function show(root, p, env) {
  /* A user limited to several warehouses lists one at a time (the API asks which). */
  const mine = (env.me && env.me.warehouses) || [];
  if (!p.get('warehouse') && mine.length > 1) p.set('warehouse', mine[0]);
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['warehouse', 'state', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const [page, ws] = await Promise.all([api('GET', '/api/v1/shipments?' + q.toString()),
    api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items)]);
  const base = { warehouse: p.get('warehouse'), state: p.get('state') };
  mount(root, el('h1', {}, t('shipments.title')),
    filters(p, ws),
    table('shipments', ['shipments.id', 'shipments.orders', 'shipments.warehouse', 'shipments.state', 'shipments.carrier',
      'shipments.cartons', 'shipments.tracking', 'shipments.eta', 'shipments.shipped_at'],
    page.items.map((s) => row({ dataset: { id: s.id, state: s.state } },
      el('a', { href: href('shipment', { id: s.id }), class: 'sh-open', translate: 'no' }, '#' + s.id),
      el('span', {}, orderLinks(s.orders)), code(s.warehouse),
      el('span', { class: 'pill ship-' + s.state }, t('shipments.state.' + s.state)), code(s.carrier || ''),
      { num: s.cartons.length }, tracking(s.cartons), s.eta ? fmtDay(s.eta) : '', s.shipped_at ? fmtDate(s.shipped_at) : ''))),
    page.items.length ? null : el('p', { class: 'muted', id: 'sh-empty' }, t('shipments.none')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('shipments', base), id: 'sh-first' }, t('shipments.first_page')) : null,
      page.next ? el('a', { href: href('shipments', { ...base, cursor: page.next }), id: 'sh-next' }, t('shipments.next_page')) : null));
}

function cartonRows(s, stations, env, redraw) {
  return s.cartons.map((c) => {
    const key = uuid();
    const station = el('select', { id: 'rp-station-' + c.id, translate: 'no', class: 'rp-station' },
      options(stations.map((x) => [x.code, x.code]), s.station || (stations[0] && stations[0].code)));
    const closed = c.state === 'closed';
    return row({ dataset: { id: c.id, state: c.state }, tabindex: '-1' },
      { num: c.seq }, code(c.sscc, { class: 'mono' }), code(c.carton_type),
      el('span', { class: 'pill' }, t('shipments.carton_state.' + c.state)),
      c.weight_g === null || c.weight_g === undefined ? '' : t('shipments.grams', { n: fmtNumber(c.weight_g) }),
      code(c.tracking_no || '', { class: 'tracking' }),
      code((c.items || []).map((i) => i.sku + (i.lot ? ' · ' + i.lot : '') + ' × ' + i.qty).join(', ')),
      closed ? el('span', { class: 'row' },
        el('label', { for: 'rp-station-' + c.id, class: 'sr-only' }, t('shipments.station')), station,
        el('button', {
          type: 'button', class: 'reprint', dataset: { carton: c.id },
          onclick: () => act(env, async () => {
            const r = await api('POST', '/api/v1/cartons/' + c.id + '/reprint', { idempotency_key: key, station: station.value });
            await redraw(t('shipments.reprinted', { id: r.id, station: r.station }), c.id);
          }),
        }, t('shipments.reprint')),
        el('a', { href: '/api/v1/cartons/' + c.id + '/label.pdf', class: 'button label-pdf', target: '_blank' }, t('shipments.label_pdf'))) : '');
  });
}

/* #/shipment?id= */
export async function showDetail(root, p, env) {
  const id = p.get('id');
  const draw = async (notice, focusCarton) => {
    const s = await api('GET', '/api/v1/shipments/' + encodeURIComponent(id));
    const stations = (await api('GET', '/api/v1/stations?warehouse=' + encodeURIComponent(s.warehouse)).catch(() => ({ items: [] }))).items || [];
    mount(root,
      el('p', {}, el('a', { href: href('shipments', { warehouse: s.warehouse }), id: 'back-shipments' }, t('shipments.back'))),
      el('h1', {}, t('shipments.detail', { id: s.id }), ' ',
        el('span', { class: 'pill ship-' + s.state, id: 'ship-state', dataset: { state: s.state }, tabindex: '-1' }, t('shipments.state.' + s.state))),
      notice ? el('p', { class: 'ok', id: 'sh-notice', role: 'status' }, notice) : null,
      el('div', { class: 'row actions' },
        el('a', { href: '/api/v1/shipments/' + s.id + '/packing-slip.zpl', class: 'button', id: 'sh-slip', target: '_blank' }, t('shipments.slip')),
        s.state === 'shipped' ? el('button', {
          type: 'button', id: 'sh-delivered', class: 'primary',
          onclick: () => {
            if (!confirm(t('shipments.confirm_delivered', { id: s.id }))) return;
            act(env, async () => {
              await api('POST', '/api/v1/shipments/' + s.id + '/delivered');
              await draw(t('shipments.delivered_done'));
              $('#ship-state', root).focus();
            });
          },
        }, t('shipments.mark_delivered')) : null),
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('shipments.orders')), ' ', orderLinks(s.orders)),
        el('p', {}, el('b', {}, t('shipments.warehouse')), ' ', code(s.warehouse)),
        el('p', {}, el('b', {}, t('shipments.carrier')), ' ', code(s.carrier || '–')),
        el('p', {}, el('b', {}, t('shipments.eta')), ' ', el('span', { id: 'sh-eta' }, s.eta ? fmtDay(s.eta) : '–')),
        el('p', {}, el('b', {}, t('shipments.station')), ' ', code(s.station || '–')),
        el('p', {}, el('b', {}, t('shipments.created')), ' ', s.created_at ? fmtDate(s.created_at) : ''),
        el('p', {}, el('b', {}, t('shipments.shipped_at')), ' ', s.shipped_at ? fmtDate(s.shipped_at) : '–'),
        el('p', {}, el('b', {}, t('shipments.delivered_at')), ' ', el('span', { id: 'sh-delivered-at' }, s.delivered_at ? fmtDate(s.delivered_at) : '–'))),
      el('h2', {}, t('shipments.cartons')),
      table('ship-cartons', ['shipments.seq', 'shipments.sscc', 'shipments.carton_type', 'shipments.state', 'shipments.weight',
        'shipments.tracking', 'shipments.items', ''], cartonRows(s, stations, env, draw)),
      el('h2', {}, t('shipments.items')),
      table('ship-items', ['shipments.sku', 'shipments.name', 'shipments.lot', 'shipments.picked', 'shipments.packed'],
        (s.items || []).map((i) => row({}, code(i.sku), code(i.name), code(i.lot || ''), { num: i.picked }, { num: i.packed }))));
    if (focusCarton) {
      const tr = root.querySelector(`#ship-cartons tr[data-id="${focusCarton}"]`);
      if (tr) tr.focus();
    }
  };
  await draw();
}
