// End-to-end tests of kits and platform SKU mapping (issue 24, item 3) on
// the demo data (`depot demo seed`: the gift set LL-GIFT-01 of a teapot
// and four cups, and the Tmall store's platform codes). In the back
// office a kit is created with its components and edited, its page shows
// how many kits each warehouse can make; the Tmall store's SKU map lists
// the demo's codes, takes a new one and a CSV upload, and removes one; a
// held order with an unknown platform code is fixed with "remember the
// mapping". Each action is checked through the API. In English and
// Chinese, at 1280×800 and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e kits password';
const bin = process.env.DEPOT_BIN || 'build/depot';
let srv;
let browser;

function seedDemo() {
  const r = spawnSync(bin, ['demo', 'seed'], { env: { ...process.env, ...srv.env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('depot demo seed: ' + r.stdout + r.stderr);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

/* Signed in at desk size, then the size under test. */
async function desk(username, locale, viewport) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#nav-stores');
  await page.setViewportSize(viewport);
  return { ctx, page };
}

const go = (page, hash) => page.evaluate((h) => { location.hash = h; }, hash);

/* The page is not wider than the viewport (no sideways scrolling). */
async function fits(page, vp) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= vp.width + 1, `the page is ${w}px wide at ${vp.width}px`);
}

before(async () => {
  srv = await startServer('kits');
  browser = await launch();
  seedDemo();
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const RUNS = [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 1280, height: 800 }],
  ['en-US', { width: 360, height: 640 }], ['zh-CN', { width: 360, height: 640 }]];

for (const [i, [locale, vp]] of RUNS.entries()) {
  test(`back office creates and edits a kit and sees what each warehouse can make (${locale}, ${vp.width}x${vp.height})`, async () => {
    const { ctx, page } = await desk('office', locale, vp);
    const sku = `E2E-KIT-${i}`;
    await go(page, '#/products');
    await page.waitForSelector('#product-form');
    await page.fill('#np-sku', sku);
    await page.fill('#np-name', '茶具礼盒 ' + i);
    await page.fill('#np-price', '300');
    await page.check('#np-kit');
    await page.fill('#np-comps .kit-comp:nth-child(1) .kc-sku', 'LL-POT-02');
    await page.fill('#np-comps .kit-comp:nth-child(1) .kc-qty', '1');
    await page.click('#np-comps-add');
    await page.fill('#np-comps .kit-comp:nth-child(2) .kc-sku', 'LL-CUP-02');
    await page.fill('#np-comps .kit-comp:nth-child(2) .kc-qty', '2');
    await page.click('#product-create');
    await page.waitForSelector('#kit-section');
    /* Through the API: a kit of those components. */
    const p = await srv.ok('GET', '/api/v1/products/' + sku);
    assert.equal(p.kind, 'kit');
    assert.deepEqual(p.components.map((c) => [c.sku, c.qty]), [['LL-POT-02', 1], ['LL-CUP-02', 2]]);
    /* The page's figures per warehouse are the API's. */
    const stock = await srv.ok('GET', '/api/v1/stock?sku=' + sku);
    for (const s of stock.items) {
      const cell = await page.textContent(`#kit-available tr[data-warehouse="${s.warehouse}"] td.num`);
      assert.equal(Number(cell.replace(/[^0-9]/g, '')), s.available, s.warehouse);
    }
    const label = await page.textContent('#kit-section h2');
    assert.equal(label, locale === 'zh-CN' ? '组合商品组件' : 'Kit components');
    await fits(page, vp);
    await shot(page, `kits-product-${locale}-${vp.width}`);
    /* Edit: three cups a set. */
    await page.fill('#kit-comps .kit-comp:nth-child(2) .kc-qty', '3');
    await page.click('#kit-save');
    await page.waitForSelector('#product-notice');
    const q = await srv.ok('GET', '/api/v1/products/' + sku);
    assert.equal(q.components[1].qty, 3);
    /* A kit of kits is refused, worded in the page's language. */
    await page.click('#kit-comps-add');
    await page.fill('#kit-comps .kit-comp:nth-child(3) .kc-sku', 'LL-GIFT-01');
    await page.click('#kit-save');
    await page.waitForSelector('#error');
    const err = await page.textContent('#error');
    assert.match(err, locale === 'zh-CN' ? /组合商品只能由普通商品组成/ : /made of plain SKUs/);
    assert.equal((await srv.ok('GET', '/api/v1/products/' + sku)).components.length, 2);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`back office maps platform codes of the Tmall store and imports a CSV (${locale}, ${vp.width}x${vp.height})`, async () => {
    const { ctx, page } = await desk('office', locale, vp);
    await go(page, '#/stores');
    await page.click('#stores tr[data-code=TMALL] .skumap-link');
    await page.waitForSelector('#skumap');
    /* The demo's 6-pack of cups is there. */
    await page.waitForSelector('#skumap tr[data-code="TM-6025118-CUP6"]');
    const code = `E2E-TM-${i}`;
    await page.fill('#sm-code', code);
    await page.selectOption('#sm-kind', 'kit');
    await page.fill('#sm-sku', 'LL-GIFT-01');
    await page.fill('#sm-qty', '2');
    await page.click('#skumap-save');
    await page.waitForSelector(`#skumap tr[data-code="${code}"]`);
    let m = await srv.ok('GET', '/api/v1/stores/TMALL/sku-map?q=' + code);
    assert.equal(m.items.length, 1);
    assert.equal(m.items[0].sku, 'LL-GIFT-01');
    assert.equal(m.items[0].kind, 'kit');
    assert.equal(m.items[0].qty, 2);
    /* Search. */
    await page.fill('#sm-q', code);
    await page.press('#sm-q', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#skumap tbody tr').length === 1);
    await fits(page, vp);
    await shot(page, `kits-skumap-${locale}-${vp.width}`);
    /* CSV upload in the Chinese shop's header names. */
    const csv = `商家编码,SKU,数量\nE2E-CSV-${i}-A,LL-CUP-03,6\nE2E-CSV-${i}-B,LL-BOWL-03,1\n`;
    await page.setInputFiles('#sm-file', { name: 'map.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#skumap-upload');
    await page.waitForSelector('#skumap-notice');
    m = await srv.ok('GET', `/api/v1/stores/TMALL/sku-map?q=E2E-CSV-${i}-`);
    assert.deepEqual(m.items.map((x) => [x.platform_sku, x.sku, x.qty]),
      [[`E2E-CSV-${i}-A`, 'LL-CUP-03', 6], [`E2E-CSV-${i}-B`, 'LL-BOWL-03', 1]]);
    /* Remove one. */
    await go(page, `#/skumap?store=TMALL&q=E2E-CSV-${i}-B`);
    await page.waitForSelector(`#skumap tr[data-code="E2E-CSV-${i}-B"]`);
    await page.click(`#skumap tr[data-code="E2E-CSV-${i}-B"] button`);
    await page.waitForSelector('#skumap-empty');
    m = await srv.ok('GET', `/api/v1/stores/TMALL/sku-map?q=E2E-CSV-${i}-B`);
    assert.equal(m.items.length, 0);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`an order's kit line shows its components beneath it (${locale}, ${vp.width}x${vp.height})`, async () => {
    const o = await srv.ok('POST', '/api/v1/orders', {
      store: 'TMALL', external_id: `E2E-KIT-${i}`, currency: 'CNY',
      ship_to: { name: '周丽', line1: '解放西路 18 号', city: '长沙市', country_code: 'CN' },
      lines: [{ sku: 'LL-GIFT-01', qty: 1, unit_price: '268.00' }, { sku: 'LL-CUP-04', qty: 1, unit_price: '38.00' }],
    });
    /* Through the API: the kit line and its components, which name it. */
    const kit = o.lines.find((l) => l.sku === 'LL-GIFT-01');
    const parts = o.lines.filter((l) => l.kit_of === kit.line);
    assert.ok(parts.length >= 2, 'the gift set is sold as its components');
    const { ctx, page } = await desk('office', locale, vp);
    await go(page, '#/order?id=' + o.id);
    await page.waitForSelector('#order-lines tr.kit-line');
    const shown = await page.$$eval('#order-lines tbody tr', (rows) => rows.map((r) => ({
      line: Number(r.dataset.line), kitOf: r.dataset.kitOf, cls: r.className, text: r.textContent })));
    /* The kit's row, then exactly its components, then the plain line. */
    const at = shown.findIndex((r) => r.line === kit.line);
    assert.ok(shown[at].cls.includes('kit-line'));
    const under = shown.slice(at + 1, at + 1 + parts.length);
    assert.deepEqual(under.map((r) => r.line).sort(), parts.map((l) => l.line).sort());
    for (const r of under) {
      assert.ok(r.cls.includes('kit-component'));
      assert.equal(r.kitOf, String(kit.line));
      assert.ok(r.text.includes('LL-GIFT-01'), 'a component names its kit');
    }
    const plain = shown.find((r) => r.text.includes('LL-CUP-04') && r.cls === '');
    assert.ok(plain, 'the plain line stays a line of its own');
    await fits(page, vp);
    await shot(page, `kits-order-${locale}-${vp.width}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`a held order's unknown platform code is fixed and remembered (${locale}, ${vp.width}x${vp.height})`, async () => {
    const code = `TM-NEW-${i}`;
    const o = await srv.ok('POST', '/api/v1/orders', {
      store: 'TMALL', external_id: `E2E-UNK-${i}`, currency: 'CNY',
      ship_to: { name: '周丽', line1: '解放西路 18 号', city: '长沙市', country_code: 'CN' },
      lines: [{ sku: code, qty: 1, unit_price: '68.00' }],
    });
    assert.equal(o.state, 'on_hold');
    const { ctx, page } = await desk('office', locale, vp);
    await go(page, '#/order?id=' + o.id);
    await page.waitForSelector('#fix-form');
    await page.fill('#fix-sku-1', 'LL-CUP-04');
    assert.ok(await page.isChecked('#fix-save-1'), 'remembering is offered and on');
    await page.click('#fix-release');
    await page.waitForFunction(() => !document.querySelector('#fix-form'));
    const after = await srv.ok('GET', '/api/v1/orders/' + o.id);
    assert.notEqual(after.state, 'on_hold');
    const m = await srv.ok('GET', '/api/v1/stores/TMALL/sku-map?q=' + code);
    assert.equal(m.items.length, 1);
    assert.equal(m.items[0].sku, 'LL-CUP-04');
    /* The next order with that code goes through. */
    const again = await srv.ok('POST', '/api/v1/orders', {
      store: 'TMALL', external_id: `E2E-UNK-${i}-2`, currency: 'CNY',
      ship_to: { name: '周丽', line1: '解放西路 18 号', city: '长沙市', country_code: 'CN' },
      lines: [{ sku: code, qty: 1, unit_price: '68.00' }],
    });
    assert.notEqual(again.state, 'on_hold');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}
