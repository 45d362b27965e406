// End-to-end tests of warehouse geometry, pick routing and slotting
// (issue 24, items 4-6) on the demo data (`depot demo seed`: ZZ1's pick
// zone A-F laid out, routed `optimal`, with a wave of 12 orders). A
// warehouse lead sets the routing method and the zone's layout in the
// planner (the SVG drawing follows), and accepts a slotting proposal; each
// effect is checked through the API: the layout as saved, and a move task
// of reason slotting on the floor's task list. In English and Chinese, at
// 1280×800 and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e pickpath password';
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

/* Signed in at desk size, then the size under test. */
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
  await page.waitForSelector('#nav-planner');
  await page.setViewportSize(viewport);
  return { ctx, page };
}

const go = (page, hash) => page.evaluate((h) => { location.hash = h; }, hash);

before(async () => {
  srv = await startServer('pickpath');
  browser = await launch();
  seedDemo();
  srv.addUser('lead', 'warehouse_lead', 'ZZ1', PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const RUNS = [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 360, height: 640 }]];

for (const [i, [locale, vp]] of RUNS.entries()) {
  test(`a lead sets the routing method and the pick zone's layout (${locale}, ${vp.width}x${vp.height})`, async () => {
    const { ctx, page } = await desk('lead', locale, vp);
    await go(page, '#/planner?warehouse=ZZ1');
    await page.waitForSelector('#layout-svg');
    const before = await srv.ok('GET', '/api/v1/warehouses/ZZ1/layout');
    /* The demo's; the first run changes it. */
    if (i === 0) assert.equal(before.routing_method, 'optimal');
    const pick = before.zones.find((z) => z.zone === 'PICK');
    assert.equal(await page.inputValue('#lay-zone'), 'PICK');
    /* One shaded box per bay of the zone. */
    assert.equal(await page.locator('#layout-svg rect.bay').count(), pick.bays.length);
    const method = i === 0 ? 's_shape' : 'largest_gap';
    await page.selectOption('#lay-method', method);
    await page.fill('#lay-depot-offset', String(3 + i));
    await page.fill('#lay-spacing', '3.5');
    await page.click('#layout-save');
    await page.waitForSelector('#layout-saved');
    const after = await srv.ok('GET', '/api/v1/warehouses/ZZ1/layout');
    assert.equal(after.routing_method, method);
    const l = after.zones.find((z) => z.zone === 'PICK').layout;
    assert.equal(Number(l.depot_offset_m), 3 + i);
    assert.equal(Number(l.aisle_spacing_m), 3.5);
    assert.equal(Number(l.bay_width_m), 1.2);
    const label = await page.textContent('#layout-form h2');
    assert.equal(label, locale === 'zh-CN' ? '布局与拣货路径' : 'Layout and pick routing');
    await shot(page, `pickpath-layout-${locale}-${vp.width}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`a lead accepts a slotting proposal and the floor gets its move task (${locale}, ${vp.width}x${vp.height})`, async () => {
    const { ctx, page } = await desk('lead', locale, vp);
    const doc = await srv.ok('GET', '/api/v1/warehouses/ZZ1/slotting?days=30');
    assert.ok(doc.proposals.length > 0, 'the demo wave leaves proposals');
    await go(page, '#/slotting?warehouse=ZZ1');
    await page.waitForSelector('#slot-proposals');
    /* Only the first proposal. */
    const boxes = page.locator('#slot-proposals input.slot-pick');
    const n = await boxes.count();
    assert.equal(n, doc.proposals.length);
    for (let k = 1; k < n; k++) await boxes.nth(k).uncheck();
    const first = page.locator('#slot-proposals tbody tr').first();
    const sku = await first.getAttribute('data-sku');
    const to = await first.getAttribute('data-to');
    const heading = await page.textContent('#slot-title');
    assert.equal(heading, locale === 'zh-CN' ? '储位优化' : 'Slotting');
    await shot(page, `pickpath-slotting-${locale}-${vp.width}`);
    await page.click('#slot-accept');
    await page.waitForSelector('#slot-accepted');
    /* Through the API: one open move task of reason slotting to that bin. */
    const tasks = await srv.ok('GET', '/api/v1/warehouses/ZZ1/replenishment-tasks');
    const mine = tasks.items.filter((x) => x.reason === 'slotting' && x.sku === sku && x.to_bin === to);
    assert.ok(mine.length >= 1, `a slotting task for ${sku} to ${to}`);
    assert.ok(mine.every((x) => x.state === 'open' && x.qty > 0));
    /* The bin is claimed: no proposal sends anything else there. */
    const again = await srv.ok('GET', '/api/v1/warehouses/ZZ1/slotting?days=30');
    assert.ok(!again.proposals.some((p) => p.to_bin === to));
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}
