/*
 * The device's station and the scanners that are not a keyboard:
 *  - the station code is chosen once on the device (localStorage); while
 *    it is set, GET /api/v1/stations/{code}/events (Server-Sent Events)
 *    brings every scan read by the station's scanners, and each goes to
 *    the same scan handler as a keyboard-wedge scan;
 *  - the camera as a fallback: a photo (input capture) is decoded by
 *    POST /api/v1/barcodes/decode and its text handled as a scan.
 */
import { api, session, ApiError, NetworkError } from '../lib/api.js';
import { t } from '../lib/i18n.js';
import { el, $ } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { screen, button, list, errText } from './flow.js';

const KEY = 'depot.station';
let source = null;
let onScan = null;
let ctx = null;

/* The station chosen on this device, or null. */
export function code() {
  return localStorage.getItem(KEY);
}

/* Listens to the station's scanners (if one is set), feeding @handler. */
export function listen(handler) {
  onScan = handler;
  connect();
}

function connect() {
  if (source) source.close();
  source = null;
  delete document.body.dataset.station;
  const c = code();
  if (!c || !onScan) return;
  source = new EventSource('/api/v1/stations/' + encodeURIComponent(c) + '/events');
  source.addEventListener('open', () => { document.body.dataset.station = 'live'; });
  source.addEventListener('error', () => { document.body.dataset.station = 'lost'; });
  source.addEventListener('scan', (e) => {
    let s = null;
    try {
      s = JSON.parse(e.data);
    } catch (x) { /* not a scan */ }
    if (s && typeof s.code === 'string' && s.code !== '') onScan(s.code);
  });
}

/* Stops listening (logout). */
export function close() {
  onScan = null;
  connect();
}

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

/* The settings screen: choose this device's station, or none. */
export async function start(c) {
  ctx = c;
  let stations = [];
  try {
    stations = (await api('GET', '/api/v1/stations?warehouse=' + encodeURIComponent(ctx.warehouse))).items;
  } catch (e) {
    feedback('error', () => errText(e, {}));
  }
  const choose = (s) => {
    if (s) localStorage.setItem(KEY, s);
    else localStorage.removeItem(KEY);
    connect();
    feedback('ok', () => (s ? t('station.set', { code: s }) : t('station.cleared')));
    ctx.home();
  };
  screen({
    flow: 'station', step: 'choose', verb: t('station.choose'), big: code() || '—',
    hint: t('station.hint'),
    body: list('stations', stations.map((s) => ({ text: s.code, onclick: () => choose(s.code), data: { code: s.code } }))),
    actions: [button('no-station', t('station.none'), () => choose(null)), button('home', t('common.home'), () => ctx.home())],
  });
}

export function render() {
  if (ctx) start(ctx);
}

/* Reads a barcode from a photo and hands its text to @handler. */
async function decode(file, handler) {
  const s = session();
  let res;
  try {
    res = await fetch('/api/v1/barcodes/decode', {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: { 'Content-Type': file.type || 'image/jpeg', Accept: 'application/json', 'X-CSRF-Token': s ? s.csrf : '' },
    });
  } catch (e) {
    feedback('error', () => errText(new NetworkError(String(e)), {}));
    return;
  }
  const j = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (j && j.error) || {};
    const err = new ApiError(res.status, e.code || 'http_' + res.status, e.message);
    feedback('error', () => (err.code === 'invalid_value' ? t('camera.none') : errText(err, {})));
    return;
  }
  const hit = j.results && j.results[0];
  if (!hit) {
    feedback('error', () => t('camera.none'));
    return;
  }
  await handler(hit.text);
}

/* Wires the camera button of the scan bar to @handler. */
export function camera(handler) {
  const input = $('#camera-file');
  $('#camera').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const f = input.files && input.files[0];
    input.value = '';
    if (f) await decode(f, handler);
    $('#scan').focus();
  });
}

/* The home screen's button for the station setting. */
export function homeButton(c) {
  const s = code();
  return el('button', { type: 'button', class: 'task small', id: 'start-station', onclick: () => start(c) },
    el('span', { class: 'task-name' }, s ? t('station.current', { code: s }) : t('station.pick')));
}
