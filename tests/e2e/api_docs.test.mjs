// The API reference page /api/docs (issue 23 item 5) in Chromium: it
// renders /api/v1/openapi.json (every operation of the document, the
// error codes of the registry), a search finds a route and hides the
// rest, the words switch between English and Chinese from the catalogs,
// it asks nothing of another origin, and it fits 1280×800 and 360×640.
// Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';

const cat = (lang) => JSON.parse(readFileSync(new URL(`../../web/i18n/${lang}.json`, import.meta.url)));
const en = cat('en');
const zh = cat('zh-CN');
let srv;
let browser;
let doc;

async function open(width, height, locale) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale });
  const page = await ctx.newPage();
  page.errors = [];
  page.foreign = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(srv.base) && !r.url().startsWith('data:')) page.foreign.push(r.url()); });
  await page.goto(srv.base + '/api/docs');
  await page.waitForSelector('body[data-ready="1"]');
  return { ctx, page };
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: false });
}

before(async () => {
  srv = await startServer('api-docs');
  browser = await launch();
  doc = await (await fetch(srv.base + '/api/v1/openapi.json')).json();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('the page renders the served document and searches it', async () => {
  const { ctx, page } = await open(1280, 800, 'en-US');
  /* Every operation of the document is on the page, and nothing else. */
  const want = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => m.toUpperCase() + ' ' + p)).sort();
  const shown = (await page.$$eval('details.op', (ds) => ds.map((d) => d.dataset.method + ' ' + d.dataset.path))).sort();
  assert.deepEqual(shown, want);
  assert.equal(await page.textContent('h1'), en['docs.title']);
  const codes = await page.$$eval('#codes tr[data-code]', (rs) => rs.map((r) => r.dataset.code));
  assert.deepEqual(codes, doc.components.schemas.ErrorCode.enum);
  assert.equal(await page.textContent('#codes tr[data-code="insufficient_stock"] td:last-child'), en['error.insufficient_stock']);

  /* A search: the stock move route, with its body fields and permission. */
  await page.fill('#search', 'post stock/moves');
  const visible = await page.$$eval('details.op:not([hidden])', (ds) => ds.map((d) => d.dataset.method + ' ' + d.dataset.path));
  assert.deepEqual(visible, ['POST /api/v1/stock/moves']);
  assert.equal(await page.getAttribute('#ops', 'data-shown'), '1');
  const op = page.locator('details.op:not([hidden])');
  await op.locator('summary').click();
  const text = await op.textContent();
  const spec = doc.paths['/api/v1/stock/moves'].post;
  assert.ok(text.includes(spec['x-permission']));
  for (const f of Object.keys(spec.requestBody.content['application/json'].schema.properties)) {
    assert.ok(text.includes(f), `field ${f} not shown`);
  }
  await shot(page, 'api-docs-1280');
  await page.fill('#search', 'no-such-route-anywhere');
  assert.equal(await page.getAttribute('#ops', 'data-shown'), '0');
  assert.equal(await page.textContent('#count'), en['docs.no_match']);

  /* Chinese, from the catalogs. */
  await page.click('#lang');
  await page.waitForFunction((s) => document.querySelector('h1').textContent === s, zh['docs.title']);
  assert.equal(await page.getAttribute('#search', 'placeholder'), zh['docs.search']);
  assert.equal(await page.textContent('#codes tr[data-code="insufficient_stock"] td:last-child'), zh['error.insufficient_stock']);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.foreign, []);
  await ctx.close();
});

test('the page fits a 360×640 handheld', async () => {
  const { ctx, page } = await open(360, 640, 'zh-CN');
  assert.equal(await page.textContent('h1'), zh['docs.title']);
  await page.fill('#search', 'webhooks');
  await page.locator('details.op:not([hidden]) summary').first().click();
  await page.waitForTimeout(100);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 360, `the page is ${w} px wide at 360`);
  await shot(page, 'api-docs-360');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
