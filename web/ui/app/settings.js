/*
 * Settings (admins), one area with tabs (#/settings?tab=…): purchasing
 * (the amount above which only an admin approves a PO, over-receipt
 * tolerance), shipping (GS1 company prefix and extension, each
 * warehouse's weight tolerance), carriers and their tracking ranges,
 * carton types, packing stations and their printers, carrier holidays,
 * each store's webhook secret and stock sync, and the history archive
 * (archive.js). Every tab reads and
 * writes the API the settings live in; nothing is kept in the page.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, act, code, table, row, href, options } from './common.js';
import * as archive from './archive.js';

const TABS = ['purchasing', 'shipping', 'carriers', 'cartons', 'stations', 'holidays', 'stores', 'archive'];

function purchasingForm(s, env, redraw) {
  return el('form', {
    class: 'panel', id: 'settings-purchasing',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const limit = $('#ps-limit').value.trim();
        const b = { admin_approval_above: limit === '' ? null : limit };
        const over = $('#ps-over').value.trim();
        if (over !== '') b.over_receipt_pct = over;
        await api('PATCH', '/api/v1/settings/purchasing', b);
        await redraw(t('settings.saved'));
      });
    },
  },
  el('h2', {}, t('settings.purchasing')),
  el('div', { class: 'row' },
    field('ps-limit', 'settings.admin_approval_above', el('input', {
      id: 'ps-limit', inputmode: 'decimal', value: s.admin_approval_above || '', placeholder: t('settings.no_limit'),
    })),
    field('ps-over', 'settings.over_receipt_pct', el('input', { id: 'ps-over', inputmode: 'decimal', value: s.over_receipt_pct }))),
  el('p', { class: 'muted' }, t('settings.purchasing_hint')),
  el('button', { type: 'submit', class: 'primary', id: 'ps-save' }, t('settings.save')));
}

async function purchasing(env, redraw) {
  return purchasingForm(await api('GET', '/api/v1/settings/purchasing'), env, redraw);
}

async function shipping(env, redraw) {
  const s = await api('GET', '/api/v1/settings/shipping');
  return el('form', {
    class: 'panel', id: 'settings-shipping',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const warehouses = s.warehouses.map((w) => ({
          code: w.code,
          weight_tolerance_pct: $('#wt-pct-' + w.code).value.trim(),
          weight_tolerance_g: Number($('#wt-g-' + w.code).value),
        }));
        await api('PATCH', '/api/v1/settings/shipping', {
          company_prefix: $('#gs1-prefix').value.trim(), extension: $('#gs1-ext').value.trim(), warehouses,
        });
        await redraw(t('settings.saved'), '#ship-save');
      });
    },
  },
  el('h2', {}, t('settings.gs1')),
  el('div', { class: 'row' },
    field('gs1-prefix', 'settings.company_prefix', el('input', { id: 'gs1-prefix', inputmode: 'numeric', maxlength: 10, value: s.gs1.company_prefix, translate: 'no' })),
    field('gs1-ext', 'settings.extension', el('input', { id: 'gs1-ext', inputmode: 'numeric', maxlength: 1, value: s.gs1.extension }))),
  el('p', { class: 'muted' }, t('settings.gs1_hint')),
  el('h2', {}, t('settings.weight_tolerance')),
  table('weight-tolerance', ['settings.warehouse', 'settings.tolerance_pct', 'settings.tolerance_g'],
    s.warehouses.map((w) => row({ dataset: { code: w.code } }, code(w.code + ' · ' + w.name),
      el('input', { id: 'wt-pct-' + w.code, inputmode: 'decimal', value: w.weight_tolerance_pct, 'aria-label': t('settings.tolerance_pct_of', { wh: w.code }) }),
      el('input', { id: 'wt-g-' + w.code, type: 'number', min: 0, max: 100000, value: w.weight_tolerance_g, 'aria-label': t('settings.tolerance_g_of', { wh: w.code }) })))),
  el('p', { class: 'muted' }, t('settings.weight_hint')),
  el('button', { type: 'submit', class: 'primary', id: 'ship-save' }, t('settings.save')));
}

/* A tracking range as "prefix 00000001–00099999 suffix, n left". */
function rangeText(tr) {
  if (!tr) return '';
  const pad = (n) => String(n).padStart(tr.digits || 0, '0');
  return (tr.prefix || '') + pad(tr.next) + '…' + pad(tr.last) + (tr.suffix || '');
}

