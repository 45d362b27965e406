/*
 * Pack at a station: scan the tote or order (POST /api/v1/packing/open),
 * choose a carton (POST /api/v1/shipments/{id}/cartons), scan every unit
 * (POST /api/v1/cartons/{id}/scan: wrong_item, extra_item), weigh and
 * close (POST /api/v1/cartons/{id}/close: weight_mismatch), then ship
 * (POST /api/v1/shipments/{id}/ship). Every confirmation carries an
 * idempotency key; the station is the one chosen on the device. The label
 * is queued for the station's printer at close; "Reprint label" queues the
 * last closed carton's label again (POST /api/v1/cartons/{id}/reprint).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { screen, button, facts, list, errText, commit } from './flow.js';
import * as station from './station.js';

let ctx = null;
let ship = null;    /* the shipment doc */
let types = [];     /* carton types */
let weight = '';    /* grams typed or scanned */
let closed = null;  /* the last closed carton: {id, sscc, tracking_no} */

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

export async function start(c) {
  ctx = c;
  ship = null;
  closed = null;
  if (!station.code()) {
    feedback('info', () => t('pack.need_station'));
    station.start(c);
    ctx = null;
    return;
  }
  render();
}

function openCarton() {
  return ship && ship.cartons.find((x) => x.state === 'open');
}

function remaining() {
  return ship.items.reduce((n, x) => n + x.remaining, 0);
}

function items() {
  return list('pack-items', ship.items.map((x) => ({
    text: [el('b', { translate: 'no' }, x.sku), ' ',
      t('pack.item_progress', { packed: fmtNumber(x.packed), picked: fmtNumber(x.picked) })],
  })));
}

/* The step the shipment is at. */
function step() {
  if (ship === null) return 'scan_tote';
  if (ship.state === 'packed') return 'ship';
  if (ship.state === 'shipped') return 'shipped';
  const c = openCarton();
  if (!c) return 'carton';
  return remaining() > 0 ? 'scan_item' : 'weigh';
}

function weighBox() {
  const input = el('input', {
    id: 'weight', class: 'scan weight', type: 'number', inputmode: 'numeric', min: '1',
    'aria-label': t('pack.weight_g'), placeholder: t('pack.weight_g'), value: weight,
    oninput: (e) => { weight = e.target.value; },
    onkeydown: (e) => { if (e.key === 'Enter') close(e.target.value); },
  });
  return el('div', { class: 'qty' }, el('label', { class: 'qty-label', for: 'weight' }, t('pack.weight_g')), input);
}

export function render() {
  if (ctx === null) return;
  const s = step();
  const home = button('home', t('common.home'), () => ctx.home());
  const top = t('pack.at_station', { code: station.code() });
  /* Merged orders share the shipment: the station shows every number. */
  const order = ship ? (ship.orders && ship.orders.length ? ship.orders : [ship.order]).map((o) => o.external_id).join(' ') : '';
  if (s === 'scan_tote') {
    screen({
      flow: 'pack', step: s, top, verb: t('pack.title'), big: t('pack.tote_big'), hint: t('pack.scan_tote'),
      body: closed ? el('p', { class: 'done-note', id: 'shipped' }, t('pack.shipped', { tracking: closed.tracking_no || '' })) : null,
      actions: [home],
    });
    return;
  }
  const info = facts([[t('pick.order'), order], [t('pack.carrier'), ship.carrier]]);
  if (s === 'carton') {
    screen({
      flow: 'pack', step: s, top, verb: t('pack.choose_carton'), big: order, hint: t('pack.carton_hint'),
      body: [info, list('carton-types', types.map((x) => ({ text: x.code, data: { code: x.code }, onclick: () => carton(x.code) })))],
      actions: [home],
    });
    return;
  }
  const c = openCarton();
  if (s === 'scan_item') {
    const next = ship.items.find((x) => x.remaining > 0);
    screen({
      flow: 'pack', step: s, top, verb: t('pack.scan_items', { n: fmtNumber(remaining()) }), big: next.sku,
      hint: t('pack.scan_item_hint', { n: fmtNumber(c.seq) }), body: [info, items()], actions: [home],
    });
    return;
  }
  if (s === 'weigh') {
    screen({
      flow: 'pack', step: s, top, verb: t('pack.weigh'), big: c.sscc, hint: t('pack.weigh_hint'),
      body: [info, weighBox()],
      actions: [button('close-carton', t('pack.close'), () => close(weight), 'primary'), home],
    });
    return;
  }
  screen({
    flow: 'pack', step: s, top, verb: t('pack.ship'), big: closed ? closed.tracking_no || order : order,
    hint: t('pack.ship_hint'), body: info,
    actions: [button('ship', t('pack.ship_button'), shipIt, 'primary'),
      closed ? button('reprint-label', t('pack.reprint'), reprint) : null, home],
  });
}

