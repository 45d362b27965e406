/*
 * Products and barcodes: the list (search by SKU, name or barcode;
 * category; keyset pages), a new product with its first barcode, and one
 * product (#/product?sku=…) with its barcodes (add, remove, printed as
 * Code 128 from the API), reorder points per warehouse and its stock.
 * A kit (组合商品, issue 24) is made of components: the new form and the
 * kit editor list them (SKU x qty), and a kit's page shows how many kits
 * each warehouse can make and which component is short.
 * Each product belongs to a stock owner (issue 23): the company or a 3PL
 * client; the list filters by owner, the forms set it.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, act, options } from './common.js';
import { printPanel } from './print.js';
import { ownerOptions } from './owners.js';

const PAGE = 25;

/* Rows of a kit's components (SKU, qty) in box @box, with add and remove. */
function componentRows(box, list) {
  const add = (c) => box.append(el('div', { class: 'row kit-comp' },
    el('input', { class: 'kc-sku', value: c.sku || '', maxlength: 64, translate: 'no', 'aria-label': t('products.component') }),
    el('input', { class: 'kc-qty', type: 'number', min: 1, max: 10000, value: c.qty || 1, 'aria-label': t('products.component_qty') }),
    el('button', { type: 'button', class: 'link', onclick: (e) => e.target.parentNode.remove() }, t('products.remove'))));
  for (const c of list.length ? list : [{}]) add(c);
  return el('button', { type: 'button', id: box.id + '-add', onclick: () => add({}) }, t('products.add_component'));
}

/* The components entered in @box: [{sku, qty}] without empty rows. */
function componentsOf(box) {
  return [...box.querySelectorAll('.kit-comp')].map((r) => ({
    sku: r.querySelector('.kc-sku').value.trim(), qty: Number(r.querySelector('.kc-qty').value) || 1,
  })).filter((c) => c.sku);
}

function newForm(env, owners) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'product-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { sku: v('np-sku'), name: v('np-name') };
        if (v('np-category')) b.category = v('np-category');
        if (v('np-unit')) b.unit = v('np-unit');
        if (v('np-price')) b.list_price = v('np-price');
        if (v('np-barcode')) b.barcodes = [{ code: v('np-barcode'), pack_qty: Number(v('np-pack')) || 1 }];
        if (v('np-owner')) b.owner = v('np-owner');
        b.lot_tracked = $('#np-lot').checked;
        b.expiry_tracked = $('#np-expiry').checked;
        if ($('#np-kit').checked) {
          b.kind = 'kit';
          b.components = componentsOf($('#np-comps'));
        }
        await api('POST', '/api/v1/products', b);
        location.hash = href('product', { sku: b.sku });
      });
    },
  },
  el('h2', {}, t('products.new')),
  el('div', { class: 'row' },
    field('np-sku', 'products.sku', el('input', { id: 'np-sku', required: true, maxlength: 64 })),
    field('np-name', 'products.name', el('input', { id: 'np-name', required: true }))),
  el('div', { class: 'row' },
    field('np-category', 'products.category', el('input', { id: 'np-category' })),
    field('np-unit', 'products.unit', el('input', { id: 'np-unit', placeholder: t('products.unit_default') })),
    field('np-price', 'products.list_price', el('input', { id: 'np-price', inputmode: 'decimal' }))),
  el('div', { class: 'row' },
    field('np-barcode', 'products.barcode', el('input', { id: 'np-barcode', maxlength: 64 })),
    field('np-pack', 'products.pack_qty', el('input', { id: 'np-pack', type: 'number', min: 1, value: 1 })),
    field('np-owner', 'products.owner', el('select', { id: 'np-owner', translate: 'no' }, owners))),
  el('label', { class: 'check', for: 'np-lot' }, el('input', { id: 'np-lot', type: 'checkbox' }), ' ', t('products.lot_tracked')),
  el('label', { class: 'check', for: 'np-expiry' }, el('input', { id: 'np-expiry', type: 'checkbox' }), ' ', t('products.expiry_tracked')),
  kitPart(),
  el('button', { type: 'submit', class: 'primary', id: 'product-create' }, t('products.create')));
}

/* The new form's kit part: a check box that shows the component rows. */
function kitPart() {
  const box = el('div', { id: 'np-comps', hidden: true });
  const addBtn = componentRows(box, []);
  addBtn.hidden = true;
  return el('div', {},
    el('label', { class: 'check', for: 'np-kit' }, el('input', {
      id: 'np-kit', type: 'checkbox',
      onchange: (e) => { box.hidden = !e.target.checked; addBtn.hidden = !e.target.checked; },
    }), ' ', t('products.is_kit')), box, addBtn);
}

/*
 * A kit's components and what each warehouse can make of them (the kit's
 * rows of GET /stock), with the editor that changes the components.
 */
