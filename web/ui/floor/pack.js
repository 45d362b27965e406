/*
 * Pack at a station: scan the tote or order (POST /api/v1/packing/open),
 * choose a carton (POST /api/v1/shipments/{id}/cartons), scan every unit
 * (POST /api/v1/cartons/{id}/scan: wrong_item, extra_item), weigh and
 * close (POST /api/v1/cartons/{id}/close: weight_mismatch), then ship
 * (POST /api/v1/shipments/{id}/ship). Every confirmation carries an
 * idempotency key; the station is the one chosen on the device. The label
 * is queued for the station's printer at close; "Reprint label" queues the
 * last closed carton's label again (POST /api/v1/cartons/{id}/reprint),
 * "Reprint slip" the packing slip (POST /api/v1/shipments/{id}/slip/reprint).
 * Several cartons: "Add carton" opens another one, which the next scans
 * fill; "Move from carton N" takes each scanned unit out of carton N (POST
 * /api/v1/cartons/{id}/unscan) and into the newest one. Items show their
 * product names as well as SKUs.
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
let adding = false; /* choosing the type of another carton */
let moveFrom = null; /* the carton units are moved out of, or null */

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
  adding = false;
  moveFrom = null;
  if (!station.code()) {
    feedback('info', () => t('pack.need_station'));
    station.start(c);
    ctx = null;
    return;
  }
  render();
}

/* The open cartons, oldest first. */
function openCartons() {
  return ship ? ship.cartons.filter((x) => x.state === 'open') : [];
}

/* The carton scans go into: the newest open one. */
function openCarton() {
  const open = openCartons();
  return open.length ? open[open.length - 1] : null;
}

/* The carton to weigh next: the oldest open one holding units. */
function toWeigh() {
  return openCartons().find((x) => x.items.length > 0) || openCarton();
}

function remaining() {
  return ship.items.reduce((n, x) => n + x.remaining, 0);
}

/* The product name of @sku, from the shipment's items. */
function nameOf(sku) {
  const it = ship.items.find((x) => x.sku === sku);
  return it ? it.name : '';
}

function items() {
  return list('pack-items', ship.items.map((x) => ({
    text: [el('b', { translate: 'no' }, x.sku), ' ', el('span', { class: 'name', translate: 'no' }, x.name || ''), ' ',
      t('pack.item_progress', { packed: fmtNumber(x.packed), picked: fmtNumber(x.picked) })],
  })));
}

/* The open cartons with what they hold; each but the newest can give units to it. */
function cartons() {
  const cur = openCarton();
  const open = openCartons();
  if (open.length < 2 && !moveFrom) return null;
  return el('ul', { class: 'rows', id: 'cartons' }, open.map((c) => el('li', {
    class: c.id === cur.id ? 'current' : '', dataset: { seq: String(c.seq) },
  }, t('pack.carton_n', { n: fmtNumber(c.seq), type: c.carton_type }), ' ',
  c.items.map((i) => el('span', { class: 'carton-item', translate: 'no' }, i.sku + ' ' + nameOf(i.sku) + ' × ' + fmtNumber(i.qty) + ' ')),
  c.id !== cur.id && c.items.length > 0 && moveFrom !== c.id
    ? button('move-from-' + c.seq, t('pack.move_from', { n: fmtNumber(c.seq), to: fmtNumber(cur.seq) }), () => startMove(c.id)) : null)));
}

