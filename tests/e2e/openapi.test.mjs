// The OpenAPI document (issue 23 item 5) as a client sees it:
//  1. the generated file is valid OpenAPI 3.1 by a maintained validator
//     (@seriousme/openapi-schema-validator, pinned in package-lock.json);
//  2. a live server serves that same document, without a session;
//  3. real replies (lists of both page kinds, a get, a create, errors) and
//     the request bodies sent validate against the document's schemas
//     (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses), and a body the
//     schema refuses is one the server refuses too.
// The route-by-route check against the compiled table is
// tests/api/test_api_openapi.c.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startServer } from './harness.mjs';

const file = process.env.DEPOT_OPENAPI_JSON || 'build/generated/openapi.json';
const doc = JSON.parse(readFileSync(file, 'utf8'));
let srv;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');

/* The document's path template that @path (no query) matches. */
function templateOf(method, path) {
  const segs = path.split('?')[0].split('/');
  for (const [tpl, item] of Object.entries(doc.paths)) {
    if (!item[method.toLowerCase()]) continue;
    const t = tpl.split('/');
    if (t.length === segs.length && t.every((s, i) => s.startsWith('{') || s === segs[i])) return tpl;
  }
  throw new Error(`${method} ${path}: no documented path`);
}

const pointer = (...parts) => '#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/* A validator of the JSON reply @status of @method @path, by the document. */
function replySchema(method, path, status) {
  const tpl = templateOf(method, path);
  const responses = doc.paths[tpl][method.toLowerCase()].responses;
  const key = String(status) in responses ? String(status) : 'default';
  let r = responses[key];
  let at = ['paths', tpl, method.toLowerCase(), 'responses', key];
  if (r.$ref) { at = r.$ref.slice(2).split('/'); r = at.reduce((o, k) => o[k], doc); }
  assert.ok(r.content && r.content['application/json'], `${method} ${tpl} ${key}: no JSON reply documented`);
  return ajv.compile({ $ref: 'openapi.json' + pointer(...at, 'content', 'application/json', 'schema') });
}

