/*
 * The zone and bin planner: pick a warehouse, create zones, generate bins
 * from ranges with a preview first, and list the bins of a zone. The
 * layout panel (issue 24) sets the warehouse's routing method and a zone's
 * floor plan, drawn as SVG with each bay shaded by how full its bins are.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { printPanel } from './print.js';
import { svg } from './common.js';

const METHODS = ['sequence', 's_shape', 'largest_gap', 'optimal'];
const DEFAULT_LAYOUT = {
  aisle_spacing_m: 3, aisle_length_m: 12, bay_width_m: 1.2, depot_x_m: 0, depot_offset_m: 2,
  cross_back: true, cross_middle: false, golden_level_min: 1, golden_level_max: 2,
};
let layout = null;

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

/* The layout form's values, as PUT sends them. */
function layoutValues() {
  const num = (id) => Number($(id).value);
  return {
    zone: $('#lay-zone').value, aisle_spacing_m: num('#lay-spacing'), aisle_length_m: num('#lay-length'),
    bay_width_m: num('#lay-bay'), depot_x_m: num('#lay-depot-x'), depot_offset_m: num('#lay-depot-offset'),
    cross_back: $('#lay-back').checked, cross_middle: $('#lay-middle').checked,
    golden_level_min: num('#lay-golden-min'), golden_level_max: num('#lay-golden-max'),
  };
}

const aisleName = (a) => (a >= 1 && a <= 26 ? String.fromCharCode(64 + a) : String(a));

/*
 * The floor plan of zone @z drawn with layout @l (metres): aisles as
 * vertical lines, bays as boxes shaded by occupied bins, cross-aisles and
 * the depot. Front (y = 0) at the bottom.
 */
function drawing(z, l) {
  const bays = z.bays || [];
  if (!bays.length) return el('p', { id: 'layout-empty' }, t('planner.no_coordinates'));
  const first = Math.min(...bays.map((b) => b.aisle));
  const last = Math.max(...bays.map((b) => b.aisle));
  const sp = l.aisle_spacing_m;
  const len = l.aisle_length_m;
  const pad = 2;
  const w = (last - first) * sp + 2 * pad;
  const xmin = Math.min(0, l.depot_x_m) - pad;
  const width = Math.max(w, l.depot_x_m + 2 * pad) - xmin + pad;
  const height = len + l.depot_offset_m + 2 * pad + 1;
  const Y = (y) => pad + len - y;
  const s = svg('svg', { id: 'layout-svg', class: 'chart layout', viewBox: `${xmin} 0 ${width} ${height}`, role: 'img', 'aria-label': t('planner.layout_drawing') });
  const cross = (y, id) => s.append(svg('line', { x1: xmin, x2: xmin + width, y1: Y(y), y2: Y(y), class: 'cross', id }));
  cross(0, 'cross-front');
  if (l.cross_back) cross(len, 'cross-back');
  if (l.cross_middle) cross(len / 2, 'cross-middle');
  for (let a = first; a <= last; a++) {
    const x = (a - first) * sp;
    s.append(svg('line', { x1: x, x2: x, y1: Y(0), y2: Y(len), class: 'aisle' }));
    s.append(svg('text', { x, y: height - 0.3, class: 'layout-label', 'text-anchor': 'middle' }, aisleName(a)));
  }
  for (const b of bays) {
    const x = (b.aisle - first) * sp;
    const y = Math.min(Math.max((b.rack - 0.5) * l.bay_width_m, 0), len);
    const full = b.bins ? b.occupied / b.bins : 0;
    s.append(svg('rect', {
      x: (x - sp * 0.3).toFixed(2), y: (Y(y) - l.bay_width_m * 0.45).toFixed(2), width: (sp * 0.6).toFixed(2),
      height: (l.bay_width_m * 0.9).toFixed(2), class: 'bay', 'fill-opacity': (0.15 + 0.85 * full).toFixed(2),
      'data-aisle': b.aisle, 'data-rack': b.rack, 'data-occupied': b.occupied,
    }, svg('title', {}, t('planner.bay_title', { aisle: aisleName(b.aisle), rack: b.rack, occupied: b.occupied, bins: b.bins, units: fmtNumber(b.units) }))));
  }
  s.append(svg('circle', { cx: l.depot_x_m, cy: Y(0) + l.depot_offset_m, r: 0.6, class: 'depot', id: 'layout-depot' },
    svg('title', {}, t('planner.depot'))));
  return s;
}

