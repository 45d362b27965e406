// Electronic waybills through Cainiao (电子面单, issue 27 item 4) in a real
// browser against a real `depot serve` and the TOP simulator
// (tests/sim/taobao_sim.mjs, started here: nothing reaches the internet).
// An admin saves a Taobao store's ZTO e-waybill account on its connection
// page (1280×800, English); a packer packs the store's pulled order at the
// pack station (360×640) and the carton closes with the number Cainiao
// gave, printed at the station as the 100 × 180 mm waybill; the back
// office saves another carrier's account in Chinese at 360×640, and both
// languages fit a phone. Effects are checked through the API and the
// simulator's log. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e waybill password';
const APP_KEY = '27182818';
const SECRET = 'e2e-waybill-secret-1414213562';
const SESSION = '6202e2ewaybill';
let srv;
let browser;
let sim;
let simPort;
let printer;
const printed = [];

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
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}),
  });
  return r.json();
}

function topTime(ago) {
  const t = new Date(Date.now() - ago * 1000 + 8 * 3600 * 1000);
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

function trade(tid) {
  return {
    tid, status: 'WAIT_SELLER_SEND_GOODS', modified: topTime(5), payment: '39.00', post_fee: '0.00',
    buyer_nick: 't**8', receiver_name: '李*', receiver_state: '湖南省', receiver_city: '株洲市', receiver_district: '芦淞区',
    receiver_address: '建设中路**号', receiver_zip: '412000', receiver_mobile: '*******5678', oaid: `OAID${tid}`,
    orders: { order: [{ oid: tid * 10 + 1, outer_sku_id: 'CUP-1', num: 1, price: '39.00', title: '醴陵瓷杯' }] },
  };
}

/* Fills the e-waybill account form for @carrier and saves it. */
async function saveAccount(page, carrier, cp) {
  await page.selectOption('#wb-carrier', carrier);
  await page.fill('#wb-cp', cp);
  await page.fill('#wb-template', 'http://cloudprint.cainiao.com/template/standard/101');
  await page.fill('#wb-name', '株洲仓发货组');
  await page.fill('#wb-mobile', '13973300000');
  await page.fill('#wb-province', '湖南省');
  await page.fill('#wb-city', '株洲市');
  await page.fill('#wb-district', '天元区');
  await page.fill('#wb-detail', '黄河南路 1 号');
  await page.click('#waybill-save');
  await page.waitForSelector('#channel-notice');
  await page.waitForSelector(`#waybill-accounts tr[data-carrier="${carrier}"]`);
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
  await simPost('/__sim/trades', { trades: [trade(8001)] });
  printer = net.createServer((sock) => {
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => printed.push(Buffer.concat(chunks).toString('latin1')));
  });
  await new Promise((r) => printer.listen(0, '127.0.0.1', r));
  srv = await startServer('waybill');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'A-01', zone: 'P', pick_sequence: 1 });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 20 });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: '醴陵瓷杯', weight_kg: '0.25', barcodes: [{ code: 'BC-1' }] });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-01', sku: 'CUP-1', qty_delta: 20 });
  for (const [code, name, prefix] of [['ZTO', '中通快递', 'DZ'], ['YTO', '圆通速递', 'DY']]) {
    await srv.ok('POST', '/api/v1/carriers', {
      code, name, transit_days: 2, tracking: { prefix, digits: 9, check_digit: 'mod10', first: 1, last: 5000 },
    });
  }
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-M', name: '中号箱', tare_g: 100 });
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1', printer: '127.0.0.1:' + printer.address().port });
  await srv.ok('POST', '/api/v1/stores', {
    code: 'TMALL', name: '天猫旗舰店', channel: 'taobao', warehouse: 'W1', currency: 'CNY', carrier: 'ZTO',
  });
  await srv.ok('POST', '/api/v1/stores/TMALL/channel-auth', {
    app_key: APP_KEY, app_secret: SECRET, access_token: SESSION, base_url: `http://127.0.0.1:${simPort}/router/rest`,
    pull_seconds: 3600,
  });
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('p1', 'picker', 'W1', PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sim) sim.kill('SIGTERM');
  if (printer) printer.close();
});

