/*
 * Users and roles: the accounts (role, warehouses, badge) and a new
 * account; one account (#/user?name=…): change role and warehouses,
 * disable or enable, reset the password or the badge PIN (given, or
 * generated and shown once), and its audit trail.
 */
import { api } from '../lib/api.js';
import { t, has, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, act, href } from './common.js';

const ROLES = ['admin', 'back_office', 'warehouse_lead', 'picker', 'viewer', 'finance'];
/* A 3PL client (issue 23) is made here with its stock owner; its role is
 * not changed afterwards (the edit form offers the staff roles). */
const NEW_ROLES = [...ROLES, 'client'];

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
        if (v('nu-role') === 'client') b.owner = v('nu-owner');
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
    field('nu-role', 'users.role', el('select', { id: 'nu-role' }, NEW_ROLES.map((r) => el('option', { value: r }, t('users.role.' + r))))),
    field('nu-password', 'users.password', el('input', { id: 'nu-password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' }))),
  el('div', { class: 'row' },
    field('nu-wh', 'users.warehouses', el('input', { id: 'nu-wh', placeholder: t('users.warehouses_hint') })),
    field('nu-owner', 'users.owner', el('input', { id: 'nu-owner', maxlength: 32, translate: 'no', placeholder: t('users.owner_hint') })),
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
        users.map((u) => row({ dataset: { username: u.username } },
          el('a', { href: href('user', { name: u.username }), class: 'user-link', translate: 'no' }, u.username), t('users.role.' + u.role),
          u.warehouses.length ? code(u.warehouses.join(', ')) : t('users.all_warehouses'),
          u.badge ? t('users.yes') : t('users.no'), u.active ? t('users.yes') : t('users.no'),
          u.created_at ? fmtDate(u.created_at) : ''))),
      el('p', { class: 'muted' }, t('users.roles_hint')),
      newForm(env, draw));
  };
  await draw();
}

function editForm(u, whs, env, redraw) {
  const mine = new Set(u.warehouses);
  return el('form', {
    class: 'panel', id: 'user-edit',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const picked = [...document.querySelectorAll('#ue-whs input:checked')].map((c) => c.value);
        /* A client keeps its role (and owner) unless a staff role is picked. */
        const b = { warehouses: picked, active: $('#ue-active').checked };
        if ($('#ue-role').value !== 'client') b.role = $('#ue-role').value;
        const r = await api('PATCH', '/api/v1/users/' + encodeURIComponent(u.username), b);
        await redraw(r.sessions_ended > 0
          ? t('users.saved_ended', { n: fmtNumber(r.sessions_ended) }) : t('users.saved'), '#ue-save');
      });
    },
  },
  el('h2', {}, t('users.edit')),
  field('ue-role', 'users.role', el('select', { id: 'ue-role' },
    (u.role === 'client' ? NEW_ROLES : ROLES).map((r) => el('option', { value: r, selected: r === u.role }, t('users.role.' + r))))),
  u.owner ? el('p', { id: 'ue-owner' }, el('b', {}, t('users.owner')), ' ', code(u.owner)) : null,
  el('fieldset', { id: 'ue-whs' }, el('legend', {}, t('users.warehouses_pick')),
    whs.map((w) => el('label', { for: 'ue-wh-' + w.code, class: 'check' },
      el('input', { type: 'checkbox', id: 'ue-wh-' + w.code, value: w.code, checked: mine.has(w.code) }), ' ',
      code(w.code + ' · ' + w.name)))),
  el('label', { for: 'ue-active', class: 'check' },
    el('input', { type: 'checkbox', id: 'ue-active', checked: u.active }), ' ', t('users.active_hint')),
  el('button', { type: 'submit', class: 'primary', id: 'ue-save' }, t('users.save')));
}

/* Password and PIN resets; a generated secret is shown once, here. */
function resetPanel(u, env, redraw) {
  const reset = (body, focus) => act(env, async () => {
    const r = await api('POST', '/api/v1/users/' + encodeURIComponent(u.username) + '/password', body);
    await redraw(t(r.kind === 'pin' ? 'users.pin_reset' : 'users.password_reset', { n: fmtNumber(r.sessions_ended) }), focus,
      r.generated ? el('p', { class: 'secret', id: 'ue-secret' },
        t(r.kind === 'pin' ? 'users.generated_pin' : 'users.generated_password'), ' ',
        el('code', { translate: 'no', id: 'ue-secret-value' }, r.generated)) : null);
  });
  const pw = el('input', { id: 'ue-password', type: 'password', minlength: 10, autocomplete: 'new-password' });
  return el('section', { class: 'panel', id: 'user-reset' },
    el('h2', {}, t('users.reset')),
    el('div', { class: 'row' },
      field('ue-password', 'users.new_password', pw),
      el('button', {
        type: 'button', id: 'ue-set-password',
        onclick: () => { if (pw.value) reset({ password: pw.value }, '#ue-set-password'); },
      }, t('users.set_password'))),
    el('div', { class: 'row actions' },
      el('button', { type: 'button', id: 'ue-gen-password', onclick: () => reset({}, '#ue-gen-password') }, t('users.generate_password')),
      u.badge ? el('button', { type: 'button', id: 'ue-gen-pin', onclick: () => reset({ kind: 'pin' }, '#ue-gen-pin') }, t('users.generate_pin')) : null));
}

function trail(items) {
  return table('user-audit', ['audit.at', 'audit.method', 'audit.target', 'audit.status', 'audit.outcome'],
    items.map((a) => row({ dataset: { id: a.id } }, fmtDate(a.at), code(a.method), code(a.target, { class: 'mono' }),
      { num: a.status }, has('audit.outcome.' + a.outcome) ? t('audit.outcome.' + a.outcome) : code(a.outcome))));
}

/* #/user?name=… */
export async function showDetail(root, p, env) {
  const name = p.get('name');
  const whs = (await api('GET', '/api/v1/warehouses?limit=100')).items;
  const draw = async (notice, focus, extra) => {
    const [users, audit] = await Promise.all([api('GET', '/api/v1/users'),
      api('GET', '/api/v1/audit?limit=20&principal=' + encodeURIComponent(name))]);
    const u = users.items.find((x) => x.username === name);
    if (!u) {
      mount(root, el('p', { id: 'user-missing' }, t('users.missing')));
      return;
    }
    mount(root,
      el('p', {}, el('a', { href: href('users'), id: 'back-users' }, t('users.back'))),
      el('h1', {}, t('users.one'), ' ', code(u.username, { id: 'user-name' }), ' ',
        el('span', { class: 'pill', id: 'user-active', dataset: { active: String(u.active) } }, u.active ? t('users.enabled') : t('users.disabled'))),
      notice ? el('p', { class: 'ok', id: 'user-notice', role: 'status' }, notice) : null,
      extra || null,
      el('div', { class: 'cols2' }, editForm(u, whs, env, draw), resetPanel(u, env, draw)),
      el('h2', {}, t('users.trail')),
      el('p', {}, el('a', { href: href('audit', { principal: u.username }), id: 'user-audit-all' }, t('users.trail_all'))),
      trail(audit.items));
    const f = focus ? root.querySelector(focus) : null;
    if (f) f.focus();
  };
  await draw();
}
