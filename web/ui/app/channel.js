/*
 * A marketplace store's connection (issue 27): #/channel?store=…. The
 * state of its platform connection (authorised, expired, not authorised,
 * error), its last pull, orders pulled today, errors, a "pull now" button,
 * the write-backs of shipped parcels that the platform has not taken, and
 * the form that saves the credentials (app key and secret, access and
 * refresh token, token expiry, the platform's base URL; Taobao/Tmall, JD,
 * Pinduoduo and Douyin are connected). Secrets are never shown: the page says only whether
 * one is stored. Below them, the store's e-waybill accounts
 * (channel_waybill.js; Taobao/Tmall: Cainiao).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, act } from './common.js';
import { waybillSection } from './channel_waybill.js';

/* The channels with a platform connector, and those planned. */
export const MARKETPLACES = ['taobao', 'jd', 'pinduoduo', 'douyin'];

/* How each connected platform signs: TOP md5 or hmac, JOS (JD) and
   Pinduoduo md5 only, Douyin hmac (HMAC-SHA256) or md5. */
const SIGN_METHODS = { taobao: ['md5', 'hmac'], jd: ['md5'], pinduoduo: ['md5'], douyin: ['hmac', 'md5'] };

/* The hint under the credentials: the platform's own where it differs. */
const HINTS = { jd: 'channel.credentials_hint_jd', pinduoduo: 'channel.credentials_hint_pinduoduo',
  douyin: 'channel.credentials_hint_douyin' };

function authForm(store, c, env, draw) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'channel-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { sign_method: v('ch-sign') };
        for (const [id, k] of [['ch-app-key', 'app_key'], ['ch-secret', 'app_secret'], ['ch-token', 'access_token'],
          ['ch-refresh', 'refresh_token'], ['ch-base', 'base_url']]) if (v(id)) b[k] = v(id);
        if (v('ch-expires')) b.token_expires_at = new Date(v('ch-expires')).toISOString();
        if (v('ch-page')) b.page_size = Number(v('ch-page'));
        if (v('ch-every')) b.pull_seconds = Number(v('ch-every'));
        await api('POST', '/api/v1/stores/' + encodeURIComponent(store) + '/channel-auth', b);
        await draw(t('channel.saved'));
      });
    },
  },
  el('h2', {}, t('channel.credentials')),
  el('p', { class: 'hint', id: 'channel-hint' }, t(HINTS[c.channel] || 'channel.credentials_hint')),
  el('div', { class: 'row' },
    field('ch-app-key', 'channel.app_key', el('input', { id: 'ch-app-key', maxlength: 64, value: c.app_key || '', translate: 'no' })),
    field('ch-secret', 'channel.app_secret', el('input', {
      id: 'ch-secret', type: 'password', maxlength: 200, autocomplete: 'off',
      placeholder: c.has_secret ? t('channel.kept') : '',
    })),
    field('ch-sign', 'channel.sign_method', el('select', { id: 'ch-sign' },
      SIGN_METHODS[c.channel].map((m) => el('option', { value: m, selected: c.sign_method === m }, m))))),
  el('div', { class: 'row' },
    field('ch-token', 'channel.access_token', el('input', {
      id: 'ch-token', type: 'password', maxlength: 500, autocomplete: 'off',
      placeholder: c.has_token ? t('channel.kept') : '',
    })),
    field('ch-refresh', 'channel.refresh_token', el('input', {
      id: 'ch-refresh', type: 'password', maxlength: 500, autocomplete: 'off',
      placeholder: c.has_refresh_token ? t('channel.kept') : '',
    })),
    field('ch-expires', 'channel.token_expires_at', el('input', { id: 'ch-expires', type: 'datetime-local' }))),
  el('div', { class: 'row' },
    field('ch-base', 'channel.base_url', el('input', {
      id: 'ch-base', maxlength: 500, value: c.base_url || '', translate: 'no',
    })),
    field('ch-page', 'channel.page_size', el('input', { id: 'ch-page', type: 'number', min: 1, max: 100, value: c.page_size || 100 })),
    field('ch-every', 'channel.pull_seconds', el('input', { id: 'ch-every', type: 'number', min: 5, max: 86400, value: c.pull_seconds || 300 }))),
  el('button', { type: 'submit', class: 'primary', id: 'channel-save' }, t('channel.save')));
}

