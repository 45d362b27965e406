// Electronic waybills of a Pinduoduo store through Pinduoduo's own waybill
// service (拼多多电子面单, issue 27 item 4) in a real browser against a real
// `depot serve` and the Pinduoduo simulator (tests/sim/pdd_sim.mjs with
// pdd_waybill_sim.mjs, started here: nothing reaches the internet). An
// admin saves the store's ZTO e-waybill account on its connection page
// (1280×800, English), which offers Pinduoduo's carrier codes (wp_code);
// the store's pulled order is picked and packed through the API and its
// carton closes with the number Pinduoduo's service gave, checked through
// the API and the simulator's log; the back office sees the page in
// Chinese at 360×640, and both languages fit a phone. Screenshots go to
// build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e pdd waybill password';
const CLIENT_ID = 'pdd0e2e0waybill0client0id0000001';
const SECRET = 'e2e-pdd-waybill-secret-31415926';
const TOKEN = 'e2e-pdd-waybill-token';
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

/* A Pinduoduo order of one cup to ship, its buyer's data masked. */
function pddOrder(sn) {
  const t = new Date(Date.now() - 5000 + 8 * 3600 * 1000);
  return {
    order_sn: sn, order_status: 1, refund_status: 1, confirm_status: 1, is_lucky_flag: 1,
    updated_at: t.toISOString().slice(0, 19).replace('T', ' '), goods_amount: '39.00', discount_amount: '0.00',
    seller_discount: '0.00', platform_discount: '0.00', postage: '0.00', pay_amount: '39.00', buyer_memo: '', remark: '',
    receiver_name: '~AgAAAAEnc~', receiver_name_mask: '李*', receiver_phone: '$AgAAAAEnc$',
    receiver_phone_mask: '138****5678', receiver_address: '~AgAAAAEaddr~', receiver_address_mask: '建设中路**号',
    province: '湖南省', city: '株洲市', town: '芦淞区',
    item_list: [{ goods_id: '1', sku_id: '11', outer_id: 'CUP-1', outer_goods_id: '', goods_name: '醴陵瓷杯',
      goods_spec: '白', goods_price: '39.00', goods_count: 1 }],
  };
}

before(async () => {
  const here = dirname(fileURLToPath(import.meta.url));
  sim = spawn(process.execPath, [join(here, '../sim/pdd_sim.mjs'), '--client-id', CLIENT_ID, '--secret', SECRET,
    '--token', TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  simPort = await new Promise((resolve, reject) => {
    sim.stdout.once('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1])); else reject(new Error('simulator: ' + d));
    });
    sim.once('exit', (c) => reject(new Error('simulator exited ' + c)));
  });
  await simPost('/__sim/orders', { orders: [pddOrder('240101-8001')] });
  srv = await startServer('waybill_pdd');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'A-01', zone: 'P', pick_sequence: 1 });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 20 });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: '醴陵瓷杯', weight_kg: '0.25', barcodes: [{ code: 'BC-1' }] });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-01', sku: 'CUP-1', qty_delta: 20 });
  await srv.ok('POST', '/api/v1/carriers', {
    code: 'ZTO', name: '中通快递', transit_days: 2, tracking: { prefix: 'DZ', digits: 9, check_digit: 'mod10', first: 1, last: 5000 },
  });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-M', name: '中号箱', tare_g: 100 });
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/stores', {
    code: 'PDD', name: '拼多多旗舰店', channel: 'pinduoduo', warehouse: 'W1', currency: 'CNY', carrier: 'ZTO',
  });
  await srv.ok('POST', '/api/v1/stores/PDD/channel-auth', {
    app_key: CLIENT_ID, app_secret: SECRET, access_token: TOKEN, refresh_token: 'rf-' + TOKEN,
    token_expires_at: '2099-01-01T00:00:00Z', base_url: `http://127.0.0.1:${simPort}/api/router`, pull_seconds: 3600,
  });
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('p1', 'picker', 'W1', PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sim) sim.kill('SIGTERM');
});

