// Marketplace connections (issue 27) for a JD store, against the JOS
// simulator (tests/sim/jd_sim.mjs, started here: nothing reaches the
// internet). An admin opens a JD store's connection from the stores list:
// it says "not authorised", offers MD5 signing only and names JD's API
// address; the admin saves the credentials (pointing the API address at
// the simulator), presses "pull now" and sees the orders pulled today; the
// orders and the connection's state are checked through the API, and the
// connection's document never shows a secret. In English at 1280×800 and
// in Chinese at 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e jd channels password';
const APP_KEY = 'E2EJD0A1B2C3D4';
const SECRET = 'e2e-jd-sim-secret-1414213562';
const TOKEN = 'e2e-jd-access-token-1732';
let srv;
let browser;
let sim;
let simPort;

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, locale, width, height) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: locale || 'en-US' });
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
  /* A phone signs in as a desk does; the page is then made narrow. */
  if (width) await page.setViewportSize({ width, height });
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

async function fitsWidth(page, width, name) {
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  await shot(page, name + '-' + width);
  assert.ok(w <= width, `${name} is ${w} px wide at ${width}`);
}

async function until(fn, what) {
  for (let i = 0; i < 200; i++) {
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

/* JOS's GMT+8 time, @ago seconds back. */
function josTime(ago) {
  const t = new Date(Date.now() - ago * 1000 + 8 * 3600 * 1000);
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

/* A JOS order waiting to ship, its buyer's data masked as JOS sends it. */
function jdOrder(id, sku, qty, ago) {
  return {
    orderId: String(id), orderState: 'WAIT_SELLER_STOCK_OUT', modified: josTime(ago), orderPayment: `${qty * 59}.00`,
    freightPrice: '0.00', sellerDiscount: '0.00', pin: 'jd_****6', orderRemark: '',
    consigneeInfo: { fullname: '王*', mobile: '139****5678', telephone: '', province: '湖南', city: '株洲市', county: '芦淞区', town: '',
      fullAddress: '湖南株洲市芦淞区建设中路**号' },
    itemInfoList: [{ skuId: `${id}1`, outerSkuId: sku, skuName: '醴陵釉下彩茶杯', jdPrice: '59.00', itemTotal: String(qty) }],
  };
}

async function orderCount(store) {
  return (await srv.ok('GET', `/api/v1/orders?store=${store}&limit=100`)).items.length;
}

/* Fills and saves the credentials form, pointing at the simulator. */
async function saveCredentials(page) {
  await page.fill('#ch-app-key', APP_KEY);
  await page.fill('#ch-secret', SECRET);
  await page.fill('#ch-token', TOKEN);
  await page.fill('#ch-refresh', 'rf-' + TOKEN);
  await page.fill('#ch-expires', '2099-01-01T08:00');
  await page.fill('#ch-base', `http://127.0.0.1:${simPort}/routerjson`);
  await page.fill('#ch-page', '2');
  await page.fill('#ch-every', '3600');
  await page.click('#channel-save');
  await page.waitForSelector('#channel-notice');
}

before(async () => {
  const here = dirname(fileURLToPath(import.meta.url));
  sim = spawn(process.execPath, [join(here, '../sim/jd_sim.mjs'), '--app-key', APP_KEY, '--secret', SECRET,
    '--token', TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  simPort = await new Promise((resolve, reject) => {
    sim.stdout.once('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1])); else reject(new Error('simulator: ' + d));
    });
    sim.once('exit', (c) => reject(new Error('simulator exited ' + c)));
  });
  await simPost('/__sim/orders', { orders: [jdOrder(9001, 'CUP-1', 1, 40), jdOrder(9002, 'CUP-1', 2, 30), jdOrder(9003, 'CUP-2', 1, 20)] });
  srv = await startServer('channels_jd');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: 'Zhuzhou DC' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: 'Liling cup' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-2', name: 'Liling bowl' });
  await srv.ok('POST', '/api/v1/stores', { code: 'JDPOP', name: 'JD flagship', channel: 'jd', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/stores', { code: 'JD2', name: '京东二店', channel: 'jd', warehouse: 'W1' });
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sim) sim.kill('SIGTERM');
});

test('an admin connects a JD store in the UI, pulls now, and sees the orders pulled', async () => {
  const { ctx, page } = await desk('boss');
  await go(page, '#/stores', '#stores');
  await page.click('#stores tr[data-code="JDPOP"] .channel-link');
  await page.waitForSelector('#channel-form');
  assert.equal(await page.$('#channel-planned'), null, 'JD has a connector: no "planned" note');
  assert.match(await page.textContent('#channel-state-value'), /Not authorised/);
  assert.equal(await page.getAttribute('#channel-pull', 'disabled') !== null, true, 'pull now is off before authorisation');
  assert.deepEqual(await page.$$eval('#ch-sign option', (os) => os.map((o) => o.value)), ['md5'], 'JD signs with MD5 only');
  assert.match(await page.textContent('#channel-hint'), /api\.jd\.com\/routerjson/);
  await shot(page, 'app-channel-jd-new');
  await saveCredentials(page);
  await page.click('#channel-pull');
  await page.waitForSelector('#channel-notice');
  await until(async () => (await orderCount('JDPOP')) === 3, 'three orders pulled');
  /* Through the API: the orders, and the connection's state. */
  const list = await srv.ok('GET', '/api/v1/orders?store=JDPOP&limit=100');
  assert.deepEqual(list.items.map((o) => o.external_id).sort(), ['9001', '9002', '9003']);
  const c = await srv.ok('GET', '/api/v1/stores/JDPOP/channel-auth');
  assert.equal(c.channel, 'jd');
  assert.equal(c.state, 'authorised');
  assert.equal(c.app_key, APP_KEY);
  assert.equal(c.sign_method, 'md5');
  assert.equal(c.pulled_total, 3);
  assert.equal(c.page_size, 2);
  assert.ok(!JSON.stringify(c).includes(SECRET) && !JSON.stringify(c).includes(TOKEN), 'no secret in the document');
  const log = await simPost('/__sim/log', {});
  assert.ok(log.search_pages >= 2, 'pulled page by page');
  assert.deepEqual(log.refused, [], 'the simulator took every request');
  await until(async () => {
    await page.click('#channel-refresh');
    await page.waitForSelector('#channel-pulled-today');
    return (await page.textContent('#channel-pulled-today')).trim() === '3';
  }, 'orders pulled today shown');
  assert.match(await page.textContent('#channel-state-value'), /Authorised/);
  assert.equal(await page.getAttribute('#channel-pull', 'disabled'), null);
  await shot(page, 'app-channel-jd-pulled');
  await switches(page, { main: '#page .route', back: true, options: false });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('360×640 in Chinese: the back office connects another JD store and pulls; both languages fit a phone', async () => {
  const { ctx, page } = await desk('office', 'zh-CN', 360, 640);
  await go(page, '#/channel?store=JD2', '#channel-form');
  assert.match(await page.textContent('#channel-state-value'), /未授权/);
  assert.match(await page.textContent('#channel-hint'), /京东/);
  await fitsWidth(page, 360, 'channel-jd-new-zh-CN');
  await saveCredentials(page);
  await page.click('#channel-pull');
  await until(async () => (await orderCount('JD2')) === 3, 'three orders pulled into the second store');
  await until(async () => {
    await page.click('#channel-refresh');
    await page.waitForSelector('#channel-pulled-today');
    return (await page.textContent('#channel-pulled-today')).trim() === '3';
  }, 'orders pulled today shown');
  assert.match(await page.textContent('#channel-state-value'), /已授权/);
  assert.equal((await srv.ok('GET', '/api/v1/stores/JD2/channel-auth')).state, 'authorised');
  await fitsWidth(page, 360, 'channel-jd-zh-CN');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  const en = await desk('office', 'en-US', 360, 640);
  await go(en.page, '#/channel?store=JDPOP', '#channel-state');
  await fitsWidth(en.page, 360, 'channel-jd-en-US');
  await en.ctx.close();
});
