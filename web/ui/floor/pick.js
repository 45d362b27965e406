/*
 * The pick flow: one big instruction per screen, driven by the server's
 * `action` (scan_bin, scan_item, scan_item_or_tote, scan_tote, done).
 * Online, every scan is one POST and its reply is the next screen.
 * Offline, the scan is queued and the terminal takes the obvious next step
 * itself from the list it loaded (docs/ui.md, Offline); the server's view
 * replaces that guess as soon as the queue has been replayed.
 */
import { api, uuid, ApiError, NetworkError } from '../lib/api.js';
import { t, has, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { feedback } from './feedback.js';
import * as queue from './queue.js';
import { errVars } from './flow.js';

let ctx = null;      /* {warehouse, home(), badge()} from floor.js */
let view = null;     /* the current instruction: the server's, or our guess */
let doc = null;      /* the whole list (tasks, orders) for offline steps */
let codes = {};      /* SKU → [{code, pack_qty}] of the list's items */
let guessing = false;
let qty = 1;         /* packs the next item scan confirms */
let replaying = false;
let refusedList = []; /* [{code, why()}] refused on replay, not yet acknowledged */
let asking = false;  /* the short's question is on screen */
let found = 0;       /* how many the picker says are really in the bin */
let takeFirst = 0;   /* those, for the item scan that takes them */

const SAVED = 'depot.pick';

/* Keeps the list and the instruction, so a reload offline can go on. */
function save() {
  if (view === null || view.action === 'done') localStorage.removeItem(SAVED);
  else localStorage.setItem(SAVED, JSON.stringify({ view, doc, codes, guessing, warehouse: ctx.warehouse, user: ctx.user }));
}

/*
 * The warehouse of the list @user left on screen (saved), or null: a
 * reload, online or not, goes back to that instruction (docs/ui.md, Offline).
 */
export function savedWarehouse(user) {
  try {
    const s = JSON.parse(localStorage.getItem(SAVED));
    return s && s.view && (!s.user || s.user === user) ? s.warehouse : null;
  } catch (e) {
    return null;
  }
}

/* Forgets the saved list (logout). */
export function forgetSaved() {
  localStorage.removeItem(SAVED);
}

/* The list saved for @warehouse, or null. */
function saved(warehouse) {
  try {
    const s = JSON.parse(localStorage.getItem(SAVED));
    return s && s.warehouse === warehouse ? s : null;
  } catch (e) {
    return null;
  }
}

export function init(c) {
  ctx = c;
}

export function active() {
  return view !== null;
}

/* Leaves the list (home): scans no longer go to it; the queue stays. */
export function stop() {
  view = null;
}

/* Loads the list behind @v so the terminal can keep going offline. */
async function prefetch(v) {
  try {
    doc = await api('GET', '/api/v1/picklists/' + v.picklist);
    const skus = [...new Set(doc.tasks.map((x) => x.sku))];
    for (const s of skus) {
      if (codes[s]) continue;
      const p = await api('GET', '/api/v1/products/' + encodeURIComponent(s));
      codes[s] = (p.barcodes || []).map((b) => ({ code: b.code, pack: b.pack_qty || 1 }));
    }
    save();
  } catch (e) { /* offline already: we continue with what we have */ }
}

export async function start(c) {
  ctx = c;
  let v;
  try {
    v = await api('POST', '/api/v1/picklists/next', { warehouse: ctx.warehouse });
  } catch (e) {
    const s = e instanceof NetworkError ? saved(ctx.warehouse) : null;
    if (s === null) {
      feedback('error', () => errorText(e));
      return;
    }
    doc = s.doc;
    codes = s.codes;
    await show(s.view, s.guessing);
    return;
  }
  if (v.picklist === null) {
    view = null;
    mount($('#screen'), el('section', { class: 'pick done' },
      el('p', { class: 'verb' }, t('pick.none')),
      el('button', { type: 'button', class: 'wide', onclick: () => ctx.home() }, t('common.back'))));
    return;
  }
  await show(v, false);
  await prefetch(v);
}

async function show(v, guess) {
  view = v;
  asking = false;
  guessing = guess;
  qty = takeFirst > 0 && isItemStep(v) ? takeFirst : 1;
  if (isItemStep(v)) takeFirst = 0;
  save();
  render();
}

function taskFacts(task) {
  const rows = [];
  if (task.name) rows.push(el('div', { class: 'name', translate: 'no' }, task.name));
  rows.push(el('div', {}, t('pick.sku'), ' ', el('b', { translate: 'no' }, task.sku)));
  if (task.lot) rows.push(el('div', {}, t('pick.lot'), ' ', el('b', { translate: 'no' }, task.lot)));
  if (task.kit) rows.push(el('div', { class: 'kit' }, t('pick.kit'), ' ', el('b', { translate: 'no' }, task.kit)));
  rows.push(el('div', {}, t('pick.order'), ' ', el('b', { translate: 'no' }, task.order)));
  return el('div', { class: 'facts' }, rows);
}

function qtyStepper(task) {
  const need = task.remaining - task.in_hand;
  const out = el('output', { id: 'qty-value', class: 'qty-value' }, fmtNumber(qty));
  const set = (n) => {
    qty = Math.max(1, Math.min(need, n));
    out.textContent = fmtNumber(qty);
  };
  return el('div', { class: 'qty' },
    el('span', { class: 'qty-label' }, t('pick.qty')),
    el('button', { type: 'button', id: 'qty-minus', 'aria-label': t('pick.less'), onclick: () => set(qty - 1) }, '−'),
    out,
    el('button', { type: 'button', id: 'qty-plus', 'aria-label': t('pick.more'), onclick: () => set(qty + 1) }, '+'),
    el('button', { type: 'button', id: 'qty-all', onclick: () => set(need) }, t('pick.all', { n: fmtNumber(need) })));
}

/* The instruction for the current action: [verb, big text, hint]. */
function instruction(v) {
  const task = v.task;
  switch (v.action) {
    case 'scan_bin':
      return [t('pick.go_to'), task.bin, t('pick.scan_bin')];
    case 'scan_item':
      return [t('pick.take', { n: fmtNumber(task.remaining) }), task.sku, t('pick.scan_item')];
    case 'scan_item_or_tote':
      return [t('pick.in_hand', { n: fmtNumber(task.in_hand), of: fmtNumber(task.remaining) }), task.sku,
        task.tote ? t('pick.scan_item_or_tote', { tote: task.tote }) : t('pick.scan_item_or_free_tote')];
    case 'scan_tote':
      return [t('pick.put_into'), task.tote || t('pick.free_tote'), t('pick.scan_tote')];
    default:
      return [t('pick.done'), '✓', t('pick.done_hint')];
  }
}

export function render() {
  if (view === null) return;
  const v = view;
  const [verb, big, hint] = instruction(v);
  const p = v.progress || { tasks: 0, done: 0, units: 0, picked: 0 };
  const parts = [
    refusedBox(),
    el('p', { class: 'progress' }, t('pick.progress', {
      done: fmtNumber(p.done), tasks: fmtNumber(p.tasks), picked: fmtNumber(p.picked), units: fmtNumber(p.units),
    })),
    guessing ? el('p', { class: 'guess' }, t('pick.offline_guess')) : null,
    el('p', { class: 'verb', id: 'verb' }, verb),
    el('p', { class: 'big', id: 'big', translate: 'no', dataset: { action: v.action } }, big),
    el('p', { class: 'hint' }, hint),
  ];
  if (v.action !== 'done' && v.task) {
    parts.push(taskFacts(v.task));
    if (v.action === 'scan_item' || v.action === 'scan_item_or_tote') parts.push(qtyStepper(v.task));
    if (asking) parts.push(shortBox(v.task));
    else {
      parts.push(el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'pause', onclick: () => ctx.home() }, t('pick.pause'))));
      /* Apart from pause: a short puts an order on hold, so it asks first. */
      parts.push(el('div', { class: 'actions apart' },
        el('button', { type: 'button', id: 'short', class: 'warn', onclick: askShort }, t('pick.short'))));
    }
  } else {
    parts.push(el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'next-list', class: 'primary', onclick: () => start(ctx) }, t('pick.next_list')),
      el('button', { type: 'button', id: 'home', onclick: () => ctx.home() }, t('common.home'))));
  }
  mount($('#screen'), el('section', { class: 'pick' }, parts));
}