function kitEditor(x, stock, env, draw) {
  const box = el('div', { id: 'kit-comps' });
  const addBtn = componentRows(box, x.components || []);
  const whs = stock.items.filter((s) => s.kind === 'kit');
  return el('section', { id: 'kit-section' },
    el('h2', {}, t('products.kit_components')),
    table('kit-components', ['products.sku', 'products.name', 'products.component_qty', 'products.list_price'],
      (x.components || []).map((c) => row({ dataset: { sku: c.sku } },
        el('a', { href: href('product', { sku: c.sku }), translate: 'no' }, c.sku), code(c.name), { num: c.qty },
        c.list_price ? el('span', { class: 'num' }, fmtNumber(Number(c.list_price))) : ''))),
    el('h2', {}, t('products.kit_available')),
    whs.length ? table('kit-available', ['stock.warehouse', 'products.kits_available', 'products.kit_limit'],
      whs.map((s) => {
        const short = (s.components || []).slice().sort((a, b) => Math.floor(a.available / a.qty) - Math.floor(b.available / b.qty))[0];
        return row({ dataset: { warehouse: s.warehouse } }, code(s.warehouse), { num: s.available },
          short ? t('products.kit_limited_by', { sku: short.sku, n: fmtNumber(short.available) }) : '');
      })) : el('p', { id: 'kit-available-none' }, t('products.kit_none_available')),
    el('form', {
      class: 'panel', id: 'kit-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          await api('PATCH', '/api/v1/products/' + encodeURIComponent(x.sku), { components: componentsOf(box) });
          await draw(t('products.kit_saved'));
        });
      },
    }, el('h3', {}, t('products.kit_edit')), box, addBtn, ' ',
    el('button', { type: 'submit', class: 'primary', id: 'kit-save' }, t('products.save'))));
}

/* #/products */
export async function show(root, p, env) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['q', 'category', 'owner', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const [page, ownerFilter, ownerNew] = await Promise.all([api('GET', '/api/v1/products?' + q.toString()),
    ownerOptions(p.get('owner'), 'products.any_owner'), ownerOptions('SELF')]);
  const search = el('input', { id: 'prod-q', type: 'search', value: p.get('q') || '', placeholder: t('products.search') });
  const cat = el('input', { id: 'prod-cat', value: p.get('category') || '' });
  const own = el('select', { id: 'prod-owner', translate: 'no' }, ownerFilter);
  const base = { q: p.get('q'), category: p.get('category'), owner: p.get('owner') };
  mount(root, el('h1', {}, t('products.title')),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('products', { q: search.value.trim(), category: cat.value.trim(), owner: own.value });
      },
    }, el('label', {}, t('products.q'), ' ', search), el('label', {}, t('products.category'), ' ', cat),
    el('label', {}, t('products.owner'), ' ', own),
    el('button', { type: 'submit' }, t('products.apply'))),
    table('products', ['products.sku', 'products.name', 'products.category', 'products.unit', 'products.barcodes', 'products.list_price',
      'products.owner'],
      page.items.map((x) => row({ dataset: { sku: x.sku } },
        el('span', {}, el('a', { href: href('product', { sku: x.sku }), translate: 'no' }, x.sku),
          x.kind === 'kit' ? el('span', { class: 'pill' }, t('products.kind_kit')) : null),
        code(x.name), code(x.category), code(x.unit),
        x.barcodes.map((b) => el('span', { class: 'pill', translate: 'no' }, b.code + (b.pack_qty > 1 ? ' ×' + b.pack_qty : ''))),
        x.list_price ? el('span', { class: 'num' }, fmtNumber(Number(x.list_price))) : '', code(x.owner)))),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('products', base), id: 'prod-first-page' }, t('products.first_page')) : null,
      page.next ? el('a', { href: href('products', { ...base, cursor: page.next }), id: 'prod-next-page' }, t('products.next_page')) : null),
    newForm(env, ownerNew));
}

/* The product's owner, changed while it has no stock or lines. */
async function ownerForm(x, env, draw) {
  return el('form', {
    class: 'filters', id: 'product-owner-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        await api('PATCH', '/api/v1/products/' + encodeURIComponent(x.sku), { owner: $('#po-owner').value });
        await draw(t('products.owner_saved'));
      });
    },
  }, el('label', {}, t('products.owner'), ' ', el('select', { id: 'po-owner', translate: 'no' }, await ownerOptions(x.owner))),
  el('button', { type: 'submit', id: 'product-owner-save' }, t('products.save')));
}

