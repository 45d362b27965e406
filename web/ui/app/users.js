/* Users and roles: the accounts (role, warehouses, badge) and a new account. */
import { api } from '../lib/api.js';
import { t, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, act } from './common.js';

const ROLES = ['admin', 'back_office', 'warehouse_lead', 'picker', 'viewer'];

function newForm(env, redraw) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'user-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { username: v('nu-name'), role: v('nu-role'), password: $('#nu-password').value };
        const whs = v('nu-wh').split(/[\s,]+/).filter((x) => x);
        if (whs.length) b.warehouses = whs;
        if (v('nu-badge')) {
          b.badge = v('nu-badge');
          b.pin = v('nu-pin');
        }
        await api('POST', '/api/v1/users', b);
        await redraw(t('users.created_msg', { username: b.username }));
      });
    },
  },
  el('h2', {}, t('users.new')),
  el('div', { class: 'row' },
    field('nu-name', 'users.username', el('input', { id: 'nu-name', required: true, maxlength: 64, autocomplete: 'off' })),
    field('nu-role', 'users.role', el('select', { id: 'nu-role' }, ROLES.map((r) => el('option', { value: r }, t('users.role.' + r))))),
    field('nu-password', 'users.password', el('input', { id: 'nu-password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' }))),
  el('div', { class: 'row' },
    field('nu-wh', 'users.warehouses', el('input', { id: 'nu-wh', placeholder: t('users.warehouses_hint') })),
    field('nu-badge', 'users.badge', el('input', { id: 'nu-badge' })),
    field('nu-pin', 'users.pin', el('input', { id: 'nu-pin', inputmode: 'numeric', maxlength: 8 }))),
  el('button', { type: 'submit', class: 'primary', id: 'user-create' }, t('users.create')));
}

/* #/users */
export async function show(root, p, env) {
  const draw = async (notice) => {
    const users = (await api('GET', '/api/v1/users')).items;
    mount(root, el('h1', {}, t('users.title')),
      notice ? el('p', { class: 'ok', id: 'user-notice' }, notice) : null,
      table('users', ['users.username', 'users.role', 'users.warehouses', 'users.badge', 'users.active', 'users.created'],
        users.map((u) => row({ dataset: { username: u.username } }, code(u.username), t('users.role.' + u.role),
          u.warehouses.length ? code(u.warehouses.join(', ')) : t('users.all_warehouses'),
          u.badge ? t('users.yes') : t('users.no'), u.active ? t('users.yes') : t('users.no'),
          u.created_at ? fmtDate(u.created_at) : ''))),
      el('p', { class: 'muted' }, t('users.roles_hint')),
      newForm(env, draw));
  };
  await draw();
}
