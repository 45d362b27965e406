/*
 * Cycle counts. #/counts?warehouse=: start a count (listed bins or a whole
 * zone, and the variance threshold posted without approval) and the
 * warehouse's counts with their progress. #/count?id=: one count, followed
 * while it is shown (every 5 s): bins counted, lines with expected and
 * counted quantities and the variance, approve or reject (recount) each
 * line waiting for the lead, and close. Only roles that may adjust stock
 * (stock.adjust: admin, lead) see quantities; for the others the list is
 * blind, as the server sends it (bins left to count, no figures).
 */
import { api } from '../lib/api.js';
import { t, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href, code, table, row, options, act, field } from './common.js';

const REFRESH_MS = 5000;
const ADJUST = ['admin', 'warehouse_lead'];

function canAdjust(env) {
  return !!env.me && ADJUST.includes(env.me.role);
}

function progress(c) {
  const bins = c.bins || [];
  const done = bins.filter((b) => b.state === 'counted').length;
  return el('span', { class: 'progress' },
    el('progress', { max: String(Math.max(bins.length, 1)), value: String(done), 'aria-label': t('counts.progress') }),
    el('span', { class: 'progress-text' }, t('counts.bins_done', { done: fmtNumber(done), total: fmtNumber(bins.length) })));
}

function waiting(c) {
  return (c.lines || []).filter((l) => l.state === 'needs_approval').length;
}

function startForm(wh, zones, env) {
  const mode = el('select', { id: 'cn-mode' },
    el('option', { value: 'bins' }, t('counts.mode_bins')), el('option', { value: 'zone' }, t('counts.mode_zone')));
  const bins = el('input', { id: 'cn-bins', autocomplete: 'off', translate: 'no' });
  const zone = el('select', { id: 'cn-zone', translate: 'no' }, options(zones.map((z) => [z.code, z.code + (z.name ? ' · ' + z.name : '')]), ''));
  const threshold = el('input', { id: 'cn-threshold', type: 'number', min: '0', step: '1', value: '0' });
  const note = el('input', { id: 'cn-note', maxlength: 500 });
  const binsField = field('cn-bins', 'counts.bins_list', bins);
  const zoneField = field('cn-zone', 'counts.zone', zone);
  const sync = () => {
    binsField.hidden = mode.value !== 'bins';
    zoneField.hidden = mode.value !== 'zone';
  };
  mode.addEventListener('change', sync);
  sync();
  const submit = el('button', { type: 'submit', id: 'cn-start', class: 'primary' }, t('counts.start'));
  return el('form', {
    class: 'panel', id: 'count-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const body = { threshold: Number(threshold.value || 0) };
        if (mode.value === 'bins') body.bins = bins.value.split(/[\s,;]+/).map((b) => b.trim()).filter((b) => b);
        else body.zone = zone.value;
        if (note.value.trim()) body.note = note.value.trim();
        submit.disabled = true;
        try {
          const c = await api('POST', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/counts', body);
          location.hash = href('count', { id: c.id });
        } finally {
          submit.disabled = false;
        }
      });
    },
  }, el('h2', {}, t('counts.new')),
  field('cn-mode', 'counts.mode', mode), binsField, zoneField,
  field('cn-threshold', 'counts.threshold', threshold),
  el('p', { class: 'muted' }, t('counts.threshold_hint')),
  field('cn-note', 'counts.note', note), submit);
}

function countRows(items, adjust) {
  return items.map((c) => row({ dataset: { id: c.id, state: c.state } },
    adjust ? el('a', { href: href('count', { id: c.id }), class: 'count-open', translate: 'no' }, '#' + c.id) : code('#' + c.id),
    c.created_at ? fmtDate(c.created_at) : '',
    el('span', { class: 'pill count-' + c.state }, t('counts.state.' + c.state)),
    adjust ? progress(c) : code((c.bins || []).map((b) => b.bin).join(' ')),
    adjust ? { num: waiting(c) } : { num: (c.bins || []).length },
    adjust ? code(c.note) : ''));
}

/* #/counts */
export async function show(root, p, env) {
  const ws = await api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items);
  const wh = p.get('warehouse') || (ws[0] && ws[0].code) || '';
  const adjust = canAdjust(env);
  const whSel = el('select', { id: 'cn-wh', translate: 'no', onchange: () => { location.hash = href('counts', { warehouse: whSel.value }); } },
    options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), wh));
  if (!wh) {
    mount(root, el('h1', {}, t('counts.title')), el('p', { class: 'muted' }, t('counts.no_warehouse')));
    return;
  }
  const [list, zones] = await Promise.all([
    api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/counts'),
    adjust ? api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/zones').then((r) => r.items).catch(() => []) : [],
  ]);
  const items = list.items.slice().sort((a, b) => b.id - a.id);
  mount(root, el('h1', {}, t('counts.title')),
    el('div', { class: 'filters' }, field('cn-wh', 'counts.warehouse', whSel)),
    el('div', { class: adjust ? 'cols2 counts-cols' : '' },
      adjust ? startForm(wh, zones, env) : el('p', { class: 'muted', id: 'cn-blind' }, t('counts.blind_hint')),
      el('section', {},
        el('h2', {}, t('counts.list')),
        table('counts', adjust
          ? ['counts.id', 'counts.created', 'counts.state', 'counts.progress', 'counts.waiting', 'counts.note']
          : ['counts.id', 'counts.created', 'counts.state', 'counts.bins_left', 'counts.bins_n', ''], countRows(items, adjust)),
        items.length ? null : el('p', { class: 'muted', id: 'cn-empty' }, t('counts.none')))));
}

