// End-to-end tests of the back office screens in a real browser (Debian's
// chromium via playwright-core) against a real `depot serve`: orders
// (filter, search, pages, detail with timeline, release and cancel),
// waves (create, progress refreshed while the page is open), purchasing
// (supplier, PO, submit, approve, exports, suggestions, performance), the
// audit log, products, stock, stores, users, the dashboard and the
// language switch. Screenshots (1280×800) go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startServer, launch, artifacts, ADMIN } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e office password';
/* The print worker retries fast here: a dead printer's job fails in a moment. */
Object.assign(process.env, { DEPOT_PRINT_TIMEOUT_MS: '500', DEPOT_PRINT_RETRY_MS: '50', DEPOT_PRINT_ATTEMPTS: '2', DEPOT_PRINT_POLL_MS: '50' });
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
    await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-0' + i, sku: 'SKU-' + i, qty_delta: 200 });
  }
  await srv.ok('POST', '/api/v1/stores', { code: 'API1', name: '抖音小店', channel: 'api', warehouse: 'W1', currency: 'CNY' });
  await srv.ok('POST', '/api/v1/stores', { code: 'TM', name: '天猫旗舰店', channel: 'api', warehouse: 'W1', currency: 'CNY' });
  await srv.ok('POST', '/api/v1/stores', { code: 'WAVE', name: '波次测试店', channel: 'api', warehouse: 'W1', currency: 'CNY' });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 50 });
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('buyer', 'back_office', null, PW);
  srv.addUser('lead', 'warehouse_lead', 'W1', PW);
  srv.addUser('p1', 'picker', 'W1', PW);
}

