/*
 * A store's platform SKU map (商家编码, issue 24): #/skumap?store=…. The
 * table of platform codes with search and keyset pages, a form that maps
 * one code to a SKU or a kit with the units one listed unit means (a
 * 6-pack listing: 6), a CSV import (platform_sku, sku or kit, qty; all
 * rows or none) and removal. Intake reads the map before SKU and barcode.
 * Issue 27 item 5: a marketplace listing also carries the platform's item
 * and SKU ids its stock push needs, and the table shows what was last
 * pushed (figure, time, state; a failure's reason in its title).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, act } from './common.js';

const PAGE = 50;

function addForm(store, env, draw) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'skumap-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { platform_sku: v('sm-code'), qty: Number(v('sm-qty')) || 1 };
        b[v('sm-kind')] = v('sm-sku');
        if (v('sm-item')) b.platform_item_id = v('sm-item');
        if (v('sm-skuid')) b.platform_sku_id = v('sm-skuid');
        await api('POST', '/api/v1/stores/' + encodeURIComponent(store) + '/sku-map', b);
        await draw(t('skumap.saved', { code: b.platform_sku }));
      });
    },
  },
  el('h2', {}, t('skumap.new')),
  el('div', { class: 'row' },
    field('sm-code', 'skumap.platform_sku', el('input', { id: 'sm-code', required: true, maxlength: 100, translate: 'no' })),
    field('sm-kind', 'skumap.kind', el('select', { id: 'sm-kind' },
      el('option', { value: 'sku' }, t('skumap.kind_sku')), el('option', { value: 'kit' }, t('skumap.kind_kit')))),
    field('sm-sku', 'skumap.sku', el('input', { id: 'sm-sku', required: true, maxlength: 64, translate: 'no' })),
    field('sm-qty', 'skumap.qty', el('input', { id: 'sm-qty', type: 'number', min: 1, max: 100000, value: 1 })),
    field('sm-item', 'skumap.item_id', el('input', { id: 'sm-item', maxlength: 40, pattern: '[0-9A-Za-z_\\-]*', translate: 'no' })),
    field('sm-skuid', 'skumap.sku_id', el('input', { id: 'sm-skuid', maxlength: 40, pattern: '[0-9A-Za-z_\\-]*', translate: 'no' }))),
  el('button', { type: 'submit', class: 'primary', id: 'skumap-save' }, t('skumap.save')));
}

function importForm(store, env, draw) {
  return el('form', {
    class: 'panel', id: 'skumap-import',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const f = $('#sm-file').files[0];
        if (!f) return;
        const r = await api('POST', '/api/v1/stores/' + encodeURIComponent(store) + '/sku-map/import', { csv: await f.text() });
        await draw(t('skumap.imported', { n: fmtNumber(r.saved) }));
      });
    },
  },
  el('h2', {}, t('skumap.import')),
  el('p', { class: 'hint' }, t('skumap.import_hint')),
  el('input', { id: 'sm-file', type: 'file', accept: '.csv,text/csv', required: true }), ' ',
  el('button', { type: 'submit', id: 'skumap-upload' }, t('skumap.upload')));
}

/* The last push of mapping @m: figure, time and state (the error as title). */
function pushCell(m) {
  const p = m.push || {};
  if (!m.platform_item_id) return el('span', { class: 'hint' }, t('skumap.push_none'));
  return el('span', { class: 'push-' + (p.state || 'none'), title: p.error || '' },
    p.qty === null || p.qty === undefined ? '' : fmtNumber(p.qty), ' ',
    t('skumap.push_state.' + (p.state || 'none')),
    p.at ? el('small', {}, ' ', fmtDate(p.at)) : null);
}

/* #/skumap?store=… */
export async function show(root, p, env) {
  const store = p.get('store');
  const base = { store, q: p.get('q') };
  const draw = async (notice) => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    for (const k of ['q', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
    const page = await api('GET', '/api/v1/stores/' + encodeURIComponent(store) + '/sku-map?' + q.toString());
    const search = el('input', { id: 'sm-q', type: 'search', value: p.get('q') || '', placeholder: t('skumap.search') });
    mount(root,
      el('p', {}, el('a', { href: href('stores'), id: 'back-stores' }, t('stores.title'))),
      el('h1', {}, t('skumap.title'), ' ', code(store, { id: 'skumap-store' })),
      notice ? el('p', { class: 'ok', id: 'skumap-notice' }, notice) : null,
      el('form', {
        class: 'filters',
        onsubmit: (e) => { e.preventDefault(); location.hash = href('skumap', { store, q: search.value.trim() }); },
      }, el('label', {}, t('skumap.q'), ' ', search), el('button', { type: 'submit' }, t('skumap.apply'))),
      table('skumap', ['skumap.platform_sku', 'skumap.sku', 'skumap.name', 'skumap.kind', 'skumap.qty', 'skumap.ids', 'skumap.pushed', ''],
        page.items.map((m) => row({ dataset: { code: m.platform_sku } }, code(m.platform_sku),
          el('a', { href: href('product', { sku: m.sku }), translate: 'no' }, m.sku), code(m.name),
          t(m.kind === 'kit' ? 'skumap.kind_kit' : 'skumap.kind_sku'), { num: m.qty },
          code([m.platform_item_id, m.platform_sku_id].filter((x) => x).join(' / ')), pushCell(m),
          el('button', {
            type: 'button', class: 'link', onclick: () => act(env, async () => {
              await api('DELETE', '/api/v1/stores/' + encodeURIComponent(store) + '/sku-map/' + encodeURIComponent(m.platform_sku));
              await draw(t('skumap.deleted', { code: m.platform_sku }));
            }),
          }, t('skumap.delete'))))),
      page.items.length ? null : el('p', { id: 'skumap-empty' }, t('skumap.empty')),
      el('div', { class: 'pager' },
        p.get('cursor') ? el('a', { href: href('skumap', base) }, t('skumap.first_page')) : null,
        page.next ? el('a', { href: href('skumap', { ...base, cursor: page.next }), id: 'skumap-next' }, t('skumap.next_page')) : null),
      addForm(store, env, draw),
      importForm(store, env, draw));
  };
  await draw();
}