test('an admin saves the Pinduoduo store\'s ZTO e-waybill account with Pinduoduo\'s carrier code', async () => {
  const { ctx, page } = await desk('boss');
  await go(page, '#/channel?store=PDD', '#waybill-form');
  assert.ok(await page.$('#waybill-none'), 'no account yet');
  assert.match(await page.textContent('label[for=wb-cp]'), /Pinduoduo carrier code/);
  const codes = await page.$$eval('#wb-cp-codes option', (os) => os.map((o) => o.value));
  assert.deepEqual(codes, ['ZTO', 'YTO', 'YUNDA', 'STO']);
  await shot(page, 'app-waybill-pdd-new');
  await page.selectOption('#wb-carrier', 'ZTO');
  await page.fill('#wb-cp', 'ZTO');
  await page.fill('#wb-template', 'http://127.0.0.1/pdd-e2e/standard-template/zto');
  await page.fill('#wb-name', '株洲仓发货组');
  await page.fill('#wb-mobile', '13973300000');
  await page.fill('#wb-province', '湖南省');
  await page.fill('#wb-city', '株洲市');
  await page.fill('#wb-district', '天元区');
  await page.fill('#wb-detail', '黄河南路 1 号');
  await page.click('#waybill-save');
  await page.waitForSelector('#channel-notice');
  await page.waitForSelector('#waybill-accounts tr[data-carrier="ZTO"]');
  const w = await srv.ok('GET', '/api/v1/stores/PDD/waybill-accounts');
  assert.equal(w.channel, 'pinduoduo');
  assert.equal(w.items.length, 1);
  assert.equal(w.items[0].cp_code, 'ZTO');
  assert.equal(w.items[0].sender.district, '天元区');
  await shot(page, 'app-waybill-pdd-saved');
  await switches(page, { main: '#page .route', back: true, options: false });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the Pinduoduo order\'s carton closes with the number Pinduoduo\'s service gave', async () => {
  await srv.ok('POST', '/api/v1/stores/PDD/channel-pull');
  let order;
  await until(async () => {
    order = (await srv.ok('GET', '/api/v1/orders?store=PDD&external_id=240101-8001&state=allocated')).items[0];
    if (!order) await srv.ok('POST', '/api/v1/stores/PDD/channel-pull');
    return !!order;
  }, 'order 240101-8001 pulled and allocated');
  await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'PDD', batch_size: 1 });
  const p1 = await srv.login('p1', PW);
  const key = () => String(Math.random());
  let v = await srv.ok('POST', '/api/v1/picklists/next', { warehouse: 'W1' }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: v.task.bin, idempotency_key: key() }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: 'BC-1', qty: 1, idempotency_key: key() }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: 'T001', idempotency_key: key() }, p1);
  assert.equal(v.action, 'done');
  const sh = await srv.ok('POST', '/api/v1/packing/open', { code: '240101-8001', station: 'ST1' }, p1);
  const c = await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-M' }, p1);
  const cid = c.cartons[0].id;
  await srv.ok('POST', `/api/v1/cartons/${cid}/scan`, { code: 'BC-1', qty: 1 }, p1);
  const closed = await srv.ok('POST', `/api/v1/cartons/${cid}/close`, { weight_g: 350, idempotency_key: key() }, p1);
  const log = await simPost('/__sim/log');
  const number = log.waybills[`depot-carton-${cid}`];
  assert.ok(number, 'the service gave a number for the carton');
  assert.equal(closed.cartons[0].tracking_no, number);
  assert.equal(log.waybill_last.wp_code, 'ZTO');
  assert.equal(log.waybill_last.trade_order_info_dtos[0].order_info.order_channels_type, 'PDD');
  const label = await (await fetch(srv.base + `/api/v1/cartons/${cid}/label.zpl`,
    { headers: { Authorization: 'Bearer ' + srv.token } })).text();
  assert.ok(label.includes('^PW800^LL1440') && label.includes(number), 'the 100 × 180 mm waybill with its number');
  const w = await srv.ok('GET', '/api/v1/stores/PDD/waybill-accounts');
  assert.equal(w.items[0].issued, 1);
});

test('360×640: the Pinduoduo account section in Chinese and English fits a phone', async () => {
  const { ctx, page } = await desk('office', 'zh-CN', 360, 640);
  await go(page, '#/channel?store=PDD', '#waybill-form');
  assert.match(await page.textContent('#waybill h2'), /电子面单账号/);
  /* Pinduoduo's own wording, not Cainiao's. */
  assert.match(await page.textContent('#waybill > p.hint'), /拼多多电子面单/);
  assert.match(await page.textContent('label[for=wb-active]'), /向拼多多取号/);
  assert.match(await page.textContent('label[for=wb-cp]'), /拼多多快递公司编码/);
  assert.equal(await page.inputValue('#wb-cp'), 'ZTO');
  await fitsWidth(page, 360, 'waybill-pdd-zh-CN');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  const en = await desk('office', 'en-US', 360, 640);
  await go(en.page, '#/channel?store=PDD', '#waybill-form');
  assert.match(await en.page.textContent('#waybill h2'), /E-waybill accounts/);
  assert.doesNotMatch(await en.page.textContent('#waybill'), /Cainiao/);
  await fitsWidth(en.page, 360, 'waybill-pdd-en-US');
  assert.deepEqual(en.page.errors, []);
  await en.ctx.close();
});
