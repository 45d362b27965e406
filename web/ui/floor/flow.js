/*
 * What every floor flow (receive, put away, pack, count, move, replenish)
 * shares: the one-instruction screen, resolving a scanned code, error text
 * built from the error code, and confirmations whose idempotency key
 * survives a retry (docs/ui.md, The floor terminal).
 */
import { api, uuid, ApiError, NetworkError } from '../lib/api.js';
import { t, has, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';

/*
 * The screen: @s.verb, @s.big (the one code), @s.hint, @s.step (exposed as
 * data-action for tests and styles), then @s.body (nodes) and @s.actions
 * (buttons). Everything is text from t() or data.
 */
export function screen(s) {
  mount($('#screen'), el('section', { class: 'pick flow', id: 'flow', dataset: { flow: s.flow || '' } },
    typeof s.top === 'string' ? el('p', { class: 'progress', id: 'progress' }, s.top) : s.top || null,
    el('p', { class: 'verb', id: 'verb' }, s.verb),
    el('p', { class: 'big', id: 'big', translate: 'no', dataset: { action: s.step } }, s.big),
    s.hint ? el('p', { class: 'hint', id: 'hint' }, s.hint) : null,
    s.body || null,
    s.actions && s.actions.length ? el('div', { class: 'actions' }, s.actions) : null));
}

/* A button: @id, label text, handler, optional class. */
export function button(id, label, onclick, cls) {
  return el('button', { type: 'button', id, class: cls, onclick }, label);
}

/* Facts under the instruction: [[label, value], …]; values are data. */
export function facts(rows) {
  return el('div', { class: 'facts' }, rows.filter((r) => r && r[1] !== null && r[1] !== undefined && r[1] !== '')
    .map(([label, value]) => el('div', {}, label, ' ', el('b', { translate: 'no' }, String(value)))));
}

/*
 * A quantity stepper: − value + (and "all" when @max is given). @get and
 * @set read and store the value; @id names the output.
 */
export function stepper(get, set, max, id) {
  const out = el('output', { id: id || 'qty-value', class: 'qty-value' }, fmtNumber(get()));
  const to = (n) => {
    set(Math.max(1, max ? Math.min(max, n) : n));
    out.textContent = fmtNumber(get());
  };
  return el('div', { class: 'qty' },
    el('span', { class: 'qty-label' }, t('pick.qty')),
    el('button', { type: 'button', id: 'qty-minus', 'aria-label': t('pick.less'), onclick: () => to(get() - 1) }, '−'),
    out,
    el('button', { type: 'button', id: 'qty-plus', 'aria-label': t('pick.more'), onclick: () => to(get() + 1) }, '+'),
    max ? el('button', { type: 'button', id: 'qty-all', onclick: () => to(max) }, t('pick.all', { n: fmtNumber(max) })) : null);
}

/* What the scanned @code is, in warehouse @wh (POST /api/v1/scans/resolve). */
export function resolve(code, wh) {
  return api('POST', '/api/v1/scans/resolve', { code, warehouse: wh });
}

/* The item a resolve answer names: {sku, lot, expiry, pack, code, gs1}, or null. */
export function itemOf(hit) {
  if (hit.kind !== 'sku' && hit.kind !== 'gs1') return null;
  return {
    sku: hit.sku, name: hit.name, lot: hit.lot || null, expiry: hit.expiry || null,
    pack: hit.pack_qty || 1, code: hit.code, gs1: hit.kind === 'gs1',
  };
}

/* The first "expected X" of a server message (older servers send no params). */
function expectedIn(msg) {
  const m = /expected (?:bin |tote |lot )?([^\s,;]+)/.exec(msg || '');
  return m ? m[1] : '';
}

/*
 * The error's named figures (error.params from the server), numbers in
 * the current language's format, over @vars (what the step expected).
 */
export function errVars(e, vars) {
  const out = { ...vars };
  for (const [k, v] of Object.entries((e && e.params) || {})) {
    out[k] = typeof v === 'number' ? fmtNumber(v) : v;
  }
  return out;
}

/*
 * What the worker reads for error @e, in words of the catalogs, never the
 * server's English: @flow.err_<code>, floor_err.*, scan_err.*, then
 * error.<code> (one for every code of the registry), filled from the
 * reply's params and @vars; a key whose placeholders cannot all be filled
 * gives way to the next.
 */
export function errText(e, vars, flow) {
  if (e instanceof NetworkError) return t('floor_err.offline_retry');
  if (!(e instanceof ApiError)) return String(e.message || e);
  const all = errVars(e, { expected: expectedIn(e.message), ...vars });
  const keys = ['floor_err.' + e.code, 'scan_err.' + e.code, 'error.' + e.code];
  if (flow) keys.unshift(flow + '.err_' + e.code);
  const found = keys.filter((k) => has(k));
  for (const key of found) {
    const s = t(key, all);
    if (!/\{\w+\}/.test(s) && !/:\s*$/.test(s)) return s;
  }
  if (found.length) return t(found[found.length - 1], all).replace(/\{\w+\}/g, '…');
  return t('scan_err.other', { message: e.message || e.code });
}

/* A failure that says nothing about the request: it may have been applied. */
function transient(e) {
  return e instanceof NetworkError || (e instanceof ApiError && e.status >= 500);
}

let pending = null; /* {sig, key} of a confirmation that got no answer */

/*
 * POSTs a confirmation with an idempotency key. When it gets no answer
 * (offline, 5xx) the key is kept: sending the same confirmation again
 * (same path and body) reuses it, so the server applies it once.
 */
export async function commit(path, body) {
  const sig = path + '\n' + JSON.stringify(body);
  if (pending === null || pending.sig !== sig) pending = { sig, key: uuid() };
  try {
    const r = await api('POST', path, { ...body, idempotency_key: pending.key });
    pending = null;
    return r;
  } catch (e) {
    if (!transient(e)) pending = null;
    throw e;
  }
}

/* A list of rows for a screen: [{id, text (node or string), onclick}]. */
export function list(id, rows) {
  return el('ul', { class: 'rows', id }, rows.map((r) =>
    el('li', {}, r.onclick ? el('button', { type: 'button', class: 'row', onclick: r.onclick, dataset: r.data || {} }, r.text) : r.text)));
}

/* The screen shown while a flow has nothing to do. */
export function nothing(flow, verb, home) {
  screen({ flow, step: 'none', verb, big: '✓', hint: t('flow.nothing_hint'), actions: [button('home', t('common.home'), home)] });
}
