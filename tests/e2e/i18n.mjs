// The language checks the browser tests share: what a page shows in
// English, whether the switch to Chinese leaves any English behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/* Words of the English catalog that the Chinese one never uses. */
export function englishOnlyWords() {
  const words = (cat) => new Set(Object.values(cat).flatMap((s) => s.match(/[A-Za-z]{2,}/g) || []));
  const root = new URL('../../web/i18n/', import.meta.url);
  const en = words(JSON.parse(readFileSync(new URL('en.json', root))));
  const zh = words(JSON.parse(readFileSync(new URL('zh-CN.json', root))));
  return [...en].filter((w) => !zh.has(w));
}

/* The pattern of those words, whole words only. */
export function englishOnly() {
  return new RegExp('\\b(' + englishOnlyWords().join('|') + ')\\b');
}

/*
 * Every visible text of the page, one string per text node, except data
 * marked translate="no" (names, the user, the switch naming the other
 * language in that language), and with `options` false the entries of
 * drop-down lists (data on the back office's filters). `extras` adds the
 * placeholders and the title.
 */
export function visibleTexts(page, { options = true, extras = true } = {}) {
  return page.evaluate(({ options, extras }) => {
    const out = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const e = n.parentElement;
      if (!n.textContent.trim() || !e || e.getClientRects().length === 0) continue;
      if (e.closest('[hidden]') || e.closest('[translate=no]')) continue;
      if (!options && e.closest('option')) continue;
      out.push(n.textContent.trim());
    }
    if (extras) {
      for (const i of document.querySelectorAll('input[placeholder]')) out.push(i.placeholder);
      out.push(document.title);
    }
    return out;
  }, { options, extras });
}

/*
 * Asserts the page is all English, switches it to Chinese (#lang) and
 * asserts no English word is left; `main` is the selector whose text must
 * turn Chinese first, `back` switches to English again afterwards.
 * Returns how many texts the English page had.
 */
export async function assertSwitches(page, { main = '#page .route, #screen', back = false, options = true } = {}) {
  const english = await visibleTexts(page, { options });
  assert.ok(english.every((s) => !/[\u4e00-\u9fff]/.test(s)), 'English page has Chinese: ' + english.join(' | '));
  await page.click('#lang');
  await page.waitForFunction((sel) => {
    const m = document.querySelector(sel);
    return document.documentElement.lang === 'zh-CN' && m && /[\u4e00-\u9fff]/.test(m.textContent);
  }, main);
  await page.waitForTimeout(200);
  const chinese = await visibleTexts(page, { options });
  const banned = englishOnly();
  assert.deepEqual(chinese.filter((s) => banned.test(s)), [], 'still English after the switch');
  assert.ok(chinese.some((s) => /[\u4e00-\u9fff]/.test(s)));
  if (back) {
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }
  return english.length;
}
