// Browser tests of the back office screens that close the loop (issue 18):
// held orders fixed and released (the reply says what happened), bulk
// actions, date range, total, page size and exports of the order list;
// users; waves; settings; printing. Each screen does its action in the
// UI and checks the effect through the API, in English and Chinese, at
// 1280×800 and 768×800. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e office admin password';
/* The print worker retries fast here: a dead printer's job fails in a moment. */
Object.assign(process.env, { DEPOT_PRINT_TIMEOUT_MS: '500', DEPOT_PRINT_RETRY_MS: '50', DEPOT_PRINT_ATTEMPTS: '2', DEPOT_PRINT_POLL_MS: '50' });
const SIZES = [{ width: 1280, height: 800 }, { width: 768, height: 800 }];
let srv;
let browser;
let orderNo = 0;

async function setupData() {
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins/generate',
    { zone: 'P', aisles: 'A', racks: '1-6', levels: '1', positions: '1', pattern: '{aisle}-{rack:02}' });
  for (let i = 1; i <= 3; i++) {
    await srv.ok('POST', '/api/v1/products', { sku: 'SKU-' + i, name: '醴陵瓷杯 ' + i, barcodes: [{ code: 'BC-' + i }] });
    await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-0' + i, sku: 'SKU-' + i, qty_delta: 500 });
  }
  await srv.ok('POST', '/api/v1/stores', { code: 'API1', name: '抖音小店', channel: 'api', warehouse: 'W1', currency: 'CNY', price_tolerance: 5 });
  await srv.ok('POST', '/api/v1/stores/API1/prices', { sku: 'SKU-2', price: '19.90' });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 80 });
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('lead', 'warehouse_lead', 'W1', PW);
  srv.addUser('p1', 'picker', 'W1', PW, 'B-P1', '1234');
}

