// End-to-end tests of the back office screens that close the floor's loop
// (issue 18): the exceptions desk and the dashboard's open count, cycle
// counts (start, follow, approve, reject, close; blind for the back
// office), stock corrections (adjustment, move, transfer and its receipt,
// each reviewed with before and after figures) and shipments (list by
// state, reprint, packing slip, delivered). Each does the action in the
// browser and checks its effect through the API, in English and Chinese,
// at 1280×800 and 768 wide. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startServer, launch, artifacts, ADMIN } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e desk password';
Object.assign(process.env, { DEPOT_PRINT_TIMEOUT_MS: '500', DEPOT_PRINT_RETRY_MS: '50', DEPOT_PRINT_ATTEMPTS: '2', DEPOT_PRINT_POLL_MS: '50' });
let srv;
let browser;
let printer;
let orderNo = 0;
let toteNo = 0;
const key = () => 'k-' + Math.random().toString(16).slice(2);

/* A TCP listener standing in for the station's label printer. */
async function livePrinter() {
  const got = [];
  const server = net.createServer((sock) => {
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => got.push(Buffer.concat(chunks).toString('latin1')));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, got, close: () => new Promise((r) => server.close(r)) };
}

async function setupData() {
  printer = await livePrinter();
  for (const [wh, name, prefix] of [['W1', '株洲中心仓', 'A'], ['W2', '长沙前置仓', 'B']]) {
    await srv.ok('POST', '/api/v1/warehouses', { code: wh, name });
    await srv.ok('POST', `/api/v1/warehouses/${wh}/zones`, { code: 'P', type: 'pick', name: '拣货区' });
    await srv.ok('POST', `/api/v1/warehouses/${wh}/bins/generate`,
      { zone: 'P', aisles: prefix, racks: '1-6', levels: '1', positions: '1', pattern: '{aisle}-{rack:02}' });
  }
  for (let i = 1; i <= 4; i++) {
    await srv.ok('POST', '/api/v1/products', { sku: 'SKU-' + i, name: '醴陵瓷杯 ' + i, weight_kg: '0.300', barcodes: [{ code: 'BC-' + i }] });
    await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-0' + i, sku: 'SKU-' + i, qty_delta: 50 });
  }
  await srv.ok('POST', '/api/v1/products', { sku: 'TEA-L', name: '安化黑茶', lot_tracked: true, expiry_tracked: true });
  await srv.ok('POST', '/api/v1/carriers', { code: 'PEXP', name: '顺丰', transit_days: 1, tracking: { prefix: 'SF', digits: 9, check_digit: 'mod10', first: 1, last: 999 } });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-P', tare_g: 100 });
  await srv.ok('POST', '/api/v1/stores', { code: 'API1', name: '抖音小店', channel: 'api', warehouse: 'W1', currency: 'CNY', carrier: 'PEXP' });
  await srv.ok('POST', '/api/v1/stations', { code: 'PACK-1', warehouse: 'W1', printer: '127.0.0.1:' + printer.port });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 50 });
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('lead', 'warehouse_lead', 'W1', PW);
  srv.addUser('p1', 'picker', 'W1', PW);
}

async function order(lines) {
  orderNo += 1;
  return srv.ok('POST', '/api/v1/orders', {
    store: 'API1', external_id: 'DK-' + String(orderNo).padStart(3, '0'), currency: 'CNY',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: lines.map(([sku, qty]) => ({ sku, qty, unit_price: '19.90' })),
  });
}

/* Waves order @o alone and picks it into a tote as p1; returns the tote. */
async function pick(o, sku) {
  const w = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'API1' });
  const list = w.picklists.find((l) => l) || w.picklists[0];
  await srv.ok('POST', `/api/v1/picklists/${list.id}/assign`, { picker: 'p1' });
  const p1 = await srv.login('p1', PW);
  let v = await srv.ok('GET', `/api/v1/picklists/${list.id}`, undefined, p1);
  const task = v.tasks[0];
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: task.bin, idempotency_key: key() }, p1);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'BC-' + sku.slice(4), qty: task.qty, idempotency_key: key() }, p1);
  toteNo += 1;
  const tote = 'T' + String(toteNo).padStart(3, '0');
  v = await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: tote, idempotency_key: key() }, p1);
  assert.equal(v.action, 'done');
  return { tote, p1 };
}

