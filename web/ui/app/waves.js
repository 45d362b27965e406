/*
 * Waves: create one from filters (warehouse, store, carrier, single or
 * multi-line orders, max orders, batch size, zone picking) and watch the
 * waves' progress, refreshed every few seconds while the page is open.
 * "Manage" opens a wave below the list (not refreshed under the user's
 * hands): assign a pick list to a picker, release it to the queue, print
 * it (A4 PDF), cancel the wave while nothing is picked.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, options, act } from './common.js';

const REFRESH_MS = 5000;
let timer = null;

function form(ws, stores, carriers, env, wh) {
  const body = () => {
    const b = { warehouse: $('#w-wh').value };
    if ($('#w-store').value) b.store = $('#w-store').value;
    if ($('#w-carrier').value) b.carrier = $('#w-carrier').value;
    if ($('#w-lines').value) b.lines = $('#w-lines').value;
    if ($('#w-max').value) b.max_orders = Number($('#w-max').value);
    if ($('#w-batch').value) b.batch_size = Number($('#w-batch').value);
    if ($('#w-zone').checked) b.zone_picking = true;
    return b;
  };
  return el('form', {
    class: 'panel', id: 'wave-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const w = await api('POST', '/api/v1/waves', body());
        mount($('#wave-created'), el('p', { class: 'ok', id: 'wave-created-msg' },
          t('waves.created', { id: w.id, orders: fmtNumber(w.orders), lists: fmtNumber(w.picklists.length) })));
        await refresh(w.warehouse);
      });
    },
  },
  el('h2', {}, t('waves.new')),
  field('w-wh', 'waves.warehouse', el('select', { id: 'w-wh', translate: 'no', onchange: (e) => refresh(e.target.value) },
    options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), wh))),
  field('w-store', 'waves.store', el('select', { id: 'w-store', translate: 'no' },
    options(stores.map((s) => [s.code, s.code + ' · ' + s.name]), '', 'waves.any_store'))),
  field('w-carrier', 'waves.carrier', el('select', { id: 'w-carrier', translate: 'no' },
    options(carriers.map((c) => [c.code, c.code + (c.name ? ' · ' + c.name : '')]), '', 'waves.any_carrier'))),
  field('w-lines', 'waves.lines', el('select', { id: 'w-lines' },
    el('option', { value: '' }, t('waves.lines_any')),
    el('option', { value: 'single' }, t('waves.lines_single')),
    el('option', { value: 'multi' }, t('waves.lines_multi')))),
  el('div', { class: 'row' },
    field('w-max', 'waves.max_orders', el('input', { id: 'w-max', type: 'number', min: 1, max: 20000, value: 200 })),
    field('w-batch', 'waves.batch_size', el('input', { id: 'w-batch', type: 'number', min: 1, max: 100, value: 10 }))),
  el('label', { for: 'w-zone', class: 'check' }, el('input', { id: 'w-zone', type: 'checkbox' }), ' ', t('waves.zone_picking')),
  el('button', { type: 'submit', class: 'primary', id: 'wave-create' }, t('waves.create')),
  el('div', { id: 'wave-created', 'aria-live': 'polite' }));
}

/* Tasks done of all tasks, over the wave's pick lists. */
function progress(w) {
  const tasks = w.picklists.reduce((n, p) => n + p.tasks, 0);
  const open = w.picklists.reduce((n, p) => n + p.open, 0);
  return { tasks, done: tasks - open };
}

function waveRow(w) {
  const p = progress(w);
  const lists = w.picklists.map((l) => el('span', { class: 'pill list-' + l.state, translate: 'no', title: t('waves.list_state.' + l.state) },
    'PL-' + l.id + (l.zone ? ' ' + l.zone : '') + (l.picker ? ' @' + l.picker : '') + ' ' + (l.tasks - l.open) + '/' + l.tasks));
  return row({ dataset: { id: w.id, state: w.state } },
    code('#' + w.id), code(w.warehouse),
    el('span', { class: 'pill wave-' + w.state }, t('waves.state.' + w.state)),
    fmtDate(w.created_at), { num: w.orders }, { num: w.picklists.length },
    /* A cancelled wave's tasks were cancelled, not done: no progress bar. */
    w.state === 'cancelled' ? '–' : el('span', { class: 'progress' },
      el('progress', { max: Math.max(p.tasks, 1), value: p.done }), ' ',
      el('span', { class: 'progress-text' }, t('waves.tasks_done', { done: fmtNumber(p.done), tasks: fmtNumber(p.tasks) }))),
    el('span', { class: 'lists' }, lists),
    el('button', { type: 'button', class: 'manage', id: 'wave-open-' + w.id, onclick: () => openWave(w.id) }, t('waves.manage')));
}

let envRef = null;
let lastPage = { items: [] };