async function open(code) {
  ship = await api('POST', '/api/v1/packing/open', { code, station: station.code() });
  closed = null;
  if (types.length === 0) types = (await api('GET', '/api/v1/carton-types')).items || [];
  feedback('ok', () => t('pack.opened', { order: ship.order.external_id }));
  render();
}

async function carton(type) {
  try {
    ship = await commit('/api/v1/shipments/' + ship.id + '/cartons', { carton_type: type });
    feedback('ok', () => t('pack.carton_ok', { code: type }));
    weight = '';
    render();
  } catch (e) {
    feedback('error', () => errText(e, { code: type }));
  }
}

async function close(g) {
  const c = openCarton();
  const grams = parseInt(g, 10);
  if (!(grams > 0)) {
    feedback('error', () => t('pack.weight_needed'));
    return;
  }
  try {
    const r = await commit('/api/v1/cartons/' + c.id + '/close', { weight_g: grams });
    const mine = r.cartons.find((x) => x.id === c.id) || {};
    closed = { id: c.id, sscc: mine.sscc, tracking_no: mine.tracking_no };
    ship = r;
    weight = '';
    feedback('ok', () => t('pack.closed', { tracking: closed.tracking_no || '' }));
    render();
  } catch (e) {
    const p = e.params || {};
    const vars = p.expected_g === undefined ? {}
      : { expected: fmtNumber(p.expected_g), tolerance: fmtNumber(p.tolerance_g), weighed: fmtNumber(grams) };
    feedback('error', () => errText(e, vars, 'pack'));
  }
}

/* The last closed carton's label, queued again for this station's printer. */
async function reprint() {
  try {
    await commit('/api/v1/cartons/' + closed.id + '/reprint', { station: station.code() });
    feedback('ok', () => t('pack.reprinted', { sscc: closed.sscc || '' }));
  } catch (e) {
    feedback('error', () => errText(e, {}));
  }
}

async function shipIt() {
  try {
    await commit('/api/v1/shipments/' + ship.id + '/ship', {});
    feedback('ok', () => t('pack.shipped', { tracking: closed ? closed.tracking_no || '' : '' }));
    ship = null;
    render();
  } catch (e) {
    feedback('error', () => errText(e, {}));
  }
}

async function scanItem(code) {
  const c = openCarton();
  ship = await commit('/api/v1/cartons/' + c.id + '/scan', { code });
  feedback('ok', () => t('pick.ok'));
  render();
}

export async function scanned(code) {
  const s = step();
  try {
    if (s === 'scan_tote') await open(code);
    else if (s === 'carton') await carton(code.toUpperCase());
    else if (s === 'scan_item') await scanItem(code);
    else if (s === 'weigh' && /^\d+$/.test(code)) await close(code);
    else if (s === 'weigh') feedback('error', () => t('pack.weight_needed'));
    else feedback('info', () => t('pack.ship_hint'));
  } catch (e) {
    const next = ship && ship.items.find((x) => x.remaining > 0);
    feedback('error', () => errText(e, { order: ship ? ship.order.external_id : '', sku: next ? next.sku : '' }, 'pack'));
  }
}
