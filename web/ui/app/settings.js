/*
 * Settings > Purchasing (admins): the amount above which only an admin
 * approves a purchase order (empty: no limit) and the over-receipt
 * tolerance, from GET/PATCH /api/v1/settings/purchasing.
 */
import { api } from '../lib/api.js';
import { t } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, act } from './common.js';

function purchasingForm(s, env, redraw) {
  return el('form', {
    class: 'panel', id: 'settings-purchasing',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const limit = $('#ps-limit').value.trim();
        const b = { admin_approval_above: limit === '' ? null : limit };
        const over = $('#ps-over').value.trim();
        if (over !== '') b.over_receipt_pct = over;
        await api('PATCH', '/api/v1/settings/purchasing', b);
        await redraw(t('settings.saved'));
      });
    },
  },
  el('h2', {}, t('settings.purchasing')),
  el('div', { class: 'row' },
    field('ps-limit', 'settings.admin_approval_above', el('input', {
      id: 'ps-limit', inputmode: 'decimal', value: s.admin_approval_above || '', placeholder: t('settings.no_limit'),
    })),
    field('ps-over', 'settings.over_receipt_pct', el('input', { id: 'ps-over', inputmode: 'decimal', value: s.over_receipt_pct }))),
  el('p', { class: 'muted' }, t('settings.purchasing_hint')),
  el('button', { type: 'submit', class: 'primary', id: 'ps-save' }, t('settings.save')));
}

/* #/settings */
export async function show(root, p, env) {
  const draw = async (notice) => {
    const s = await api('GET', '/api/v1/settings/purchasing');
    mount(root, el('h1', {}, t('settings.title')),
      notice ? el('p', { class: 'ok', id: 'settings-notice' }, notice) : null,
      purchasingForm(s, env, draw));
  };
  await draw();
}
