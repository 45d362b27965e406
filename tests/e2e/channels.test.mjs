// Marketplace connections (issue 27) in the back office, against the
// Taobao/Tmall simulator (tests/sim/taobao_sim.mjs, started here: nothing
// reaches the internet). An admin opens a Taobao store's connection from
// the stores list, saves its credentials (pointing the API address at the
// simulator), presses "pull now" and sees the orders pulled today; the
// orders are checked through the API, and the connection's document never
// shows a secret. In English at 1280×800 and in Chinese at 360×640.
// Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e channels password';
const APP_KEY = '31415926';
const SECRET = 'e2e-sim-secret-2718281828';
const SESSION = '6201e2esession';
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

/* TOP's GMT+8 time, @ago seconds back. */
function topTime(ago) {
  const t = new Date(Date.now() - ago * 1000 + 8 * 3600 * 1000);
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

function trade(tid, sku, qty, ago) {
  return {
    tid, status: 'WAIT_SELLER_SEND_GOODS', modified: topTime(ago), payment: `${qty * 39}.00`, post_fee: '0.00',
    buyer_nick: 't**8', receiver_name: '李*', receiver_state: '湖南省', receiver_city: '株洲市', receiver_district: '芦淞区',
    receiver_address: '建设中路**号', receiver_zip: '412000', receiver_mobile: '*******5678', oaid: `OAID${tid}`,
    orders: { order: [{ oid: tid * 10 + 1, outer_sku_id: sku, num: qty, price: '39.00', title: '醴陵瓷杯', refund_status: 'NO_REFUND' }] },
  };
}

async function orderCount(store) {
  return (await srv.ok('GET', `/api/v1/orders?store=${store}&limit=100`)).items.length;
}

/* Fills and saves the credentials form, pointing at the simulator. */
async function saveCredentials(page) {
  await page.fill('#ch-app-key', APP_KEY);
  await page.fill('#ch-secret', SECRET);
  await page.fill('#ch-token', SESSION);
  await page.fill('#ch-refresh', 'rf-' + SESSION);
  await page.fill('#ch-expires', '2099-01-01T08:00');
  await page.fill('#ch-base', `http://127.0.0.1:${simPort}/router/rest`);
  await page.fill('#ch-page', '2');
  await page.fill('#ch-every', '3600');
  await page.click('#channel-save');
  await page.waitForSelector('#channel-notice');
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
  await simPost('/__sim/trades', { trades: [trade(7001, 'CUP-1', 1, 40), trade(7002, 'CUP-1', 2, 30), trade(7003, 'CUP-2', 1, 20)] });
  srv = await startServer('channels');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: 'Zhuzhou DC' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: 'Liling cup' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-2', name: 'Liling bowl' });
  await srv.ok('POST', '/api/v1/stores', { code: 'TMALL', name: 'Tmall flagship', channel: 'taobao', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/stores', { code: 'TAOBAO2', name: '淘宝二店', channel: 'taobao', warehouse: 'W1' });
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sim) sim.kill('SIGTERM');
});

test('an admin connects a Taobao store in the UI, pulls now, and sees the orders pulled', async () => {
  const { ctx, page } = await desk('boss');
  await go(page, '#/stores', '#stores');
  await page.click('#stores tr[data-code="TMALL"] .channel-link');
  await page.waitForSelector('#channel-form');
  assert.equal(await page.getAttribute('#channel-pull', 'disabled') !== null, true, 'pull now is off before authorisation');
  await shot(page, 'app-channel-new');
  await saveCredentials(page);
  await page.click('#channel-pull');
  await page.waitForSelector('#channel-notice');
  await until(async () => (await orderCount('TMALL')) === 3, 'three orders pulled');
  /* Through the API: the orders, with the platform's masked data. */
  const list = await srv.ok('GET', '/api/v1/orders?store=TMALL&limit=100');
  assert.deepEqual(list.items.map((o) => o.external_id).sort(), ['7001', '7002', '7003']);
  const c = await srv.ok('GET', '/api/v1/stores/TMALL/channel-auth');
  assert.equal(c.state, 'authorised');
  assert.equal(c.app_key, APP_KEY);
  assert.equal(c.pulled_total, 3);
  assert.equal(c.page_size, 2);
  assert.ok(!JSON.stringify(c).includes(SECRET) && !JSON.stringify(c).includes(SESSION), 'no secret in the document');
  /* The page shows it after a refresh. */
  await until(async () => {
    await page.click('#channel-refresh');
    await page.waitForSelector('#channel-pulled-today');
    return (await page.textContent('#channel-pulled-today')).trim() === '3';
  }, 'orders pulled today shown');
  assert.equal(await page.getAttribute('#channel-pull', 'disabled'), null);
  await shot(page, 'app-channel-pulled');
  await switches(page, { main: '#page .route', back: true, options: false });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('360×640 in Chinese: the back office connects another store and pulls; both languages fit a phone', async () => {
  const { ctx, page } = await desk('office', 'zh-CN', 360, 640);
  await go(page, '#/channel?store=TAOBAO2', '#channel-form');
  await fitsWidth(page, 360, 'channel-new-zh-CN');
  await saveCredentials(page);
  await page.click('#channel-pull');
  await until(async () => (await orderCount('TAOBAO2')) === 3, 'three orders pulled into the second store');
  await until(async () => {
    await page.click('#channel-refresh');
    await page.waitForSelector('#channel-pulled-today');
    return (await page.textContent('#channel-pulled-today')).trim() === '3';
  }, 'orders pulled today shown');
  assert.match(await page.textContent('#channel-state-value'), /已授权/);
  await fitsWidth(page, 360, 'channel-zh-CN');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  const en = await desk('office', 'en-US', 360, 640);
  await go(en.page, '#/channel?store=TMALL', '#channel-state');
  await fitsWidth(en.page, 360, 'channel-en-US');
  await go(en.page, '#/stores', '#stores');
  await en.ctx.close();
});