function layoutFields(z) {
  const l = { ...DEFAULT_LAYOUT, ...(z.layout || {}) };
  const numIn = (id, v, step) => el('input', { id, type: 'number', min: 0, step: step || '0.01', value: v, onchange: redraw });
  mount($('#lay-fields'),
    field('lay-spacing', 'planner.aisle_spacing', numIn('lay-spacing', l.aisle_spacing_m)),
    field('lay-length', 'planner.aisle_length', numIn('lay-length', l.aisle_length_m)),
    field('lay-bay', 'planner.bay_width', numIn('lay-bay', l.bay_width_m)),
    field('lay-depot-x', 'planner.depot_x', numIn('lay-depot-x', l.depot_x_m)),
    field('lay-depot-offset', 'planner.depot_offset', numIn('lay-depot-offset', l.depot_offset_m)),
    field('lay-golden-min', 'planner.golden_min', numIn('lay-golden-min', l.golden_level_min, '1')),
    field('lay-golden-max', 'planner.golden_max', numIn('lay-golden-max', l.golden_level_max, '1')),
    el('label', { for: 'lay-back', class: 'check' }, el('input', { id: 'lay-back', type: 'checkbox', checked: l.cross_back, onchange: redraw }), t('planner.cross_back')),
    el('label', { for: 'lay-middle', class: 'check' }, el('input', { id: 'lay-middle', type: 'checkbox', checked: l.cross_middle, onchange: redraw }), t('planner.cross_middle')));
  mount($('#lay-state'), el('span', { class: 'pill', id: 'lay-state-pill' }, t(z.layout ? 'planner.layout_set' : 'planner.layout_unset')),
    ' ', t('planner.unplaced', { n: fmtNumber(z.bins_unplaced), bins: fmtNumber(z.bins) }));
  redraw();
}

function redraw() {
  const z = layout.zones.find((x) => x.zone === $('#lay-zone').value);
  if (z) mount($('#layout-drawing'), drawing(z, layoutValues()));
}

async function saveLayout(e) {
  e.preventDefault();
  env.showError(null);
  try {
    layout = await api('PUT', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/layout',
      { routing_method: $('#lay-method').value, zones: [layoutValues()] });
    layoutFields(layout.zones.find((x) => x.zone === $('#lay-zone').value));
    mount($('#lay-notice'), el('p', { class: 'ok', id: 'layout-saved' }, t('planner.layout_saved')));
  } catch (err) {
    env.showError(err);
  }
}

async function layoutPanel() {
  layout = await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/layout');
  const zones = layout.zones;
  const pick = zones.find((z) => z.layout) || zones.find((z) => z.bays.length) || zones[0];
  const panel = el('form', { class: 'panel', id: 'layout-form', onsubmit: saveLayout },
    el('h2', {}, t('planner.layout')),
    field('lay-method', 'planner.routing_method', el('select', { id: 'lay-method' },
      METHODS.map((m) => el('option', { value: m, selected: m === layout.routing_method }, t('routing.' + m))))),
    field('lay-zone', 'planner.zone', el('select', { id: 'lay-zone', onchange: (ev) => layoutFields(zones.find((z) => z.zone === ev.target.value)) },
      zones.map((z) => el('option', { value: z.zone, selected: z === pick }, z.zone)))),
    el('div', { id: 'lay-state' }),
    el('div', { id: 'lay-fields', class: 'cols' }),
    el('button', { type: 'submit', class: 'primary', id: 'layout-save' }, t('planner.save_layout')),
    el('div', { id: 'lay-notice', 'aria-live': 'polite' }),
    el('div', { id: 'layout-drawing' }));
  return { panel, pick };
}

async function draw() {
  const zones = (await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/zones')).items;
  const lay = zones.length ? await layoutPanel() : null;
  mount($('#planner-body'), el('div', { class: 'cols' }, zoneList(zones), zoneForm(), zones.length ? binForm(zones) : null),
    lay ? lay.panel : null, el('section', { id: 'bins' }));
  if (lay) layoutFields(lay.pick);
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
