// End to end: work that the browser's storage refused is never dropped by the app. Leaving the editor asks (with
// 下载草稿 as an answer), the start screen keeps the report until it is saved or explicitly discarded, and closing
// or reloading the page with such work makes the browser ask first (beforeunload).
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BROWSER, servedApp, openApp, startReport, screenshotPath } from './harness.mjs';

const app = servedApp();
const UNIT = '未保存县政府办公室';
const TITLE = `${UNIT}2011年度报告`;
const TYPED = '存储已满后写下的内容。'.repeat(40);
const saved = (page) => page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();

/** Fills the origin's storage with the portal's data until nothing more fits: the browser refuses every save. */
const fillStorage = (page) =>
    page.evaluate(() => {
        let chunk = 'x'.repeat(1024 * 1024);
        for (let i = 0; chunk.length > 8; ) {
            try {
                localStorage.setItem(`portal:filler:${i++}`, chunk);
            } catch {
                chunk = chunk.slice(0, chunk.length / 2);
            }
        }
    });
const freeStorage = (page) =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('portal:filler:')).forEach((k) => localStorage.removeItem(k)));

/** Reloads the page as the writer would (F5), and says whether the browser asked first; the writer then stays.
 * (Playwright's page.close({ runBeforeUnload }) shows no prompt in headless Chromium 156; a reload does, in both.) */
async function reloadAsks(page) {
    let asked = false;
    const onDialog = (dialog) => {
        if (dialog.type() === 'beforeunload') asked = true;
        dialog.dismiss().catch(() => {});
    };
    page.on('dialog', onDialog);
    const reloaded = await page.reload({ timeout: 5000 }).then(() => true, () => false);
    page.off('dialog', onDialog);
    assert.equal(asked, !reloaded, 'the page stays exactly when the browser asked and the writer chose to stay');
    return asked;
}

/** Asserts whether reloading asks first, where the engine lets a test see it; elsewhere says so in the output.
 * WebDriver's navigation commands skip the beforeunload prompt (W3C WebDriver), so WebKit's cannot show it. */
async function assertReloadAsks(t, page, expected, message) {
    if (BROWSER === 'webkit') {
        t.diagnostic(`${BROWSER}: not checked: ${message} (WebDriver's refresh and navigate skip the page's beforeunload prompt)`);
        return;
    }
    assert.equal(await reloadAsks(page), expected, message);
}

async function refuseStorageWhileTyping(page) {
    await startReport(page, 2011);
    await page.getByLabel('发布单位（必填）').fill(UNIT);
    await saved(page);
    await fillStorage(page);
    await page.getByLabel('一、概述').fill(TYPED);
    await page.getByRole('alert').filter({ hasText: '存储空间已满' }).waitFor();
}

test('storage refusing: leaving asks, the start screen keeps the report until it is saved, closing the page warns', async (t) => {
    const { page, problems } = await openApp(app.browser, app.url);
    await refuseStorageWhileTyping(page);

    // Leaving asks, and 继续编辑 stays.
    await page.getByRole('button', { name: '返回首页' }).click();
    const dialog = page.getByRole('dialog', { name: '这份报告还没有保存' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /存储空间已满.*关闭或刷新页面后就会丢失/);
    await page.screenshot({ path: screenshotPath('unsaved-leave-dialog') });
    await dialog.getByRole('button', { name: '继续编辑' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.getByLabel('一、概述').inputValue(), TYPED);

    // 下载草稿 downloads the report as typed, then goes to the start screen, where the report is listed.
    await page.getByRole('button', { name: '返回首页' }).click();
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: '下载草稿' }).click(),
    ]);
    assert.equal(JSON.parse(readFileSync(await download.path(), 'utf8')).sections.overview, TYPED);
    const unsaved = page.getByRole('region', { name: '未保存的报告' });
    await unsaved.waitFor();
    assert.match(await unsaved.textContent(), new RegExp(`${TITLE}.*存储空间已满`));
    await page.screenshot({ path: screenshotPath('unsaved-start-screen'), fullPage: true });

    // Reloading (or closing) the page now: the browser asks first (the writer stays, and the report with them).
    await assertReloadAsks(t, page, true, 'leaving the page with unsaved work warns');
    await unsaved.waitFor();

    // Back into it from the start screen: as typed. Leaving without downloading keeps it listed.
    await unsaved.getByRole('button', { name: `打开未保存的“${TITLE}”` }).click();
    assert.equal(await page.getByLabel('一、概述').inputValue(), TYPED);
    await page.getByRole('button', { name: '返回首页' }).click();
    await dialog.getByRole('button', { name: '不下载，返回首页' }).click();
    await unsaved.waitFor();

    // Room again: 重试保存 saves it, it leaves the list, and it is a draft like any other; closing no longer asks.
    await freeStorage(page);
    await unsaved.getByRole('button', { name: '重试保存' }).click();
    await unsaved.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `打开“${TITLE}”` }).click();
    assert.equal(await page.getByLabel('一、概述').inputValue(), TYPED);
    await page.evaluate(() => localStorage.clear());
    assert.deepEqual(problems, []);
    await assertReloadAsks(t, page, false, 'nothing unsaved: leaving the page does not ask');
    await page.close();
});

test('storage refusing: the unsaved report goes only when the writer discards it, and saved work does not warn', async (t) => {
    const { page, problems } = await openApp(app.browser, app.url);
    await refuseStorageWhileTyping(page);
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '不下载，返回首页' }).click();
    const unsaved = page.getByRole('region', { name: '未保存的报告' });
    await unsaved.getByRole('button', { name: '放弃' }).click();
    // One click is not enough: it asks again, and 取消 keeps it.
    await unsaved.getByRole('button', { name: '取消' }).click();
    await unsaved.getByRole('button', { name: '放弃' }).click();
    await unsaved.getByRole('button', { name: '放弃未保存的内容' }).click();
    await unsaved.waitFor({ state: 'detached' });
    assert.match(await page.getByRole('status').filter({ hasText: '已放弃' }).textContent(), /已放弃这份报告未保存的内容/);
    // The draft as last stored (before storage filled up) is still there.
    await freeStorage(page);
    await page.getByRole('button', { name: `打开“${TITLE}”` }).click();
    assert.equal(await page.getByLabel('一、概述').inputValue(), '');
    assert.equal(await page.getByLabel('发布单位（必填）').inputValue(), UNIT);
    await page.evaluate(() => localStorage.clear());
    assert.deepEqual(problems, []);
    await assertReloadAsks(t, page, false, 'nothing unsaved: leaving the page does not ask');
    await page.close();
});
