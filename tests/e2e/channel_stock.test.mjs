// Stock push to marketplace listings (issue 27 item 5) in the back office,
// against the Taobao/Tmall simulator (tests/sim/taobao_sim.mjs with
// tests/sim/sim_stock.mjs, started here: nothing reaches the internet).
// The store's credentials point at the simulator; on the store's SKU map
// a listing is mapped in the UI with the platform's item and SKU ids and a
// pack size; the marketplace worker pushes ⌊free / pack⌋ and the mapping
// table shows the pushed figure and state. Each figure is checked in the
// simulator's book and through the API. In English and Chinese, at
// 1280×800 and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e stock push password';
const APP_KEY = '27182818';
const SECRET = 'e2e-stock-secret-1414213562';
const SESSION = '6201e2estock';
let srv;
let browser;
let sim;
let simPort;

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, locale, width, height) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
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
  await page.setViewportSize({ width, height });
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

async function until(fn, what) {
  for (let i = 0; i < 300; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('timed out waiting for ' + what);
}

async function simPost(path, body) {
  const r = await fetch(`http://127.0.0.1:${simPort}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return r.json();
}

before(async () => {
  const here = dirname(fileURLToPath(import.meta.url));
  sim = spawn(process.execPath, [join(here, '../sim/taobao_sim.mjs'), '--app-key', APP_KEY, '--secret', SECRET,
    '--session', SESSION], { stdio: ['ignore', 'pipe', 'inherit'] });
  simPort = await new Promise((resolve, reject) => {
    sim.stdout.once('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1])); else reject(new Error('simulator: ' + d));
    });
    sim.once('exit', (c) => reject(new Error('simulator exited ' + c)));
  });
  srv = await startServer('channel_stock');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: 'Zhuzhou DC' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'P-01', zone: 'P', pick_sequence: 1 });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: 'Liling cup' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'P-01', sku: 'CUP-1', qty_delta: 100 });
  await srv.ok('POST', '/api/v1/stores', { code: 'TMALL', name: 'Tmall flagship', channel: 'taobao', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/stores/TMALL/channel-auth', {
    app_key: APP_KEY, app_secret: SECRET, access_token: SESSION, token_expires_at: '2099-01-01T00:00:00Z',
    base_url: `http://127.0.0.1:${simPort}/router/rest`, page_size: 20, pull_seconds: 86400,
  });
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sim) sim.kill('SIGTERM');
});

const cases = [
  { locale: 'en-US', width: 1280, height: 800, pack: 1, want: 100, state: /pushed/ },
  { locale: 'zh-CN', width: 360, height: 640, pack: 6, want: 16, state: /已同步/ },
  { locale: 'zh-CN', width: 1280, height: 800, pack: 3, want: 33, state: /已同步/ },
  { locale: 'en-US', width: 360, height: 640, pack: 4, want: 25, state: /pushed/ },
];

cases.forEach((c, i) => {
  test(`${c.locale} ${c.width}×${c.height}: a listing mapped with its platform ids shows the figure pushed`, async () => {
    const { ctx, page } = await desk('office', c.locale, c.width, c.height);
    await go(page, '#/skumap?store=TMALL', '#skumap-form');
    const code = `TM-CUP-E2E-${i}`;
    await page.fill('#sm-code', code);
    await page.selectOption('#sm-kind', 'sku');
    await page.fill('#sm-sku', 'CUP-1');
    await page.fill('#sm-qty', String(c.pack));
    await page.fill('#sm-item', '5550001');
    await page.fill('#sm-skuid', String(8880 + i));
    await page.click('#skumap-save');
    await page.waitForSelector(`#skumap tr[data-code="${code}"]`);
    /* The worker pushes; the table shows the figure after a redraw. */
    await until(async () => {
      const b = await simPost('/__sim/stock', {});
      return b.listings[`5550001:${8880 + i}`]?.qty === c.want;
    }, `the simulator booked ${c.want}`);
    await until(async () => {
      await go(page, `#/skumap?store=TMALL&q=${code}`, `#skumap tr[data-code="${code}"]`);
      const text = await page.textContent(`#skumap tr[data-code="${code}"] .push-pushed`).catch(() => '');
      return text.includes(String(c.want)) && c.state.test(text);
    }, 'the pushed figure on the mapping screen');
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    await shot(page, `skumap-push-${c.locale}-${c.width}`);
    assert.ok(w <= c.width, `the SKU map is ${w} px wide at ${c.width}`);
    /* Through the API: the ids and the last push. */
    const m = await srv.ok('GET', `/api/v1/stores/TMALL/sku-map?q=${code}`);
    assert.equal(m.items.length, 1);
    assert.equal(m.items[0].platform_item_id, '5550001');
    assert.equal(m.items[0].platform_sku_id, String(8880 + i));
    assert.equal(m.items[0].push.state, 'pushed');
    assert.equal(m.items[0].push.qty, c.want);
    const b = await simPost('/__sim/stock', {});
    assert.equal(b.listings[`5550001:${8880 + i}`].sets, 1, 'pushed once');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
});