/* What the picker reads for error @e, with what was expected. */
export function errorText(e) {
  if (e instanceof NetworkError) return t('error.network');
  if (!(e instanceof ApiError)) return String(e);
  const task = (view && view.task) || {};
  const m = /expected (?:bin |tote |lot )?(\S+)/.exec(e.message || '');
  const p = e.params || {};
  const vars = errVars(e, {
    bin: task.bin, sku: task.sku, tote: p.expected || (m ? m[1] : task.tote), expected: m ? m[1] : '',
    need: fmtNumber(task.remaining - task.in_hand), message: e.message,
  });
  if (p.expected && e.code === 'wrong_bin') vars.bin = p.expected;
  for (const key of ['scan_err.' + e.code, 'error.' + e.code]) {
    if (has(key)) return t(key, vars);
  }
  return t('scan_err.other', vars);
}

/* The barcode @code as an item of @task: its pack size, or 0. */
function itemPack(task, code) {
  if (code.toUpperCase() === task.sku.toUpperCase()) return 1;
  const hit = (codes[task.sku] || []).find((b) => b.code === code);
  return hit ? hit.pack : 0;
}

/* A GTIN or GS1 code of another item: never taken for a tote offline. */
function looksLikeItem(code) {
  return /^\d{8,14}$/.test(code) || /^[(\]]/.test(code) || code.includes('\u001d');
}