/* The step the shipment is at. */
function step() {
  if (ship === null) return 'scan_tote';
  if (ship.state === 'packed') return 'ship';
  if (ship.state === 'shipped') return 'shipped';
  const c = openCarton();
  if (!c || adding) return 'carton';
  if (moveFrom) return 'move';
  return remaining() > 0 || c.items.length === 0 ? 'scan_item' : 'weigh';
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
      body: [info, list('carton-types', types.map((x) => ({ text: [x.code, ' ', el('span', { translate: 'no' }, x.name || '')], data: { code: x.code }, onclick: () => carton(x.code) })))],
      actions: [adding ? button('add-cancel', t('common.back'), () => { adding = false; render(); }) : null, home],
    });
    return;
  }
  const c = openCarton();
  const more = c && c.items.length > 0 ? button('add-carton', t('pack.add_carton'), () => { adding = true; render(); }) : null;
  if (s === 'move') {
    const from = ship.cartons.find((x) => x.id === moveFrom) || { seq: 0 };
    screen({
      flow: 'pack', step: s, top, verb: t('pack.move_verb', { from: fmtNumber(from.seq), to: fmtNumber(c.seq) }), big: c.sscc,
      hint: t('pack.move_hint'), body: [info, cartons()],
      actions: [button('move-done', t('pack.move_done'), () => { moveFrom = null; render(); }, 'primary'), home],
    });
    return;
  }
  if (s === 'scan_item') {
    const next = ship.items.find((x) => x.remaining > 0);
    screen({
      flow: 'pack', step: s, top,
      verb: next ? t('pack.scan_items', { n: fmtNumber(remaining()) }) : t('pack.empty_carton', { n: fmtNumber(c.seq) }),
      big: next ? next.sku : c.sscc,
      hint: next ? t('pack.scan_item_hint', { n: fmtNumber(c.seq) }) : t('pack.empty_hint'),
      body: [next && next.name ? el('p', { class: 'hint name', id: 'item-name', translate: 'no' }, next.name) : null, info, items(), cartons()],
      actions: [more, home],
    });
    return;
  }
  if (s === 'weigh') {
    const w = toWeigh();
    screen({
      flow: 'pack', step: s, top, verb: t('pack.weigh_n', { n: fmtNumber(w.seq) }), big: w.sscc, hint: t('pack.weigh_hint'),
      body: [info, cartons(), weighBox()],
      actions: [button('close-carton', t('pack.close'), () => close(weight), 'primary'), more, home],
    });
    return;
  }
  screen({
    flow: 'pack', step: s, top, verb: t('pack.ship'), big: closed ? closed.tracking_no || order : order,
    hint: t('pack.ship_hint'), body: info,
    actions: [button('ship', t('pack.ship_button'), shipIt, 'primary'),
      closed ? button('reprint-label', t('pack.reprint'), reprint) : null,
      button('reprint-slip', t('pack.reprint_slip'), reprintSlip), home],
  });
}

async function open(code) {
  ship = await api('POST', '/api/v1/packing/open', { code, station: station.code() });
  closed = null;
  adding = false;
  moveFrom = null;
  if (types.length === 0) types = (await api('GET', '/api/v1/carton-types')).items || [];
  feedback('ok', () => t('pack.opened', { order: ship.order.external_id }));
  render();
}

async function carton(type) {
  try {
    ship = await commit('/api/v1/shipments/' + ship.id + '/cartons', { carton_type: type });
    adding = false;
    feedback('ok', () => t('pack.carton_ok', { code: type }));
    weight = '';
    render();
  } catch (e) {
    feedback('error', () => errText(e, { code: type }));
  }
}

async function close(g) {
  const c = toWeigh();
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

/* The shipment's packing slip, queued again for this station's printer. */
async function reprintSlip() {
  try {
    await commit('/api/v1/shipments/' + ship.id + '/slip/reprint', { station: station.code() });
    feedback('ok', () => t('pack.slip_reprinted'));
  } catch (e) {
    feedback('error', () => errText(e, {}));
  }
}

function startMove(id) {
  moveFrom = id;
  render();
}

/* One unit scanned while moving: out of the source carton, into the newest. */
async function moveItem(code) {
  const to = openCarton();
  ship = await commit('/api/v1/cartons/' + moveFrom + '/unscan', { code });
  if (!ship.cartons.some((x) => x.id === moveFrom && x.items.length > 0)) moveFrom = null;
  ship = await commit('/api/v1/cartons/' + to.id + '/scan', { code });
  feedback('ok', () => t('pack.moved', { n: fmtNumber(to.seq) }));
  render();
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
    else if (s === 'move') await moveItem(code);
    else if (s === 'weigh' && /^\d+$/.test(code)) await close(code);
    else if (s === 'weigh') feedback('error', () => t('pack.weight_needed'));
    else feedback('info', () => t('pack.ship_hint'));
  } catch (e) {
    const next = ship && ship.items.find((x) => x.remaining > 0);
    if (s === 'move') render();
    feedback('error', () => errText(e, { order: ship ? ship.order.external_id : '', sku: next ? next.sku : '' }, s === 'move' ? 'packmove' : 'pack'));
  }
}
