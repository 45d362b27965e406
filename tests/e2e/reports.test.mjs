// End-to-end tests of the Reports section (issue 21): sales of orders
// shipped through the API, 进销存 and inventory valuation in the back office, their figures checked against the API,
// sorting, the links behind the figures, the CSV and Excel exports, the
// warehouse scope of a limited clerk, the staff report's floor figures
// (cartons packed), in English at 1280×800 and in
// Chinese at 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts, ADMIN } from './harness.mjs';
import { englishOnly, visibleTexts } from './i18n.mjs';

const PW = 'e2e reports password';
let srv;
let browser;

async function setupData() {
  for (const [wh, name] of [['W1', '株洲中心仓'], ['W2', '长沙前置仓']]) {
    await srv.ok('POST', '/api/v1/warehouses', { code: wh, name, bin_managed: false });
  }
  for (let i = 1; i <= 3; i++) {
    await srv.ok('POST', '/api/v1/products', { sku: 'RP-' + i, name: '醴陵瓷碗 ' + i, category: i < 3 ? 'porcelain' : 'tea', cost: String(10 * i) });
    await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', sku: 'RP-' + i, qty_delta: 40 + i });
  }
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', sku: 'RP-1', qty_delta: -5 });
  const tr = await srv.ok('POST', '/api/v1/stock/transfers', { sku: 'RP-2', from_warehouse: 'W1', to_warehouse: 'W2', qty: 6, idempotency_key: 'rp-tr-1' });
  await srv.ok('POST', `/api/v1/stock/transfers/${tr.id}/receive`);
  /* A bin-managed warehouse that ships: sales come from shipments. */
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W3', name: '株洲发货仓' });
  await srv.ok('POST', '/api/v1/warehouses/W3/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/W3/bins/generate',
    { zone: 'P', aisles: 'A', racks: '1-2', levels: '1', positions: '1', pattern: '{aisle}-{rack:02}' });
  await srv.ok('POST', '/api/v1/products', { sku: 'SALE-1', name: '醴陵瓷杯', weight_kg: '0.300', cost: '12.50' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W3', bin: 'A-01', sku: 'SALE-1', qty_delta: 50 });
  await srv.ok('POST', '/api/v1/carriers', { code: 'PEXP', name: '顺丰', transit_days: 1, tracking: { prefix: 'SF', digits: 9, check_digit: 'mod10', first: 1, last: 999 } });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-P', tare_g: 100 });
  await srv.ok('POST', '/api/v1/stores', { code: 'SH1', name: '抖音小店', channel: 'api', warehouse: 'W3', currency: 'CNY', carrier: 'PEXP' });
  await srv.ok('POST', '/api/v1/stations', { code: 'PACK-1', warehouse: 'W3' });
  await srv.ok('POST', '/api/v1/warehouses/W3/totes', { prefix: 'T', from: 1, to: 20 });
  for (const [n, qty] of [[1, 2], [2, 3]]) await shipOrder('SH-' + n, qty);
  await srv.ok('POST', '/api/v1/products', { sku: 'TEA-L', name: '安化黑茶', lot_tracked: true, expiry_tracked: true });
  const soon = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W3', bin: 'A-02', sku: 'TEA-L', lot: 'L2601', expiry: soon, qty_delta: 9 });
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('clerk2', 'back_office', 'W2', PW);
  srv.addUser('lead', 'warehouse_lead', 'W3', PW);
}

let keyNo = 0;
const key = () => 'rp-k-' + (keyNo += 1);

/* Order @ext of @qty cups at 39.90 (+ 8.00 shipping) waved, picked into a
 * tote, packed and shipped through the API, as the floor does it. */
async function shipOrder(ext, qty) {
  await srv.ok('POST', '/api/v1/orders', {
    store: 'SH1', external_id: ext, currency: 'CNY', shipping_amount: '8.00',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: [{ sku: 'SALE-1', qty, unit_price: '39.90' }],
  });
  const w = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W3', store: 'SH1' });
  const list = w.picklists[0];
  await srv.ok('POST', `/api/v1/picklists/${list.id}/assign`, { picker: ADMIN.username });
  const v = await srv.ok('GET', `/api/v1/picklists/${list.id}`);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: v.task.bin, idempotency_key: key() });
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'SALE-1', qty, idempotency_key: key() });
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'T' + String(keyNo).padStart(3, '0'), idempotency_key: key() });
  const sh = await srv.ok('POST', '/api/v1/packing/open', { code: ext, station: 'PACK-1' });
  const c = (await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-P' })).cartons[0];
  await srv.ok('POST', `/api/v1/cartons/${c.id}/scan`, { code: 'SALE-1', qty });
  await srv.ok('POST', `/api/v1/cartons/${c.id}/close`, { weight_g: 100 + 300 * qty });
  await srv.ok('POST', `/api/v1/shipments/${sh.id}/ship`, { idempotency_key: key() });
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, password, locale, viewport) {
  /* Signed in at desk size (a phone-sized login goes to the floor), then
   * the window takes the size under test. */
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: locale || 'en-US', acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', password || PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#count-allocated');
  if (viewport) await page.setViewportSize(viewport);
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