function barcodes(x, env, draw) {
  const path = '/api/v1/products/' + encodeURIComponent(x.sku);
  return el('section', {},
    el('h2', {}, t('products.barcodes')),
    table('barcodes', ['products.barcode', 'products.kind', 'products.pack_qty', 'products.label', ''],
      x.barcodes.map((b) => row({ dataset: { code: b.code } }, code(b.code), code(b.kind), { num: b.pack_qty },
        el('img', { src: '/api/v1/barcodes/code128.svg?text=' + encodeURIComponent(b.code), alt: '', class: 'barcode' }),
        el('button', {
          type: 'button', class: 'link', onclick: () => act(env, async () => {
            await api('PATCH', path, { remove_barcodes: [b.code] });
            await draw(t('products.barcode_removed'));
          }),
        }, t('products.remove'))))),
    el('form', {
      class: 'filters', id: 'barcode-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          await api('PATCH', path, { add_barcodes: [{ code: $('#bc-code').value.trim(), pack_qty: Number($('#bc-pack').value) || 1 }] });
          await draw(t('products.barcode_added'));
        });
      },
    }, el('label', {}, t('products.barcode'), ' ', el('input', { id: 'bc-code', required: true, maxlength: 64 })),
    el('label', {}, t('products.pack_qty'), ' ', el('input', { id: 'bc-pack', type: 'number', min: 1, value: 1 })),
    el('button', { type: 'submit', id: 'bc-add' }, t('products.add_barcode'))));
}

function planning(x, ws, env, draw) {
  return el('section', {},
    el('h2', {}, t('products.planning')),
    table('planning', ['products.warehouse', 'products.reorder_point', 'products.safety_stock'],
      x.planning.map((pl) => row({}, code(pl.warehouse), { num: pl.reorder_point }, { num: pl.safety_stock }))),
    el('form', {
      class: 'filters', id: 'planning-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          await api('PATCH', '/api/v1/products/' + encodeURIComponent(x.sku), {
            planning: [{ warehouse: $('#pl-wh').value, reorder_point: Number($('#pl-rop').value), safety_stock: Number($('#pl-ss').value) }],
          });
          await draw(t('products.planning_saved'));
        });
      },
    }, el('label', {}, t('products.warehouse'), ' ', el('select', { id: 'pl-wh', translate: 'no' }, options(ws.map((w) => w.code)))),
    el('label', {}, t('products.reorder_point'), ' ', el('input', { id: 'pl-rop', type: 'number', min: 0, value: 0 })),
    el('label', {}, t('products.safety_stock'), ' ', el('input', { id: 'pl-ss', type: 'number', min: 0, value: 0 })),
    el('button', { type: 'submit' }, t('products.save'))));
}

/*
 * SKU labels of this product: its first GTIN (else the SKU) with its name,
 * to a station printer or as a PDF.
 */
function skuLabels(x, env) {
  const gtin = (x.barcodes || []).find((b) => /^\d{13}$/.test(b.code));
  const label = { code: gtin ? gtin.code : x.sku, caption: x.name };
  return printPanel({
    id: 'sku-print', warehouse: '', kind: 'sku', env, labels: () => [label],
    pdf: () => '/api/v1/labels/sku.pdf?' + new URLSearchParams({ code: label.code, caption: label.caption }).toString(),
  });
}

/* #/product?sku=… */
export async function showDetail(root, p, env) {
  const sku = p.get('sku');
  const draw = async (notice) => {
    const [x, stock, ws] = await Promise.all([
      api('GET', '/api/v1/products/' + encodeURIComponent(sku)),
      api('GET', '/api/v1/stock?detail=bins&sku=' + encodeURIComponent(sku)),
      api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items),
    ]);
    mount(root,
      el('p', {}, el('a', { href: href('products'), id: 'back-products' }, t('products.title'))),
      el('h1', {}, t('products.product'), ' ', code(x.sku, { id: 'product-sku' }), ' ', code(x.name)),
      notice ? el('p', { class: 'ok', id: 'product-notice' }, notice) : null,
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('products.owner')), ' ', code(x.owner, { id: 'product-owner' })),
        el('p', {}, el('b', {}, t('products.category')), ' ', code(x.category || '–')),
        el('p', {}, el('b', {}, t('products.unit')), ' ', code(x.unit)),
        el('p', {}, el('b', {}, t('products.list_price')), ' ', x.list_price ? fmtNumber(Number(x.list_price)) : '–'),
        el('p', {}, el('b', {}, t('products.lot_tracked')), ' ', x.lot_tracked ? t('products.yes') : t('products.no')),
        el('p', {}, el('b', {}, t('products.expiry_tracked')), ' ', x.expiry_tracked ? t('products.yes') : t('products.no')),
        x.kind === 'kit' ? el('p', { id: 'product-kind' }, el('b', {}, t('products.kind')), ' ', t('products.kind_kit')) : null),
      await ownerForm(x, env, draw),
      x.kind === 'kit' ? kitEditor(x, stock, env, draw) : null,
      barcodes(x, env, draw),
      await skuLabels(x, env),
      planning(x, ws, env, draw),
      el('h2', {}, t('products.stock')),
      table('product-stock', ['stock.warehouse', 'stock.bin', 'stock.lot', 'stock.on_hand', 'stock.reserved'],
        stock.items.flatMap((s) => (s.bins || []).map((b) => row({}, code(s.warehouse), code(b.bin), code(b.lot || ''),
          { num: b.on_hand }, { num: b.reserved })))),
      el('p', {}, el('a', { href: href('stock', { sku: x.sku, detail: 'bins' }) }, t('products.stock_link', { n: fmtNumber(stock.items.length) }))));
  };
  await draw();
}