/* The marketplaces whose shipment write-back names a carrier by the
   platform's own code (Taobao takes Depot's codes as they are). */
const PLATFORMS = ['pinduoduo', 'douyin', 'jd'];

/* A carrier's platform codes: the seller's own, else the built-in one in
   brackets. */
function platformText(c) {
  const own = c.platform_codes || {};
  const def = c.platform_defaults || {};
  return PLATFORMS.filter((p) => own[p] || def[p])
    .map((p) => t('stores.channel.' + p) + ' ' + (own[p] || '(' + def[p] + ')')).join(' · ');
}

async function carriers(env, redraw) {
  const list = (await api('GET', '/api/v1/carriers')).items || [];
  const v = (id) => $('#' + id).value.trim();
  return el('div', {},
    table('carriers', ['settings.code', 'settings.name', 'settings.tracking_range', 'settings.left', 'settings.transit_days', 'settings.active', 'settings.platform_codes'],
      list.map((c) => row({ dataset: { code: c.code } }, code(c.code), code(c.name), code(rangeText(c.tracking), { class: 'mono' }),
        { num: c.tracking ? c.tracking.left : null }, { num: c.transit_days }, c.active ? t('users.yes') : t('users.no'),
        code(platformText(c), { class: 'mono' })))),
    el('form', {
      class: 'panel', id: 'carrier-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          const b = {
            code: v('ca-code'), name: v('ca-name'), transit_days: Number(v('ca-days') || 0), active: $('#ca-active').checked,
            tracking: { prefix: v('ca-prefix'), suffix: v('ca-suffix'), digits: Number(v('ca-digits')), check_digit: v('ca-check'), first: Number(v('ca-first')), last: Number(v('ca-last')) },
          };
          if (!b.tracking.prefix) delete b.tracking.prefix;
          if (!b.tracking.suffix) delete b.tracking.suffix;
          b.platform_codes = Object.fromEntries(PLATFORMS.map((p) => [p, v('ca-pc-' + p)]));
          await api('POST', '/api/v1/carriers', b);
          await redraw(t('settings.carrier_saved', { code: b.code }), '#ca-save');
        });
      },
    },
    el('h2', {}, t('settings.carrier_new')),
    el('p', { class: 'muted' }, t('settings.carrier_hint')),
    el('div', { class: 'row' },
      field('ca-code', 'settings.code', el('input', { id: 'ca-code', required: true, maxlength: 32, translate: 'no' })),
      field('ca-name', 'settings.name', el('input', { id: 'ca-name', required: true, maxlength: 200 })),
      field('ca-days', 'settings.transit_days', el('input', { id: 'ca-days', type: 'number', min: 0, max: 60, value: 2 }))),
    el('div', { class: 'row' },
      field('ca-prefix', 'settings.prefix', el('input', { id: 'ca-prefix', maxlength: 8, translate: 'no' })),
      field('ca-digits', 'settings.digits', el('input', { id: 'ca-digits', type: 'number', min: 4, max: 18, value: 8, required: true })),
      field('ca-suffix', 'settings.suffix', el('input', { id: 'ca-suffix', maxlength: 8, translate: 'no' })),
      field('ca-check', 'settings.check_digit', el('select', { id: 'ca-check' },
        ['none', 's10', 'mod10'].map((k) => el('option', { value: k }, t('settings.check.' + k)))))),
    el('div', { class: 'row' },
      field('ca-first', 'settings.first', el('input', { id: 'ca-first', type: 'number', min: 0, required: true })),
      field('ca-last', 'settings.last', el('input', { id: 'ca-last', type: 'number', min: 0, required: true }))),
    el('p', { class: 'muted' }, t('settings.platform_codes_hint')),
    el('div', { class: 'row' },
      PLATFORMS.map((p) => field('ca-pc-' + p, 'settings.platform_code.' + p,
        el('input', { id: 'ca-pc-' + p, maxlength: 40, translate: 'no', pattern: '[0-9A-Za-z_\\-]*' })))),
    el('label', { for: 'ca-active', class: 'check' }, el('input', { id: 'ca-active', type: 'checkbox', checked: true }), ' ', t('settings.active')),
    el('button', { type: 'submit', class: 'primary', id: 'ca-save' }, t('settings.save'))));
}

