/* The audit log: every change request, newest first, filtered and paged by offset. */
import { api } from '../lib/api.js';
import { t, has, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { href, code, table, row, options } from './common.js';

const PAGE = 50;
const METHODS = ['POST', 'PATCH', 'PUT', 'DELETE'];
const OUTCOMES = ['ok', 'denied', 'error'];

function filters(p) {
  const who = el('input', { id: 'au-principal', value: p.get('principal') || '' });
  const route = el('input', { id: 'au-route', value: p.get('route') || '', placeholder: t('audit.route_hint') });
  const method = el('select', { id: 'au-method', translate: 'no' }, options(METHODS, p.get('method'), 'audit.any'));
  const outcome = el('select', { id: 'au-outcome' }, el('option', { value: '' }, t('audit.any')),
    OUTCOMES.map((o) => el('option', { value: o, selected: p.get('outcome') === o }, t('audit.outcome.' + o))));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('audit', { principal: who.value.trim(), route: route.value.trim(), method: method.value, outcome: outcome.value });
    },
  }, el('label', {}, t('audit.principal'), ' ', who), el('label', {}, t('audit.route'), ' ', route),
  el('label', {}, t('audit.method'), ' ', method), el('label', {}, t('audit.outcome'), ' ', outcome),
  el('button', { type: 'submit' }, t('audit.apply')));
}

function outcomeText(o) {
  return OUTCOMES.includes(o) ? t('audit.outcome.' + o) : o;
}

/* #/audit */
export async function show(root, p) {
  const offset = Math.max(0, Number(p.get('offset')) || 0);
  const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  const base = {};
  for (const k of ['principal', 'route', 'method', 'outcome']) {
    base[k] = p.get(k);
    if (p.get(k)) q.set(k, p.get(k));
  }
  const page = await api('GET', '/api/v1/audit?' + q.toString());
  mount(root, el('h1', {}, t('audit.title')),
    filters(p),
    el('p', { class: 'count', id: 'audit-count' }, t('audit.shown', {
      from: fmtNumber(page.items.length ? offset + 1 : 0), to: fmtNumber(offset + page.items.length), total: fmtNumber(page.total),
    })),
    table('audit', ['audit.at', 'audit.principal', 'audit.role', 'audit.method', 'audit.target', 'audit.status', 'audit.outcome', 'audit.request'],
      page.items.map((a) => row({ dataset: { id: a.id } }, fmtDate(a.at), code(a.principal), has('users.role.' + a.role) ? t('users.role.' + a.role) : code(a.role), code(a.method),
        code(a.target, { class: 'mono', title: a.route }), { num: a.status },
        el('span', { class: 'pill outcome-' + a.outcome }, outcomeText(a.outcome)), code(a.request_id, { class: 'mono' })))),
    el('div', { class: 'pager' },
      offset > 0 ? el('a', { href: href('audit', { ...base, offset: Math.max(0, offset - PAGE) || '' }), id: 'audit-prev' }, t('audit.prev')) : null,
      offset + page.items.length < page.total ? el('a', { href: href('audit', { ...base, offset: offset + PAGE }), id: 'audit-next' }, t('audit.next')) : null));
}
