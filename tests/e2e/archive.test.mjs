// The History archive screen (issue 25 item 3): an admin opens Settings →
// History archive on the demo business (`depot demo seed`: months of
// back-dated ledger history), sees every partitioned table with its
// months, cancels the confirmation once (nothing happens), then archives
// every month before the current one; the result shows in the page and,
// through the API, the months are gone from the live partitions, listed as
// archived with their files in the server's archive folder, and the ledger
// still adds up (`depot check stock` when the server stops). 1280×800 and
// 360×640, English and Chinese; the back office has no such tab and the
// API refuses it. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e archive password';
const bin = process.env.DEPOT_BIN || 'build/depot';
let srv;
let browser;

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

/* Signed in at desk size (a phone-sized sign-in goes to the floor). */
async function desk(username, locale) {
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
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

async function fitsWidth(page, width, name) {
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  if (w > width) {
    await shot(page, name + '-' + width + '-too-wide');
    /* Name the widest culprits, for whoever reads the failure. */
    const wide = await page.evaluate((W) => [...document.querySelectorAll('#page *')]
      .filter((e) => e.getBoundingClientRect().right > W).slice(-5)
      .map((e) => e.tagName + '#' + e.id + '.' + e.className), width);
    assert.fail(`${name} is ${w} px wide at ${width}: ${wide.join(' ')}`);
  }
  await shot(page, name + '-' + width);
}

/* Months of @table before @month that still hold rows (live or DEFAULT). */
function liveBefore(doc, table, month) {
  const x = doc.tables.find((t) => t.table === table);
  return x.partitions.filter((p) => p.month < month && p.rows > 0).length + x.default_rows;
}

before(async () => {
  srv = await startServer('archive');
  browser = await launch();
  const r = spawnSync(bin, ['demo', 'seed'], { env: { ...process.env, ...srv.env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('demo seed: ' + r.stdout + r.stderr);
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an admin sees the partitioned history and archives the months before this one', async () => {
  const doc = await srv.ok('GET', '/api/v1/admin/partitions');
  const current = doc.tables[0].current_month;
  const dir = realpathSync(srv.env.DEPOT_DATA_DIR) + '/archive';
  assert.equal(doc.archive_dir, srv.env.DEPOT_DATA_DIR + '/archive');
  assert.ok(liveBefore(doc, 'stock_move', current) > 0, 'the demo has old moves');

  const { ctx, page } = await desk('boss');
  await go(page, '#/settings?tab=archive', '#ar-form');
  for (const t of doc.tables) await page.waitForSelector(`#archive .part-table[data-table="${t.table}"]`);
  assert.equal(await page.inputValue('#ar-before'), current);
  assert.equal((await page.textContent('#ar-dir')).trim(), doc.archive_dir);
  await shot(page, 'app-archive');

  /* The dialog says where the files go; cancelled, nothing happens. */
  await page.click('#ar-run');
  await page.waitForSelector('#ar-confirm-box[role=alertdialog]');
  assert.equal((await page.textContent('#ar-confirm-dir')).trim(), doc.archive_dir);
  await shot(page, 'app-archive-confirm');
  await page.click('#ar-cancel');
  assert.equal(await page.isVisible('#ar-confirm-box'), false);
  assert.deepEqual((await srv.ok('GET', '/api/v1/admin/partitions')).tables.flatMap((t) => t.archived), []);

  /* Confirmed: the result in the page, the effect through the API. */
  await page.click('#ar-run');
  await page.click('#ar-confirm');
  await page.waitForSelector('#ar-result-months tbody tr', { timeout: 60000 });
  await page.waitForSelector('#settings-notice');
  await shot(page, 'app-archive-done');
  const shown = await page.$$eval('#ar-result-months tbody tr', (rs) => rs.map((r) => r.dataset.table + ' ' + r.dataset.month));
  const after = await srv.ok('GET', '/api/v1/admin/partitions');
  const archived = after.tables.flatMap((t) => t.archived.map((a) => ({ table: t.table, ...a })));
  assert.deepEqual(shown.sort(), archived.map((a) => a.table + ' ' + a.month).sort());
  assert.ok(archived.some((a) => a.table === 'stock_move'));
  for (const a of archived) {
    assert.equal(a.state, 'archived');
    assert.ok(a.month < current);
    assert.equal(a.file, `${dir}/${a.table}_p${a.month.replace('-', '')}.csv`);
    assert.ok(existsSync(a.file), a.file);
  }
  for (const t of after.tables) assert.equal(liveBefore(after, t.table, current), 0, t.table);
  /* The page, drawn again, lists them as archived. */
  await go(page, '#/settings', '#settings-purchasing');
  await go(page, '#/settings?tab=archive', '#ar-stock_move-archived tbody tr[data-state=archived]');
  await switches(page, { main: '#page .route', back: true, options: false });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('360×640 in Chinese and English; the back office has no archive', async () => {
  for (const locale of ['zh-CN', 'en-US']) {
    const { ctx, page } = await desk('boss', locale);
    await page.setViewportSize({ width: 360, height: 640 });
    await go(page, '#/settings?tab=archive', '#ar-form');
    await fitsWidth(page, 360, 'archive-' + locale);
    await page.click('#ar-run');
    await page.waitForSelector('#ar-confirm-box');
    await fitsWidth(page, 360, 'archive-confirm-' + locale);
    await page.click('#ar-cancel');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
  const { ctx, page } = await desk('office');
  assert.equal(await page.isVisible('#nav-settings'), false);
  const token = await srv.login('office', PW);
  assert.equal((await srv.call('GET', '/api/v1/admin/partitions', undefined, token)).status, 403);
  const r = await srv.call('POST', '/api/v1/admin/archive', { before: '2020-01' }, token);
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'forbidden');
  await ctx.close();
});