/* The figure of column @field in the table row of @wh and @sku. */
async function figure(page, wh, sku, field) {
  return Number(await page.getAttribute(`#report-table tr[data-warehouse="${wh}"][data-sku="${sku}"] td[data-field="${field}"]`, 'data-value'));
}

before(async () => {
  srv = await startServer('reports');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('stock movement in English: the figures are the API\'s, headings sort, figures link to the stock and exports download', async () => {
  const api = await srv.ok('GET', '/api/v1/reports/stock-movement?group=month');
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password);
  await page.click('#nav-reports');
  await page.waitForSelector('#tab-sales[aria-selected=true]');
  await page.click('#tab-stock-movement');
  await page.waitForSelector('#report-table tbody tr');
  const daily = await srv.ok('GET', '/api/v1/reports/stock-movement');
  assert.equal(await page.locator('#report-table tbody tr').count(), daily.rows.length);
  /* Per month, as a user picks it. */
  await page.selectOption('#rp-group', 'month');
  await page.click('#rp-apply');
  await page.waitForFunction(() => location.hash.includes('group=month'));
  await page.waitForSelector('#chart-in rect.bar');
  assert.equal(await page.locator('#report-table tbody tr').count(), api.rows.length);
  for (const r of api.rows) {
    for (const f of ['opening', 'received', 'adjusted', 'transfer_in', 'transfer_out', 'closing', 'closing_value']) {
      assert.equal(await figure(page, r.warehouse, r.sku, f), Number(r[f]), `${r.warehouse} ${r.sku} ${f}`);
    }
  }
  const w1 = api.rows.find((r) => r.warehouse === 'W1' && r.sku === 'RP-2');
  assert.equal(w1.transfer_out, 6);
  assert.equal(w1.closing, 36);
  const totalIn = api.rows.reduce((n, r) => n + r.adjusted, 0);
  assert.equal(Number(await page.getAttribute('#total-adjusted', 'data-value')), totalIn);
  /* Sorting by closing, then the other way. */
  await page.click('#sort-closing');
  assert.equal(await page.getAttribute('#sort-closing >> xpath=..', 'aria-sort'), 'ascending');
  const closings = await page.$$eval('#report-table tbody td[data-field=closing]', (tds) => tds.map((td) => Number(td.dataset.value)));
  assert.deepEqual(closings, [...closings].sort((a, b) => a - b));
  await page.click('#sort-closing');
  const down = await page.$$eval('#report-table tbody td[data-field=closing]', (tds) => tds.map((td) => Number(td.dataset.value)));
  assert.deepEqual(down, [...closings].sort((a, b) => b - a));
  await shot(page, 'reports-movement-en');
  /* The export carries the same filters: CSV with a BOM, and a workbook. */
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFFperiod,warehouse,sku'), text.slice(0, 40));
  assert.equal(text.trim().split('\n').length, api.rows.length + 1);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#report-xlsx')]);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');
  assert.equal(xlsx.suggestedFilename(), 'stock-movement.xlsx');
  /* A closing figure opens the stock behind it, which agrees. */
  await page.click('#report-table tr[data-warehouse="W1"][data-sku="RP-2"] td[data-field=closing] a');
  await page.waitForSelector('#stock tr.sku-row');
  const stock = await srv.ok('GET', '/api/v1/stock?warehouse=W1&sku=RP-2');
  assert.equal(stock.items[0].on_hand, w1.closing);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('sales in Chinese at 1280x800: the shipped orders, their margin at the cost when they shipped, the orders behind the figure', async () => {
  const api = await srv.ok('GET', '/api/v1/reports/sales?by=store');
  assert.equal(api.rows.length, 1);
  const r = api.rows[0];
  assert.equal(r.orders, 2);
  assert.equal(r.units, 5);
  assert.equal(Number(r.revenue), 199.5);
  assert.equal(Number(r.shipping), 16);
  assert.equal(Number(r.cogs), 62.5);
  assert.equal(Number(r.gross_margin), 153);
  const { ctx, page } = await desk('office', PW, 'zh-CN');
  await page.click('#nav-reports');
  await page.waitForSelector('#report-table tbody tr[data-key="SH1"]');
  assert.equal(await page.textContent('#tab-sales'), '销售报表');
  for (const f of ['orders', 'units', 'revenue', 'shipping', 'net_revenue', 'cogs', 'gross_margin', 'margin_pct']) {
    assert.equal(Number(await page.getAttribute(`#report-table tr[data-key="SH1"] td[data-field=${f}]`, 'data-value')), Number(r[f]), f);
  }
  assert.equal(Number(await page.getAttribute('#total-gross_margin-CNY', 'data-value')), 153);
  await page.waitForSelector('#chart-sales-CNY rect.bar');
  const english = englishOnly();
  const left = (await visibleTexts(page, { options: false })).filter((x) => english.test(x));
  assert.deepEqual(left, []);
  await shot(page, 'reports-sales-zh');
  /* Per week and by SKU, as a user asks for it. */
  await page.selectOption('#rp-group', 'week');
  await page.selectOption('#rp-by', 'sku');
  await page.click('#rp-apply');
  await page.waitForSelector('#report-table tbody tr[data-key="SALE-1"]');
  assert.equal(Number(await page.getAttribute('#report-table tr[data-key="SALE-1"] td[data-field=units]', 'data-value')), 5);
  /* The orders figure of a store opens its shipped orders. */
  await go(page, '#/reports?report=sales&by=store', '#report-table tr[data-key="SH1"] td[data-field=orders] a');
  await page.click('#report-table tr[data-key="SH1"] td[data-field=orders] a');
  await page.waitForFunction(() => location.hash.startsWith('#/orders'));
  assert.ok((await page.evaluate(() => location.hash)).includes('store=SH1'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('aging and near expiry in English on a phone: the API\'s rows, age buckets, slow movers and the lot that expires soon', async () => {
  const aging = await srv.ok('GET', '/api/v1/reports/aging?buckets=30,90');
  const expiry = await srv.ok('GET', '/api/v1/reports/expiry');
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password, 'en-US', { width: 360, height: 640 });
  await go(page, '#/reports?report=aging&buckets=30,90', '#report-table tbody tr');
  assert.equal(await page.locator('#report-table tbody tr').count(), aging.rows.length);
  /* Two bounds make three age columns, headed by their days. */
  assert.equal(await page.textContent('#sort-age_3'), 'Over 90 days');
  assert.equal(await page.locator('#sort-age_4').count(), 0);
  const sale = aging.rows.find((r) => r.sku === 'SALE-1');
  assert.equal(sale.on_hand, 45);
  assert.equal(sale.slow, false);
  assert.equal(Number(await page.getAttribute('#report-table tr[data-sku="SALE-1"] td[data-field=shipped_recent]', 'data-value')), 5);
  assert.equal(await page.getAttribute('#report-table tr[data-sku="RP-1"] td[data-field=slow]', 'data-value'), 'true');
  await page.waitForSelector('#chart-age rect.bar');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 361, 'page width ' + wide);
  await page.click('#tab-expiry');
  await page.waitForSelector('#report-table tr[data-sku="TEA-L"]');
  assert.equal(expiry.rows.length, 1);
  assert.equal(Number(await page.getAttribute('#report-table tr[data-sku="TEA-L"] td[data-field=days_left]', 'data-value')), expiry.rows[0].days_left);
  assert.ok(expiry.rows[0].days_left <= 20 && expiry.rows[0].days_left >= 19);
  await shot(page, 'reports-expiry-en-360');
  /* Returns: none recorded yet, so no rows and no error. */
  await page.click('#tab-returns');
  await page.waitForSelector('#report-empty');
  assert.equal((await srv.ok('GET', '/api/v1/reports/returns')).rows.length, 0);
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('valuation in Chinese on a phone: by category, no English left, the page does not scroll sideways', async () => {
  const api = await srv.ok('GET', '/api/v1/reports/inventory?by=category');
  const { ctx, page } = await desk('office', PW, 'zh-CN', { width: 360, height: 640 });
  await go(page, '#/reports?report=inventory&by=category', '#report-table tbody tr');
  assert.equal(await page.textContent('#tab-inventory'), '库存估值');
  assert.equal(await page.locator('#report-table tbody tr').count(), api.rows.length);
  const value = api.rows.reduce((n, r) => n + Number(r.value), 0);
  assert.equal(Number(await page.getAttribute('#total-value', 'data-value')).toFixed(2), value.toFixed(2));
  const onHand = api.rows.reduce((n, r) => n + r.on_hand, 0);
  assert.equal(Number(await page.getAttribute('#total-on_hand', 'data-value')), onHand);
  await page.waitForSelector('#chart-value rect.bar');
  const english = englishOnly();
  const left = (await visibleTexts(page, { options: false })).filter((s) => english.test(s));
  assert.deepEqual(left, []);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  const over = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest('.report-scroll'))
    .map((e) => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8));
  assert.ok(wide <= 361, 'page width ' + wide + ': ' + over.join(', '));
  await shot(page, 'reports-valuation-zh-360');
  /* The Excel export is named in Chinese inside; its file name stays ASCII. */
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#report-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'inventory.xlsx');
  const saved = join(artifacts, 'reports-valuation-zh.xlsx');
  await xlsx.saveAs(saved);
  const sheet = spawnSync('/usr/bin/python3', ['-c', 'import openpyxl, sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames[0])',
    saved], { encoding: 'utf8' });
  assert.equal(sheet.stdout.trim(), '库存估值', sheet.stderr);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a clerk limited to W2 sees only W2, in both languages; a lead sees staff performance but no costs', async () => {
  const { ctx, page } = await desk('clerk2', PW, 'en-US', { width: 360, height: 640 });
  await go(page, '#/reports?report=stock-movement', '#report-table tbody tr');
  const whs = await page.$$eval('#report-table tbody tr', (trs) => trs.map((tr) => tr.dataset.warehouse));
  assert.ok(whs.length > 0);
  assert.deepEqual([...new Set(whs)], ['W2']);
  const token = await srv.login('clerk2', PW);
  const api = await srv.ok('GET', '/api/v1/reports/stock-movement', undefined, token);
  assert.equal(whs.length, api.rows.length);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForSelector('#tab-stock-movement');
  assert.equal(await page.textContent('#tab-stock-movement'), '进销存');
  await ctx.close();
  /* A lead sees near expiry, returns, fulfilment, feedback and staff, not the figures
   * with costs. */
  const lead = await desk('lead', PW, 'zh-CN');
  await lead.page.click('#nav-reports');
  await lead.page.waitForSelector('#tab-expiry[aria-selected=true]');
  assert.deepEqual(await lead.page.$$eval('.tabs a', (as) => as.map((a) => a.id)), ['tab-expiry', 'tab-returns', 'tab-fulfilment', 'tab-feedback', 'tab-staff']);
  /* Fulfilment: the two orders shipped today, within the promise. */
  await lead.page.click('#tab-fulfilment');
  await lead.page.waitForSelector('#report-table tr[data-key="SH1"]');
  const ful = (await srv.ok('GET', '/api/v1/reports/fulfilment', undefined, await srv.login('lead', PW))).rows.find((r) => r.key === 'SH1');
  assert.equal(ful.orders, 2);
  assert.equal(Number(ful.on_time_pct), 100);
  for (const f of ['orders', 'on_time', 'p50_hours', 'p90_hours']) {
    assert.equal(Number(await lead.page.getAttribute(`#report-table tr[data-key="SH1"] td[data-field=${f}]`, 'data-value')), Number(ful[f]), f);
  }
  await lead.page.click('#tab-staff');
  await lead.page.waitForSelector('#tab-staff[aria-selected=true]');
  assert.equal(await lead.page.textContent('#tab-staff'), '员工绩效');
  const leadToken = await srv.login('lead', PW);
  const staff = await srv.ok('GET', '/api/v1/reports/staff', undefined, leadToken);
  assert.ok(staff.rows.some((r) => r.username === ADMIN.username && r.pick_lines === 2), JSON.stringify(staff.rows));
  await lead.page.waitForSelector(`#report-table tbody tr`);
  assert.equal(await lead.page.locator('#report-table tbody tr').count(), staff.rows.length);
  assert.equal(Number(await lead.page.getAttribute('#total-pick_lines', 'data-value')),
    staff.rows.reduce((n, r) => n + r.pick_lines, 0));
  /* The floor figures: the admin packed the two cartons, none short. */
  const admin = staff.rows.find((r) => r.username === ADMIN.username && r.warehouse === 'W3');
  assert.equal(admin.cartons, 2);
  assert.equal(admin.short_picks, 0);
  for (const f of ['cartons', 'wrong_bin', 'short_picks', 'weight_mismatches', 'count_lines']) {
    assert.equal(Number(await lead.page.getAttribute(`#report-table tr[data-warehouse="W3"] td[data-field=${f}]`, 'data-value')), admin[f], f);
  }
  assert.equal(await lead.page.textContent('#sort-cartons'), '装箱数');
  await shot(lead.page, 'reports-staff-zh');
  await lead.ctx.close();
});
