// Stock owners (issue 23 items 1 and 2) in the back office: an admin
// creates a 3PL client on the Owners page, finds it with the search,
// edits its contact, makes a product that client's on the product page
// and filters the stock page by it; each effect is checked through the
// API (the product's owner, the stock list by owner, and a client user of
// that owner who sees the product and not the company's). At 1280×800
// and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e owners password';
let srv;
let browser;

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#page .route *');
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

before(async () => {
  srv = await startServer('owners');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'R', type: 'reserve', name: '存储区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'R-1', zone: 'R' });
  await srv.ok('POST', '/api/v1/products', { sku: 'TEA-1', name: '明前龙井 250g' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: '醴陵瓷杯' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'R-1', sku: 'CUP-1', qty_delta: 5 });
  srv.addUser('boss', 'admin', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an owner made on the Owners page owns a product set on its page, as the API shows', async () => {
  const { ctx, page } = await desk('boss');
  await go(page, '#/owners', '#owner-form');
  /* The company itself is there from the start, as the default owner. */
  assert.ok(await page.isVisible('#owners tr[data-code="SELF"]'));
  await page.fill('#no-code', 'shanye');
  await page.fill('#no-name', '山野茶业');
  await page.fill('#no-contact', 'ops@shanye.example');
  await shot(page, 'app-owners-new');
  await page.click('#owner-create');
  await page.waitForSelector('#owner-notice');
  await page.waitForSelector('#owners tr[data-code="SHANYE"]');
  const o = await srv.ok('GET', '/api/v1/owners/SHANYE');
  assert.equal(o.name, '山野茶业');
  assert.equal(o.contact, 'ops@shanye.example');
  assert.equal(o.billing_currency, 'CNY');
  /* Search, then edit in place. */
  await page.fill('#owner-q', 'shan');
  await page.click('#owner-search-go');
  await page.waitForSelector('#owners tr[data-code="SHANYE"]');
  assert.equal(await page.locator('#owners tbody tr').count(), 1);
  await page.click('#owners tr[data-code="SHANYE"] .owner-link');
  await page.waitForSelector('#owner-edit');
  await page.fill('#eo-contact', '王经理 138-0000-1234');
  await page.click('#owner-save');
  await page.waitForSelector('#owner-notice');
  assert.equal((await srv.ok('GET', '/api/v1/owners/SHANYE')).contact, '王经理 138-0000-1234');
  /* The product's page gives it to the client. */
  await go(page, '#/product?sku=TEA-1', '#product-owner-form');
  assert.equal((await page.textContent('#product-owner')).trim(), 'SELF');
  await page.selectOption('#po-owner', 'SHANYE');
  await page.click('#product-owner-save');
  await page.waitForSelector('#product-notice');
  assert.equal((await page.textContent('#product-owner')).trim(), 'SHANYE');
  assert.equal((await srv.ok('GET', '/api/v1/products/TEA-1')).owner, 'SHANYE');
  const mine = await srv.ok('GET', '/api/v1/products?owner=SHANYE');
  assert.deepEqual(mine.items.map((x) => x.sku), ['TEA-1']);
  /* A product with stock keeps its owner: the page says why. */
  await go(page, '#/product?sku=CUP-1', '#product-owner-form');
  await page.selectOption('#po-owner', 'SHANYE');
  await page.click('#product-owner-save');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal((await srv.ok('GET', '/api/v1/products/CUP-1')).owner, 'SELF');
  /* The stock page filters by owner. */
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'R-1', sku: 'CUP-1', qty_delta: -5 });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'R-2', zone: 'R' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'R-2', sku: 'TEA-1', qty_delta: 7 });
  await go(page, '#/stock', '#st-owner');
  await page.selectOption('#st-owner', 'SHANYE');
  await page.click('.filters button[type=submit]');
  await page.waitForSelector('#stock tr.sku-row[data-sku="TEA-1"]');
  assert.equal(await page.locator('#stock tr.sku-row').count(), 1);
  const stock = await srv.ok('GET', '/api/v1/stock?owner=SHANYE');
  assert.deepEqual(stock.items.map((x) => [x.sku, x.on_hand]), [['TEA-1', 7]]);
  await shot(page, 'app-stock-by-owner');
  assert.deepEqual(page.errors.filter((e) => !/status of 409/.test(e)), []);
  await ctx.close();
  /* A client user of that owner sees its product only. */
  await srv.ok('POST', '/api/v1/users', { username: 'shanye_ops', role: 'client', owner: 'SHANYE', password: PW });
  const token = await srv.login('shanye_ops', PW);
  const seen = await srv.ok('GET', '/api/v1/products', undefined, token);
  assert.deepEqual(seen.items.map((x) => x.sku), ['TEA-1']);
  assert.equal((await srv.call('GET', '/api/v1/products/CUP-1', undefined, token)).status, 404);
});

test('the Owners page fits a phone', async () => {
  /* Signed in at a desk (a phone-sized sign-in goes to the floor). */
  const { ctx, page } = await desk('boss');
  await page.setViewportSize({ width: 360, height: 640 });
  await go(page, '#/owners', '#owner-form');
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 360, `owners is ${w} px wide at 360`);
  await shot(page, 'app-owners-360');
  await ctx.close();
});
