// End-to-end tests of the web UI in a real browser (Debian's chromium via
// playwright-core) against a real `depot serve`: the floor terminal's pick
// flow, a wrong bin, offline replay, the zone and bin planner, the
// dashboard's drill-down and the language switch. Screenshots of the main
// screens go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches } from './i18n.mjs';

const PW = 'e2e floor password';
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
    await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-0' + i, sku: 'SKU-' + i, qty_delta: 50 });
  }
  await srv.ok('POST', '/api/v1/stores', { code: 'API1', name: '抖音小店', channel: 'api', warehouse: 'W1', currency: 'CNY' });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 50 });
  srv.addUser('p1', 'picker', 'W1', PW, 'B-0001', '4321');
  srv.addUser('p2', 'picker', 'W1', PW);
  srv.addUser('p3', 'picker', 'W1', PW);
  srv.addUser('p4', 'picker', 'W1', PW);
  srv.addUser('lead', 'warehouse_lead', 'W1', PW);
  srv.addUser('office', 'back_office', null, PW);
}

async function order(lines, store) {
  orderNo += 1;
  return srv.ok('POST', '/api/v1/orders', {
    store: store || 'API1', external_id: 'E2E-' + orderNo, currency: 'CNY',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: lines.map(([sku, qty]) => ({ sku, qty, unit_price: '19.90' })),
  });
}

/* An order of @lines in a wave of its own: the next pick list in the queue. */
async function waveOf(lines) {
  const o = await order(lines);
  assert.equal(o.state, 'allocated');
  await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', batch_size: 1 });
  return o;
}

async function stockIn(sku, bin) {
  const r = await srv.ok('GET', `/api/v1/stock?sku=${sku}&warehouse=W1&detail=bins`);
  const item = r.items[0];
  const bins = item.bins || [];
  const b = bins.find((x) => (x.bin || x.location) === bin);
  return b ? b.on_hand : 0;
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png') });
}