async function cartons(env, redraw) {
  const list = (await api('GET', '/api/v1/carton-types')).items || [];
  return el('div', {},
    table('carton-types', ['settings.code', 'settings.name', 'settings.tare_g', 'settings.max_weight_g', 'settings.carton_cost', 'settings.active'],
      list.map((c) => row({ dataset: { code: c.code } }, code(c.code), code(c.name), { num: c.tare_g }, { num: c.max_weight_g },
        Number(c.cost).toFixed(2), c.active ? t('users.yes') : t('users.no')))),
    el('form', {
      class: 'panel', id: 'carton-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          const b = {
            code: $('#ct-code').value.trim(), name: $('#ct-name').value.trim(), tare_g: Number($('#ct-tare').value),
            max_weight_g: Number($('#ct-max').value), active: $('#ct-active').checked,
          };
          if ($('#ct-cost').value.trim()) b.cost = $('#ct-cost').value.trim();
          await api('POST', '/api/v1/carton-types', b);
          await redraw(t('settings.carton_saved', { code: b.code }), '#ct-save');
        });
      },
    },
    el('h2', {}, t('settings.carton_new')),
    el('div', { class: 'row' },
      field('ct-code', 'settings.code', el('input', { id: 'ct-code', required: true, maxlength: 32, translate: 'no' })),
      field('ct-name', 'settings.name', el('input', { id: 'ct-name', required: true, maxlength: 200 })),
      field('ct-tare', 'settings.tare_g', el('input', { id: 'ct-tare', type: 'number', min: 0, required: true })),
      field('ct-max', 'settings.max_weight_g', el('input', { id: 'ct-max', type: 'number', min: 1, required: true })),
      field('ct-cost', 'settings.carton_cost', el('input', { id: 'ct-cost', type: 'number', min: 0, step: '0.01', inputmode: 'decimal' }))),
    el('label', { for: 'ct-active', class: 'check' }, el('input', { id: 'ct-active', type: 'checkbox', checked: true }), ' ', t('settings.active')),
    el('button', { type: 'submit', class: 'primary', id: 'ct-save' }, t('settings.save'))));
}

async function stations(env, redraw) {
  const [list, whs] = await Promise.all([api('GET', '/api/v1/stations'), api('GET', '/api/v1/warehouses?limit=100')]);
  return el('div', {},
    table('stations', ['settings.code', 'settings.warehouse', 'settings.printer'],
      (list.items || []).map((s) => row({ dataset: { code: s.code } }, code(s.code), code(s.warehouse), code(s.printer || '–', { class: 'mono' })))),
    el('form', {
      class: 'panel', id: 'station-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          const b = { code: $('#st-code').value.trim(), warehouse: $('#st-wh').value, printer: $('#st-printer').value.trim() };
          await api('POST', '/api/v1/stations', b);
          await redraw(t('settings.station_saved', { code: b.code }), '#st-save');
        });
      },
    },
    el('h2', {}, t('settings.station_new')),
    el('p', { class: 'muted' }, t('settings.station_hint')),
    el('div', { class: 'row' },
      field('st-code', 'settings.code', el('input', { id: 'st-code', required: true, maxlength: 32, translate: 'no' })),
      field('st-wh', 'settings.warehouse', el('select', { id: 'st-wh', translate: 'no' }, options(whs.items.map((w) => [w.code, w.code + ' · ' + w.name])))),
      field('st-printer', 'settings.printer', el('input', { id: 'st-printer', maxlength: 260, translate: 'no' }))),
    el('button', { type: 'submit', class: 'primary', id: 'st-save' }, t('settings.save'))));
}

async function holidays(env, redraw) {
  const list = (await api('GET', '/api/v1/holidays')).items || [];
  return el('div', {},
    table('holidays', ['settings.day', 'settings.name'],
      list.map((h) => row({ dataset: { day: h.day } }, code(h.day), code(h.name)))),
    el('form', {
      class: 'panel', id: 'holiday-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          const day = $('#ho-day').value;
          await api('POST', '/api/v1/holidays', { days: [{ day, name: $('#ho-name').value.trim() }] });
          await redraw(t('settings.holiday_saved', { day }), '#ho-save');
        });
      },
    },
    el('h2', {}, t('settings.holiday_new')),
    el('p', { class: 'muted' }, t('settings.holiday_hint')),
    el('div', { class: 'row' },
      field('ho-day', 'settings.day', el('input', { id: 'ho-day', type: 'date', required: true })),
      field('ho-name', 'settings.name', el('input', { id: 'ho-name', required: true, maxlength: 100 }))),
    el('button', { type: 'submit', class: 'primary', id: 'ho-save' }, t('settings.save'))));
}

