/*
 * Waves: create one from filters (warehouse, store, carrier, single or
 * multi-line orders, max orders, batch size, zone picking) and watch the
 * waves' progress, refreshed every few seconds while the page is open.
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
    el('span', { class: 'progress' },
      el('progress', { max: Math.max(p.tasks, 1), value: p.done }), ' ',
      el('span', { class: 'progress-text' }, t('waves.tasks_done', { done: fmtNumber(p.done), tasks: fmtNumber(p.tasks) }))),
    el('span', { class: 'lists' }, lists));
}

async function refresh(wh) {
  const box = $('#waves-list');
  if (!box) return;
  const q = new URLSearchParams({ limit: '50' });
  if (wh) q.set('warehouse', wh);
  const page = await api('GET', '/api/v1/waves?' + q.toString());
  mount(box,
    page.items.length === 0 ? el('p', { id: 'waves-empty' }, t('waves.none')) : null,
    table('waves', ['waves.id', 'waves.warehouse', 'waves.state', 'waves.created_at', 'waves.orders', 'waves.picklists',
      'waves.progress', 'waves.lists'], page.items.map(waveRow)),
    el('p', { class: 'muted', id: 'waves-updated', dataset: { at: String(Date.now()) } },
      t('waves.updated', { time: fmtDate(new Date().toISOString()) })));
}

export async function show(root, p, env) {
  if (timer) clearInterval(timer);
  const [ws, stores, carriers] = await Promise.all([
    api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items),
    api('GET', '/api/v1/stores').then((r) => r.items).catch(() => []),
    api('GET', '/api/v1/carriers').then((r) => r.items || []).catch(() => []),
  ]);
  const wh = p.get('warehouse') || (ws[0] && ws[0].code) || '';
  mount(root, el('h1', {}, t('waves.title')),
    el('div', { class: 'cols2' }, form(ws, stores, carriers, env, wh), el('section', { id: 'waves-list' })));
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