function lineRows(c, env, redraw) {
  const decide = (l, verb) => act(env, async () => {
    await api('POST', '/api/v1/counts/' + c.id + '/lines/' + l.id + '/' + verb);
    await redraw(t('counts.done_' + verb, { bin: l.bin, sku: l.sku }), l.id);
  });
  return c.lines.map((l) => row({ dataset: { line: l.id, state: l.state }, tabindex: '-1' },
    code(l.bin), code(l.sku), code(l.lot || ''), { num: l.expected }, { num: l.counted },
    el('span', { class: 'num variance' + (l.variance < 0 ? ' warn-text' : '') }, (l.variance > 0 ? '+' : '') + fmtNumber(l.variance)),
    el('span', { class: 'pill line-' + l.state }, t('counts.line.' + l.state)),
    l.state === 'needs_approval' && c.state === 'open'
      ? el('span', { class: 'row' },
        el('button', { type: 'button', class: 'primary approve', onclick: () => decide(l, 'approve') }, t('counts.approve')),
        el('button', { type: 'button', class: 'reject', onclick: () => decide(l, 'reject') }, t('counts.reject')))
      : ''));
}

/* #/count?id=: one count, refreshed while shown. */
export async function showDetail(root, p, env) {
  const id = p.get('id');
  let timer = null;
  const draw = async (notice, focusLine) => {
    const c = await api('GET', '/api/v1/counts/' + encodeURIComponent(id));
    if (!root.isConnected) return;
    /* A refresh keeps the focused row and the notice of the last action. */
    const had = document.activeElement && document.activeElement.closest ? document.activeElement.closest('tr[data-line]') : null;
    const keepLine = focusLine || (had ? had.dataset.line : null);
    const keepNotice = notice || ($('#cn-notice', root) ? $('#cn-notice', root).textContent : null);
    mount(root,
      el('p', {}, el('a', { href: href('counts', { warehouse: c.warehouse }), id: 'back-counts' }, t('counts.back'))),
      el('h1', {}, t('counts.detail', { id: c.id }), ' ',
        el('span', { class: 'pill count-' + c.state, id: 'count-state', dataset: { state: c.state } }, t('counts.state.' + c.state))),
      keepNotice ? el('p', { class: 'ok', id: 'cn-notice', role: 'status' }, keepNotice) : null,
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('counts.warehouse')), ' ', code(c.warehouse)),
        el('p', {}, el('b', {}, t('counts.created')), ' ', c.created_at ? fmtDate(c.created_at) : ''),
        el('p', {}, el('b', {}, t('counts.threshold')), ' ', fmtNumber(c.threshold)),
        el('p', { id: 'count-progress' }, el('b', {}, t('counts.progress')), ' ', progress(c)),
        c.note ? el('p', {}, el('b', {}, t('counts.note')), ' ', code(c.note)) : null),
      c.state === 'open' ? el('div', { class: 'row actions' },
        el('button', {
          type: 'button', id: 'count-close', class: 'danger',
          onclick: () => {
            if (!confirm(t('counts.confirm_close', { id: c.id, n: fmtNumber(waiting(c)) }))) return;
            act(env, async () => {
              await api('POST', '/api/v1/counts/' + c.id + '/close');
              await draw(t('counts.closed'));
              const s = $('#count-state', root);
              if (s) s.focus();
            });
          },
        }, t('counts.close'))) : null,
      el('h2', {}, t('counts.bins')),
      el('p', { id: 'count-bins' }, c.bins.map((b) => el('span', { class: 'pill bin-' + b.state, translate: 'no', dataset: { bin: b.bin, state: b.state } }, b.bin))),
      el('h2', {}, t('counts.lines')),
      table('count-lines', ['counts.bin', 'counts.sku', 'counts.lot', 'counts.expected', 'counts.counted', 'counts.variance', 'counts.line_state', ''],
        lineRows(c, env, draw)),
      c.lines.length ? null : el('p', { class: 'muted', id: 'cn-no-lines' }, t('counts.no_lines')));
    if (keepLine) {
      const tr = root.querySelector(`#count-lines tr[data-line="${keepLine}"]`);
      if (tr) tr.focus();
    }
  };
  await draw();
  timer = setInterval(() => {
    if (!root.isConnected) {
      clearInterval(timer);
      return;
    }
    if (root.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') return;
    draw().catch((e) => env.showError(e));
  }, REFRESH_MS);
}