/* One store's webhook secret and sync settings. */
function storeForm(s, env, redraw) {
  const id = (k) => 'so-' + k + '-' + s.code;
  return el('form', {
    class: 'panel store-settings', id: 'store-' + s.code, dataset: { code: s.code },
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = {
          sync_url: $('#' + id('sync')).value.trim(), events_url: $('#' + id('events')).value.trim(),
          sync_percent: Number($('#' + id('pct')).value), sync_buffer: Number($('#' + id('buffer')).value),
          ship_within_hours: Number($('#' + id('hours')).value),
          allow_merge: $('#' + id('merge')).checked, active: $('#' + id('active')).checked,
        };
        /* An empty address is left as it is (the API takes no empty one). */
        if (!b.sync_url) delete b.sync_url;
        if (!b.events_url) delete b.events_url;
        const secret = $('#' + id('secret')).value;
        if (secret) b.webhook_secret = secret;
        await api('PATCH', '/api/v1/stores/' + encodeURIComponent(s.code), b);
        await redraw(t('settings.store_saved', { code: s.code }), '#' + id('save'));
      });
    },
  },
  el('h2', {}, code(s.code + ' · ' + s.name), ' ', el('span', { class: 'pill' }, t('stores.channel.' + s.channel))),
  el('div', { class: 'row' },
    field(id('secret'), 'settings.webhook_secret', el('input', {
      id: id('secret'), type: 'password', autocomplete: 'new-password', maxlength: 200,
      placeholder: s.has_webhook_secret ? t('settings.secret_kept') : t('settings.secret_none'),
    })),
    field(id('sync'), 'settings.sync_url', el('input', { id: id('sync'), type: 'url', maxlength: 500, value: s.sync_url || '', translate: 'no' })),
    field(id('events'), 'settings.events_url', el('input', { id: id('events'), type: 'url', maxlength: 500, value: s.events_url || '', translate: 'no' }))),
  el('div', { class: 'row' },
    field(id('pct'), 'settings.sync_percent', el('input', { id: id('pct'), type: 'number', min: 0, max: 100, value: s.sync_percent })),
    field(id('buffer'), 'settings.sync_buffer', el('input', { id: id('buffer'), type: 'number', min: 0, value: s.sync_buffer })),
    field(id('hours'), 'settings.ship_within_hours', el('input', { id: id('hours'), type: 'number', min: 1, value: s.ship_within_hours }))),
  el('label', { for: id('merge'), class: 'check' }, el('input', { id: id('merge'), type: 'checkbox', checked: s.allow_merge }), ' ', t('settings.allow_merge')),
  el('label', { for: id('active'), class: 'check' }, el('input', { id: id('active'), type: 'checkbox', checked: s.active }), ' ', t('settings.active')),
  el('button', { type: 'submit', class: 'primary', id: id('save') }, t('settings.save')));
}

async function stores(env, redraw) {
  const list = (await api('GET', '/api/v1/stores')).items || [];
  return el('div', {}, el('p', { class: 'muted' }, t('settings.stores_hint', { n: fmtNumber(list.length) })),
    list.map((s) => storeForm(s, env, redraw)));
}

const DRAW = { purchasing, shipping, carriers, cartons, stations, holidays, stores, archive: archive.draw };

/* #/settings?tab=… */
export async function show(root, p, env) {
  const tab = TABS.includes(p.get('tab')) ? p.get('tab') : 'purchasing';
  const draw = async (notice, focus) => {
    const body = await DRAW[tab](env, draw);
    mount(root, el('h1', {}, t('settings.title')),
      el('nav', { class: 'tabs', role: 'tablist', 'aria-label': t('settings.tabs') },
        TABS.map((k) => el('a', {
          href: href('settings', { tab: k === 'purchasing' ? '' : k }), id: 'tab-' + k, role: 'tab',
          'aria-selected': String(k === tab), class: k === tab ? 'on' : '',
        }, t('settings.tab.' + k)))),
      notice ? el('p', { class: 'ok', id: 'settings-notice', role: 'status' }, notice) : null,
      el('section', { role: 'tabpanel', id: 'settings-' + tab + '-tab', 'aria-labelledby': 'tab-' + tab }, body));
    const f = focus ? root.querySelector(focus) : null;
    if (f) f.focus();
  };
  await draw();
}