function toteOf(orderId) {
  const o = doc && doc.orders.find((x) => x.id === orderId);
  return o ? o.tote : null;
}

/* The next open task of the loaded list after @v's, as a view, or done. */
function nextView(v, prevBin) {
  const next = doc.tasks.find((x) => x.state === 'open' && x.picked < x.qty);
  if (!next) return { ...v, action: 'done', task: null };
  const task = {
    id: next.id, bin: next.bin, sku: next.sku, lot: next.lot, qty: next.qty, picked: next.picked,
    remaining: next.qty - next.picked, in_hand: 0, order: next.order, order_id: next.order_id,
    tote: toteOf(next.order_id),
  };
  return { ...v, action: next.bin === prevBin ? 'scan_item' : 'scan_bin', task };
}

/*
 * The step the server would take for @code, decided locally: a new view,
 * or an Error naming what was expected (then nothing is queued).
 */
function localStep(v, code) {
  const task = { ...v.task };
  const up = code.toUpperCase();
  const refuse = (c, msg) => { throw new ApiError(422, c, msg); };
  if (v.action === 'scan_bin') {
    if (up !== task.bin) refuse('wrong_bin', 'expected bin ' + task.bin);
    return { ...v, action: 'scan_item', task };
  }
  if (up === task.bin) return v;
  const pack = itemPack(task, code);
  if (pack > 0) {
    const units = qty * pack;
    if (units > task.remaining - task.in_hand) refuse('over_pick', '');
    task.in_hand += units;
    return { ...v, action: task.in_hand === task.remaining ? 'scan_tote' : 'scan_item_or_tote', task };
  }
  if (task.in_hand === 0) refuse('wrong_item', 'expected ' + task.sku);
  if (looksLikeItem(code)) refuse('offline_unknown_item', '');
  if (task.tote && up !== task.tote.toUpperCase()) refuse('wrong_tote', 'expected tote ' + task.tote);
  const row = doc.tasks.find((x) => x.id === task.id);
  row.picked += task.in_hand;
  if (row.picked >= row.qty) row.state = 'done';
  const o = doc.orders.find((x) => x.id === task.order_id);
  if (o) o.tote = up;
  const p = { ...v.progress, picked: v.progress.picked + task.in_hand };
  if (row.state === 'done') {
    p.done += 1;
    return nextView({ ...v, progress: p }, task.bin);
  }
  task.picked = row.picked;
  task.remaining = row.qty - row.picked;
  task.in_hand = 0;
  task.tote = up;
  return { ...v, progress: p, action: 'scan_item', task };
}

/*
 * A failure that says nothing about the scan itself: no reply, a server
 * or database outage, or a session that ended. The scan waits in the
 * queue instead of being refused.
 */
function transient(e) {
  return e instanceof NetworkError || (e instanceof ApiError && (e.status === 401 || e.status >= 500));
}

function isItemStep(v) {
  return v.action === 'scan_item' || v.action === 'scan_item_or_tote';
}

/* Offline: queue the scan and take the next step locally. */
async function offline(scan) {
  let next;
  try {
    if (!doc) throw new ApiError(0, 'offline_no_list', '');
    next = localStep(view, scan.code);
  } catch (e) {
    feedback('error', () => errorText(e));
    return;
  }
  await queue.enqueue(scan);
  await ctx.badge();
  feedback('ok', () => t('pick.queued'));
  await show(next, true);
}

export async function scanned(code) {
  if (view === null || view.action === 'done' || replaying) return;
  const scan = { key: uuid(), list: view.picklist, code, at: Date.now() };
  if (isItemStep(view)) scan.qty = qty;
  if (guessing || !navigator.onLine || (await queue.count()) > 0) return offline(scan);
  try {
    const v = await send(scan);
    feedback('ok', () => t('pick.ok'));
    await show(v, false);
  } catch (e) {
    if (transient(e) && !(e instanceof ApiError && e.status === 401)) return offline(scan);
    feedback('error', () => errorText(e));
  }
}

function send(scan) {
  /* A returns confirmation (returns.js) carries its own route and body. */
  if (scan.path) return api('POST', scan.path, { ...scan.body, idempotency_key: scan.key });
  const body = { code: scan.code, idempotency_key: scan.key };
  if (scan.qty) body.qty = scan.qty;
  return api('POST', '/api/v1/picklists/' + scan.list + '/scan', body);
}

