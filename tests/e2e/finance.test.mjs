// End-to-end tests of finance (issue 22) on the demo data (`depot demo
// seed`, which posts every stock move, sale and refund to the ledger): a
// user of the finance role reads the trial balance (its total balances,
// as the API says), filters the journal by account and exports it, closes
// last month and sets a rate (the API then shows both and refuses a
// posting into the closed month), and sees the margin on an order page,
// which a back-office user does not, and a discounted order's page shows
// its discounts per line and in all; the margin report by channel shows
// what the API answers. In English and Chinese, at 1280×800
// and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e finance password';
const bin = process.env.DEPOT_BIN || 'build/depot';
let srv;
let browser;

function seedDemo() {
  const r = spawnSync(bin, ['demo', 'seed'], { env: { ...process.env, ...srv.env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('depot demo seed: ' + r.stdout + r.stderr);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, locale, viewport) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#who');
  await page.setViewportSize(viewport);
  return { ctx, page };
}

function lastMonth(back) {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
}

before(async () => {
  srv = await startServer('finance');
  browser = await launch();
  seedDemo();
  srv.addUser('clerk', 'finance', null, PW);
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const RUNS = [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 360, height: 640 }]];

for (const [i, [locale, vp]] of RUNS.entries()) {
  test(`finance reads the ledger, closes a month and sets a rate (${locale}, ${vp.width}x${vp.height})`, async () => {
    const { ctx, page } = await desk('clerk', locale, vp);
    await page.click('#nav-finance');
    await page.waitForSelector('#fin-trial tr[data-account=""]');
    const tb = await srv.ok('GET', '/api/v1/finance/trial-balance');
    const total = tb.rows[tb.rows.length - 1];
    assert.equal(Number(total.balance), 0, 'the ledger balances');
    assert.ok(Number(total.debit) > 0, 'the demo posted entries');
    const label = await page.textContent('#fin-trial tr[data-account=""]');
    assert.match(label, locale === 'zh-CN' ? /合计/ : /Total/);
    assert.ok(await page.isVisible('#fin-trial tr[data-account="1405"]'), 'inventory has a balance');
    await shot(page, `finance-trial-${locale}-${vp.width}`);

    /* The journal, filtered to the inventory account. */
    await page.click('#fin-tab-journal');
    await page.waitForSelector('#fin-account');
    await page.fill('#fin-from', '2000-01-01');
    await page.fill('#fin-account', '1405');
    await page.click('#fin-apply');
    await page.waitForSelector('#fin-journal tbody tr');
    const codes = await page.$$eval('#fin-journal tbody tr td:nth-child(4)', (tds) => tds.map((x) => x.textContent));
    assert.ok(codes.length > 0 && codes.every((c) => c === '1405'), 'only 1405 lines: ' + codes.slice(0, 5));
    const csv = await page.getAttribute('#fin-csv', 'href');
    assert.match(csv, /account=1405/);
    const res = await fetch(srv.base + csv, { headers: { Authorization: 'Bearer ' + srv.token } });
    assert.equal(res.status, 200);
    assert.match((await res.text()).split('\n')[0], /^date,voucher_no,summary,account_code,account_name,debit,credit/);
    await shot(page, `finance-journal-${locale}-${vp.width}`);

    /* Close a month that has ended, set a rate. */
    const month = lastMonth(i + 1);
    await page.click('#fin-tab-periods');
    await page.waitForSelector('#fin-month');
    await page.fill('#fin-month', month);
    await page.click('#fin-close');
    await page.waitForSelector(`#fin-periods tr[data-month="${month}"]`);
    const ov = await srv.ok('GET', '/api/v1/finance');
    assert.ok(ov.closed_periods.some((p) => p.month === month), 'the API shows ' + month + ' closed');
    const late = await srv.call('POST', '/api/v1/finance/entries', {
      date: month + '-15', summary: 'late', lines: [{ account: '6602', debit: 1 }, { account: '1002', credit: 1 }],
    });
    assert.equal(late.status, 409);
    assert.equal(late.json.error.code, 'period_closed');
    const cur = i === 0 ? 'GBP' : 'SGD'; /* currencies the demo has no rate for */
    await page.fill('#fin-rate-currency', cur);
    await page.fill('#fin-rate-date', '2026-01-01');
    await page.fill('#fin-rate-value', i === 0 ? '7.1' : '7.8');
    await page.click('#fin-rate-save');
    await page.waitForSelector(`#fin-rates tr[data-currency="${cur}"]`);
    const ov2 = await srv.ok('GET', '/api/v1/finance');
    assert.ok(ov2.rates.some((r) => r.currency === cur && Number(r.rate) === (i === 0 ? 7.1 : 7.8)));
    await shot(page, `finance-periods-${locale}-${vp.width}`);

    /* The margin of an order, on its page. */
    const orders = await srv.ok('GET', '/api/v1/orders?state=shipped&limit=5');
    const id = orders.items[i].id;
    await page.evaluate((x) => { location.hash = '#/order?id=' + x; }, id);
    await page.waitForSelector('#order-margin-total');
    const o = await srv.ok('GET', '/api/v1/orders/' + id);
    assert.equal(await page.getAttribute('#order-margin-total', 'data-margin'), String(o.margin.margin));
    await shot(page, `finance-margin-${locale}-${vp.width}`);

    /* A discounted order (2 × 68.00 with 3.00 off the line, 5.00 off the
     * order): its page shows the discount per line and in all, and the
     * margin counts it off, as the API says. */
    const disc = await srv.ok('POST', '/api/v1/orders', {
      store: 'TMALL', external_id: `E2E-DISC-${i}`, discount: '5.00',
      ship_to: { name: '周七', line1: '荷塘区 3 号', city: '株洲市', postcode: '412000', country_code: 'CN' },
      lines: [{ sku: 'LL-CUP-01', qty: 2, unit_price: '68.00', discount: '3.00' }],
    });
    assert.equal(disc.discount, '8.00');
    assert.equal(disc.total, '128.00');
    await page.evaluate((x) => { location.hash = '#/order?id=' + x; }, disc.id);
    await page.waitForSelector('#order-discount');
    assert.match(await page.textContent('#order-discount'), /8\.00/);
    assert.match(await page.textContent('#order-discount'), locale === 'zh-CN' ? /整单优惠/ : /whole order/);
    assert.match(await page.textContent('#order-lines .line-discount'), /8\.00/);
    const dm = (await srv.ok('GET', '/api/v1/orders/' + disc.id)).margin;
    assert.ok(Number(dm.discounts) > 0, 'the margin counts the discount');
    assert.match(await page.textContent('#order-margin p[data-k="discounts"]'), new RegExp(String(dm.discounts).replace('.', '\\.')));
    await shot(page, `finance-discount-${locale}-${vp.width}`);

    /* The margin report, by channel, as the API answers it. */
    await page.click('#nav-reports');
    await page.waitForSelector('#tab-margin');
    await page.click('#tab-margin');
    await page.waitForSelector('#rp-by');
    await page.selectOption('#rp-by', 'channel');
    await page.click('#rp-apply');
    await page.waitForFunction(() => location.hash.includes('by=channel'));
    const rep = await srv.ok('GET', '/api/v1/reports/margin?by=channel');
    assert.ok(rep.rows.length > 0, 'the demo has margins');
    await page.waitForSelector('#report-table tbody tr');
    const cny = rep.rows.find((r) => r.currency === 'CNY' && r.margin !== null);
    const cellv = await page.getAttribute(`#report-table tr[data-key="${cny.key}"][data-period="${cny.period}"][data-currency="CNY"] td[data-field="margin"]`, 'data-value');
    assert.equal(Number(cellv), Number(cny.margin));
    assert.match(await page.getAttribute('#report-xlsx', 'href'), /reports\/margin\?.*by=channel.*format=xlsx/);
    await shot(page, `finance-margin-report-${locale}-${vp.width}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();

    /* A back-office user sees the order without its margin. */
    const office = await desk('office', locale, vp);
    await office.page.evaluate((x) => { location.hash = '#/order?id=' + x; }, id);
    await office.page.waitForSelector('#order-no');
    assert.equal(await office.page.$('#order-margin'), null);
    assert.equal(await office.page.isVisible('#nav-finance'), false);
    await office.ctx.close();
  });
}