function facts(c) {
  const item = (k, v, id) => el('div', { class: 'fact' }, el('span', {}, t(k)), ' ', el('strong', { id }, v));
  return el('div', { class: 'panel', id: 'channel-state' },
    item('channel.state', t('channel.state.' + c.state), 'channel-state-value'),
    item('channel.last_pull', c.last_pull_at ? fmtDate(c.last_pull_at) : t('channel.never'), 'channel-last-pull'),
    item('channel.last_ok', c.last_ok_at ? fmtDate(c.last_ok_at) : t('channel.never'), 'channel-last-ok'),
    item('channel.pulled_today', fmtNumber(c.pulled_today), 'channel-pulled-today'),
    item('channel.errors_today', fmtNumber(c.errors_today), 'channel-errors-today'),
    item('channel.token_expires', c.token_expires_at ? fmtDate(c.token_expires_at) : '—', 'channel-token-expires'),
    c.last_error ? el('p', { class: 'error', id: 'channel-last-error' }, t('channel.last_error'), ' ', code(c.last_error)) : null);
}

/* #/channel?store=… */
export async function show(root, p, env) {
  const store = p.get('store');
  const path = '/api/v1/stores/' + encodeURIComponent(store);
  const draw = async (notice) => {
    const c = await api('GET', path + '/channel-auth');
    const wb = c.writebacks || {};
    const waybills = c.connector ? await waybillSection(store, env, draw) : null;
    mount(root,
      el('p', {}, el('a', { href: href('stores'), id: 'back-stores' }, t('stores.title'))),
      el('h1', {}, t('channel.title'), ' ', code(store, { id: 'channel-store' }), ' · ', t('stores.channel.' + c.channel)),
      notice ? el('p', { class: 'ok', id: 'channel-notice' }, notice) : null,
      c.connector ? null : el('p', { class: 'hint', id: 'channel-planned' }, t('channel.planned')),
      facts(c),
      el('p', {},
        el('button', {
          type: 'button', id: 'channel-pull', disabled: c.state === 'not_authorised' || c.state === 'expired',
          onclick: () => act(env, async () => {
            await api('POST', path + '/channel-pull');
            await draw(t('channel.pull_asked'));
          }),
        }, t('channel.pull_now')), ' ',
        el('button', { type: 'button', id: 'channel-refresh', onclick: () => act(env, () => draw()) }, t('channel.refresh'))),
      el('h2', {}, t('channel.writebacks')),
      el('p', { id: 'channel-writeback-counts' }, t('channel.writeback_counts', {
        pending: fmtNumber(wb.pending || 0), sent: fmtNumber(wb.sent || 0), failed: fmtNumber(wb.failed || 0),
      })),
      table('channel-writebacks', ['channel.wb_order', 'channel.wb_waybill', 'channel.wb_state', 'channel.wb_attempts', 'channel.wb_error'],
        (c.writeback_problems || []).map((w) => row({ dataset: { id: String(w.id) } },
          code(w.order), code(w.carrier + ' ' + w.waybill), t('channel.wb_state.' + w.state), { num: w.attempts }, code(w.error)))),
      (c.writeback_problems || []).length ? null : el('p', { id: 'channel-writebacks-empty' }, t('channel.writebacks_none')),
      el('h2', {}, t('channel.push_problems')),
      table('channel-pushes', ['skumap.platform_sku', 'skumap.sku', 'skumap.pushed', 'channel.wb_error'],
        (c.push_problems || []).map((m) => row({ dataset: { code: m.platform_sku } },
          code(m.platform_sku), code(m.sku), { num: m.pushed_qty }, code(m.error)))),
      (c.push_problems || []).length ? null : el('p', { id: 'channel-pushes-empty' }, t('channel.push_problems_none')),
      c.connector ? authForm(store, c, env, draw) : null,
      waybills);
  };
  await draw();
}