/*
 * Sends the queue in order. A scan the server answers leaves the queue; a
 * refusal leaves it too and is shown, and the scans after it (which
 * assumed it) are shown as not sent. No reply at all: stop, keep the rest.
 */
export async function replay() {
  if (replaying) return;
  replaying = true;
  const refused = [];
  let last = null;
  try {
    const items = await queue.pending();
    for (let i = 0; i < items.length; i++) {
      const s = items[i];
      try {
        last = await send(s);
        await queue.remove(s.seq);
      } catch (e) {
        if (transient(e)) {
          /* Kept for later; a lost session needs a new login first. */
          if (e instanceof ApiError && e.status === 401) feedback('error', () => errorText(e));
          break;
        }
        refused.push({ code: s.code, why: () => errorText(e) });
        await queue.remove(s.seq);
        for (const rest of items.slice(i + 1)) {
          refused.push({ code: rest.code, why: () => t('sync.not_sent') });
          await queue.remove(rest.seq);
        }
        last = null;
        break;
      }
    }
  } finally {
    replaying = false;
  }
  await ctx.badge();
  if ((await queue.count()) > 0) return;
  if (view !== null && (refused.length > 0 || last === null)) {
    try {
      last = await api('POST', '/api/v1/picklists/next', { warehouse: ctx.warehouse });
    } catch (e) { return; }
  }
  if (last && view !== null) {
    await show(last.picklist === null ? { ...view, action: 'done', task: null } : last, false);
    if (last.picklist) await prefetch(last);
  }
  if (refused.length > 0) showRefused(refused);
  else if (last) feedback('ok', () => t('sync.done'));
}

/* Refusals from a replay stay on screen until the picker acknowledges them. */
function showRefused(list) {
  refusedList = list;
  feedback('error', () => t('sync.refused', { n: fmtNumber(list.length) }));
  if (view === null) $('#screen').prepend(refusedBox()); /* at home: shown there */
  else render();
}

function refusedBox() {
  if (refusedList.length === 0) return null;
  return el('section', { class: 'refused', id: 'refused' },
    el('h2', {}, t('sync.refused_title')),
    el('ul', {}, refusedList.map((r) => el('li', {}, el('b', {}, r.code), ' — ', r.why()))),
    el('button', { type: 'button', class: 'wide', id: 'refused-ok', onclick: (ev) => { refusedList = []; ev.target.closest('#refused').remove(); render(); } }, t('common.ok')));
}

/* Short: first ask how many are really in the bin (the order may be held). */
function askShort() {
  if (!view || !view.task) return;
  asking = true;
  found = 0;
  render();
  $('#short-found').focus();
}

/* The question before a short: a count (0 to one less than needed), confirm or back. */
function shortBox(task) {
  const need = task.remaining - task.in_hand;
  const out = el('input', {
    id: 'short-found', class: 'scan qty-value', type: 'number', inputmode: 'numeric', min: '0', max: String(need - 1),
    value: String(found), oninput: (e) => { found = Math.max(0, Math.min(need - 1, parseInt(e.target.value, 10) || 0)); },
  });
  return el('section', { class: 'refused short-ask', id: 'short-ask', role: 'dialog', 'aria-labelledby': 'short-q' },
    el('h2', { id: 'short-q' }, t('pick.short_question', { sku: task.sku, bin: task.bin, need: fmtNumber(need) })),
    el('label', { for: 'short-found', class: 'qty-label' }, t('pick.short_found')), out,
    el('p', { class: 'hint' }, t('pick.short_effect')),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'short-confirm', class: 'warn', onclick: confirmShort }, t('pick.short_confirm')),
      el('button', { type: 'button', id: 'short-cancel', onclick: () => { asking = false; render(); $('#short').focus(); } }, t('common.back'))));
}

/* Some are there: pick those first (the stepper holds them); none: report the short. */
async function confirmShort() {
  if (found > 0) {
    asking = false;
    qty = found;
    takeFirst = isItemStep(view) ? 0 : found;
    render();
    feedback('info', () => t('pick.short_take_first', { n: fmtNumber(found) }));
    return;
  }
  try {
    const order = view.task.order;
    const v = await api('POST', '/api/v1/picklists/' + view.picklist + '/short', { idempotency_key: uuid() });
    const s = v.short || {};
    const held = s.found_elsewhere < s.missing;
    feedback('ok', () => (held ? t('pick.shorted_held', { order }) : t('pick.shorted')));
    await show(v, false);
    await prefetch(v);
  } catch (e) {
    feedback('error', () => errorText(e));
  }
}
