/*
 * Event webhooks (issue 23 item 6): the subscriptions (where events go,
 * which ones, whose: every owner's or one 3PL client's, on or off) and a
 * new one, whose secret is shown once, here,
 * right after it is made; one subscription (#/webhook?id=…): switch it on
 * or off, delete it, its deliveries newest first (status, attempts, the
 * receiver's last answer) with a redeliver button each, in pages.
 */
import { api } from '../lib/api.js';
import { t, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, act, href, options } from './common.js';

/* The event catalogue (README, "Event webhooks"), by resource; nothing
 * ticked asks for "*", every type. */
const GROUPS = {
  order: ['created', 'allocated', 'held', 'shipped', 'cancelled'], shipment: ['delivered'], stock: ['changed'],
  po: ['received'], return: ['received'], refund: ['created'], feedback: ['created'],
};
const TYPES = Object.entries(GROUPS).flatMap(([r, verbs]) => verbs.map((v) => r + '.' + v));

function newForm(env, redraw, owners) {
  return el('form', {
    class: 'panel', id: 'webhook-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const picked = [...document.querySelectorAll('#wh-types input:checked')].map((c) => c.value);
        const b = { url: $('#wh-url').value.trim(), events: picked.length ? picked : ['*'], active: $('#wh-active').checked };
        if ($('#wh-note').value.trim()) b.note = $('#wh-note').value.trim();
        if ($('#wh-owner').value) b.owner = $('#wh-owner').value;
        const r = await api('POST', '/api/v1/webhooks', b);
        await redraw(t('webhooks.created_msg', { id: r.id }),
          el('p', { class: 'secret', id: 'wh-secret' }, t('webhooks.secret_once'), ' ',
            el('code', { translate: 'no', id: 'wh-secret-value' }, r.secret)));
      });
    },
  },
  el('h2', {}, t('webhooks.new')),
  field('wh-url', 'webhooks.url', el('input', { id: 'wh-url', type: 'url', required: true, maxlength: 2000, autocomplete: 'off' })),
  el('fieldset', { id: 'wh-types' }, el('legend', {}, t('webhooks.events_pick')),
    TYPES.map((x) => el('label', { for: 'wh-t-' + x.replace('.', '-'), class: 'check' },
      el('input', { type: 'checkbox', id: 'wh-t-' + x.replace('.', '-'), value: x }), ' ', code(x)))),
  el('p', { class: 'muted' }, t('webhooks.events_hint')),
  field('wh-note', 'webhooks.note', el('input', { id: 'wh-note', maxlength: 200 })),
  field('wh-owner', 'webhooks.owner', el('select', { id: 'wh-owner', translate: 'no' },
    options(owners.map((o) => [o.code, o.code + ' · ' + o.name]), '', 'webhooks.owner_any'))),
  el('label', { for: 'wh-active', class: 'check' },
    el('input', { type: 'checkbox', id: 'wh-active', checked: true }), ' ', t('webhooks.active')),
  el('button', { type: 'submit', class: 'primary', id: 'webhook-create' }, t('webhooks.create')));
}

/* #/webhooks */
export async function show(root, p, env) {
  const draw = async (notice, extra) => {
    const [hooks, owners] = await Promise.all([api('GET', '/api/v1/webhooks').then((r) => r.items),
      api('GET', '/api/v1/owners?limit=200').then((r) => r.items)]);
    mount(root, el('h1', {}, t('webhooks.title')),
      notice ? el('p', { class: 'ok', id: 'webhook-notice', role: 'status' }, notice) : null,
      extra || null,
      el('p', { class: 'muted' }, t('webhooks.intro')),
      hooks.length === 0 ? el('p', { id: 'webhooks-none' }, t('webhooks.none')) : null,
      table('webhooks', ['webhooks.id', 'webhooks.url', 'webhooks.events', 'webhooks.owner', 'webhooks.active',
        'webhooks.pending', 'webhooks.failed'],
      hooks.map((h) => row({ dataset: { id: h.id, owner: h.owner || '' } },
        el('a', { href: href('webhook', { id: h.id }), class: 'webhook-link' }, '#' + h.id),
        code(h.url, { class: 'mono wrap' }), code(h.events.join(', ')),
        h.owner ? code(h.owner) : t('webhooks.owner_any'),
        h.active ? t('webhooks.on') : t('webhooks.off'), { num: h.pending }, { num: h.failed }))),
      newForm(env, draw, owners));
  };
  await draw();
}

