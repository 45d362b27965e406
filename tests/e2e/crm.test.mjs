// End-to-end tests of the CRM screens (issue 20, item 6): the customer
// list with search, tag and segment filters and the segments' counts; the
// customer page (totals, tags, notes, timeline) with an edit, a note and a
// merge of a duplicate; the feedback desk with filters and SLA colours,
// a new ticket, the state rules refusing a resolve before any reply, a
// reply and the resolve. Each action is done in Chromium and checked
// through the API, in English and Chinese, at 1280×800 and 360×640; a
// viewer sees masked phones. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e crm password';
let srv;
let browser;
let a;
let b;

async function order(ext, customer, qty) {
  return srv.ok('POST', '/api/v1/orders', {
    store: 'CRM1', external_id: ext, currency: 'CNY', customer,
    ship_to: { name: customer.name, line1: '荷塘区新华西路 ' + ext + ' 号', city: '株洲市', postcode: '412000', country_code: 'CN', phone: customer.phone },
    lines: [{ sku: 'CUP-1', qty, unit_price: '39.00' }],
  });
}

before(async () => {
  srv = await startServer('crm');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/stores', { code: 'CRM1', name: '天猫旗舰店', channel: 'api', warehouse: 'W1', currency: 'CNY' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: '醴陵釉下五彩杯' });
  const li = { name: '韩梅梅', email: 'han.meimei@example.com', phone: '13911112222' };
  a = (await order('T-1', li, 1)).customer.id;
  await order('T-2', li, 2);
  b = (await order('T-3', { name: '韩梅梅', email: 'meimei.han@example.com', phone: '13933334444' }, 3)).customer.id;
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('watcher', 'viewer', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, locale, viewport) {
  const ctx = await browser.newContext({ viewport: viewport || { width: 1280, height: 800 }, locale: locale || 'en-US' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => d.accept());
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#count-allocated');
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

/* Nothing scrolls the whole page sideways at the viewport's width. */
async function fitsWidth(page, width, name) {
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `${name} is ${w} px wide at ${width}`);
  await shot(page, name + '-' + width);
}

const assertSwitches = (page) => switches(page, { main: '#page .route', back: true, options: false });

test('customers: search, tag, note and merge from the customer page; segments recomputed and filtered', async () => {
  const { ctx, page } = await desk('office');
  await go(page, '#/customers', '#customers');
  await page.fill('#cust-q', '韩梅梅');
  await page.click('#cust-apply');
  await page.waitForSelector(`#customers tr[data-id="${b}"]`);
  assert.equal(await page.locator('#customers tbody tr').count(), 2);
  await page.click(`#customers tr[data-id="${a}"] a`);
  await page.waitForSelector('#cust-totals');
  assert.match(await page.textContent('#cust-totals'), /3/);
  /* Tags and do-not-contact. */
  await page.fill('#ce-tags', 'VIP, 回头客');
  await page.check('#ce-dnc');
  await page.click('#cust-save');
  await page.waitForSelector('#cust-dnc');
  let c = await srv.ok('GET', '/api/v1/customers/' + a);
  assert.deepEqual(c.customer.tags, ['VIP', '回头客']);
  assert.equal(c.customer.do_not_contact, true);
  /* A note shows on the timeline. */
  await page.fill('#cust-note', '喜欢青花系列，节前回访');
  await page.click('#cust-note-add');
  await page.waitForSelector('#cust-timeline li[data-kind="note"]');
  c = await srv.ok('GET', '/api/v1/customers/' + a);
  assert.equal(c.notes.length, 1);
  await assertSwitches(page);
  await shot(page, 'crm-customer');
  /* The duplicate goes into this customer: every order is kept. */
  await go(page, '#/customer?id=' + b, '#cust-merge-into');
  await page.fill('#cust-merge-into', String(a));
  await page.click('#cust-merge');
  await page.waitForFunction((id) => location.hash === '#/customer?id=' + id, a);
  await page.waitForSelector('#cust-timeline li[data-kind="order"]');
  assert.equal(await page.locator('#cust-timeline li[data-kind="order"]').count(), 3);
  c = await srv.ok('GET', '/api/v1/customers/' + a);
  assert.equal(c.totals.orders, 3);
  assert.deepEqual(c.merged_from, [b]);
  assert.equal((await srv.ok('GET', '/api/v1/customers/' + b)).customer.merged_into, a);
  /* Segments: recomputed from the list, then the list filters by one. */
  await go(page, '#/customers?tag=VIP', '#customers');
  assert.equal(await page.locator('#customers tbody tr').count(), 1);
  await page.click('#seg-refresh');
  await page.waitForFunction(() => [...document.querySelectorAll('#segments .card')].some((x) => x.dataset.count !== '0'));
  const seg = await srv.ok('GET', '/api/v1/customers/segments');
  const nonEmpty = seg.segments.find((s) => s.customers > 0);
  assert.ok(nonEmpty && seg.refreshed_at);
  await page.click(`#segments .card[data-segment="${nonEmpty.segment}"]`);
  await page.waitForSelector('#seg-export');
  const rows = await page.locator('#customers tbody tr').count();
  assert.equal(rows, nonEmpty.customers);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('feedback desk: a complaint is created, refused a resolve before any reply, answered and resolved; SLA colour shown', async () => {
  const { ctx, page } = await desk('office', 'zh-CN');
  await go(page, '#/feedback?customer=' + a, '#fb-form');
  await page.fill('#fb-store', 'CRM1');
  await page.selectOption('#fb-kind', 'complaint');
  await page.selectOption('#fb-severity', 'urgent');
  await page.fill('#fb-sku', 'CUP-1');
  await page.fill('#fb-text', '收到的杯子有裂纹');
  await page.click('#fb-create');
  await page.waitForSelector('#fb-title');
  const id = Number(new URLSearchParams(await page.evaluate(() => location.hash.split('?')[1])).get('id'));
  let f = await srv.ok('GET', '/api/v1/feedback/' + id);
  assert.equal(f.kind, 'complaint');
  assert.equal(f.customer.id, a);
  assert.equal(f.state, 'open');
  assert.equal(await page.getAttribute('#fb-facts [data-sla]', 'data-sla'), 'ok');
  /* The server's rule: a complaint is not resolved before a reply. */
  await page.click('#fb-to-resolved');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /回复/);
  assert.equal((await srv.ok('GET', '/api/v1/feedback/' + id)).state, 'open');
  await page.fill('#fb-reply-text', '非常抱歉，已为您补发');
  await page.click('#fb-reply-send');
  await page.waitForSelector('#fb-replies li.public');
  f = await srv.ok('GET', '/api/v1/feedback/' + id);
  assert.equal(f.state, 'in_progress');
  assert.equal(f.replies.length, 1);
  await page.click('#fb-to-resolved');
  await page.waitForSelector('#fb-state[data-state="resolved"]');
  assert.equal((await srv.ok('GET', '/api/v1/feedback/' + id)).state, 'resolved');
  /* The overdue filter shows what the API counts as overdue. */
  await srv.ok('POST', '/api/v1/feedback', { store: 'CRM1', kind: 'inquiry', text: '何时发货', customer: a });
  const late = await srv.ok('GET', '/api/v1/feedback?overdue=true');
  await go(page, '#/feedback', '#tickets');
  assert.equal(await page.getAttribute('#fb-overdue', 'data-count'), String(late.items.length));
  await page.check('#fb-f-overdue');
  await page.click('#fb-apply');
  await page.waitForFunction(() => location.hash.includes('overdue=true'));
  await page.waitForSelector('#tickets');
  const shown = await page.locator('#tickets tbody tr').count();
  assert.equal(shown, late.items.length);
  await shot(page, 'crm-feedback-desk');
  /* The dashboard counts the same overdue tickets and opens the desk. */
  await go(page, '#/dashboard', '#feedback-overdue-n');
  assert.equal(await page.textContent('#feedback-overdue-n'), String(late.items.length));
  await page.click('#feedback-overdue');
  await page.waitForSelector('#tickets');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('360×640: the customer page and the feedback desk fit a phone, in Chinese and English', async () => {
  for (const locale of ['zh-CN', 'en-US']) {
    /* A phone-sized login opens the floor terminal: log in, then shrink. */
    const { ctx, page } = await desk('office', locale);
    await page.setViewportSize({ width: 360, height: 640 });
    await go(page, '#/customers', '#customers');
    await fitsWidth(page, 360, 'crm-customers-' + locale);
    await go(page, '#/customer?id=' + a, '#cust-totals');
    await fitsWidth(page, 360, 'crm-customer-' + locale);
    await go(page, '#/feedback', '#tickets');
    await fitsWidth(page, 360, 'crm-feedback-' + locale);
    await ctx.close();
  }
});

test('a viewer sees masked phones and no edit forms', async () => {
  const { ctx, page } = await desk('watcher');
  await go(page, '#/customer?id=' + a, '#cust-phone');
  assert.equal(await page.textContent('#cust-phone'), '139****2222');
  assert.equal(await page.locator('#cust-edit').count(), 0);
  const tok = await srv.login('watcher', PW);
  const c = await srv.ok('GET', '/api/v1/customers/' + a, undefined, tok);
  assert.equal(c.customer.phone, '139****2222');
  await ctx.close();
});