async function floorPage(viewport) {
  const ctx = await browser.newContext({ viewport: viewport || { width: 360, height: 640 }, locale: 'en-US', hasTouch: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { ctx, page };
}

async function loginPassword(page, username) {
  await page.goto(srv.base + '/');
  await page.waitForURL('**/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
}

/* Types @code as a keyboard-wedge scanner does: keys, then Enter. */
async function scan(page, code) {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/* Starts picking; the first time also waits until the list's items are loaded. */
async function startPick(page, again) {
  const loaded = again ? null : page.waitForResponse((r) => r.url().includes('/api/v1/products/'));
  await page.click('#start-pick');
  await page.waitForSelector('#big');
  await loaded;
}

const big = (page) => page.textContent('#big');
const action = (page) => page.getAttribute('#big', 'data-action');

before(async () => {
  srv = await startServer('ui');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('the served page keeps to its CSP: no inline script, nothing from elsewhere', async () => {
  const res = await fetch(srv.base + '/floor/');
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:/);
  assert.match(res.headers.get('etag'), /^"[0-9a-f]{32}"$/);
});

test('a picker logs in by badge and completes a pick list by typing scans', async () => {
  await waveOf([['SKU-1', 2], ['SKU-2', 1]]);
  const { ctx, page } = await floorPage();
  await page.goto(srv.base + '/login');
  await page.waitForSelector('#badge-form h2:not(:empty)');
  await shot(page, 'floor-01-login');
  await page.fill('#badge', 'B-0001');
  await page.fill('#pin', '4321');
  await page.click('#badge-form button[type=submit]');
  await page.waitForURL('**/floor/');
  await page.waitForSelector('#start-pick');
  await shot(page, 'floor-02-home');
  await startPick(page);
  assert.equal(await action(page), 'scan_bin');
  assert.equal(await big(page), 'A-01');
  await shot(page, 'floor-03-go-to-bin');
  await page.click('#pause'); /* focus leaves the scan field: the scan is still caught */
  await startPick(page, true);
  await page.click('#verb');
  await scan(page, 'A-01');
  await page.waitForSelector('#big[data-action=scan_item]');
  await shot(page, 'floor-04-scan-item');
  await page.click('#qty-all');
  await scan(page, 'BC-1');
  await page.waitForSelector('#big[data-action=scan_tote]');
  await shot(page, 'floor-05-scan-tote');
  await scan(page, 'T001');
  await page.waitForSelector('#big[data-action=scan_bin]');
  assert.equal(await big(page), 'A-02');
  await scan(page, 'A-02');
  await page.waitForSelector('#big[data-action=scan_item]');
  await scan(page, 'BC-2');
  await page.waitForSelector('#big[data-action=scan_tote]');
  assert.equal(await big(page), 'T001');
  await scan(page, 'T001');
  await page.waitForSelector('#big[data-action=done]');
  await shot(page, 'floor-07-done');
  assert.equal(await stockIn('SKU-1', 'T001'), 2);
  assert.equal(await stockIn('SKU-2', 'T001'), 1);
  assert.equal(await stockIn('SKU-1', 'A-01'), 48);
  assert.deepEqual(page.errors, []);
  /* Logout ends the session on the server too. */
  await page.click('#logout');
  await page.waitForURL('**/login');
  const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
  assert.equal(me, 401);
  await ctx.close();
});

test('a wrong bin shows what was expected and changes nothing', async () => {
  await waveOf([['SKU-2', 1]]);
  const { ctx, page } = await floorPage();
  await loginPassword(page, 'p2');
  await page.waitForURL('**/floor/');
  await startPick(page);
  await scan(page, 'A-05');
  await page.waitForSelector('#flash.error');
  const msg = await page.textContent('#flash');
  assert.match(msg, /Wrong bin: expected A-02/);
  assert.equal(await page.getAttribute('body', 'data-feedback'), 'error');
  await shot(page, 'floor-06-wrong-bin');
  assert.equal(await action(page), 'scan_bin');
  const p2 = await srv.login('p2', PW);
  const v = await srv.ok('POST', '/api/v1/picklists/next', { warehouse: 'W1' }, p2);
  assert.equal(v.action, 'scan_bin');
  assert.equal(v.task.bin, 'A-02');
  assert.equal(v.task.picked, 0);
  assert.equal(v.task.in_hand, 0);
  assert.equal(await stockIn('SKU-2', 'A-02'), 49);
  await ctx.close();
});

test('offline: three item scans and the tote wait in a queue, survive a reload and replay exactly once', async () => {
  await waveOf([['SKU-3', 3]]);
  const { ctx, page } = await floorPage();
  await loginPassword(page, 'p3');
  await page.waitForURL('**/floor/');
  await startPick(page);
  await scan(page, 'A-03');
  await page.waitForSelector('#big[data-action=scan_item]');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await ctx.setOffline(true);
  for (let i = 0; i < 3; i++) {
    await scan(page, 'BC-3');
    await page.waitForSelector(`#queue[data-count="${i + 1}"]`);
  }
  await page.waitForSelector('#big[data-action=scan_tote]');
  /* A reload without network: the service worker serves the page, the queue and the list survive. */
  await page.reload();
  await page.waitForSelector('#queue[data-count="3"]');
  /* It comes back at the saved instruction, not at home (docs/ui.md, Offline). */
  await page.waitForSelector('#big[data-action=scan_tote]');
  await scan(page, 'T010');
  await page.waitForSelector('#queue[data-count="4"]');
  assert.match(await page.textContent('#queue'), /4 waiting/);
  await page.waitForSelector('#big[data-action=done]');
  await shot(page, 'floor-08-offline-queue');
  assert.equal(await stockIn('SKU-3', 'A-03'), 50, 'nothing reached the server while offline');
  const sent = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/scan')) sent.push({ path: new URL(r.url()).pathname, body: r.postDataJSON() });
  });
  await ctx.setOffline(false);
  await page.waitForSelector('#queue[hidden]', { state: 'attached', timeout: 15000 });
  await page.waitForSelector('#flash.ok');
  assert.equal(await stockIn('SKU-3', 'A-03'), 47);
  assert.equal(await stockIn('SKU-3', 'T010'), 3);
  /* Sent again with the same keys, the scans move nothing: the server kept the answers. */
  const p3 = await srv.login('p3', PW);
  assert.equal(sent.length, 4);
  assert.equal(new Set(sent.map((s) => s.body.idempotency_key)).size, 4);
  for (const s of sent) {
    const again = await srv.call('POST', s.path, s.body, p3);
    assert.equal(again.status, 200);
  }
  assert.equal(await stockIn('SKU-3', 'A-03'), 47);
  assert.equal(await stockIn('SKU-3', 'T010'), 3);
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  await ctx.close();
});

test('an offline scan the server refuses on replay is shown to the picker', async () => {
  await waveOf([['SKU-1', 1]]);
  const { ctx, page } = await floorPage();
  await loginPassword(page, 'p4');
  await page.waitForURL('**/floor/');
  await startPick(page);
  await scan(page, 'A-01');
  await page.waitForSelector('#big[data-action=scan_item]');
  await scan(page, 'BC-1');
  await page.waitForSelector('#big[data-action=scan_tote]');
  await ctx.setOffline(true);
  await scan(page, 'T001'); /* holds the first test's order: refused on replay */
  await page.waitForSelector('#queue[data-count="1"]');
  await ctx.setOffline(false);
  await page.waitForSelector('#refused', { timeout: 15000 });
  assert.match(await page.textContent('#refused'), /T001/);
  await page.waitForSelector('#big[data-action=scan_tote]');
  await shot(page, 'floor-09-refused-on-replay');
  await ctx.close();
});

test('look up: an item shows where it is and how many, a bin what it holds', async () => {
  const { ctx, page } = await floorPage();
  await loginPassword(page, 'p2');
  await page.waitForURL('**/floor/');
  await page.click('#start-lookup');
  await page.waitForSelector('#big:text("?")');
  await scan(page, 'BC-1');
  await page.waitForSelector('#lookup-rows');
  assert.equal(await page.textContent('#big'), 'SKU-1');
  assert.match(await page.textContent('#lookup-rows'), /A-01 48 units/);
  assert.match(await page.textContent('#lookup-rows'), /T001 2 units/);
  await shot(page, 'floor-11-lookup-item');
  await scan(page, 'A-02');
  await page.waitForSelector('#lookup-kind:text("Bin")');
  assert.match(await page.textContent('#lookup-rows'), /SKU-2/);
  await scan(page, 'NOPE-42');
  await page.waitForSelector('#flash.error');
  await ctx.close();
});

test('a lead creates a zone, previews and generates bins, and sees them in the planner', async () => {
  const { ctx, page } = await floorPage({ width: 1280, height: 800 });
  await loginPassword(page, 'lead');
  await page.waitForURL('**/app/');
  await page.click('#nav-planner');
  await page.waitForSelector('#zone-form');
  await page.fill('#z-code', 'R');
  await page.fill('#z-name', '存储区一');
  await page.selectOption('#z-type', 'reserve');
  await page.click('#zone-form button[type=submit]');
  await page.waitForSelector('#zones li:has-text("R")');
  await page.selectOption('#g-zone', 'R');
  await page.fill('#g-aisles', 'C-D');
  await page.fill('#g-racks', '1-3');
  await page.fill('#g-levels', '1-2');
  await page.fill('#g-positions', '1');
  await page.click('#preview');
  await page.waitForSelector('#preview-count');
  assert.match(await page.textContent('#preview-count'), /12 bins/);
  const before = await srv.ok('GET', '/api/v1/warehouses/W1/bins?zone=R');
  assert.equal(before.items.length, 0, 'a preview creates nothing');
  await page.click('#create-bins');
  await page.waitForSelector('#created-count');
  await page.waitForSelector('#bins-count:text("12")');
  assert.equal(await page.locator('#bins-table tbody tr').count(), 12);
  assert.equal(await page.textContent('#bins-table tbody tr:first-child td:first-child'), 'C-01-1-1');
  await shot(page, 'app-planner');
  await ctx.close();
});

test("the dashboard's allocated count opens the matching order list", async () => {
  await order([['SKU-1', 1]]);
  await order([['SKU-2', 1]]);
  await order([['NO-SUCH', 1]]);
  const dash = await srv.ok('GET', '/api/v1/dashboard');
  const allocated = dash.orders_by_state.allocated;
  assert.ok(allocated >= 2);
  const { ctx, page } = await floorPage({ width: 1280, height: 800 });
  await loginPassword(page, 'office');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#count-allocated');
  assert.equal((await page.textContent('#count-allocated .card-n')).trim(), String(allocated));
  await shot(page, 'app-dashboard');
  await page.click('#count-allocated');
  await page.waitForSelector('#orders');
  assert.match(page.url(), /#\/orders\?state=allocated$/);
  assert.equal(await page.locator('#orders tbody tr').count(), allocated);
  assert.equal(await page.locator('#orders tbody tr .pill').first().textContent(), 'Allocated');
  await shot(page, 'app-orders-allocated');
  await ctx.close();
});

test('the order list filters, searches and pages', async () => {
  for (let i = 0; i < 21; i++) await order([['SKU-2', 1]]);
  const { ctx, page } = await floorPage({ width: 1280, height: 800 });
  await loginPassword(page, 'office');
  await page.waitForURL('**/app/');
  await page.click('#nav-orders');
  await page.waitForSelector('#orders tbody tr');
  assert.equal(await page.locator('#orders tbody tr').count(), 20);
  const first = await page.textContent('#orders tbody tr:first-child td:first-child');
  await page.click('#next-page');
  await page.waitForSelector('#first-page');
  const second = await page.textContent('#orders tbody tr:first-child td:first-child');
  assert.notEqual(first, second);
  await page.click('#first-page');
  await page.waitForFunction(() => !location.hash.includes('cursor'));
  await page.waitForSelector('#next-page');
  await page.fill('#f-q', 'E2E-3');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/q=E2E-3/);
  await page.waitForFunction(() => {
    const n = document.querySelectorAll('#orders tbody tr').length;
    return n > 0 && n < 20;
  });
  const ids = await page.locator('#orders tbody tr td:first-child').allTextContents();
  assert.ok(ids.length > 0 && ids.every((x) => x.includes('E2E-3')), ids.join(','));
  await page.selectOption('#f-state', 'on_hold');
  await page.fill('#f-q', '');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/state=on_hold$/);
  await page.waitForFunction(() => {
    const pills = [...document.querySelectorAll('#orders tbody .pill')];
    return pills.length > 0 && pills.every((p) => p.textContent === 'On hold');
  });
  await ctx.close();
});

test('the language switch changes every visible string, and is remembered', async () => {
  await waveOf([['SKU-2', 1]]);
  const { ctx, page } = await floorPage();
  await loginPassword(page, 'p1');
  await page.waitForURL('**/floor/');
  await startPick(page);
  await scan(page, 'A-09');
  await page.waitForSelector('#flash.error');
  await assertSwitches(page);
  await shot(page, 'floor-10-pick-zh-CN');
  await page.reload();
  await page.waitForSelector('#big[data-action=scan_bin]'); /* back at the list's instruction */
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await ctx.close();
  const desk = await floorPage({ width: 1280, height: 800 });
  await loginPassword(desk.page, 'office');
  await desk.page.waitForSelector('#count-allocated');
  await assertSwitches(desk.page);
  await shot(desk.page, 'app-dashboard-zh-CN');
  await desk.ctx.close();
});

test('Short: the rest of the task is not in the bin, the next instruction is another bin', async () => {
  /* A store of its own, so the wave holds this order only; the lead gives its list to p3. */
  await srv.ok('POST', '/api/v1/stores', { code: 'API2', name: '天猫旗舰店', channel: 'api', warehouse: 'W1', currency: 'CNY' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-06', sku: 'SKU-3', qty_delta: 5 });
  await order([['SKU-3', 1]], 'API2');
  const wave = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'API2', batch_size: 1 });
  await srv.ok('POST', `/api/v1/picklists/${wave.picklists[0].id}/assign`, { picker: 'p3' });
  const { ctx, page } = await floorPage();
  await loginPassword(page, 'p3');
  await page.waitForURL('**/floor/');
  await startPick(page);
  assert.equal(await big(page), 'A-03');
  await page.click('#short');
  await page.click('#short-confirm'); /* none there: the count asked first stays 0 */
  await page.waitForSelector('#flash.ok');
  assert.equal(await page.textContent('#flash'), 'Reported short');
  await page.waitForSelector('#big:text("A-06")');
  assert.equal(await action(page), 'scan_bin');
  await ctx.close();
});
