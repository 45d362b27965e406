/* Stores and channels: the list (each with its platform SKU map) and a new
 * store (code, channel, warehouse, currency, stock owner: a store sells one
 * owner's goods, issue 23). */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, options, act, href } from './common.js';
import { ownerOptions } from './owners.js';
import { MARKETPLACES } from './channel.js';

const CHANNELS = ['shopify', 'woocommerce', 'csv', 'api', 'manual', ...MARKETPLACES];

function newForm(ws, owners, env, redraw) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'store-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { code: v('ns-code'), name: v('ns-name'), channel: v('ns-channel'), warehouse: v('ns-wh') };
        if (v('ns-currency')) b.currency = v('ns-currency');
        if (v('ns-carrier')) b.carrier = v('ns-carrier');
        if (v('ns-tolerance')) b.price_tolerance = v('ns-tolerance');
        if (v('ns-ship-within')) b.ship_within_hours = Number(v('ns-ship-within'));
        if (v('ns-owner')) b.owner = v('ns-owner');
        await api('POST', '/api/v1/stores', b);
        await redraw(t('stores.created', { code: b.code }));
      });
    },
  },
  el('h2', {}, t('stores.new')),
  el('div', { class: 'row' },
    field('ns-code', 'stores.code', el('input', { id: 'ns-code', required: true, maxlength: 32 })),
    field('ns-name', 'stores.name', el('input', { id: 'ns-name', required: true }))),
  el('div', { class: 'row' },
    field('ns-channel', 'stores.channel', el('select', { id: 'ns-channel' },
      CHANNELS.map((c) => el('option', { value: c }, t('stores.channel.' + c))))),
    field('ns-wh', 'stores.warehouse', el('select', { id: 'ns-wh', translate: 'no' }, options(ws.map((w) => [w.code, w.code + ' · ' + w.name])))),
    field('ns-owner', 'stores.owner', el('select', { id: 'ns-owner', translate: 'no' }, owners))),
  el('div', { class: 'row' },
    field('ns-currency', 'stores.currency', el('input', { id: 'ns-currency', value: 'CNY', maxlength: 3 })),
    field('ns-carrier', 'stores.carrier', el('input', { id: 'ns-carrier' })),
    field('ns-tolerance', 'stores.price_tolerance', el('input', { id: 'ns-tolerance', inputmode: 'decimal' })),
    field('ns-ship-within', 'stores.ship_within', el('input', { id: 'ns-ship-within', type: 'number', min: 1, max: 720, value: 48 }))),
  el('button', { type: 'submit', class: 'primary', id: 'store-create' }, t('stores.create')));
}

/* #/stores */
export async function show(root, p, env) {
  const draw = async (notice) => {
    const [stores, ws, owners] = await Promise.all([api('GET', '/api/v1/stores').then((r) => r.items),
      api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items), ownerOptions('SELF')]);
    mount(root, el('h1', {}, t('stores.title')),
      notice ? el('p', { class: 'ok', id: 'store-notice' }, notice) : null,
      table('stores', ['stores.code', 'stores.name', 'stores.channel', 'stores.warehouse', 'stores.owner', 'stores.currency', 'stores.carrier',
        'stores.price_tolerance', 'stores.ship_within', 'stores.sync', 'stores.active', 'stores.sku_map'],
      stores.map((s) => row({ dataset: { code: s.code } }, code(s.code), code(s.name), t('stores.channel.' + s.channel),
        code(s.warehouse), code(s.owner), code(s.currency), code(s.carrier), { num: s.price_tolerance }, { num: s.ship_within_hours },
        s.sync_url ? t('stores.sync_on', { percent: fmtNumber(s.sync_percent) }) : t('stores.sync_off'),
        s.active ? t('stores.yes') : t('stores.no'),
        el('span', {}, el('a', { href: href('skumap', { store: s.code }), class: 'skumap-link' }, t('stores.sku_map')),
          MARKETPLACES.includes(s.channel)
            ? [' · ', el('a', { href: href('channel', { store: s.code }), class: 'channel-link' }, t('stores.connection'))] : null)))),
      newForm(ws, owners, env, draw));
  };
  await draw();
}