function deliveryRow(h, d, env, redraw) {
  return row({ dataset: { id: d.id, status: d.status } },
    code(d.id), code(d.event), code(d.type), code(d.resource.kind + ' ' + d.resource.id),
    el('span', { class: 'pill', dataset: { status: d.status } }, t('webhooks.status.' + d.status)),
    { num: d.attempts }, code(d.last_status === null ? '' : d.last_status),
    code(d.last_body, { class: 'mono wrap' }), d.last_attempt_at ? fmtDate(d.last_attempt_at) : '',
    el('button', {
      type: 'button', class: 'redeliver', dataset: { id: d.id },
      onclick: () => act(env, async () => {
        await api('POST', '/api/v1/webhooks/' + h.id + '/deliveries/' + d.id + '/redeliver');
        await redraw(t('webhooks.redelivered', { id: d.id }));
      }),
    }, t('webhooks.redeliver')));
}

/* #/webhook?id=…[&cursor=…] */
export async function showDetail(root, p, env) {
  const id = encodeURIComponent(p.get('id') || '');
  const cursor = p.get('cursor');
  const draw = async (notice) => {
    const [h, page] = await Promise.all([api('GET', '/api/v1/webhooks/' + id),
      api('GET', '/api/v1/webhooks/' + id + '/deliveries?limit=50' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''))]);
    const toggle = () => act(env, async () => {
      await api('PATCH', '/api/v1/webhooks/' + h.id, { active: !h.active });
      await draw(h.active ? t('webhooks.switched_off') : t('webhooks.switched_on'));
    });
    const remove = () => act(env, async () => {
      if (!confirm(t('webhooks.delete_confirm'))) return;
      await api('DELETE', '/api/v1/webhooks/' + h.id);
      location.hash = href('webhooks');
    });
    mount(root,
      el('p', {}, el('a', { href: href('webhooks'), id: 'back-webhooks' }, t('webhooks.back'))),
      el('h1', {}, t('webhooks.one'), ' ', code('#' + h.id, { id: 'webhook-id' }), ' ',
        el('span', { class: 'pill', id: 'webhook-active', dataset: { active: String(h.active) } },
          h.active ? t('webhooks.on') : t('webhooks.off'))),
      notice ? el('p', { class: 'ok', id: 'webhook-notice', role: 'status' }, notice) : null,
      el('p', {}, code(h.url, { class: 'mono wrap', id: 'webhook-url' })),
      el('p', {}, code(h.events.join(', '), { id: 'webhook-events' })),
      el('div', { class: 'row actions' },
        el('button', { type: 'button', id: 'webhook-toggle', onclick: toggle }, h.active ? t('webhooks.switch_off') : t('webhooks.switch_on')),
        el('button', { type: 'button', id: 'webhook-delete', class: 'danger', onclick: remove }, t('webhooks.delete'))),
      el('h2', {}, t('webhooks.deliveries')),
      page.items.length === 0 ? el('p', { id: 'deliveries-none' }, t('webhooks.no_deliveries')) : null,
      table('deliveries', ['webhooks.delivery', 'webhooks.event', 'webhooks.type', 'webhooks.resource', 'webhooks.status',
        'webhooks.attempts', 'webhooks.last_status', 'webhooks.last_body', 'webhooks.last_attempt', ''],
      page.items.map((d) => deliveryRow(h, d, env, draw))),
      page.next ? el('p', {}, el('a', { href: href('webhook', { id: h.id, cursor: page.next }), id: 'deliveries-more' }, t('webhooks.older'))) : null);
  };
  await draw();
}
