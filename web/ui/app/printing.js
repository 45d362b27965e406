/*
 * The print queue (#/printing?station=&state=&cursor=): the jobs of the
 * stations' label printers, newest first, with their state (queued,
 * printed, failed), attempts and last error, and a reprint of a job's
 * carton (POST /api/v1/cartons/{id}/reprint, to the job's station).
 */
import { api } from '../lib/api.js';
import { t, fmtDate } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href, code, table, row, options, act } from './common.js';
import { stationStatusTable } from './print.js';

const PAGE = 50;
const STATES = ['queued', 'printed', 'failed'];

function filters(p, stations) {
  const station = el('select', { id: 'pj-station', translate: 'no' },
    options(stations.map((s) => [s.code, s.code + ' · ' + s.warehouse]), p.get('station'), 'printing.any_station'));
  const state = el('select', { id: 'pj-state' }, el('option', { value: '' }, t('printing.any_state')),
    STATES.map((s) => el('option', { value: s, selected: p.get('state') === s }, t('printing.state.' + s))));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('printing', { station: station.value, state: state.value });
    },
  }, el('label', {}, t('printing.station'), ' ', station), el('label', {}, t('printing.state'), ' ', state),
  el('button', { type: 'submit', id: 'pj-apply' }, t('printing.apply')));
}

/* A fresh idempotency key: a double click queues one reprint. */
function key() {
  return 'reprint-' + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
}

function reprintButton(j, env, redraw) {
  if (!j.carton) return '';
  const k = key();
  return el('button', {
    type: 'button', class: 'reprint', dataset: { carton: j.carton },
    onclick: () => act(env, async () => {
      const r = await api('POST', '/api/v1/cartons/' + j.carton + '/reprint', { idempotency_key: k, station: j.station });
      await redraw(t('printing.queued_msg', { id: r.id, station: r.station }));
    }),
  }, t('printing.reprint'));
}

/* #/printing */
export async function show(root, p, env) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['station', 'state', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const stations = (await api('GET', '/api/v1/stations').catch(() => ({ items: [] }))).items || [];
  const draw = async (notice) => {
    const page = await api('GET', '/api/v1/print-jobs?' + q.toString());
    mount(root, el('h1', {}, t('printing.title')),
      el('h2', {}, t('labels.stations_title')),
      await stationStatusTable(stations),
      filters(p, stations),
      notice ? el('p', { class: 'ok', id: 'pj-notice' }, notice) : null,
      table('print-jobs', ['printing.id', 'printing.created', 'printing.station', 'printing.kind', 'printing.order',
        'printing.sscc', 'printing.state', 'printing.attempts', 'printing.last_error', ''],
      page.items.map((j) => row({ dataset: { id: j.id, state: j.state } }, code(j.id), fmtDate(j.created_at), code(j.station),
        t('printing.kind.' + j.kind), code(j.order), code(j.sscc, { class: 'mono' }),
        el('span', { class: 'pill print-' + j.state }, t('printing.state.' + j.state)), { num: j.attempts },
        code(j.last_error, { class: 'muted' }), reprintButton(j, env, draw)))),
      page.items.length ? null : el('p', { class: 'muted', id: 'pj-empty' }, t('printing.none')),
      el('div', { class: 'pager' },
        p.get('cursor') ? el('a', { href: href('printing', { station: p.get('station'), state: p.get('state') }), id: 'pj-first' }, t('printing.first_page')) : null,
        page.next ? el('a', { href: href('printing', { station: p.get('station'), state: p.get('state'), cursor: page.next }), id: 'pj-next' }, t('printing.next_page')) : null));
  };
  await draw();
}