/* An order; @opts overrides currency, ship_to and the price. */
async function order(lines, opts) {
  orderNo += 1;
  const o = opts || {};
  return srv.ok('POST', '/api/v1/orders', {
    store: 'API1', external_id: (o.prefix || 'OA-') + String(orderNo).padStart(3, '0'), currency: o.currency || 'CNY',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: o.ship_to || { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: lines.map(([sku, qty]) => ({ sku, qty, unit_price: o.price || '19.90' })),
  });
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

/* A signed-in back office page at @size in @lang. */
async function desk(username, size, lang) {
  const ctx = await browser.newContext({ viewport: size || SIZES[0], locale: lang === 'zh-CN' ? 'zh-CN' : 'en-US' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => d.accept());
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

/* Nothing sticks out sideways: the page fits its viewport. */
async function fits(page) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 1, 'page wider than the viewport by ' + over + ' px');
}

/* Every input, select and textarea of the page has a label. */
async function labelled(page) {
  const bare = await page.evaluate(() => [...document.querySelectorAll('#page input, #page select, #page textarea')]
    .filter((e) => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label'))
    .map((e) => e.id || e.name || e.outerHTML.slice(0, 60)));
  assert.deepEqual(bare, []);
}

const assertSwitches = (page) => switches(page, { main: '#page .route', back: true, options: false });

before(async () => {
  srv = await startServer('office-admin');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('held orders: each hold reason is fixed in the form, and the release says what happened', async () => {
  const sku = await order([['NEW-9', 2]]);
  const addr = await order([['SKU-1', 1]], { ship_to: { name: '李四', city: '株洲市', country_code: 'CN' } });
  const price = await order([['SKU-2', 1]], { price: '9.90' });
  const cur = await order([['SKU-1', 1]], { currency: 'USD' });
  const short = await order([['SKU-3', 900]], { price: '19.90' });
  for (const o of [sku, addr, price, cur]) assert.equal(o.state, 'on_hold');
  assert.equal(short.state, 'backordered');
  await srv.ok('POST', '/api/v1/products', { sku: 'NEW-9', name: '新品茶壶' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-04', sku: 'NEW-9', qty_delta: 1 });
  const { ctx, page } = await desk('office');
  /* Unknown SKU: picked from the product list; only 1 of 2 in stock, so it is backordered. */
  await go(page, '#/order?id=' + sku.id, '#fix-form');
  assert.equal(await page.locator('#fix-address').count(), 0);
  await page.fill('#fix-sku-1', 'NEW');
  await page.waitForSelector('#fix-sku-list-1 option[value="NEW-9"]', { state: 'attached' });
  await page.fill('#fix-sku-1', 'NEW-9');
  await labelled(page);
  await shot(page, 'app-order-fix');
  await page.click('#fix-release');
  await page.waitForSelector('#order-state[data-state=backordered]');
  assert.match(await page.textContent('#order-notice'), /backordered/);
  let o = await srv.ok('GET', '/api/v1/orders/' + sku.id);
  assert.equal(o.lines[0].sku, 'NEW-9');
  assert.equal(o.lines[0].allocated, 1);
  /* Incomplete address: line1 typed in; allocated. */
  await go(page, '#/order?id=' + addr.id, '#fix-address');
  await page.fill('#fix-addr-line1', '芦淞区建设路 8 号');
  await page.click('#fix-release');
  await page.waitForSelector('#order-state[data-state=allocated]');
  assert.match(await page.textContent('#order-notice'), /allocated/);
  o = await srv.ok('GET', '/api/v1/orders/' + addr.id);
  assert.equal(o.ship_to.line1, '芦淞区建设路 8 号');
  assert.equal(o.ship_to.name, '李四');
  /* A release that fixes nothing says the order is still on hold. */
  await go(page, '#/order?id=' + price.id, '#fix-prices');
  await page.click('#fix-release');
  await page.waitForSelector('#order-notice');
  assert.match(await page.textContent('#order-notice'), /Still on hold: 1/);
  assert.equal((await srv.ok('GET', '/api/v1/orders/' + price.id)).state, 'on_hold');
  /* In Chinese: the price accepted as it is, the currency changed. */
  await assertSwitches(page);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForSelector('#fix-accept-1');
  await page.check('#fix-accept-1');
  await page.click('#fix-release');
  await page.waitForSelector('#order-state[data-state=allocated]');
  assert.match(await page.textContent('#order-notice'), /已分配/);
  o = await srv.ok('GET', '/api/v1/orders/' + price.id);
  assert.equal(o.lines[0].unit_price, '9.90');
  await go(page, '#/order?id=' + cur.id, '#fix-currency');
  /* The hold's figures in Chinese words from its params, not the server's English. */
  const held = await page.textContent('#holds');
  assert.match(held, /店铺币种为/);
  assert.doesNotMatch(held, / order in a /);
  /* And its timeline in Chinese words from the events' codes. */
  assert.match(await page.textContent('#timeline'), /接入/);
  await page.fill('#fix-cur', 'cny');
  await page.click('#fix-release');
  await page.waitForSelector('#order-state[data-state=allocated]');
  assert.equal((await srv.ok('GET', '/api/v1/orders/' + cur.id)).currency, 'CNY');
  await shot(page, 'app-order-fix-zh-CN');
  /* The plain release button also says what happened: still backordered. */
  await go(page, '#/order?id=' + short.id, '#order-release');
  await page.click('#order-release');
  await page.waitForSelector('#order-notice');
  assert.match(await page.textContent('#order-notice'), /缺货待发/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

for (const size of SIZES) {
  test(`order list at ${size.width}px: dates, total, page size, bulk hold/release/wave/cancel, exports`, async () => {
    const prefix = 'BK' + size.width + '-';
    const mine = [];
    for (let i = 0; i < 6; i++) mine.push(await order([['SKU-1', 1]], { prefix }));
    const lang = size.width === 768 ? 'zh-CN' : 'en';
    const { ctx, page } = await desk('boss', size, lang);
    const today = await page.evaluate(() => {
      const d = new Date();
      return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
    });
    await go(page, '#/orders?q=' + prefix, '#orders-total');
    assert.equal(await page.getAttribute('#orders-total', 'data-total'), '6');
    /* A date range that ends before today finds none; today's finds all six. */
    await page.fill('#f-from', '2020-01-01');
    await page.fill('#f-to', '2020-01-31');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector('#orders-total[data-total="0"]');
    await page.fill('#f-to', today);
    await page.selectOption('#f-limit', '50');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector('#orders-total[data-total="6"]');
    assert.match(page.url(), /limit=50/);
    assert.equal(await page.locator('#orders tbody tr').count(), 6);
    await fits(page);
    await labelled(page);
    /* Hold three, then release them: the notice counts what each release did. */
    const ids = mine.slice(0, 3).map((o) => String(o.id));
    for (const id of ids) await page.check('#pick-' + id);
    await page.click('#bulk-hold');
    await page.waitForSelector('#bulk-notice');
    for (const id of ids) assert.equal((await srv.ok('GET', '/api/v1/orders/' + id)).state, 'on_hold');
    /* The acted-on rows stay ticked and the first keeps the focus. */
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert.ok(ids.map((id) => 'pick-' + id).includes(focused), 'focus on ' + focused);
    assert.equal(await page.locator('#orders input.pick:checked').count(), 3);
    await page.click('#bulk-release');
    await page.waitForFunction(() => /3/.test(document.querySelector('#bulk-notice').textContent) &&
      document.querySelector('#orders tbody tr[data-state=on_hold]') === null);
    for (const id of ids) assert.equal((await srv.ok('GET', '/api/v1/orders/' + id)).state, 'allocated');
    /* Two into a wave: exactly those two are being picked. */
    for (const id of ids) await page.uncheck('#pick-' + id);
    const waved = mine.slice(3, 5).map((o) => String(o.id));
    for (const id of waved) await page.check('#pick-' + id);
    await page.click('#bulk-wave');
    await page.waitForSelector(`#orders tbody tr[data-id="${waved[0]}"][data-state=picking]`);
    for (const id of waved) assert.equal((await srv.ok('GET', '/api/v1/orders/' + id)).state, 'picking');
    assert.equal((await srv.ok('GET', '/api/v1/orders/' + mine[5].id)).state, 'allocated');
    /* Releasing orders that are not held is refused, each by name and reason. */
    for (const id of waved) await page.uncheck('#pick-' + id);
    await page.check('#pick-' + waved[0]);
    await page.click('#bulk-release');
    await page.waitForSelector('#bulk-refused');
    assert.equal(await page.locator('#bulk-refused li').count(), 1);
    assert.match(await page.textContent('#bulk-refused'), new RegExp(prefix));
    /* Cancel the one left allocated. */
    await page.uncheck('#pick-' + waved[0]);
    await page.check('#pick-' + mine[5].id);
    await page.click('#bulk-cancel');
    await page.waitForSelector(`#orders tbody tr[data-id="${mine[5].id}"][data-state=cancelled]`);
    assert.equal((await srv.ok('GET', '/api/v1/orders/' + mine[5].id)).state, 'cancelled');
    await shot(page, `app-orders-bulk-${size.width}${lang === 'zh-CN' ? '-zh-CN' : ''}`);
    /* The exports carry the filters: the same six orders. */
    const csvHref = await page.getAttribute('#export-csv', 'href');
    assert.match(csvHref, /q=BK/);
    const csv = await page.request.get(srv.base + csvHref);
    assert.equal(csv.status(), 200);
    const text = (await csv.body()).toString('utf8');
    assert.ok(text.startsWith('\ufeffid,external_id'));
    assert.equal(text.trim().split('\r\n').length, 7);
    const xlsx = await page.request.get(srv.base + await page.getAttribute('#export-xlsx', 'href'));
    assert.equal(xlsx.status(), 200);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');
    if (lang === 'en') await assertSwitches(page);
    /* The one refusal above is expected; nothing else went wrong. */
    assert.deepEqual(page.errors.filter((e) => !/409 \(Conflict\)/.test(e)), []);
    await ctx.close();
  });
}

test('users: role and warehouses, disable, password and PIN reset, audit trail', async () => {
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W2', name: '长沙仓' });
  srv.addUser('kim', 'viewer', null, PW, 'B-KIM', '4711');
  const kim = await srv.login('kim', PW);
  await srv.ok('GET', '/api/v1/orders', undefined, kim);
  for (const [size, lang] of [[SIZES[0], 'en'], [SIZES[1], 'zh-CN']]) {
    const { ctx, page } = await desk('boss', size, lang);
    await page.click('#nav-users');
    await page.click('#users tr[data-username="kim"] a.user-link');
    await page.waitForSelector('#user-edit');
    await labelled(page);
    await fits(page);
    if (lang === 'en') {
      /* A lead for W1 only. */
      await page.selectOption('#ue-role', 'warehouse_lead');
      await page.check('#ue-wh-W1');
      await page.click('#ue-save');
      await page.waitForSelector('#user-notice');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'ue-save');
      const u = (await srv.ok('GET', '/api/v1/users')).items.find((x) => x.username === 'kim');
      assert.equal(u.role, 'warehouse_lead');
      assert.deepEqual(u.warehouses, ['W1']);
      assert.equal((await srv.call('GET', '/api/v1/orders?warehouse=W2', undefined, kim)).status, 403);
      /* Disabled: the session ends at once. */
      await page.uncheck('#ue-active');
      await page.click('#ue-save');
      await page.waitForSelector('#user-active[data-active=false]');
      assert.match(await page.textContent('#user-notice'), /1 sessions/);
      assert.equal((await srv.call('GET', '/api/v1/orders', undefined, kim)).status, 401);
      await page.check('#ue-active');
      await page.click('#ue-save');
      await page.waitForSelector('#user-active[data-active=true]');
      await shot(page, 'app-user');
      await assertSwitches(page);
    } else {
      /* A one-time password and a new PIN, each shown once, each working. */
      await page.click('#ue-gen-password');
      await page.waitForSelector('#ue-secret-value');
      const pw = await page.textContent('#ue-secret-value');
      assert.equal((await srv.call('POST', '/api/v1/auth/login', { username: 'kim', password: PW })).status, 401);
      await srv.login('kim', pw);
      await page.click('#ue-gen-pin');
      await page.waitForFunction(() => /^\d{6}$/.test(document.querySelector('#ue-secret-value')?.textContent || ''));
      const pin = await page.textContent('#ue-secret-value');
      assert.equal((await srv.call('POST', '/api/v1/auth/badge', { badge: 'B-KIM', pin })).status, 200);
      assert.equal((await srv.call('POST', '/api/v1/auth/badge', { badge: 'B-KIM', pin: '4711' })).status, 401);
      /* The trail lists what kim did (the logins above). */
      await page.reload();
      await page.waitForSelector('#user-audit tbody tr');
      assert.ok(await page.locator('#user-audit tbody tr').count() >= 1);
      await shot(page, 'app-user-768-zh-CN');
    }
    assert.deepEqual(page.errors.filter((e) => !/40[13] \((Unauthorized|Forbidden)\)/.test(e)), []);
    await ctx.close();
  }
});

test('waves: assign a pick list, release it to the queue, print it, cancel the wave', async () => {
  for (const [size, lang] of [[SIZES[0], 'en'], [SIZES[1], 'zh-CN']]) {
    const orders = [];
    for (let i = 0; i < 2; i++) orders.push(await order([['SKU-2', 1]], { prefix: 'WV' + size.width + '-' }));
    const w = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', orders: orders.map((o) => o.id), batch_size: 2 });
    const list = w.picklists[0].id;
    const { ctx, page } = await desk('lead', size, lang);
    await go(page, '#/waves', `#wave-open-${w.id}`);
    await page.click(`#wave-open-${w.id}`);
    await page.waitForSelector('#wave-panel');
    await labelled(page);
    await fits(page);
    await page.fill(`#assign-${list}`, 'p1');
    await page.click(`#assign-btn-${list}`);
    await page.waitForSelector(`#release-${list}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), `assign-btn-${list}`);
    let pl = await srv.ok('GET', `/api/v1/picklists/${list}`);
    assert.equal(pl.picker, 'p1');
    assert.equal(pl.state, 'claimed');
    await page.click(`#release-${list}`);
    await page.waitForFunction((id) => !document.querySelector('#release-' + id), list);
    pl = await srv.ok('GET', `/api/v1/picklists/${list}`);
    assert.equal(pl.state, 'open');
    assert.equal(pl.picker, null);
    /* The print button opens the PDF of this list. */
    const pdf = await page.request.get(srv.base + await page.getAttribute(`#print-${list}`, 'href'));
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await shot(page, `app-wave-manage-${size.width}${lang === 'zh-CN' ? '-zh-CN' : ''}`);
    if (lang === 'en') {
      /* The switch draws the page again: open the wave once more. */
      await assertSwitches(page);
      await page.click(`#wave-open-${w.id}`);
    }
    await page.click('#wave-cancel');
    await page.waitForSelector('#wave-panel[data-state=cancelled]');
    assert.equal((await srv.ok('GET', '/api/v1/waves?warehouse=W1')).items.find((x) => x.id === w.id).state, 'cancelled');
    for (const o of orders) assert.equal((await srv.ok('GET', '/api/v1/orders/' + o.id)).state, 'allocated');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
});

test('settings: every tab changes what the API has', async () => {
  for (const [size, lang] of [[SIZES[0], 'en'], [SIZES[1], 'zh-CN']]) {
    const { ctx, page } = await desk('boss', size, lang);
    const sfx = size.width === 768 ? '2' : '1';
    /* Shipping: GS1 prefix and W1's weight tolerance. */
    await go(page, '#/settings?tab=shipping', '#settings-shipping');
    assert.equal(await page.getAttribute('#tab-shipping', 'aria-selected'), 'true');
    await labelled(page);
    await fits(page);
    await page.fill('#gs1-prefix', '690123' + sfx);
    await page.fill('#wt-pct-W1', '3.5');
    await page.fill('#wt-g-W1', '2' + sfx);
    await page.click('#ship-save');
    await page.waitForSelector('#settings-notice');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'ship-save');
    const s = await srv.ok('GET', '/api/v1/settings/shipping');
    assert.equal(s.gs1.company_prefix, '690123' + sfx);
    assert.deepEqual(s.warehouses.find((w) => w.code === 'W1'), { code: 'W1', name: '株洲中心仓', weight_tolerance_pct: '3.50', weight_tolerance_g: Number('2' + sfx) });
    if (lang === 'en') {
      await shot(page, 'app-settings-shipping');
      await assertSwitches(page);
    }
    /* Carriers: a new one with its tracking range. */
    await page.click('#tab-carriers');
    await page.waitForSelector('#carrier-form');
    await labelled(page);
    await page.fill('#ca-code', 'SF' + sfx);
    await page.fill('#ca-name', '顺丰速运');
    await page.fill('#ca-prefix', 'SF');
    await page.fill('#ca-digits', '10');
    await page.fill('#ca-first', '1000');
    await page.fill('#ca-last', '9999');
    /* The seller's own Pinduoduo logistics id for it (a contract carrier). */
    await page.fill('#ca-pc-pinduoduo', '4400');
    await page.click('#ca-save');
    await page.waitForSelector(`#carriers tr[data-code="SF${sfx}"]`);
    const c = (await srv.ok('GET', '/api/v1/carriers')).items.find((x) => x.code === 'SF' + sfx);
    assert.equal(c.tracking.last, 9999);
    assert.equal(c.tracking.digits, 10);
    assert.deepEqual(c.platform_codes, { pinduoduo: '4400' });
    assert.match(await page.textContent(`#carriers tr[data-code="SF${sfx}"]`), /4400/);
    /* Cartons. */
    await page.click('#tab-cartons');
    await page.waitForSelector('#carton-form');
    await page.fill('#ct-code', 'BOX' + sfx);
    await page.fill('#ct-name', '中号纸箱');
    await page.fill('#ct-tare', '120');
    await page.fill('#ct-max', '8000');
    await page.fill('#ct-cost', '1.35');
    await page.click('#ct-save');
    await page.waitForSelector(`#carton-types tr[data-code="BOX${sfx}"]`);
    const box = (await srv.ok('GET', '/api/v1/carton-types')).items.find((x) => x.code === 'BOX' + sfx);
    assert.equal(box.tare_g, 120);
    assert.equal(Number(box.cost), 1.35);
    /* Stations and their printers. */
    await page.click('#tab-stations');
    await page.waitForSelector('#station-form');
    await labelled(page);
    await page.fill('#st-code', 'PACK-' + sfx);
    await page.fill('#st-printer', '127.0.0.1:910' + sfx);
    await page.click('#st-save');
    await page.waitForSelector(`#stations tr[data-code="PACK-${sfx}"]`);
    assert.equal((await srv.ok('GET', '/api/v1/stations')).items.find((x) => x.code === 'PACK-' + sfx).printer, '127.0.0.1:910' + sfx);
    /* Holidays. */
    await page.click('#tab-holidays');
    await page.waitForSelector('#holiday-form');
    await page.fill('#ho-day', `2027-10-0${sfx}`);
    await page.fill('#ho-name', '国庆节');
    await page.click('#ho-save');
    await page.waitForSelector(`#holidays tr[data-day="2027-10-0${sfx}"]`);
    /* A store's webhook secret and sync. */
    await page.click('#tab-stores');
    await page.waitForSelector('#store-API1');
    await labelled(page);
    await fits(page);
    await page.fill('#so-secret-API1', 'whsec-' + sfx);
    await page.fill('#so-sync-API1', 'https://shop.example.cn/stock');
    await page.fill('#so-pct-API1', '8' + sfx);
    await page.click('#so-save-API1');
    await page.waitForSelector('#settings-notice');
    const st = await srv.ok('GET', '/api/v1/stores/API1');
    assert.equal(st.sync_url, 'https://shop.example.cn/stock');
    assert.equal(st.sync_percent, Number('8' + sfx));
    assert.equal(st.has_webhook_secret, true);
    await shot(page, `app-settings-stores-${size.width}${lang === 'zh-CN' ? '-zh-CN' : ''}`);
    /* Purchasing is still the first tab. */
    await page.click('#tab-purchasing');
    await page.waitForSelector('#settings-purchasing');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
});


/* A label printer on 127.0.0.1: keeps what it is sent. */
async function fakePrinter() {
  const got = [];
  const server = net.createServer((sock) => {
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => got.push(data));
    sock.on('close', () => { if (!got.includes(data)) got.push(data); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, got, port: server.address().port };
}

test('printing: bin labels from the planner, SKU labels from the product page, printer status', async () => {
  const printer = await fakePrinter();
  try {
    await srv.ok('POST', '/api/v1/stations', { code: 'LBL1', warehouse: 'W1', printer: '127.0.0.1:' + printer.port });
    await srv.ok('POST', '/api/v1/stations', { code: 'DEAD1', warehouse: 'W1', printer: '127.0.0.1:1' });
    for (const [size, lang] of [[SIZES[0], 'en'], [SIZES[1], 'zh-CN']]) {
      const { ctx, page } = await desk('lead', size, lang);
      /* The planner: tick two bins, send them to LBL1; the printer gets two labels. */
      await go(page, '#/planner', '#bins-table input.bin-pick');
      await page.waitForSelector('#bin-print-station');
      await labelled(page);
      await fits(page);
      await page.check('#bins-table tr[data-code="A-01"] input.bin-pick');
      await page.check('#bins-table tr[data-code="A-02"] input.bin-pick');
      await page.selectOption('#bin-print-station', 'LBL1');
      const before = printer.got.length;
      await page.click('#bin-print-send');
      await page.waitForSelector('#bin-print-notice [data-job]');
      const job = Number(await page.getAttribute('#bin-print-notice [data-job]', 'data-job'));
      for (let i = 0; i < 100 && printer.got.length === before; i++) await new Promise((r) => setTimeout(r, 50));
      const zpl = printer.got.slice(before).join('');
      assert.equal((zpl.match(/\^XA/g) || []).length, 2);
      /* The status line is read when a station is chosen, so the job must
         be printed first; under a loaded CI run that took over 5 s. */
      let state = '';
      for (let i = 0; i < 600 && state !== 'printed'; i++) {
        state = (await srv.ok('GET', '/api/v1/print-jobs?station=LBL1')).items.find((x) => x.id === job).state;
        if (state !== 'printed') await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(state, 'printed');
      await page.selectOption('#bin-print-station', 'DEAD1');
      await page.selectOption('#bin-print-station', 'LBL1');
      await page.waitForSelector('#bin-print-status [data-state=printed]');
      /* The PDF sheet of the same selection. */
      const [popup] = await Promise.all([ctx.waitForEvent('page'), page.click('#bin-print-pdf')]);
      const sheet = await page.getAttribute('#bin-print-pdf', 'href');
      assert.match(sheet, /bins=A-01%2CA-02/);
      const pdf = await page.request.get(srv.base + sheet);
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
      await popup.close();
      await shot(page, `app-planner-labels-${size.width}${lang === 'zh-CN' ? '-zh-CN' : ''}`);
      /* A product's label to a dead printer: the status says it fails. */
      await go(page, '#/product?sku=SKU-' + (lang === 'en' ? '1' : '2'), '#sku-print-station');
      await labelled(page);
      await page.selectOption('#sku-print-station', 'DEAD1');
      await page.click('#sku-print-send');
      await page.waitForSelector('#sku-print-notice [data-job]');
      const dead = Number(await page.getAttribute('#sku-print-notice [data-job]', 'data-job'));
      for (let i = 0; i < 200; i++) {
        const j = (await srv.ok('GET', '/api/v1/print-jobs?station=DEAD1')).items.find((x) => x.id === dead);
        if (j.state === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await page.selectOption('#sku-print-station', 'LBL1');
      await page.selectOption('#sku-print-station', 'DEAD1');
      await page.waitForSelector('#sku-print-status [data-state=failed]');
      /* The printing page shows each station's printer. */
      await go(page, '#/printing', '#station-status');
      await page.waitForSelector('#station-status tr[data-code="DEAD1"] [data-state=failed]');
      await page.waitForSelector('#station-status tr[data-code="LBL1"] [data-state=printed]');
      if (lang === 'en') await assertSwitches(page);
      await shot(page, `app-printing-status-${size.width}${lang === 'zh-CN' ? '-zh-CN' : ''}`);
      assert.deepEqual(page.errors, []);
      await ctx.close();
    }
  } finally {
    /* An open server would keep node running after a failure. */
    printer.server.close();
  }
});
