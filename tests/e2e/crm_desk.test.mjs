// End-to-end tests of the feedback desk's imports and returns and the CRM
// reports (issue 20, item 3; issue 21, items 1, 6 and 9) on the demo data
// (`depot demo seed`): a marketplace's review export (GBK, the fixture of
// tests/fixtures/reviews) is uploaded on the desk and becomes review
// tickets once (a second upload adds none); a complaint about a shipped
// order opens its return from the ticket's page and the two link to each
// other; the reports' feedback tab and sales by customer segment show what
// the API answers; the customer list offers its CSV and Excel files. Each
// action is done in Chromium and checked through the API, at 1280×800 and
// 360×640, in English and Chinese. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e desk password';
const bin = process.env.DEPOT_BIN || 'build/depot';
const fixture = fileURLToPath(new URL('../fixtures/reviews/taobao_reviews_gbk.csv', import.meta.url));
let srv;
let browser;

before(async () => {
  srv = await startServer('crm_desk');
  browser = await launch();
  const r = spawnSync(bin, ['demo', 'seed'], { env: { ...process.env, ...srv.env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('depot demo seed: ' + r.stdout + r.stderr);
  srv.addUser('desk', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(locale, viewport) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: locale || 'en-US', acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', 'desk');
  await page.fill('#password', PW);
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

async function fitsWidth(page, width, name) {
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  await shot(page, name + '-' + width);
  /* What sticks out, to say which element is too wide. */
  const wide = w <= width ? [] : await page.evaluate((x) => [...document.querySelectorAll('#page *')]
    .filter((e) => e.getBoundingClientRect().right > x + 1).slice(0, 5)
    .map((e) => e.tagName + '#' + e.id + '.' + e.className), width);
  assert.ok(w <= width, `${name} is ${w} px wide at ${width}: ${wide.join(' ')}`);
}

/* A shipped ZZ1 order with a returnable SKU without lots, and no RMA. */
async function shippedOrder() {
  const page = await srv.ok('GET', '/api/v1/orders?state=shipped&limit=100');
  for (const o of page.items) {
    const l = await srv.ok('GET', '/api/v1/returns/lookup?code=' + encodeURIComponent(o.external_id));
    if (l.order !== o.id || l.rma || l.warehouse !== 'ZZ1') continue;
    for (const r of l.returnable) {
      if (r.returnable < 1) continue;
      const p = await srv.ok('GET', '/api/v1/products/' + encodeURIComponent(r.sku));
      if (!p.lot_tracked && !p.serial_tracked && !p.expiry_tracked) return { id: o.id, store: o.store, sku: r.sku };
    }
  }
  throw new Error('no shipped order to return');
}

test('reviews: a GBK export uploads on the desk into review tickets, once', async () => {
  const { ctx, page } = await desk('zh-CN');
  await go(page, '#/feedback', '#fb-import');
  await page.fill('#fb-import-store', 'PDD');
  await page.setInputFiles('#fb-import-file', fixture);
  await page.click('#fb-import-go');
  await page.waitForSelector('#fb-import-summary');
  assert.equal(await page.getAttribute('#fb-import-summary', 'data-new'), '4');
  assert.equal(await page.locator('#fb-import-refused li').count(), 2);
  let list = await srv.ok('GET', '/api/v1/feedback?store=PDD&kind=review&limit=100');
  const imported = list.items.filter((f) => /^TB-R-/.test(f.external_id || ''));
  assert.equal(imported.length, 4);
  assert.ok(imported.some((f) => f.text.includes('希望补发') && f.rating === 1));
  await shot(page, 'crm-desk-import');
  /* The same file again: known, nothing new. */
  await page.click('#fb-import-go');
  await page.waitForSelector('#fb-import-summary[data-new="0"][data-duplicates="4"]');
  list = await srv.ok('GET', '/api/v1/feedback?store=PDD&kind=review&limit=100');
  assert.equal(list.items.filter((f) => /^TB-R-/.test(f.external_id || '')).length, 4);
  await page.click('#fb-import-show');
  await page.waitForSelector('#tickets tbody tr');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a complaint opens its return from the ticket page; ticket and return link to each other', async () => {
  const o = await shippedOrder();
  const t = await srv.ok('POST', '/api/v1/feedback', { store: o.store, kind: 'complaint', order: o.id, sku: o.sku, text: '收到的杯子有裂纹' });
  const { ctx, page } = await desk('en-US');
  await go(page, '#/ticket?id=' + t.id, '#fb-return-form');
  assert.equal(await page.inputValue('#fb-ret-sku'), o.sku);
  await page.selectOption('#fb-ret-reason', 'damaged_in_transit');
  await page.click('#fb-return-go');
  await page.waitForSelector('#fb-rma');
  const f = await srv.ok('GET', '/api/v1/feedback/' + t.id);
  assert.ok(f.rma && f.rma.number);
  assert.equal(await page.textContent('#fb-rma'), f.rma.number);
  assert.equal(await page.locator('#fb-return-form').count(), 0);
  const m = await srv.ok('GET', '/api/v1/returns/' + f.rma.id);
  assert.equal(m.feedback.id, t.id);
  assert.equal(m.order, o.id);
  assert.equal(m.lines[0].sku, o.sku);
  await shot(page, 'crm-desk-return');
  await page.click('#fb-rma');
  await page.waitForFunction((id) => location.hash === '#/rma?id=' + id, f.rma.id);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('reports: feedback by kind and sales by customer segment show the API\'s figures; the customer list exports', async () => {
  await srv.ok('POST', '/api/v1/customers/segments/refresh');
  const { ctx, page } = await desk('en-US');
  await go(page, '#/reports?report=feedback&group=month&from=2026-01-01&to=2099-12-31', '#report-totals');
  const doc = await srv.ok('GET', '/api/v1/reports/feedback?group=month&from=2026-01-01&to=2099-12-31');
  const tickets = doc.rows.reduce((n, r) => n + r.tickets, 0);
  assert.equal(await page.getAttribute('#total-tickets', 'data-value'), String(tickets));
  assert.equal(await page.locator('#report-table tbody tr').count(), doc.rows.length);
  await page.waitForSelector('#chart-rating');
  /* A figure opens the tickets behind it. */
  await page.click('#report-table tbody tr td[data-field="tickets"] a');
  await page.waitForSelector('#tickets');
  await go(page, '#/reports?report=sales&by=customer_segment&group=month&from=2000-01-01&to=2099-12-31', '#report-table');
  const sales = await srv.ok('GET', '/api/v1/reports/sales?by=customer_segment&group=month&from=2000-01-01&to=2099-12-31');
  assert.ok(sales.rows.length > 0);
  assert.equal(await page.locator('#report-table tbody tr').count(), sales.rows.length);
  await shot(page, 'crm-desk-sales-segment');
  /* The list's files. */
  await go(page, '#/customers', '#cust-export-xlsx');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#cust-export-csv')]);
  assert.equal(dl.suggestedFilename(), 'customers.csv');
  const href = await page.getAttribute('#cust-export-xlsx', 'href');
  const res = await page.evaluate(async (h) => { const r = await fetch(h); return { status: r.status, type: r.headers.get('content-type') }; }, href);
  assert.equal(res.status, 200);
  assert.match(res.type, /spreadsheetml/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('360×640: the desk with its forms and the feedback report fit a phone, in Chinese and English', async () => {
  const t = (await srv.ok('GET', '/api/v1/feedback?kind=complaint&limit=100')).items.find((f) => f.order && !f.rma && f.state !== 'closed');
  for (const locale of ['zh-CN', 'en-US']) {
    const { ctx, page } = await desk(locale, { width: 360, height: 640 });
    await go(page, '#/feedback', '#fb-import');
    await fitsWidth(page, 360, 'crm-desk-feedback-' + locale);
    if (t) {
      await go(page, '#/ticket?id=' + t.id, '#fb-return-form');
      await fitsWidth(page, 360, 'crm-desk-ticket-' + locale);
    }
    await go(page, '#/reports?report=feedback', '#report-rows');
    await fitsWidth(page, 360, 'crm-desk-report-' + locale);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
});
