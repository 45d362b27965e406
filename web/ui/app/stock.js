/*
 * Stock: on hand, reserved, available and in transit per SKU and
 * warehouse (filters: warehouse, SKU, bin, lot; with bins and lots on
 * request, keyset pages), and the low-stock list (available + in transit
 * below the reorder point) of the chosen warehouse. The whole list under
 * the filters exports as CSV or Excel (GET /api/v1/stock/export).
 * Owner filter (3PL, issue 23): one stock owner's goods only.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, fmtDate, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href, code, table, row, options, fmtDay } from './common.js';
import { ownerOptions } from './owners.js';

const PAGE = 50;

function filters(p, ws, owners) {
  const wh = el('select', { id: 'st-wh', translate: 'no' }, options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), p.get('warehouse'), 'stock.any_warehouse'));
  const sku = el('input', { id: 'st-sku', value: p.get('sku') || '' });
  const bin = el('input', { id: 'st-bin', value: p.get('bin') || '' });
  const lot = el('input', { id: 'st-lot', value: p.get('lot') || '' });
  const bins = el('input', { id: 'st-bins', type: 'checkbox', checked: p.get('detail') === 'bins' });
  const own = el('select', { id: 'st-owner', translate: 'no' }, owners);
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('stock', {
        warehouse: wh.value, sku: sku.value.trim(), bin: bin.value.trim(), lot: lot.value.trim(),
        detail: bins.checked ? 'bins' : '', owner: own.value,
      });
    },
  }, el('label', {}, t('stock.warehouse'), ' ', wh), el('label', {}, t('stock.owner'), ' ', own),
  el('label', {}, t('stock.sku'), ' ', sku),
  el('label', {}, t('stock.bin'), ' ', bin), el('label', {}, t('stock.lot'), ' ', lot),
  el('label', { class: 'check' }, bins, ' ', t('stock.by_bin')),
  el('button', { type: 'submit' }, t('stock.apply')));
}

function rows(items, withBins) {
  return items.flatMap((s) => [
    row({ class: 'sku-row', dataset: { sku: s.sku, warehouse: s.warehouse } },
      el('a', { href: href('product', { sku: s.sku }), translate: 'no' }, s.sku), code(s.name), code(s.warehouse), '', '', '',
      { num: s.on_hand }, { num: s.reserved }, { num: s.available }, { num: s.in_transit },
      el('a', { href: href('corrections', { warehouse: s.warehouse, sku: s.sku }), class: 'correct' }, t('stock.correct'))),
    ...(withBins ? (s.bins || []).map((b) => row({ class: 'bin-row' }, '', '', '', code(b.bin), code(b.lot || ''), fmtDay(b.expiry),
      { num: b.on_hand }, { num: b.reserved }, { num: b.on_hand - b.reserved }, '',
      el('a', { href: href('corrections', { warehouse: s.warehouse, sku: s.sku, bin: b.bin, lot: b.lot }), class: 'correct' }, t('stock.correct')))) : []),
  ]);
}

/* #/stock */
/* The whole list under these filters as a file (GET /api/v1/stock/export:
 * every row, not the page shown), the sheet in the language shown. */
function exports(p) {
  const file = (format) => {
    const q = new URLSearchParams({ format, lang: currentLang() });
    for (const k of ['warehouse', 'sku', 'bin', 'lot']) if (p.get(k)) q.set(k, p.get(k));
    return '/api/v1/stock/export?' + q.toString();
  };
  return el('p', { class: 'actions' },
    el('a', { class: 'button', id: 'stock-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
    el('a', { class: 'button', id: 'stock-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx')));
}

export async function show(root, p) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['warehouse', 'sku', 'bin', 'lot', 'detail', 'owner', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const lowQ = p.get('warehouse') ? '?warehouse=' + encodeURIComponent(p.get('warehouse')) : '';
  const [page, low, ws, owners] = await Promise.all([
    api('GET', '/api/v1/stock?' + q.toString()),
    api('GET', '/api/v1/stock/low' + lowQ),
    api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items),
    ownerOptions(p.get('owner'), 'stock.any_owner'),
  ]);
  const base = {};
  for (const k of ['warehouse', 'sku', 'bin', 'lot', 'detail', 'owner']) base[k] = p.get(k);
  const withBins = p.get('detail') === 'bins';
  mount(root, el('h1', {}, t('stock.title')),
    el('p', {}, el('a', { href: href('corrections', { warehouse: p.get('warehouse'), sku: p.get('sku') }), id: 'stock-corrections' }, t('stock.corrections'))),
    filters(p, ws, owners),
    exports(p),
    table('stock', ['stock.sku', 'stock.name', 'stock.warehouse', 'stock.bin', 'stock.lot', 'stock.expiry',
      'stock.on_hand', 'stock.reserved', 'stock.available', 'stock.in_transit', ''], rows(page.items, withBins)),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('stock', base), id: 'stock-first-page' }, t('stock.first_page')) : null,
      page.next ? el('a', { href: href('stock', { ...base, cursor: page.next }), id: 'stock-next-page' }, t('stock.next_page')) : null),
    el('h2', { id: 'low-title' }, t('stock.low'), ' ', el('span', { class: 'pill', id: 'low-count' }, fmtNumber(low.items.length))),
    el('p', { class: 'muted' }, t('stock.low_hint'), ' ', el('a', { href: href('purchasing') }, t('stock.to_purchasing'))),
    table('low-stock', ['stock.sku', 'stock.name', 'stock.warehouse', 'stock.available', 'stock.in_transit', 'stock.reorder_point',
      'stock.safety_stock', 'stock.shortfall'],
    low.items.map((s) => row({ dataset: { sku: s.sku } }, code(s.sku), code(s.name), code(s.warehouse), { num: s.available },
      { num: s.in_transit }, { num: s.reorder_point }, { num: s.safety_stock }, { num: s.shortfall }))),
    el('p', { class: 'muted' }, t('stock.as_of', { time: fmtDate(new Date().toISOString()) })));
}