async function order(lines, store, name) {
  orderNo += 1;
  return srv.ok('POST', '/api/v1/orders', {
    store: store || 'API1', external_id: 'OF-' + String(orderNo).padStart(3, '0'), currency: 'CNY',
    customer: { name: name || '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: lines.map(([sku, qty]) => ({ sku, qty, unit_price: '19.90' })),
  });
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png') });
}

async function desk(username, password) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
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

/* Opens hash route @hash and waits for @sel. */
async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

before(async () => {
  srv = await startServer('office');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('orders: filter by store and state, search, page, open one with its timeline, release, hold, release and cancel', async () => {
  for (let i = 0; i < 22; i++) await order([['SKU-1', 1]], 'API1', '李四');
  for (let i = 0; i < 3; i++) await order([['SKU-2', 1]], 'TM', '赵六');
  const held = await order([['NEW-1', 2]], 'TM', '孙七');
  assert.equal(held.state, 'on_hold');
  const { ctx, page } = await desk('office');
  await page.click('#nav-orders');
  await page.waitForSelector('#orders tbody tr');
  assert.equal(await page.locator('#orders tbody tr').count(), 20);
  await page.selectOption('#f-store', 'TM');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/store=TM/);
  await page.waitForFunction(() => document.querySelectorAll('#orders tbody tr').length === 4);
  await page.selectOption('#f-state', 'on_hold');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/state=on_hold&store=TM/);
  await page.waitForFunction(() => document.querySelectorAll('#orders tbody tr').length === 1);
  /* Search, then keyset pages through the unfiltered list. */
  await page.selectOption('#f-state', '');
  await page.selectOption('#f-store', '');
  await page.fill('#f-q', 'OF-01');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/q=OF-01/);
  await page.waitForFunction(() => {
    const ids = [...document.querySelectorAll('#orders tbody tr td:first-child')].map((x) => x.textContent);
    return ids.length === 10 && ids.every((x) => x.startsWith('OF-01'));
  });
  await page.fill('#f-q', '');
  await page.click('.filters button[type=submit]');
  await page.waitForFunction(() => !location.hash.includes('q='));
  await page.waitForSelector('#next-page');
  const first = await page.textContent('#orders tbody tr:first-child td:first-child');
  await page.click('#next-page');
  await page.waitForSelector('#first-page');
  assert.notEqual(await page.textContent('#orders tbody tr:first-child td:first-child'), first);
  await shot(page, 'app-orders');
  /* The held order: why, its lines, its timeline; the SKU now exists, release allocates it. */
  await go(page, '#/order?id=' + held.id, '#order-state');
  assert.equal(await page.getAttribute('#order-state', 'data-state'), 'on_hold');
  assert.match(await page.textContent('#holds'), /Unknown SKU/);
  assert.equal(await page.locator('#order-lines tbody tr').count(), 1);
  assert.equal(await page.locator('#timeline tbody tr').count(), 2);
  /* Who took it in, by name (the admin posted it). */
  assert.equal(await page.textContent('#timeline tbody tr:first-child td:nth-child(5)'), ADMIN.username);
  await srv.ok('POST', '/api/v1/products', { sku: 'NEW-1', name: '新品茶壶' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'A-04', sku: 'NEW-1', qty_delta: 5 });
  await page.click('#order-release');
  await page.waitForSelector('#order-state[data-state=allocated]');
  await page.waitForSelector('#order-notice');
  assert.equal(await page.locator('#holds').count(), 0);
  assert.match(await page.textContent('#order-lines tbody tr'), /W1 × 2/);
  assert.ok(await page.locator('#timeline tbody tr').count() >= 3);
  await shot(page, 'app-order-detail');
  /* The back office holds it by hand (waves skip it, its stock stays reserved), then releases it. */
  await page.fill('#hold-note', '客户要求改地址');
  await page.click('#order-hold');
  await page.waitForSelector('#order-state[data-state=on_hold]');
  assert.match(await page.textContent('#holds'), /Held by the back office/);
  let o = await srv.ok('GET', '/api/v1/orders/' + held.id);
  assert.equal(o.lines[0].allocated, 2);
  assert.equal(o.holds[0].detail, '客户要求改地址');
  await page.click('#order-release');
  await page.waitForSelector('#order-state[data-state=allocated]');
  await page.click('#order-cancel');
  await page.waitForSelector('#order-state[data-state=cancelled]');
  assert.equal(await page.locator('#order-cancel').count(), 0);
  o = await srv.ok('GET', '/api/v1/orders/' + held.id);
  assert.equal(o.state, 'cancelled');
  assert.equal(o.lines[0].allocated, 0);
  /* Back to the list by the link. */
  await page.click('#back-orders');
  await page.waitForSelector('#orders tbody tr');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('waves: a lead creates a wave and watches its progress refresh while a picker works', async () => {
  await order([['SKU-3', 1]], 'WAVE');
  await order([['SKU-3', 2]], 'WAVE');
  const { ctx, page } = await desk('lead');
  await page.click('#nav-waves');
  await page.waitForSelector('#wave-form');
  await page.selectOption('#w-wh', 'W1');
  await page.selectOption('#w-store', 'WAVE');
  await page.selectOption('#w-lines', 'single');
  await page.fill('#w-batch', '1');
  await page.fill('#w-max', '10');
  await page.click('#wave-create');
  await page.waitForSelector('#wave-created-msg');
  assert.match(await page.textContent('#wave-created-msg'), /2 orders in 2 pick lists/);
  const waves = await srv.ok('GET', '/api/v1/waves?warehouse=W1');
  const w = waves.items[0];
  assert.equal(w.filters.store, 'WAVE');
  const rowSel = `#waves tbody tr[data-id="${w.id}"]`;
  await page.waitForSelector(rowSel);
  assert.match(await page.textContent(rowSel + ' .progress-text'), /0 of 2 tasks/);
  await shot(page, 'app-waves');
  /* A picker does the first list through the API; the page catches up by itself. */
  const list = w.picklists[0];
  await srv.ok('POST', `/api/v1/picklists/${list.id}/assign`, { picker: 'p1' });
  const p1 = await srv.login('p1', PW);
  let v = await srv.ok('GET', `/api/v1/picklists/${list.id}`, undefined, p1);
  const task = v.tasks[0];
  const key = () => 'k-' + Math.random().toString(16).slice(2);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: task.bin, idempotency_key: key() }, p1);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'BC-3', qty: task.qty, idempotency_key: key() }, p1);
  v = await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'T040', idempotency_key: key() }, p1);
  assert.equal(v.action, 'done');
  await page.waitForFunction((sel) => /1 of 2 tasks/.test(document.querySelector(sel + ' .progress-text').textContent),
    rowSel, { timeout: 15000 });
  assert.equal(await page.getAttribute(rowSel + ' progress', 'value'), '1');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('purchasing: a supplier and a PO, submitted, approved, exported; suggestions and performance', async () => {
  const { ctx, page } = await desk('office');
  await page.click('#nav-suppliers');
  await page.waitForSelector('#supplier-form');
  await page.fill('#s-code', 'SUP1');
  await page.fill('#s-name', '景德镇瓷厂');
  await page.fill('#s-contact', '陈经理');
  await page.fill('#s-lead', '10');
  await page.fill('#s-sku', 'SKU-1');
  await page.fill('#s-cost', '3.50');
  await page.fill('#s-moq', '10');
  await page.fill('#s-pack', '5');
  await page.click('#supplier-create');
  await page.waitForSelector('#perf-chart');
  assert.equal(await page.locator('#supplier-skus tbody tr').count(), 1);
  await page.click('#nav-purchasing');
  await page.waitForSelector('#po-form');
  await page.selectOption('#po-supplier', 'SUP1');
  await page.fill('#po-sku', 'SKU-1');
  await page.fill('#po-qty', '40');
  await page.click('#po-create');
  await page.waitForSelector('#po-state [data-state=draft]');
  assert.match(await page.textContent('#po-total'), /140\.00/);
  await page.click('#po-submit');
  await page.waitForSelector('#po-state [data-state=submitted]');
  /* Who created and submitted it may not approve it: another buyer does. */
  await page.click('#po-approve');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /cannot approve it/);
  assert.ok(await page.locator('#po-state [data-state=submitted]').count() === 1);
  const poHash = await page.evaluate(() => location.hash);
  const other = await desk('buyer');
  await go(other.page, poHash, '#po-approve');
  await other.page.click('#po-approve');
  await other.page.waitForSelector('#po-state [data-state=approved]');
  assert.equal(await other.page.textContent('#po-approved-by'), 'buyer');
  assert.equal(await other.page.textContent('#po-created-by'), 'office');
  assert.equal(await other.page.textContent('#po-submitted-by'), 'office');
  assert.deepEqual(other.page.errors, []);
  await other.ctx.close();
  await page.reload();
  await page.waitForSelector('#po-state [data-state=approved]');
  /* The refused approval's 409 is the only error the console saw. */
  page.errors.splice(0, page.errors.length, ...page.errors.filter((e) => !/status of 409/.test(e)));
  assert.ok(await page.locator('#po-send').isVisible());
  await shot(page, 'app-purchase-order');
  for (const sel of ['#po-csv', '#po-pdf']) {
    const href = await page.getAttribute(sel, 'href');
    const r = await page.evaluate((h) => fetch(h).then((x) => ({ status: x.status, type: x.headers.get('content-type') })), href);
    assert.equal(r.status, 200, sel);
    assert.match(r.type, sel === '#po-csv' ? /text\/csv/ : /application\/pdf/);
  }
  const number = (await page.textContent('#po-number')).trim();
  /* The list, filtered by state. */
  await page.click('#back-pos');
  await page.waitForSelector('#pos');
  await page.selectOption('#po-f-state', 'approved');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/state=approved/);
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('#pos tbody tr')];
    return rows.length === 1 && rows[0].textContent.includes(n);
  }, number);
  await shot(page, 'app-purchase-orders');
  /* Reorder suggestions: SKU-2 of SUP1 far below its reorder point. */
  await srv.ok('POST', '/api/v1/suppliers', { code: 'SUP1', name: '景德镇瓷厂', lead_time_days: 10, skus: [{ sku: 'SKU-2', cost: '2.00', moq: 10, pack_size: 10 }] });
  await srv.ok('PATCH', '/api/v1/products/SKU-2', { planning: [{ warehouse: 'W1', reorder_point: 500, safety_stock: 20 }] });
  await page.selectOption('#sg-wh', 'W1');
  await page.click('#suggest');
  await page.waitForSelector('#suggest-count');
  assert.match(await page.textContent('#suggest-count'), /1 draft purchase orders/);
  /* The supplier's performance report draws its table and bars. */
  await go(page, '#/supplier?code=SUP1', '#perf');
  assert.ok(await page.locator('#perf-chart rect.bar').count() === 3);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the audit log shows who approved the purchase order', async () => {
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password);
  await page.click('#nav-audit');
  await page.waitForSelector('#audit tbody tr');
  await page.fill('#au-route', '/api/v1/purchase-orders/{id}/approve');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/route=/);
  /* The refused attempt of the PO's own buyer and the approval. */
  await page.waitForFunction(() => document.querySelectorAll('#audit tbody tr').length === 2);
  const rows = await page.locator('#audit tbody tr').allTextContents();
  assert.ok(rows.some((r) => /buyerBack office.*\/api\/v1\/purchase-orders\/\d+\/approve200/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /officeBack office.*\/approve409/.test(r)), rows.join('\n'));
  await shot(page, 'app-audit');
  await ctx.close();
});

