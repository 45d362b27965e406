// End-to-end tests of the purchasing report (issue 21, item 5) in the
// Reports section: POs bought and received through the API at prices off
// the supplier's list, then spend, price variance, open POs with their
// lateness and the supplier ranking in the back office, their figures
// checked against the API, the links to the PO and the supplier, the CSV
// export; and the valuation by bin; in English at 1280×800 and 360×640
// and in Chinese at 360×640; the stock and PO lists' CSV and Excel
// exports in Chinese at 1280×800.
// Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts, ADMIN } from './harness.mjs';
import { englishOnly, visibleTexts } from './i18n.mjs';

const PW = 'e2e purchasing report password';
let srv;
let browser;
let latePo;

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

/* A PO of @lines for @supplier into PW1, submitted, approved and sent. */
async function sentPo(supplier, lines) {
  const po = await srv.ok('POST', '/api/v1/purchase-orders', { supplier, warehouse: 'PW1', lines });
  for (const step of ['submit', 'approve', 'send']) await srv.ok('POST', `/api/v1/purchase-orders/${po.id}/${step}`);
  return po;
}

async function setupData() {
  await srv.ok('POST', '/api/v1/warehouses', { code: 'PW1', name: '醴陵门店仓', bin_managed: false });
  await srv.ok('POST', '/api/v1/products', { sku: 'PU-1', name: '釉下五彩杯', cost: '10.00' });
  await srv.ok('POST', '/api/v1/products', { sku: 'PU-2', name: '釉下五彩碗', cost: '20.00' });
  await srv.ok('POST', '/api/v1/suppliers', {
    code: 'SUPA', name: '醴陵陶瓷厂', lead_time_days: 5,
    skus: [{ sku: 'PU-1', cost: '10.00' }, { sku: 'PU-2', cost: '20.00' }],
  });
  await srv.ok('POST', '/api/v1/suppliers', { code: 'SUPB', name: '永兴贸易', currency: 'USD', lead_time_days: 3 });
  /* 10 cups at 11.00 (list 10.00) and 3 of 5 bowls at 19.00 (list 20.00). */
  const a = await sentPo('SUPA', [
    { sku: 'PU-1', qty: 10, unit_cost: '11.00', expected_date: day(0) },
    { sku: 'PU-2', qty: 5, unit_cost: '19.00', expected_date: day(0) },
  ]);
  await srv.ok('POST', `/api/v1/purchase-orders/${a.id}/receipts`,
    { idempotency_key: 'rpp-1', lines: [{ sku: 'PU-1', qty: 10 }, { sku: 'PU-2', qty: 3 }] });
  /* 4 cups due ten days ago, nothing arrived. */
  latePo = await sentPo('SUPA', [{ sku: 'PU-1', qty: 4, expected_date: day(-10) }]);
  /* 6 bowls in USD from a supplier without a list. */
  const b = await sentPo('SUPB', [{ sku: 'PU-2', qty: 6, unit_cost: '3.00', expected_date: day(0) }]);
  await srv.ok('POST', `/api/v1/purchase-orders/${b.id}/receipts`, { idempotency_key: 'rpp-2', lines: [{ sku: 'PU-2', qty: 6 }] });
  srv.addUser('buyer', 'back_office', null, PW);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, password, locale, viewport) {
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

const value = async (page, row, field) => Number(await page.getAttribute(`#report-table tr${row} td[data-field=${field}]`, 'data-value'));

before(async () => {
  srv = await startServer('reports-purchasing');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('purchasing in English: spend and variance per supplier are the API\'s, open POs show how late they are and link to the PO', async () => {
  const spend = await srv.ok('GET', '/api/v1/reports/purchasing');
  const a = spend.rows.find((r) => r.supplier === 'SUPA');
  assert.equal(a.currency, 'CNY');
  assert.equal(a.units, 13);
  assert.equal(Number(a.spend), 167);
  assert.equal(Number(a.list_value), 160);
  assert.equal(Number(a.variance), 7);
  const b = spend.rows.find((r) => r.supplier === 'SUPB');
  assert.equal(b.currency, 'USD');
  assert.equal(Number(b.spend), 18);
  assert.equal(b.listed_units, 0);
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password);
  await page.click('#nav-reports');
  await page.waitForSelector('#tab-purchasing');
  await page.click('#tab-purchasing');
  await page.waitForSelector('#report-table tr[data-supplier="SUPA"]');
  assert.equal(await page.textContent('#tab-purchasing'), 'Purchasing');
  assert.equal(await page.locator('#report-table tbody tr').count(), spend.rows.length);
  for (const f of ['lines', 'units', 'spend', 'list_value', 'variance', 'variance_pct']) {
    assert.equal(await value(page, '[data-supplier="SUPA"]', f), Number(a[f]), f);
  }
  assert.equal(Number(await page.getAttribute('#total-spend-USD', 'data-value')), 18);
  await page.waitForSelector('#chart-spend-CNY rect.bar');
  await shot(page, 'reports-purchasing-spend-en');
  /* The CSV carries the view and filters. */
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFFperiod,supplier,name,currency'), text.slice(0, 40));
  assert.equal(csv.suggestedFilename(), 'purchasing.csv');
  /* Price variance per SKU, as a user picks it. */
  await page.selectOption('#rp-view', 'variance');
  await page.click('#rp-apply');
  await page.waitForSelector('#report-table tr[data-supplier="SUPA"][data-sku="PU-1"]');
  assert.equal(await value(page, '[data-supplier="SUPA"][data-sku="PU-1"]', 'variance'), 10);
  assert.equal(await value(page, '[data-supplier="SUPA"][data-sku="PU-2"]', 'variance'), -3);
  assert.equal(await value(page, '[data-supplier="SUPA"][data-sku="PU-1"]', 'avg_cost'), 11);
  /* Open POs: the cups ten days late come first, and open their PO. */
  await page.selectOption('#rp-view', 'open');
  await page.click('#rp-apply');
  await page.waitForSelector(`#report-table tr[data-po="${latePo.number}"]`);
  const open = await srv.ok('GET', '/api/v1/reports/purchasing?view=open');
  assert.equal(open.rows.length, 2);
  assert.equal(open.rows[0].po, latePo.number);
  assert.equal(open.rows[0].days_late, 10);
  assert.equal(await page.locator('#report-table tbody tr').count(), 2);
  assert.equal(await value(page, `[data-po="${latePo.number}"]`, 'days_late'), 10);
  assert.equal(await value(page, `[data-sku="PU-2"]`, 'open_qty'), 2);
  await shot(page, 'reports-purchasing-open-en');
  await page.click(`#report-table tr[data-po="${latePo.number}"] td a[href^="#/po"]`);
  await page.waitForFunction((id) => location.hash === '#/po?id=' + id, latePo.id);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('supplier ranking in Chinese on a phone: the performance measures, no English left, no sideways scroll', async () => {
  const api = await srv.ok('GET', '/api/v1/reports/purchasing?view=ranking');
  assert.deepEqual(api.rows.map((r) => r.supplier), ['SUPB', 'SUPA']);
  const { ctx, page } = await desk('buyer', PW, 'zh-CN', { width: 360, height: 640 });
  await go(page, '#/reports?report=purchasing&view=ranking', '#report-table tr[data-supplier="SUPA"]');
  assert.equal(await page.textContent('#tab-purchasing'), '采购分析');
  for (const r of api.rows) {
    for (const f of ['rank', 'lines', 'on_time_rate', 'fill_rate', 'discrepancy_rate', 'value_purchased']) {
      assert.equal(await value(page, `[data-supplier="${r.supplier}"]`, f), Number(r[f]), r.supplier + ' ' + f);
    }
  }
  await page.waitForSelector('#chart-on-time rect.bar');
  const english = englishOnly();
  const left = (await visibleTexts(page, { options: false })).filter((s) => english.test(s));
  assert.deepEqual(left, []);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 361, 'page width ' + wide);
  await shot(page, 'reports-purchasing-ranking-zh-360');
  /* A supplier opens its own page. */
  await page.click('#report-table tr[data-supplier="SUPA"] td a[href^="#/supplier"]');
  await page.waitForFunction(() => location.hash.startsWith('#/supplier') && location.hash.includes('SUPA'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('valuation by bin in English on a phone: each bin\'s units and value are the API\'s and open the bin\'s stock', async () => {
  await srv.ok('POST', '/api/v1/warehouses', { code: 'BW1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/BW1/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/BW1/bins/generate',
    { zone: 'P', aisles: 'A', racks: '1-2', levels: '1', positions: '1', pattern: '{aisle}-{rack:02}' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'BW1', bin: 'A-01', sku: 'PU-1', qty_delta: 7 });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'BW1', bin: 'A-02', sku: 'PU-1', qty_delta: 5 });
  const api = await srv.ok('GET', '/api/v1/reports/inventory?by=bin&warehouse=BW1');
  assert.deepEqual(api.rows.map((r) => [r.bin, r.on_hand]), [['A-01', 7], ['A-02', 5]]);
  const bySku = (await srv.ok('GET', '/api/v1/reports/inventory?warehouse=BW1')).rows.find((r) => r.sku === 'PU-1');
  assert.equal(Number(bySku.value), api.rows.reduce((n, r) => n + Number(r.value), 0));
  const { ctx, page } = await desk(ADMIN.username, ADMIN.password, 'en-US', { width: 360, height: 640 });
  await go(page, '#/reports?report=inventory&warehouse=BW1', '#rp-by');
  await page.selectOption('#rp-by', 'bin');
  await page.click('#rp-apply');
  await page.waitForSelector('#report-table tr[data-bin="A-02"]');
  for (const r of api.rows) {
    for (const f of ['on_hand', 'value']) assert.equal(await value(page, `[data-bin="${r.bin}"]`, f), Number(r[f]), r.bin + ' ' + f);
  }
  assert.equal(await page.textContent('#sort-bin'), 'Bin');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 361, 'page width ' + wide);
  await shot(page, 'reports-valuation-bin-en-360');
  await page.click('#report-table tr[data-bin="A-02"] td[data-field=on_hand] a');
  await page.waitForFunction(() => location.hash.startsWith('#/stock') && location.hash.includes('bin=A-02'));
  /* By stock owner: the company's goods (the default owner) per
   * warehouse, as the API counts them; the owner opens its page. */
  const owners = await srv.ok('GET', '/api/v1/reports/inventory?by=owner&warehouse=BW1');
  assert.deepEqual(owners.rows.map((r) => [r.owner, r.on_hand]), [['SELF', 12]]);
  await go(page, '#/reports?report=inventory&warehouse=BW1', '#rp-by');
  await page.selectOption('#rp-by', 'owner');
  await page.click('#rp-apply');
  await page.waitForSelector('#report-table tr[data-owner="SELF"]');
  for (const f of ['on_hand', 'value']) assert.equal(await value(page, '[data-owner="SELF"]', f), Number(owners.rows[0][f]), 'owner ' + f);
  assert.equal(await page.textContent('#sort-owner'), 'Owner');
  await shot(page, 'reports-valuation-owner-en-360');
  await page.click('#report-table tr[data-owner="SELF"] td a[href^="#/owner"]');
  await page.waitForFunction(() => location.hash.startsWith('#/owner') && location.hash.includes('SELF'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the stock and PO lists export in Chinese: the Excel sheet holds the API\'s rows, the CSV the POs', async () => {
  const stock = await srv.ok('GET', '/api/v1/stock/export?warehouse=BW1');
  const pos = await srv.ok('GET', '/api/v1/purchase-orders/export');
  assert.equal(pos.rows.length, 3);
  const { ctx, page } = await desk('buyer', PW, 'zh-CN');
  await go(page, '#/stock?warehouse=BW1', '#stock-xlsx');
  assert.equal(await page.textContent('#stock-xlsx'), '导出 Excel');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#stock-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'stock.xlsx');
  const saved = join(artifacts, 'stock-export-zh.xlsx');
  mkdirSync(artifacts, { recursive: true });
  await xlsx.saveAs(saved);
  const read = spawnSync('/usr/bin/python3', ['-c', 'import openpyxl, sys, json\n'
    + 'ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]\n'
    + 'print(json.dumps([ws.title, [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]], default=str))', saved],
  { encoding: 'utf8' });
  const [title, cells] = JSON.parse(read.stdout || '[]');
  assert.equal(title, '库存', read.stderr);
  assert.deepEqual(cells.map((r) => [r[1], r[2], r[6]]), stock.rows.map((r) => [r.bin, r.sku, r.on_hand]));
  await go(page, '#/purchasing', '#pos-csv');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#pos-csv')]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFFpo,supplier,supplier_name'), text.slice(0, 40));
  const lines = text.trim().split('\n');
  assert.equal(lines.length, pos.rows.length + 1);
  assert.ok(lines.some((l) => l.startsWith(latePo.number + ',SUPA,')), text);
  await shot(page, 'purchasing-list-export-zh');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