/* The wave @id's panel: its lists and what a lead can do with them. */
function openWave(id, notice, focus) {
  const box = $('#wave-detail');
  const w = lastPage.items.find((x) => x.id === id);
  if (!box || !w) return;
  const run = (fn, msg, sel) => act(envRef, async () => {
    await fn();
    await refresh($('#w-wh').value);
    openWave(id, msg, sel);
  });
  const p = progress(w);
  mount(box, el('section', { class: 'panel', id: 'wave-panel', dataset: { id: w.id, state: w.state } },
    el('h2', {}, t('waves.wave_title', { id: w.id }), ' ',
      el('span', { class: 'pill wave-' + w.state, id: 'wave-panel-state' }, t('waves.state.' + w.state))),
    notice ? el('p', { class: 'ok', id: 'wave-notice', role: 'status' }, notice) : null,
    w.state === 'open' && p.done === 0
      ? el('button', {
        type: 'button', class: 'danger', id: 'wave-cancel',
        onclick: () => {
          if (confirm(t('waves.confirm_cancel', { id: w.id }))) {
            run(() => api('POST', '/api/v1/waves/' + w.id + '/cancel'), t('waves.cancelled', { id: w.id }), '#wave-panel');
          }
        },
      }, t('waves.cancel'))
      : null,
    table('wave-lists', ['waves.list', 'waves.zone', 'waves.state', 'waves.picker', 'waves.progress', 'waves.distance', 'waves.assign_to', ''],
      w.picklists.map((l) => {
        const who = el('input', { id: 'assign-' + l.id, maxlength: 64, autocomplete: 'off', translate: 'no', 'aria-label': t('waves.assign_label', { list: 'PL-' + l.id }) });
        const done = l.state === 'done';
        return row({ dataset: { id: l.id, state: l.state } },
          code('PL-' + l.id), code(l.zone || ''), t('waves.list_state.' + l.state), code(l.picker || ''),
          t('waves.tasks_done', { done: fmtNumber(l.tasks - l.open), tasks: fmtNumber(l.tasks) }),
          /* The walk in metres by the routing method, the plain pick
           * sequence's beside it (issue 24); empty where unmeasured. */
          l.distance_m === null || l.distance_m === undefined ? ''
            : el('span', { class: 'distance', title: t('routing.' + (l.routing_method || 'sequence')) },
              t('waves.metres', { m: fmtNumber(Number(l.distance_m)), seq: fmtNumber(Number(l.sequence_distance_m)) })),
          done ? '' : el('span', { class: 'row' }, who,
            el('button', {
              type: 'button', id: 'assign-btn-' + l.id,
              onclick: () => {
                if (who.value.trim()) {
                  run(() => api('POST', '/api/v1/picklists/' + l.id + '/assign', { picker: who.value.trim() }),
                    t('waves.assigned', { list: 'PL-' + l.id, picker: who.value.trim() }), '#assign-btn-' + l.id);
                }
              },
            }, t('waves.assign'))),
          el('span', { class: 'row' },
            !done && l.picker ? el('button', {
              type: 'button', id: 'release-' + l.id,
              onclick: () => run(() => api('POST', '/api/v1/picklists/' + l.id + '/assign', { picker: null }),
                t('waves.released', { list: 'PL-' + l.id }), '#assign-btn-' + l.id),
            }, t('waves.release')) : null,
            el('a', { class: 'button', id: 'print-' + l.id, href: '/api/v1/picklists/' + l.id + '/picklist.pdf', target: '_blank', rel: 'noopener' }, t('waves.print'))));
      }))));
  const f = focus ? box.querySelector(focus) : null;
  if (f) f.focus();
}

async function refresh(wh) {
  const box = $('#waves-list');
  if (!box) return;
  const q = new URLSearchParams({ limit: '50' });
  if (wh) q.set('warehouse', wh);
  const page = await api('GET', '/api/v1/waves?' + q.toString());
  lastPage = page;
  mount(box,
    page.items.length === 0 ? el('p', { id: 'waves-empty' }, t('waves.none')) : null,
    table('waves', ['waves.id', 'waves.warehouse', 'waves.state', 'waves.created_at', 'waves.orders', 'waves.picklists',
      'waves.progress', 'waves.lists', ''], page.items.map(waveRow)),
    el('p', { class: 'muted', id: 'waves-updated', dataset: { at: String(Date.now()) } },
      t('waves.updated', { time: fmtDate(new Date().toISOString()) })));
}

export async function show(root, p, env) {
  if (timer) clearInterval(timer);
  envRef = env;
  const [ws, stores, carriers] = await Promise.all([
    api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items),
    api('GET', '/api/v1/stores').then((r) => r.items).catch(() => []),
    api('GET', '/api/v1/carriers').then((r) => r.items || []).catch(() => []),
  ]);
  const wh = p.get('warehouse') || (ws[0] && ws[0].code) || '';
  mount(root, el('h1', {}, t('waves.title')),
    el('div', { class: 'cols2' }, form(ws, stores, carriers, env, wh), el('section', { id: 'waves-list' })),
    el('div', { id: 'wave-detail' }));
  await refresh(wh);
  /* Progress is refreshed while this page is shown; leaving it stops the timer. */
  timer = setInterval(() => {
    if (!root.isConnected) {
      clearInterval(timer);
      timer = null;
      return;
    }
    refresh($('#w-wh').value).catch((e) => env.showError(e));
  }, REFRESH_MS);
}