test('products, stock and low stock, stores and users: list, create, detail', async () => {
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password);
  await page.click('#nav-products');
  await page.waitForSelector('#product-form');
  await page.fill('#np-sku', 'MUG-9');
  await page.fill('#np-name', '青花马克杯');
  await page.fill('#np-barcode', '4006381333931');
  await page.click('#product-create');
  await page.waitForSelector('#barcodes tbody tr');
  await page.fill('#bc-code', 'MUG9-BOX');
  await page.fill('#bc-pack', '6');
  await page.click('#bc-add');
  await page.waitForSelector('#product-notice');
  assert.equal(await page.locator('#barcodes tbody tr').count(), 2);
  await go(page, '#/products?q=MUG9-BOX', '#products');
  await page.waitForFunction(() => document.querySelectorAll('#products tbody tr').length === 1);
  /* Stock by bin, filtered by SKU; low stock lists SKU-2 (reorder point 500). */
  await go(page, '#/stock?sku=SKU-1&detail=bins', '#stock .bin-row');
  assert.match(await page.textContent('#stock .bin-row'), /A-01/);
  assert.match(await page.textContent('#low-stock'), /SKU-2/);
  await shot(page, 'app-stock');
  await page.click('#nav-stores');
  await page.waitForSelector('#store-form');
  await page.fill('#ns-code', 'JD1');
  await page.fill('#ns-name', '京东自营');
  await page.selectOption('#ns-channel', 'manual');
  await page.click('#store-create');
  await page.waitForSelector('#stores tbody tr[data-code="JD1"]');
  await page.click('#nav-users');
  await page.waitForSelector('#user-form');
  await page.fill('#nu-name', 'buyer2');
  await page.selectOption('#nu-role', 'back_office');
  await page.fill('#nu-password', 'a long enough password');
  await page.click('#user-create');
  await page.waitForSelector('#users tbody tr[data-username="buyer2"]');
  assert.match(await page.textContent('#users tbody tr[data-username="buyer2"]'), /Back office/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the dashboard draws what the API gives and its counts open the filtered lists', async () => {
  const dash = await srv.ok('GET', '/api/v1/dashboard');
  const { ctx, page } = await desk('office');
  assert.equal((await page.textContent('#count-allocated .card-n')).trim(), String(dash.orders_by_state.allocated));
  if (dash.sales) {
    await page.waitForSelector('#sales-chart');
    assert.equal(await page.locator('#sales-chart rect.bar').count(), dash.sales.by_day.length);
  }
  if (dash.pick_rate) assert.equal(await page.locator('#pick-chart rect.bar').count(), dash.pick_rate.length);
  if (dash.low_stock) assert.equal((await page.textContent('#low-count')).trim(), String(dash.low_stock.count));
  if (dash.receiving_backlog) await page.waitForSelector('#backlog');
  await shot(page, 'app-dashboard-office');
  await page.click('#count-cancelled');
  await page.waitForURL(/#\/orders\?state=cancelled$/);
  await page.waitForFunction((n) => document.querySelectorAll('#orders tbody tr').length === n,
    Math.min(dash.orders_by_state.cancelled, 20));
  await ctx.close();
});

/* The back office's check: its filters' drop-down entries are data. */
const assertSwitches = (page) => switches(page, { main: '#page .route', back: true, options: false });

test('settings: an admin sets the purchase approval limit, the API has it', async () => {
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password);
  await page.click('#nav-settings');
  await page.waitForSelector('#settings-purchasing');
  assert.equal(await page.inputValue('#ps-limit'), '');
  await page.fill('#ps-limit', '50000');
  await page.click('#ps-save');
  await page.waitForSelector('#settings-notice');
  assert.equal(await page.inputValue('#ps-limit'), '50000.00');
  const s = await srv.ok('GET', '/api/v1/settings/purchasing');
  assert.equal(s.admin_approval_above, '50000.00');
  await shot(page, 'app-settings');
  await assertSwitches(page);
  /* Emptied: no limit again. */
  await page.fill('#ps-limit', '');
  await page.click('#ps-save');
  await page.waitForSelector('#settings-notice');
  assert.equal((await srv.ok('GET', '/api/v1/settings/purchasing')).admin_approval_above, null);
  assert.deepEqual(page.errors, []);
  await ctx.close();
  /* A back-office user has no settings entry. */
  const office = await desk('office');
  assert.equal(await office.page.locator('#nav-settings').isVisible(), false);
  await office.ctx.close();
});

