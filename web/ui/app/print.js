/*
 * Printing from any back office screen: a panel that sends labels (bin or
 * SKU) as ZPL to a station's printer through the print queue, or opens
 * them as a PDF; the station's printer status (its last job: printed,
 * waiting, failing with the printer's error); and helpers for the
 * shipment page (reprint a carton's label at a station, the label PDF,
 * the packing slip). The server builds every label; nothing is rendered
 * here.
 */
import { api, uuid } from '../lib/api.js';
import { t, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { act, code, options } from './common.js';

/* The stations of warehouse @wh (all when empty), with their printers. */
export async function stations(wh) {
  const q = wh ? '?warehouse=' + encodeURIComponent(wh) : '';
  return ((await api('GET', '/api/v1/stations' + q).catch(() => ({ items: [] }))).items) || [];
}

/*
 * What the printer of station @s (a GET /api/v1/stations item) is doing,
 * from its newest job: {state: none|no_printer|printed|queued|failed, job}.
 */
export async function printerState(s) {
  if (!s.printer) return { state: 'no_printer' };
  const page = await api('GET', '/api/v1/print-jobs?limit=1&station=' + encodeURIComponent(s.code)).catch(() => ({ items: [] }));
  const job = page.items[0];
  return { state: job ? job.state : 'none', job };
}

/* The status line of station @s: colour and words (never colour alone). */
export async function printerStatus(s) {
  const st = await printerState(s);
  const j = st.job;
  /* The printer's own error is data, in the printer's words. */
  const text = st.state === 'failed'
    ? [t('labels.status.failed'), ' ', code(j.last_error || '')]
    : st.state === 'printed' ? t('labels.status.printed', { time: fmtDate(j.printed_at || j.created_at) })
      : t('labels.status.' + st.state);
  return el('span', { class: 'printer printer-' + st.state, dataset: { state: st.state }, role: 'status' }, text);
}

/*
 * A print panel: @opts {id, warehouse, kind: 'bin'|'sku', labels() →
 * [{code, caption}], pdf() → URL or null, env}. "Send to printer" queues
 * the labels at the chosen station (one idempotency key per click, so a
 * double click prints once); "PDF" opens the sheet.
 */
export async function printPanel(opts) {
  const list = (await stations(opts.warehouse)).filter((s) => s.printer);
  const id = opts.id;
  const status = el('span', { id: id + '-status', 'aria-live': 'polite' });
  const pick = el('select', { id: id + '-station', translate: 'no' },
    options(list.map((s) => [s.code, s.code + ' · ' + s.printer])));
  const copies = el('input', { id: id + '-copies', type: 'number', min: 1, max: 99, value: 1 });
  const notice = el('span', { id: id + '-notice', role: 'status' });
  /* Two quick changes of station race their answers: only the answer
     for the station still chosen is shown. */
  const showStatus = async () => {
    const code = pick.value;
    const s = list.find((x) => x.code === code);
    const shown = s ? await printerStatus(s) : el('span', { class: 'muted' }, t('labels.no_station'));
    if (pick.value === code) mount(status, shown);
  };
  pick.addEventListener('change', showStatus);
  const send = el('button', {
    type: 'button', id: id + '-send', class: 'primary', disabled: list.length === 0,
    onclick: () => act(opts.env, async () => {
      const labels = opts.labels();
      if (!labels.length) {
        mount(notice, el('span', { class: 'warn-text' }, t('labels.nothing')));
        return;
      }
      const job = await api('POST', '/api/v1/stations/' + encodeURIComponent(pick.value) + '/labels', {
        kind: opts.kind, labels, copies: Number(copies.value) || 1, idempotency_key: 'labels-' + uuid(),
      });
      mount(notice, el('span', { class: 'ok', dataset: { job: job.id } },
        t('labels.queued', { n: fmtNumber(labels.length), station: job.station, id: job.id })));
      await showStatus();
      send.focus();
    }),
  }, t('labels.send'));
  const pdf = el('a', {
    class: 'button', id: id + '-pdf', target: '_blank', rel: 'noopener', href: '#',
    onclick: (e) => {
      const url = opts.pdf();
      if (!url) {
        e.preventDefault();
        mount(notice, el('span', { class: 'warn-text' }, t('labels.nothing')));
      } else {
        e.currentTarget.href = url;
      }
    },
  }, t('labels.pdf'));
  const panel = el('section', { class: 'panel print-panel', id },
    el('h2', {}, t(opts.kind === 'bin' ? 'labels.bin_labels' : 'labels.sku_labels')),
    el('div', { class: 'row' },
      el('label', { for: id + '-station' }, el('span', {}, t('labels.station')), pick),
      el('label', { for: id + '-copies' }, el('span', {}, t('labels.copies')), copies)),
    el('p', {}, status),
    el('div', { class: 'row actions' }, send, pdf, notice));
  await showStatus();
  return panel;
}

/* Queues closed carton @carton's label again at station @station (null: where it was packed). */
export async function reprintCarton(carton, station) {
  return api('POST', '/api/v1/cartons/' + encodeURIComponent(carton) + '/reprint',
    { idempotency_key: 'reprint-' + uuid(), station: station || undefined });
}

/* The 4 x 6 in label of carton @carton as a PDF, for an office printer. */
export function cartonLabelPdf(carton) {
  return '/api/v1/cartons/' + encodeURIComponent(carton) + '/label.pdf';
}

/* The packing slip of shipment @shipment (ZPL). */
export function packingSlip(shipment) {
  return '/api/v1/shipments/' + encodeURIComponent(shipment) + '/packing-slip.zpl';
}

/* A table of the stations with their printers' status (for #/printing). */
export async function stationStatusTable(list) {
  const rows = await Promise.all(list.map(async (s) => el('tr', { dataset: { code: s.code } },
    el('td', {}, code(s.code)), el('td', {}, code(s.warehouse)), el('td', {}, code(s.printer || '–', { class: 'mono' })),
    el('td', {}, await printerStatus(s)))));
  return el('table', { class: 'grid', id: 'station-status' },
    el('thead', {}, el('tr', {}, ['labels.station_code', 'labels.warehouse', 'labels.printer', 'labels.status'].map((k) => el('th', {}, t(k))))),
    el('tbody', {}, rows));
}