test('an admin saves the store\'s ZTO e-waybill account on its connection page', async () => {
  const { ctx, page } = await desk('boss');
  await go(page, '#/channel?store=TMALL', '#waybill-form');
  assert.ok(await page.$('#waybill-none'), 'no account yet');
  await shot(page, 'app-waybill-new');
  await saveAccount(page, 'ZTO', 'ZTO');
  const w = await srv.ok('GET', '/api/v1/stores/TMALL/waybill-accounts');
  assert.equal(w.items.length, 1);
  assert.equal(w.items[0].carrier, 'ZTO');
  assert.equal(w.items[0].cp_code, 'ZTO');
  assert.equal(w.items[0].active, true);
  assert.equal(w.items[0].sender.city, '株洲市');
  assert.equal(w.items[0].sender.mobile, '13973300000');
  await shot(page, 'app-waybill-saved');
  await switches(page, { main: '#page .route', back: true, options: false });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a packer packs the Taobao order at the station: the carton closes with Cainiao\'s number, printed', async () => {
  /* The order comes from the platform; picked through the API. */
  await srv.ok('POST', '/api/v1/stores/TMALL/channel-pull');
  let order;
  await until(async () => {
    order = (await srv.ok('GET', '/api/v1/orders?store=TMALL&external_id=8001&state=allocated')).items[0];
    return !!order;
  }, 'order 8001 pulled and allocated');
  await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'TMALL', batch_size: 1 });
  const p1 = await srv.login('p1', PW);
  const key = () => String(Math.random());
  let v = await srv.ok('POST', '/api/v1/picklists/next', { warehouse: 'W1' }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: v.task.bin, idempotency_key: key() }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: 'BC-1', qty: 1, idempotency_key: key() }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: 'T001', idempotency_key: key() }, p1);
  assert.equal(v.action, 'done');
  /* At the floor terminal's pack station. */
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'en-US', hasTouch: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(srv.base + '/login');
  await page.fill('#username', 'p1');
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL(/\/(floor|app)\//);
  if (!page.url().includes('/floor/')) await page.goto(srv.base + '/floor/');
  await page.waitForSelector('#start-pick');
  await page.click('#start-station');
  await page.click('#stations [data-code=ST1]');
  await page.waitForSelector('#start-station:has-text("ST1")');
  await page.click('#start-pack');
  const scan = async (c) => { await page.keyboard.type(c); await page.keyboard.press('Enter'); };
  await page.waitForSelector('#big[data-action=scan_tote]');
  await scan('T001');
  await page.waitForSelector('#big[data-action=carton]');
  await page.click('#carton-types [data-code=BOX-M]');
  await page.waitForSelector('#big[data-action=scan_item]');
  await scan('BC-1');
  await page.waitForSelector('#big[data-action=weigh]');
  await page.fill('#weight', '350');
  await page.click('#close-carton');
  await page.waitForFunction(() => /Carton closed: tracking number ZT/.test(document.querySelector('#flash').textContent),
    null, { timeout: 15000 });
  const flash = await page.textContent('#flash');
  await shot(page, 'floor-waybill-closed');
  /* Through the API and the simulator: the carton holds the number that
     Cainiao gave for its object id, asked once. */
  const log = await simPost('/__sim/log');
  const objects = Object.keys(log.waybill_gets);
  assert.equal(objects.length, 1);
  assert.equal(log.waybill_gets[objects[0]], 1);
  const number = log.waybills[objects[0]];
  assert.ok(flash.includes(number), `the flash "${flash}" names ${number}`);
  const ship = (await srv.ok('GET', '/api/v1/orders/' + order.id));
  assert.equal(ship.state, 'packed');
  const jobs = (await srv.ok('GET', '/api/v1/print-jobs?station=ST1')).items;
  const label = await (await fetch(srv.base + `/api/v1/cartons/${jobs[0].carton}/label.zpl`,
    { headers: { Authorization: 'Bearer ' + srv.token } })).text();
  assert.ok(label.includes('^PW800^LL1440') && label.includes(number), 'the 100 × 180 mm waybill with its number');
  await until(async () => printed.some((p) => p.includes(number)), 'the waybill printed at the station');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('360×640 in Chinese: the back office saves a YTO account; both languages fit a phone', async () => {
  const { ctx, page } = await desk('office', 'zh-CN', 360, 640);
  await go(page, '#/channel?store=TMALL', '#waybill-form');
  assert.match(await page.textContent('#waybill h2'), /电子面单账号/);
  await fitsWidth(page, 360, 'waybill-zh-CN');
  await saveAccount(page, 'YTO', 'YTO');
  const w = await srv.ok('GET', '/api/v1/stores/TMALL/waybill-accounts');
  assert.deepEqual(w.items.map((a) => a.carrier), ['YTO', 'ZTO']);
  assert.equal(w.items[1].issued, 1);
  /* Choosing a carrier with an account shows it, to change it. */
  await page.selectOption('#wb-carrier', 'ZTO');
  assert.equal(await page.inputValue('#wb-cp'), 'ZTO');
  assert.equal(await page.inputValue('#wb-detail'), '黄河南路 1 号');
  await fitsWidth(page, 360, 'waybill-saved-zh-CN');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  const en = await desk('office', 'en-US', 360, 640);
  await go(en.page, '#/channel?store=TMALL', '#waybill-form');
  assert.match(await en.page.textContent('#waybill h2'), /E-waybill accounts/);
  await fitsWidth(en.page, 360, 'waybill-en-US');
  assert.deepEqual(en.page.errors, []);
  await en.ctx.close();
});