/* Units of @sku in bin @bin of warehouse @wh, by the API. */
async function inBin(wh, sku, bin) {
  const r = await srv.ok('GET', `/api/v1/stock?warehouse=${wh}&sku=${sku}&detail=bins`);
  const s = r.items.find((x) => x.sku === sku);
  return s ? (s.bins || []).filter((b) => b.bin === bin).reduce((n, b) => n + b.on_hand, 0) : 0;
}

async function stock(wh, sku) {
  const r = await srv.ok('GET', `/api/v1/stock?warehouse=${wh}&sku=${sku}`);
  return r.items.find((x) => x.sku === sku) || { on_hand: 0, in_transit: 0 };
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, password, locale) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: locale || 'en-US' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => d.accept());
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', password || PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#count-allocated');
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

/* The page fits @width: nothing scrolls the whole page sideways. */
async function fits(page, name) {
  await page.setViewportSize({ width: 768, height: 800 });
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 768, name + ' is ' + w + ' px wide at 768');
  await shot(page, name + '-768');
  await page.setViewportSize({ width: 1280, height: 800 });
}

/* Every field of the page has a label (issue 18, item 17). */
async function labelled(page) {
  const bare = await page.evaluate(() => [...document.querySelectorAll('#page input, #page select, #page textarea')]
    .filter((i) => i.labels.length === 0 && !i.getAttribute('aria-label')).map((i) => i.id || i.outerHTML.slice(0, 60)));
  assert.deepEqual(bare, [], 'inputs without a label');
}

const assertSwitches = (page) => switches(page, { main: '#page .route', back: true, options: false });

before(async () => {
  srv = await startServer('office-desk');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (printer) await printer.close();
});

