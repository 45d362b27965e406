/*
 * The dashboard's returns card (issue 19): the open returns by state, each
 * a link to the returns list of that state, and the oldest one's age, a
 * link to it. Its own file and its own request (GET /api/v1/returns/summary)
 * so the dashboard shows without it when the reader may not see returns.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el } from '../lib/dom.js';
import { href } from './common.js';

const OPEN = ['requested', 'authorized', 'receiving', 'received'];

/* The summary for warehouse @wh (null: the reader's), or null. */
export function returnsSummary(wh) {
  return api('GET', '/api/v1/returns/summary' + (wh ? '?warehouse=' + encodeURIComponent(wh) : '')).catch(() => null);
}

/* The card of summary @s (see rma_open_summary), or null without one. */
export function returnsCard(s) {
  if (!s) return null;
  const old = s.oldest;
  return el('section', { class: 'panel', id: 'returns-card' },
    el('h2', {}, el('a', { href: href('returns', { state: 'open' }), id: 'returns-open' }, t('dash.returns_open')), ' ',
      el('b', { id: 'returns-open-n', class: 'big' }, fmtNumber(s.open))),
    el('ul', { class: 'plain' }, OPEN.map((st) => el('li', {},
      el('a', { href: href('returns', { state: st }), id: 'returns-' + st }, t('returns.state.' + st)), ' ',
      el('b', { class: 'num', dataset: { n: s.by_state[st] } }, fmtNumber(s.by_state[st]))))),
    s.review_needed ? el('p', { id: 'returns-review' }, t('returns.review_needed'), ' ',
      el('b', { class: 'warn-text' }, fmtNumber(s.review_needed))) : null,
    old ? el('p', { id: 'returns-oldest' }, t('dash.returns_oldest'), ' ',
      el('a', { href: href('rma', { id: old.id }), translate: 'no' }, old.number), ' ',
      el('b', { class: old.age_days > 7 ? 'warn-text' : '', dataset: { age: old.age_days } },
        t('returns.days', { n: fmtNumber(old.age_days) }))) : null);
}
