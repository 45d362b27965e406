/*
 * Stock owners (third-party warehousing, issue 23 items 1 and 2): the
 * company (the default owner) and its 3PL clients, searchable; a new
 * owner; one owner (#/owner?code=…) edited in place (name, contact,
 * billing currency) with its billing tab (billing.js). Products, stores and suppliers name their owner on
 * their own forms; the stock page filters by owner.
 */
import { api } from '../lib/api.js';
import { t, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, act, href, options } from './common.js';
import { ownerTabs } from './billing.js';

/* The owners for a <select> (code · name), the default one first. */
export async function ownerOptions(selected, anyKey) {
  const list = (await api('GET', '/api/v1/owners?limit=500')).items;
  return options(list.map((o) => [o.code, o.code + ' · ' + o.name]), selected, anyKey);
}

function newForm(env, redraw) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'owner-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { code: v('no-code'), name: v('no-name') };
        if (v('no-contact')) b.contact = v('no-contact');
        if (v('no-currency')) b.billing_currency = v('no-currency');
        await api('POST', '/api/v1/owners', b);
        await redraw(t('owners.created', { code: b.code.toUpperCase() }));
      });
    },
  },
  el('h2', {}, t('owners.new')),
  el('div', { class: 'row' },
    field('no-code', 'owners.code', el('input', { id: 'no-code', required: true, maxlength: 32, autocomplete: 'off' })),
    field('no-name', 'owners.name', el('input', { id: 'no-name', required: true, maxlength: 200 }))),
  el('div', { class: 'row' },
    field('no-contact', 'owners.contact', el('input', { id: 'no-contact', maxlength: 300 })),
    field('no-currency', 'owners.billing_currency', el('input', { id: 'no-currency', value: 'CNY', maxlength: 3 }))),
  el('button', { type: 'submit', class: 'primary', id: 'owner-create' }, t('owners.create')));
}

/* #/owners[?q=…] */
export async function show(root, p, env) {
  const q = p.get('q') || '';
  const draw = async (notice) => {
    const list = (await api('GET', '/api/v1/owners?limit=500' + (q ? '&q=' + encodeURIComponent(q) : ''))).items;
    mount(root, el('h1', {}, t('owners.title')),
      notice ? el('p', { class: 'ok', id: 'owner-notice', role: 'status' }, notice) : null,
      el('p', { class: 'muted' }, t('owners.intro')),
      el('form', {
        class: 'filters', id: 'owner-search',
        onsubmit: (e) => {
          e.preventDefault();
          location.hash = href('owners', { q: $('#owner-q').value.trim() });
        },
      },
      el('label', { for: 'owner-q' }, t('owners.search'), ' ', el('input', { id: 'owner-q', type: 'search', value: q })),
      el('button', { type: 'submit', id: 'owner-search-go' }, t('owners.search_go'))),
      list.length === 0 ? el('p', { id: 'owners-none' }, t('owners.none')) : null,
      table('owners', ['owners.code', 'owners.name', 'owners.contact', 'owners.billing_currency', 'owners.kind'],
        list.map((o) => row({ dataset: { code: o.code } },
          el('a', { href: href('owner', { code: o.code }), class: 'owner-link' }, code(o.code)),
          code(o.name), code(o.contact), code(o.billing_currency),
          o.default ? t('owners.default') : t('owners.client')))),
      newForm(env, draw));
  };
  await draw();
}

/* #/owner?code=… */
export async function showDetail(root, p, env) {
  const c = encodeURIComponent(p.get('code') || '');
  const draw = async (notice) => {
    const o = await api('GET', '/api/v1/owners/' + c);
    const v = (id) => $('#' + id).value.trim();
    mount(root,
      el('p', {}, el('a', { href: href('owners'), id: 'back-owners' }, t('owners.back'))),
      el('h1', {}, t('owners.one'), ' ', code(o.code, { id: 'owner-code' })),
      ownerTabs(o.code, 'info'),
      notice ? el('p', { class: 'ok', id: 'owner-notice', role: 'status' }, notice) : null,
      el('p', { class: 'muted' }, t('owners.since', { at: fmtDate(o.created_at) })),
      el('form', {
        class: 'panel', id: 'owner-edit',
        onsubmit: (e) => {
          e.preventDefault();
          act(env, async () => {
            await api('PATCH', '/api/v1/owners/' + c,
              { name: v('eo-name'), contact: v('eo-contact'), billing_currency: v('eo-currency') });
            await draw(t('owners.saved'));
          });
        },
      },
      field('eo-name', 'owners.name', el('input', { id: 'eo-name', required: true, maxlength: 200, value: o.name })),
      field('eo-contact', 'owners.contact', el('input', { id: 'eo-contact', maxlength: 300, value: o.contact })),
      field('eo-currency', 'owners.billing_currency',
        el('input', { id: 'eo-currency', maxlength: 3, required: true, value: o.billing_currency })),
      el('button', { type: 'submit', class: 'primary', id: 'owner-save' }, t('owners.save'))),
      el('p', {},
        el('a', { href: href('products', { owner: o.code }), id: 'owner-products' }, t('owners.products')), ' · ',
        el('a', { href: href('stock', { owner: o.code }), id: 'owner-stock' }, t('owners.stock'))));
  };
  await draw();
}
