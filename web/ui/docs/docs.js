/*
 * The API reference page (/api/docs): renders /api/v1/openapi.json, the
 * document the build generated from the route table, so the page and the
 * document can never disagree. Everything is drawn here, from this
 * origin: no CDN, no third-party renderer. Words come from the catalogs;
 * paths, field names, types and codes are data and shown as they are.
 */
import { initialLang, loadLang, setLang, otherLang, t, has } from '../lib/i18n.js';
import { el, $, mount } from '../lib/dom.js';

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];
let doc = null;

/* Follows a local "$ref" (#/components/...) of the document. */
function deref(x) {
  let v = x;
  while (v && v.$ref) v = v.$ref.slice(2).split('/').reduce((o, k) => o && o[k], doc);
  return v || {};
}

/* One line for a schema's type and limits: "string 1..64", "integer ≥ 1". */
function typeOf(s) {
  const parts = [Array.isArray(s.type) ? s.type.join(' | ') : (s.type || '')];
  if (s.enum) parts.push('{' + s.enum.join(', ') + '}');
  if (s.minLength !== undefined || s.maxLength !== undefined) parts.push((s.minLength ?? 0) + '..' + (s.maxLength ?? ''));
  if (s.minimum !== undefined) parts.push('≥ ' + s.minimum);
  if (s.maximum !== undefined) parts.push('≤ ' + s.maximum);
  if (s.format) parts.push(s.format);
  if (s.pattern) parts.push(s.pattern);
  return parts.filter((p) => p !== '').join('  ');
}

/* The fields of an object schema as a nested list (items of arrays too). */
function schemaList(s) {
  const obj = deref(s);
  const props = obj.properties || {};
  const req = new Set(obj.required || []);
  const names = Object.keys(props);
  if (names.length === 0) return el('p', { class: 'muted mono' }, typeOf(obj) || 'object');
  return el('ul', { class: 'schema' }, names.map((n) => {
    const p = deref(props[n]);
    const inner = p.type === 'array' && p.items && p.items.properties ? schemaList(p.items)
      : p.type === 'object' && p.properties ? schemaList(p) : null;
    return el('li', {},
      el('code', {}, n), ' ',
      req.has(n) ? el('span', { class: 'req' }, t('docs.required')) : null, ' ',
      el('span', { class: 'muted mono' }, typeOf(p)), inner);
  }));
}

function paramTable(params) {
  if (params.length === 0) return null;
  return el('div', { class: 'table-wrap' }, el('table', {},
    el('tr', {}, el('th', {}, t('docs.name')), el('th', {}, t('docs.in')), el('th', {}, t('docs.type'))),
    params.map((p0) => {
      const p = deref(p0);
      return el('tr', {}, el('td', {}, el('code', {}, p.name)),
        el('td', {}, t(p.in === 'path' ? 'docs.in_path' : 'docs.in_query')),
        el('td', { class: 'mono' }, typeOf(deref(p.schema || {}))));
    })));
}

function responseList(responses) {
  return el('ul', { class: 'schema' }, Object.entries(responses).map(([status, r0]) => {
    const r = deref(r0);
    const types = Object.keys(r.content || {});
    return el('li', {}, el('code', {}, status), ' ',
      el('span', { class: 'muted mono' }, types.join(', ')));
  }));
}

function operation(path, method, op) {
  const body = op.requestBody && deref(op.requestBody).content['application/json'];
  const perm = op['x-permission'];
  return el('details', { class: 'op', dataset: { path, method: method.toUpperCase(), tag: op.tags[0] } },
    el('summary', {},
      el('span', { class: 'badge m-' + method }, method.toUpperCase()),
      el('span', { class: 'path' }, path),
      el('span', { class: 'perm' }, t('docs.permission') + ': ', el('code', {}, perm === 'public' ? t('docs.public') : perm))),
    el('div', { class: 'op-body' },
      el('p', { class: 'muted mono' }, op.operationId),
      op['x-roles'] ? el('p', {}, t('docs.roles') + ': ', el('code', {}, op['x-roles'].join(', '))) : null,
      op['x-api-key-scopes'] ? el('p', {}, t('docs.scopes') + ': ',
        el('code', {}, op['x-api-key-scopes'].length ? op['x-api-key-scopes'].join(', ') : t('docs.none'))) : null,
      el('h3', {}, t('docs.parameters')),
      paramTable(op.parameters || []) || el('p', { class: 'muted' }, t('docs.none')),
      body ? el('h3', {}, t('docs.request')) : null,
      body ? schemaList(body.schema) : null,
      el('h3', {}, t('docs.responses')),
      responseList(op.responses || {}),
      el('p', {}, el('a', { href: '#errors' }, t('docs.error_shape')))));
}

/* Every operation of the document, grouped by tag (the module). */
function render() {
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      if (!item[m]) continue;
      const tag = item[m].tags[0];
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(operation(path, m, item[m]));
    }
  }
  const tags = [...groups.keys()].sort();
  mount($('#tag'), el('option', { value: '' }, t('docs.all_modules')), tags.map((g) => el('option', { value: g }, g)));
  mount($('#ops'), tags.map((g) => el('section', { class: 'group', dataset: { tag: g } },
    el('h2', { class: 'tag' }, g), groups.get(g))));
  const codes = deref({ $ref: '#/components/schemas/ErrorCode' })['x-codes'] || [];
  mount($('#codes'),
    el('tr', {}, el('th', {}, t('docs.code')), el('th', {}, t('docs.number')), el('th', {}, t('docs.status')), el('th', {}, t('docs.meaning'))),
    codes.map((c) => el('tr', { dataset: { code: c.name } }, el('td', {}, el('code', {}, c.name)),
      el('td', {}, String(c.number)), el('td', {}, String(c.status)),
      el('td', {}, has('error.' + c.name) ? t('error.' + c.name) : c.hint))));
  filter();
}

/* Shows the operations whose method, path, id or permission hold the query. */
function filter() {
  const q = $('#search').value.trim().toLowerCase();
  const tag = $('#tag').value;
  let shown = 0;
  for (const s of document.querySelectorAll('section.group')) {
    let any = false;
    for (const d of s.querySelectorAll('details.op')) {
      const hay = (d.dataset.method + ' ' + d.dataset.path + ' ' + d.querySelector('.perm').textContent + ' ' +
        d.querySelector('.op-body p').textContent).toLowerCase();
      const ok = (!tag || d.dataset.tag === tag) && (!q || q.split(/\s+/).every((w) => hay.includes(w)));
      d.hidden = !ok;
      any = any || ok;
      if (ok) shown++;
    }
    s.hidden = !any;
  }
  $('#count').textContent = shown ? t('docs.count', { n: shown }) : t('docs.no_match');
  $('#ops').dataset.shown = String(shown);
}

async function main() {
  await loadLang(initialLang());
  $('#lang').addEventListener('click', async () => { await setLang(otherLang()); if (doc) render(); });
  $('#search').addEventListener('input', filter);
  $('#tag').addEventListener('change', filter);
  try {
    const res = await fetch('/api/v1/openapi.json');
    if (!res.ok) throw new Error(String(res.status));
    doc = await res.json();
  } catch (e) {
    $('#error').hidden = false;
    $('#error').textContent = t('error.network');
    return;
  }
  document.body.dataset.version = doc.info.version;
  render();
  document.body.dataset.ready = '1';
}

main();
