/*
 * 库存: the client's stock by SKU and warehouse, each with its lots and
 * their expiry dates (GET /api/v1/stock?detail=bins: the server holds the
 * list to the client's own SKUs), found by SKU, a page at a time, and the
 * same list as a CSV file (GET /api/v1/stock/export?format=csv).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href, code, table, row, fmtDay } from '../app/common.js';

const PAGE = 20;

/* The lots of a stock line: units per lot and expiry over its bins. */
function lots(item) {
  const by = new Map();
  for (const b of item.bins || []) {
    const k = (b.lot || '') + '|' + (b.expiry || '');
    const x = by.get(k) || { lot: b.lot, expiry: b.expiry, qty: 0 };
    x.qty += b.on_hand;
    by.set(k, x);
  }
  return [...by.values()].sort((a, b) => String(a.expiry || '9').localeCompare(String(b.expiry || '9')));
}

function lotList(item) {
  const ls = lots(item);
  if (!ls.length) return '';
  return el('ul', { class: 'lots' }, ls.map((x) => el('li', { dataset: { lot: x.lot || '' } },
    x.lot ? code(x.lot) : t('portal.stock.no_lot'), ' · ',
    x.expiry ? t('portal.stock.expires', { date: fmtDay(x.expiry) }) : t('portal.stock.no_expiry'),
    ' · ', fmtNumber(x.qty))));
}

export async function show(box, p) {
  const sku = (p.get('sku') || '').trim();
  const q = new URLSearchParams({ detail: 'bins', limit: PAGE });
  if (sku) q.set('sku', sku);
  if (p.get('cursor')) q.set('cursor', p.get('cursor'));
  const page = await api('GET', '/api/v1/stock?' + q);
  const input = el('input', { id: 'stock-sku', value: sku, maxlength: 64, placeholder: t('portal.stock.sku_hint') });
  const exp = new URLSearchParams({ format: 'csv', lang: currentLang() });
  if (sku) exp.set('sku', sku);
  mount(box,
    el('h1', {}, t('portal.stock.title')),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('stock', { sku: input.value.trim() });
      },
    }, el('label', { for: 'stock-sku' }, t('portal.stock.sku'), input),
    el('button', { type: 'submit', id: 'stock-search' }, t('portal.search')),
    el('a', { class: 'button', id: 'stock-export', href: '/api/v1/stock/export?' + exp, download: 'depot-stock.csv' },
      t('portal.export_csv'))),
    page.items.length
      ? el('div', { class: 'scroll' }, table('stock-list', ['portal.stock.sku', 'portal.stock.name',
        'portal.stock.lots', 'portal.stock.warehouse', 'portal.stock.on_hand', 'portal.stock.available',
        'portal.stock.in_transit'], page.items.map((s) => row({ dataset: { sku: s.sku, warehouse: s.warehouse } },
        code(s.sku), code(s.name), lotList(s), code(s.warehouse), { num: s.on_hand }, { num: s.available },
        { num: s.in_transit }))))
      : el('p', { class: 'muted', id: 'stock-empty' }, t('portal.empty')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('stock', { sku }), id: 'stock-first' }, t('portal.first_page')) : null,
      page.next ? el('a', { href: href('stock', { sku, cursor: page.next }), id: 'stock-next' },
        t('portal.next_page')) : null));
}