/* A TCP listener on 127.0.0.1 keeping each connection's bytes (a label printer). */
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

test('printing: a dead printer\'s label fails; the lead fixes the printer and reprints from the print queue', async () => {
  const closed = net.createServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = closed.address().port;
  await new Promise((r) => closed.close(r));
  await srv.ok('POST', '/api/v1/carriers', { code: 'PEXP', name: '顺丰', transit_days: 1, tracking: { prefix: 'SF', digits: 9, check_digit: 'mod10', first: 1, last: 999 } });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-P', tare_g: 100 });
  await srv.ok('POST', '/api/v1/stores', { code: 'PRT', name: '打印测试店', channel: 'api', warehouse: 'W1', currency: 'CNY', carrier: 'PEXP' });
  await srv.ok('POST', '/api/v1/stations', { code: 'PACK-1', warehouse: 'W1', printer: '127.0.0.1:' + deadPort });
  const o = await order([['SKU-1', 1]], 'PRT');
  const w = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'PRT' });
  const list = w.picklists[0];
  await srv.ok('POST', `/api/v1/picklists/${list.id}/assign`, { picker: 'p1' });
  const p1 = await srv.login('p1', PW);
  const task = (await srv.ok('GET', `/api/v1/picklists/${list.id}`, undefined, p1)).tasks[0];
  const key = () => 'k-' + Math.random().toString(16).slice(2);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: task.bin, idempotency_key: key() }, p1);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'BC-1', qty: 1, idempotency_key: key() }, p1);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'T046', idempotency_key: key() }, p1);
  const sh = await srv.ok('POST', '/api/v1/packing/open', { code: o.external_id, station: 'PACK-1' }, p1);
  const c = (await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-P' }, p1)).cartons[0];
  await srv.ok('POST', `/api/v1/cartons/${c.id}/scan`, { code: 'BC-1', qty: 1 }, p1);
  const t0 = Date.now();
  const done = await srv.ok('POST', `/api/v1/cartons/${c.id}/close`, { weight_g: 100 }, p1);
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(done.print.queued, true);
  /* The lead opens the print queue of the station: the job failed. */
  const { ctx, page } = await desk('lead');
  await page.click('#nav-printing');
  await page.waitForSelector('#print-jobs');
  await page.selectOption('#pj-station', 'PACK-1');
  await page.click('#pj-apply');
  await page.waitForURL(/station=PACK-1/);
  const rowSel = `#print-jobs tbody tr[data-id="${done.print.job}"]`;
  for (let i = 0; i < 50 && !(await page.$(rowSel + '[data-state=failed]')); i++) {
    await page.waitForTimeout(200);
    await page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  }
  await page.waitForSelector(rowSel + '[data-state=failed]');
  assert.match(await page.textContent(rowSel), /Failed/);
  await shot(page, 'app-print-queue');
  await assertSwitches(page);
  /* The printer is fixed (a live one at the station), then reprinted. */
  const printer = await livePrinter();
  await srv.ok('POST', '/api/v1/stations', { code: 'PACK-1', warehouse: 'W1', printer: '127.0.0.1:' + printer.port });
  await page.click(rowSel + ' button.reprint');
  await page.waitForSelector('#pj-notice');
  const jobs = await srv.ok('GET', '/api/v1/print-jobs?station=PACK-1');
  const re = jobs.items.find((j) => j.kind === 'reprint');
  assert.ok(re, JSON.stringify(jobs.items));
  assert.equal(re.carton, c.id);
  for (let i = 0; i < 100 && printer.got.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const label = await (await fetch(srv.base + `/api/v1/cartons/${c.id}/label.zpl`, { headers: { Authorization: 'Bearer ' + p1 } })).text();
  assert.equal(printer.got.length, 1);
  assert.equal(printer.got[0], label);
  await printer.close();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the language switch changes every string of the new screens', async () => {
  const { ctx, page } = await desk('office');
  const pos = await srv.ok('GET', '/api/v1/purchase-orders?state=approved');
  const held = (await srv.ok('GET', '/api/v1/orders?state=cancelled&limit=1')).items[0];
  for (const [hash, sel] of [['#/waves', '#waves'], ['#/po?id=' + pos.items[0].id, '#po-lines'],
    ['#/order?id=' + held.id, '#timeline'], ['#/purchasing', '#pos'], ['#/suppliers', '#suppliers'],
    ['#/products', '#products'], ['#/stock?detail=bins', '#stock'], ['#/stores', '#stores'], ['#/dashboard', '#count-new']]) {
    await go(page, hash, sel);
    await page.waitForTimeout(100);
    await assertSwitches(page);
  }
  await go(page, '#/po?id=' + pos.items[0].id, '#po-lines');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForSelector('#po-lines');
  await shot(page, 'app-purchase-order-zh-CN');
  await go(page, '#/dashboard', '#count-new');
  await shot(page, 'app-dashboard-office-zh-CN');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
