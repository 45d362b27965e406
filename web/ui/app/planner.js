/*
 * The zone and bin planner: pick a warehouse, create zones, generate bins
 * from ranges with a preview first, and list the bins of a zone.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { printPanel } from './print.js';

const TYPES = ['receiving', 'reserve', 'pick', 'packing', 'shipping', 'returns', 'quarantine'];
let wh = null;
let env = null;

function field(id, label, input) {
  return el('label', { for: id }, el('span', {}, t(label)), input);
}

function zoneForm() {
  return el('form', { class: 'panel', id: 'zone-form', onsubmit: createZone },
    el('h2', {}, t('planner.new_zone')),
    field('z-code', 'planner.zone_code', el('input', { id: 'z-code', required: true, maxlength: 20 })),
    field('z-name', 'planner.zone_name', el('input', { id: 'z-name' })),
    field('z-type', 'planner.zone_type', el('select', { id: 'z-type' },
      TYPES.map((x) => el('option', { value: x }, t('zone_type.' + x))))),
    el('button', { type: 'submit', class: 'primary' }, t('planner.create_zone')));
}

function binForm(zones) {
  return el('form', { class: 'panel', id: 'bins-form', onsubmit: (e) => { e.preventDefault(); generate(true); } },
    el('h2', {}, t('planner.generate')),
    field('g-zone', 'planner.zone', el('select', { id: 'g-zone' },
      zones.map((z) => el('option', { value: z.code }, z.code + ' · ' + (z.name || t('zone_type.' + z.type)))))),
    field('g-aisles', 'planner.aisles', el('input', { id: 'g-aisles', value: 'A-B', required: true })),
    field('g-racks', 'planner.racks', el('input', { id: 'g-racks', value: '1-5', required: true })),
    field('g-levels', 'planner.levels', el('input', { id: 'g-levels', value: '1-2', required: true })),
    field('g-positions', 'planner.positions', el('input', { id: 'g-positions', value: '1', required: true })),
    field('g-pattern', 'planner.pattern', el('input', { id: 'g-pattern', value: '{aisle}-{rack:02}-{level}-{position}', required: true })),
    el('div', { class: 'row' },
      el('button', { type: 'submit', id: 'preview' }, t('planner.preview')),
      el('button', { type: 'button', id: 'create-bins', class: 'primary', disabled: true, onclick: () => generate(false) }, t('planner.create_bins'))),
    el('div', { id: 'preview-out', class: 'preview', 'aria-live': 'polite' }));
}

function spec() {
  return {
    zone: $('#g-zone').value, aisles: $('#g-aisles').value.trim(), racks: $('#g-racks').value.trim(),
    levels: $('#g-levels').value.trim(), positions: $('#g-positions').value.trim(), pattern: $('#g-pattern').value.trim(),
  };
}

async function generate(preview) {
  env.showError(null);
  try {
    const body = spec();
    if (preview) body.preview = true;
    const r = await api('POST', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/bins/generate', body);
    const out = $('#preview-out');
    if (preview) {
      mount(out, el('p', { id: 'preview-count' }, t('planner.would_create', { n: fmtNumber(r.count), first: r.first, last: r.last })),
        el('p', { class: 'sample' }, r.sample.join(' · ')));
      $('#create-bins').disabled = false;
    } else {
      mount(out, el('p', { id: 'created-count', class: 'ok' }, t('planner.created', { n: fmtNumber(r.count) })));
      $('#create-bins').disabled = true;
      await showBins(body.zone);
    }
  } catch (e) {
    env.showError(e);
  }
}

async function createZone(e) {
  e.preventDefault();
  env.showError(null);
  try {
    await api('POST', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/zones',
      { code: $('#z-code').value.trim(), name: $('#z-name').value.trim() || undefined, type: $('#z-type').value });
    await draw();
  } catch (err) {
    env.showError(err);
  }
}

async function showBins(zone) {
  const q = new URLSearchParams({ limit: '500' });
  if (zone) q.set('zone', zone);
  const page = await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/bins?' + q.toString());
  mount($('#bins'),
    el('h2', {}, t('planner.bins_of', { zone: zone || '' }), ' ', el('span', { id: 'bins-count', class: 'pill' }, fmtNumber(page.items.length))),
    el('table', { class: 'grid', id: 'bins-table' },
      el('thead', {}, el('tr', {}, el('th', {}, el('input', {
        type: 'checkbox', id: 'bins-all', 'aria-label': t('labels.select_all_bins'),
        onchange: (e) => { for (const c of document.querySelectorAll('#bins-table input.bin-pick')) c.checked = e.target.checked; },
      }), t('planner.bin')), ['planner.zone', 'planner.sequence', 'planner.on_hand', 'planner.state']
        .map((k) => el('th', {}, t(k))))),
      el('tbody', {}, page.items.map((b) => el('tr', { dataset: { code: b.code } },
        el('td', {}, el('input', { type: 'checkbox', class: 'bin-pick', value: b.code, dataset: { zone: b.zone || '' }, 'aria-label': t('labels.select_bin', { bin: b.code }) }), b.code),
        el('td', {}, b.zone), el('td', { class: 'num' }, fmtNumber(b.pick_sequence)),
        el('td', { class: 'num' }, fmtNumber(b.on_hand)),
        el('td', {}, b.blocked ? t('planner.blocked') : t('planner.open')))))),
    await labelsPanel());
}

/* Bin labels of the ticked bins: ZPL to a station printer, or an A4 sheet. */
function labelsPanel() {
  const picked = () => [...document.querySelectorAll('#bins-table input.bin-pick:checked')];
  return printPanel({
    id: 'bin-print', warehouse: wh, kind: 'bin', env,
    labels: () => picked().map((c) => ({ code: c.value, caption: wh + ' ' + c.dataset.zone })),
    pdf: () => (picked().length ? '/api/v1/warehouses/' + encodeURIComponent(wh) + '/labels/bins.pdf?bins=' +
      encodeURIComponent(picked().map((c) => c.value).join(',')) : null),
  });
}

function zoneList(zones) {
  return el('div', { class: 'panel' }, el('h2', {}, t('planner.zones')),
    el('ul', { class: 'zones', id: 'zones' }, zones.map((z) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => showBins(z.code) }, z.code),
      ' ', t('zone_type.' + z.type), z.name ? ' · ' + z.name : ''))));
}

async function draw() {
  const zones = (await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/zones')).items;
  mount($('#planner-body'), el('div', { class: 'cols' }, zoneList(zones), zoneForm(), zones.length ? binForm(zones) : null),
    el('section', { id: 'bins' }));
  if (zones.length) await showBins(zones[0].code);
}

export async function show(root, p, e) {
  env = e;
  const ws = (await api('GET', '/api/v1/warehouses?limit=100')).items;
  if (!wh || !ws.some((w) => w.code === wh)) wh = p.get('warehouse') || (ws[0] && ws[0].code);
  const pickWh = el('select', { id: 'p-wh', onchange: (ev) => { wh = ev.target.value; draw(); } },
    ws.map((w) => el('option', { value: w.code, selected: w.code === wh }, w.code + ' · ' + w.name)));
  mount(root, el('h1', {}, t('planner.title')), field('p-wh', 'planner.warehouse', pickWh), el('div', { id: 'planner-body' }));
  if (wh) await draw();
}