function bodySchema(method, path) {
  const tpl = templateOf(method, path);
  return ajv.compile({ $ref: 'openapi.json' + pointer('paths', tpl, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema') });
}

/* Calls the server and checks the reply against the document. */
async function call(method, path, body, token) {
  const r = await srv.call(method, path, body, token);
  const v = replySchema(method, path, r.status);
  assert.ok(v(r.json), `${method} ${path} -> ${r.status} ${JSON.stringify(r.json)}: ${ajv.errorsText(v.errors)}`);
  return r;
}

before(async () => { srv = await startServer('openapi'); });
after(async () => { if (srv) await srv.stop(); });

test('the generated document is valid OpenAPI 3.1', async () => {
  const validator = new Validator();
  const res = await validator.validate(structuredClone(doc));
  assert.equal(res.valid, true, JSON.stringify(res.errors, null, 1));
  assert.equal(validator.version, '3.1');
});

test('every request body schema compiles as JSON Schema 2020-12', () => {
  let n = 0;
  for (const [tpl, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!op.requestBody) continue;
      ajv.compile({ $ref: 'openapi.json' + pointer('paths', tpl, m, 'requestBody', 'content', 'application/json', 'schema') });
      n++;
    }
  }
  assert.ok(n > 50, `only ${n} request bodies`);
});

test('the server serves the same document, without a session', async () => {
  const res = await fetch(srv.base + '/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), doc);
  assert.match(res.headers.get('etag') || '', /^"[0-9a-f]{32}"$/);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const again = await fetch(srv.base + '/api/v1/openapi.json', { headers: { 'If-None-Match': res.headers.get('etag') } });
  assert.equal(again.status, 304);
});

test('real replies validate against the documented schemas', async () => {
  const wh = { code: 'OA1', name: 'OpenAPI test warehouse' };
  assert.ok(bodySchema('POST', '/api/v1/warehouses')(wh));
  const created = await call('POST', '/api/v1/warehouses', wh);
  assert.equal(created.status, 201);
  assert.equal((await call('GET', '/api/v1/warehouses/OA1')).status, 200);
  const list = await call('GET', '/api/v1/warehouses?limit=5');
  assert.equal(list.status, 200);
  assert.ok(Array.isArray(list.json.items));
  assert.equal((await call('GET', '/api/v1/products?limit=2')).status, 200);
  assert.equal((await call('GET', '/api/v1/stock?limit=2')).status, 200);
  assert.equal((await call('GET', '/api/v1/version')).status, 200);
  assert.equal((await call('GET', '/healthz')).status, 200);
  /* Errors: the one shape, its code one of the registry's. */
  const dup = await call('POST', '/api/v1/warehouses', wh);
  assert.equal(dup.json.error.code, 'already_exists');
  assert.equal((await call('GET', '/api/v1/warehouses/NOPE9')).status, 404);
  const anon = await srv.call('GET', '/api/v1/warehouses', undefined, 'not-a-token');
  assert.equal(anon.status, 401);
  assert.ok(replySchema('GET', '/api/v1/warehouses', 401)(anon.json));
});

test('a body the schema refuses, the server refuses', async () => {
  const bad = [
    {},
    { code: 'OA2' },
    { code: 'OA2', name: 'x', colour: 'red' },
    { code: 'OA2', name: 'x'.repeat(201) },
    { code: 'OA2', name: 'x', owner: { kind: 'nobody' } },
  ];
  const v = bodySchema('POST', '/api/v1/warehouses');
  for (const b of bad) {
    assert.equal(v(b), false, `schema accepts ${JSON.stringify(b)}`);
    const r = await call('POST', '/api/v1/warehouses', b);
    assert.equal(r.status, 422, `server accepts ${JSON.stringify(b)}`);
  }
});

test('every GET route without path parameters answers as documented', async () => {
  let n = 0;
  for (const [tpl, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op || tpl.includes('{') || tpl === '/') continue;
    const res = await fetch(srv.base + tpl, { headers: { Authorization: 'Bearer ' + srv.token } });
    const key = String(res.status) in op.responses ? String(res.status) : 'default';
    let r = op.responses[key];
    let at = ['paths', tpl, 'get', 'responses', key];
    if (r.$ref) { at = r.$ref.slice(2).split('/'); r = at.reduce((o, k) => o[k], doc); }
    const type = (res.headers.get('content-type') || '').split(';')[0];
    const documented = Object.keys(r.content || {}).map((t) => t.split(';')[0]);
    assert.ok(documented.includes(type) || documented.includes('*/*'),
      `GET ${tpl} -> ${res.status} ${type}, documented ${documented.join(', ')}`);
    if (type === 'application/json') {
      const name = Object.keys(r.content).find((t) => t.startsWith('application/json'));
      const v = ajv.compile({ $ref: 'openapi.json' + pointer(...at, 'content', name, 'schema') });
      const body = await res.json();
      assert.ok(v(body), `GET ${tpl} -> ${res.status} ${JSON.stringify(body).slice(0, 300)}: ${ajv.errorsText(v.errors)}`);
    } else {
      await res.arrayBuffer();
    }
    n++;
  }
  assert.ok(n > 40, `only ${n} routes called`);
});

test('integer query bounds are the ones the server enforces', async () => {
  let n = 0;
  for (const [tpl, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op || tpl.includes('{')) continue;
    for (const p of op.parameters || []) {
      const s = p.schema || {};
      if (p.in !== 'query' || s.type !== 'integer' || s.maximum === undefined || s.maximum > 1e8) continue;
      const at = async (v) => {
        const res = await fetch(`${srv.base}${tpl}?${p.name}=${v}`, { headers: { Authorization: 'Bearer ' + srv.token } });
        const type = res.headers.get('content-type') || '';
        const body = type.startsWith('application/json') ? await res.json() : (await res.arrayBuffer(), null);
        return { status: res.status, field: body && body.error ? body.error.field : undefined };
      };
      const over = await at(s.maximum + 1);
      assert.equal(over.status, 400, `GET ${tpl}?${p.name}=${s.maximum + 1} is accepted`);
      const max = await at(s.maximum);
      assert.notEqual(max.field, p.name, `GET ${tpl}?${p.name}=${s.maximum} is refused`);
      const under = await at(s.minimum - 1);
      assert.equal(under.status, 400, `GET ${tpl}?${p.name}=${s.minimum - 1} is accepted`);
      n++;
    }
  }
  assert.ok(n > 10, `only ${n} bounds checked`);
});