test('exceptions: the dashboard counts the open ones and opens the desk; scrap and put back resolve them', async () => {
  /* Damaged units reported on the floor, and an order cancelled after its units reached a tote. */
  const p1 = await srv.login('p1', PW);
  await srv.ok('POST', '/api/v1/exceptions', { kind: 'damaged', warehouse: 'W1', location: 'A-01', sku: 'SKU-1', qty: 2, note: '摔碎' }, p1);
  const o = await order([['SKU-2', 3]]);
  const { tote } = await pick(o, 'SKU-2');
  await srv.ok('POST', `/api/v1/orders/${o.id}/cancel`);
  const open = await srv.ok('GET', '/api/v1/exceptions?state=open');
  assert.equal(open.items.length, 2);
  const { ctx, page } = await desk('lead');
  assert.equal((await page.textContent('#exceptions-open-n')).trim(), '2');
  await page.click('#exceptions-open');
  await page.waitForURL(/#\/exceptions\?state=open$/);
  await page.waitForFunction(() => document.querySelectorAll('#exceptions tbody tr').length === 2);
  /* Filter by kind, open the damaged one: scrap it. */
  await page.selectOption('#ex-kind', 'damaged');
  await page.click('#ex-apply');
  await page.waitForFunction(() => document.querySelectorAll('#exceptions tbody tr').length === 1);
  await page.click('#exceptions tbody tr a.ex-open');
  await page.waitForSelector('#ex-actions');
  assert.match(await page.textContent('#ex-units'), /SKU-1 × 2/);
  assert.equal(await page.locator('#ex-do-scrap').count(), 1);
  assert.equal(await page.locator('#ex-do-acknowledge').count(), 1);
  await shot(page, 'app-exceptions');
  await labelled(page);
  const before1 = await inBin('W1', 'SKU-1', 'A-01');
  await page.fill('#ex-note', '已报废');
  await page.click('#ex-do-scrap');
  await page.waitForSelector('#ex-detail-state[data-state=resolved]');
  await page.waitForSelector('#ex-notice');
  const damaged = (await srv.ok('GET', '/api/v1/exceptions?state=resolved&kind=damaged')).items[0];
  assert.equal(damaged.resolution, 'scrap: 已报废');
  assert.equal(await inBin('W1', 'SKU-1', 'A-01'), before1 - 2);
  /* Focus stays on the acted-on exception (its detail: the row left the open list). */
  assert.equal(await page.evaluate(() => document.activeElement.id), 'ex-detail-title');
  /* In Chinese: the cancelled order's tote goes back into a bin typed as a scan. */
  const zh = await desk('lead', PW, 'zh-CN');
  await go(zh.page, '#/exceptions?kind=cancelled_after_pick', '#exceptions tbody tr');
  await zh.page.click('#exceptions tbody tr a.ex-open');
  await zh.page.waitForSelector('#ex-bin');
  assert.equal((await zh.page.textContent('#ex-place')).trim(), tote);
  assert.equal(await zh.page.getAttribute('#ex-order-state', 'data-state'), 'cancelled');
  assert.ok(await zh.page.evaluate(() => document.activeElement.id === 'ex-bin'));
  assert.match(await zh.page.textContent('#ex-actions'), /放回货位/);
  await zh.page.keyboard.type('A-05');
  await zh.page.keyboard.press('Enter');
  await zh.page.waitForSelector('#ex-detail-state[data-state=resolved]');
  await shot(zh.page, 'app-exceptions-zh-CN');
  assert.equal(await inBin('W1', 'SKU-2', 'A-05'), 3);
  assert.equal((await srv.ok('GET', '/api/v1/exceptions?state=open')).items.length, 0);
  assert.deepEqual(zh.page.errors, []);
  await zh.ctx.close();
  /* The dashboard's count follows; the desk switches language and fits 768. */
  await go(page, '#/dashboard', '#exceptions-open-n');
  assert.equal((await page.textContent('#exceptions-open-n')).trim(), '0');
  await go(page, '#/exceptions?state=resolved', '#exceptions tbody tr');
  await page.click('#exceptions tbody tr a.ex-open');
  await page.waitForSelector('#ex-detail');
  await fits(page, 'app-exceptions');
  await assertSwitches(page);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('counts: a lead starts a count, follows it, approves a loss, sends a gain to recount and closes; the back office sees it blind', async () => {
  const { ctx, page } = await desk('lead', PW, 'zh-CN');
  await go(page, '#/counts?warehouse=W1', '#count-form');
  await labelled(page);
  await page.selectOption('#cn-mode', 'bins');
  await page.fill('#cn-bins', 'A-03, A-04');
  await page.fill('#cn-threshold', '0');
  await page.click('#cn-start');
  await page.waitForSelector('#count-state[data-state=open]');
  const id = Number(new URL(page.url().replace('#/count?', '?')).searchParams.get('id'));
  const c0 = await srv.ok('GET', '/api/v1/counts/' + id);
  assert.deepEqual(c0.bins.map((b) => b.bin), ['A-03', 'A-04']);
  assert.equal(c0.threshold, 0);
  /* The counter counts through the API; the page follows by itself. */
  const p1 = await srv.login('p1', PW);
  const a3 = await inBin('W1', 'SKU-3', 'A-03');
  await srv.ok('POST', `/api/v1/counts/${id}/entries`, { bin: 'A-03', sku: 'SKU-3', qty: a3 - 2, idempotency_key: key() }, p1);
  await srv.ok('POST', `/api/v1/counts/${id}/bins/A-03/done`, undefined, p1);
  await srv.ok('POST', `/api/v1/counts/${id}/entries`, { bin: 'A-04', sku: 'SKU-4', qty: 51, idempotency_key: key() }, p1);
  await srv.ok('POST', `/api/v1/counts/${id}/bins/A-04/done`, undefined, p1);
  await page.waitForFunction(() => document.querySelectorAll('#count-lines tbody tr').length === 2, null, { timeout: 15000 });
  assert.match(await page.textContent('#count-progress'), /2 \/ 2/);
  const loss = page.locator('#count-lines tbody tr', { hasText: 'A-03' });
  assert.match(await loss.textContent(), new RegExp(String(a3) + '.*' + String(a3 - 2) + '.*-2'));
  await shot(page, 'app-count-zh-CN');
  await labelled(page);
  await loss.locator('button.approve').click();
  await page.waitForSelector('#count-lines tr[data-state=approved]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.line !== undefined), true);
  assert.equal(await inBin('W1', 'SKU-3', 'A-03'), a3 - 2);
  await page.locator('#count-lines tbody tr', { hasText: 'A-04' }).locator('button.reject').click();
  await page.waitForSelector('#count-lines tr[data-state=recount]');
  let c = await srv.ok('GET', '/api/v1/counts/' + id);
  assert.deepEqual(c.lines.map((l) => l.state).sort(), ['approved', 'recount']);
  assert.equal(c.bins.find((b) => b.bin === 'A-04').state, 'pending');
  assert.equal(await inBin('W1', 'SKU-4', 'A-04'), 50);
  await assertSwitchesBack(page);
  await page.click('#count-close');
  await page.waitForSelector('#count-state[data-state=closed]');
  c = await srv.ok('GET', '/api/v1/counts/' + id);
  assert.equal(c.state, 'closed');
  await fits(page, 'app-count');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  /* The back office: the list, blind (no figures, no detail link). */
  const office = await desk('office');
  await go(office.page, '#/counts?warehouse=W1', '#counts tbody tr');
  await office.page.waitForSelector('#cn-blind');
  assert.equal(await office.page.locator('#count-form').count(), 0);
  assert.equal(await office.page.locator('#counts a.count-open').count(), 0);
  await shot(office.page, 'app-counts-blind');
  await assertSwitches(office.page);
  assert.deepEqual(office.page.errors, []);
  await office.ctx.close();
});

/* The switch check on a page that starts in Chinese: to English and back. */
async function assertSwitchesBack(page) {
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForTimeout(100);
  await assertSwitches(page);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
}

test('corrections: adjust, move and transfer from the stock page, each reviewed before and after; the transfer is received', async () => {
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password);
  await go(page, '#/stock?warehouse=W1&sku=SKU-1&detail=bins', '#stock .bin-row a.correct');
  await page.click('#stock .bin-row a.correct');
  await page.waitForSelector('#adjust-form');
  assert.equal(await page.inputValue('#ad-sku'), 'SKU-1');
  assert.equal(await page.inputValue('#ad-bin'), 'A-01');
  /* Adjustment: −3 damaged, with lot and expiry into A-06 (a new lot). */
  const a1 = await inBin('W1', 'SKU-1', 'A-01');
  await page.fill('#ad-delta', '-3');
  await page.selectOption('#ad-reason', 'damaged');
  await page.click('#ad-review');
  await page.waitForSelector('#cr-go');
  const cells = async (i) => page.locator(`#cr-figures tbody tr[data-i="${i}"] td`).allTextContents();
  assert.deepEqual((await cells(0)).slice(1), [String(a1), String(a1 - 3)]);
  await page.click('#cr-go');
  await page.waitForSelector('#cr-done');
  assert.equal((await cells(0))[3], String(a1 - 3));
  assert.equal(await inBin('W1', 'SKU-1', 'A-01'), a1 - 3);
  await shot(page, 'app-corrections');
  await page.click('#cr-close');
  /* A found lot of a SKU tracked by lot and expiry. */
  await page.fill('#ad-sku', 'TEA-L');
  await page.fill('#ad-bin', 'A-06');
  await page.fill('#ad-delta', '7');
  await page.selectOption('#ad-reason', 'found');
  await page.fill('#ad-lot', 'L2027');
  await page.fill('#ad-expiry', '2027-06-30');
  /* Found stock at its own cost: the valuation is 7 × 8.25. */
  await page.fill('#ad-cost', '8.25');
  await page.click('#ad-review');
  await page.waitForSelector('#cr-go');
  assert.deepEqual((await cells(0)).slice(1), ['0', '7']);
  await page.click('#cr-go');
  await page.waitForSelector('#cr-done');
  const lots = (await srv.ok('GET', '/api/v1/stock?warehouse=W1&sku=TEA-L&detail=bins')).items[0].bins;
  const l = lots.find((b) => b.bin === 'A-06');
  assert.equal(l.lot, 'L2027');
  assert.equal(l.on_hand, 7);
  assert.match(String(l.expiry), /^2027-06-30/);
  const val = (await srv.ok('GET', '/api/v1/reports/inventory?warehouse=W1&sku=TEA-L')).rows[0];
  assert.equal(Number(val.value), 57.75);
  assert.equal(Number(val.unit_cost), 8.25);
  await page.click('#cr-close');
  /* Move 5 from. */
  await page.fill('#mv-sku', 'SKU-1');
  await page.fill('#mv-from', 'A-01');
  await page.fill('#mv-to', 'A-05');
  await page.fill('#mv-qty', '5');
  await page.click('#mv-review');
  await page.waitForSelector('#cr-go');
  assert.deepEqual((await cells(0)).slice(1), [String(a1 - 3), String(a1 - 8)]);
  await page.dblclick('#cr-go');
  await page.waitForSelector('#cr-done');
  assert.equal(await inBin('W1', 'SKU-1', 'A-01'), a1 - 8);
  assert.equal(await inBin('W1', 'SKU-1', 'A-05'), 5);
  await page.click('#cr-close');
  /* Transfer 4 to W2, then receive it into B-02. */
  const w1 = await stock('W1', 'SKU-1');
  await page.selectOption('#tr-from', 'W1');
  await page.fill('#tr-to', 'w2');
  await page.fill('#tr-sku', 'SKU-1');
  await page.fill('#tr-bin', 'A-05');
  await page.fill('#tr-qty', '4');
  await page.fill('#tr-freight', '6');
  await page.click('#tr-review');
  await page.waitForSelector('#cr-go');
  assert.deepEqual((await cells(1)).slice(1), ['0', '4']);
  await page.click('#cr-go');
  await page.waitForSelector('#cr-done');
  assert.equal((await cells(1))[3], '4');
  assert.equal((await stock('W1', 'SKU-1')).on_hand, w1.on_hand - 4);
  assert.equal((await stock('W2', 'SKU-1')).in_transit, 4);
  const tr = (await srv.ok('GET', '/api/v1/stock/transfers?state=in_transit')).items;
  assert.equal(tr.length, 1);
  assert.equal(tr[0].freight, '6.00', 'the freight goes with the transfer');
  const row = `#transfers tbody tr[data-id="${tr[0].id}"]`;
  await page.fill(row + ' input.rc-bin', 'B-02');
  await labelled(page);
  await page.click(row + ' button.receive');
  await page.waitForSelector('#cr-go');
  await page.click('#cr-go');
  await page.waitForSelector(row + '[data-state=received]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), String(tr[0].id));
  assert.equal(await inBin('W2', 'SKU-1', 'B-02'), 4);
  assert.equal((await stock('W2', 'SKU-1')).in_transit, 0);
  await fits(page, 'app-corrections');
  await assertSwitches(page);
  assert.deepEqual(page.errors, []);
  await ctx.close();
  /* A lead of W1 sends to W2, a warehouse it cannot see: typed, reviewed on W1's figures. */
  const lead = await desk('lead');
  await go(lead.page, '#/corrections?warehouse=W1&sku=SKU-2', '#transfer-form');
  const w1b = await stock('W1', 'SKU-2');
  await lead.page.fill('#tr-to', 'W2');
  await lead.page.fill('#tr-bin', 'A-05');
  await lead.page.fill('#tr-qty', '1');
  await lead.page.click('#tr-review');
  await lead.page.waitForSelector('#cr-go');
  assert.equal(await lead.page.locator('#cr-figures tbody tr').count(), 1);
  await lead.page.click('#cr-go');
  await lead.page.waitForSelector('#cr-done');
  assert.equal((await stock('W1', 'SKU-2')).on_hand, w1b.on_hand - 1);
  assert.equal((await stock('W2', 'SKU-2')).in_transit, 1);
  /* The console saw the refused read of W2's figures (403), nothing else. */
  assert.deepEqual(lead.page.errors.filter((e) => !/status of 403/.test(e)), []);
  await lead.ctx.close();
});

test('shipments: the lead finds a shipped parcel by state, reprints its label, opens the slip and marks it delivered', async () => {
  const o = await order([['SKU-4', 1]]);
  const { p1 } = await pick(o, 'SKU-4');
  const sh = await srv.ok('POST', '/api/v1/packing/open', { code: o.external_id, station: 'PACK-1' }, p1);
  const c = (await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-P' }, p1)).cartons[0];
  await srv.ok('POST', `/api/v1/cartons/${c.id}/scan`, { code: 'BC-4', qty: 1 }, p1);
  await srv.ok('POST', `/api/v1/cartons/${c.id}/close`, { weight_g: 400 }, p1);
  const shipped = await srv.ok('POST', `/api/v1/shipments/${sh.id}/ship`, { idempotency_key: key() }, p1);
  assert.equal(shipped.state, 'shipped');
  const doc = await srv.ok('GET', `/api/v1/shipments/${sh.id}`);
  const tracking = doc.cartons[0].tracking_no;
  const { ctx, page } = await desk('lead', PW, 'zh-CN');
  await page.click('#nav-shipments');
  await page.waitForSelector('#shipments');
  await page.selectOption('#sh-state', 'shipped');
  await page.click('#sh-apply');
  await page.waitForURL(/state=shipped/);
  const rowSel = `#shipments tbody tr[data-id="${sh.id}"]`;
  /* The filtered list replaces the whole one: only the shipped parcel. */
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll('#shipments tbody tr')];
    return rows.length === 1 && rows[0].dataset.id === String(id) && rows[0].dataset.state === 'shipped';
  }, sh.id);
  assert.match(await page.textContent(rowSel), new RegExp(tracking));
  assert.match(await page.textContent(rowSel), new RegExp(o.external_id));
  await shot(page, 'app-shipments-zh-CN');
  await labelled(page);
  await page.click(rowSel + ' a.sh-open');
  await page.waitForSelector('#ship-state[data-state=shipped]');
  await labelled(page);
  /* Reprint at the station: a reprint job of the carton, printed. */
  const before = printer.got.length;
  await page.click(`#ship-cartons tr[data-id="${c.id}"] button.reprint`);
  await page.waitForSelector('#sh-notice');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), String(c.id));
  const jobs = await srv.ok('GET', '/api/v1/print-jobs?station=PACK-1');
  assert.ok(jobs.items.some((j) => j.kind === 'reprint' && j.carton === c.id), JSON.stringify(jobs.items));
  for (let i = 0; i < 100 && printer.got.length === before; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(printer.got.length > before);
  /* The slip and the label PDF answer. */
  for (const sel of ['#sh-slip', `#ship-cartons tr[data-id="${c.id}"] a.label-pdf`]) {
    const href = await page.getAttribute(sel, 'href');
    const r = await page.evaluate((h) => fetch(h).then(async (x) => ({ status: x.status, head: (await x.text()).slice(0, 4) })), href);
    assert.equal(r.status, 200, sel);
    assert.ok(r.head.startsWith('^XA') || r.head === '%PDF', sel + ' ' + r.head);
  }
  await assertSwitchesBack(page);
  await page.click('#sh-delivered');
  await page.waitForSelector('#ship-state[data-state=delivered]');
  assert.equal((await srv.ok('GET', `/api/v1/shipments/${sh.id}`)).state, 'delivered');
  await shot(page, 'app-shipment-zh-CN');
  await fits(page, 'app-shipment');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a lead of two warehouses gets the first one listed, not a refusal', async () => {
  await srv.ok('POST', '/api/v1/users', { username: 'lead2', role: 'warehouse_lead', password: PW, warehouses: ['W1', 'W2'] });
  const { ctx, page } = await desk('lead2');
  for (const [hash, sel, select] of [['#/exceptions', '#exceptions', '#ex-wh'], ['#/shipments', '#shipments tbody tr', '#sh-wh']]) {
    await go(page, hash, sel);
    assert.equal(await page.inputValue(select), 'W1', hash);
    assert.equal(await page.locator('#error').isVisible(), false, hash);
  }
  await go(page, '#/corrections', '#transfers');
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a skip link is the first stop of the keyboard and moves focus to the page, hash untouched', async () => {
  const { ctx, page } = await desk('lead');
  const hash = await page.evaluate(() => location.hash);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip');
  assert.ok((await page.textContent('#skip')).length > 0);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'page');
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
