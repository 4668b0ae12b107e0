// End to end: the release build (wasm-opt applied), served over HTTP, driven by keystrokes in headless Chromium.
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { servedApp, openApp, startReport, screenshotPath } from './harness.mjs';

const app = servedApp();

const TOTAL = '一、主动公开信息数 / 本年累计';
const part = (n, label) => `一、主动公开信息数，其中${n}.${label} / 本年累计`;

test('the page shows the legacy statistics table with every indicator', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await startReport(page, 2011);
    assert.equal(await page.title(), '政府信息公开工作年度报告');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '2011年政府信息公开工作年度报告');
    const headers = await page.locator('thead th').allTextContents();
    assert.deepEqual(headers.slice(0, 3), ['指标名称', '计量单位', '本年累计']);
    assert.equal(await page.locator('tbody tr').count(), 36);
    assert.equal(await page.locator('table').getByRole('textbox').count(), 36);
    assert.equal(await page.getByRole('textbox', { name: '十三、参加学习培训人员数 / 本年累计', exact: true }).count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
});

test('typing the seed figures shows the live sum and the 41 unaccounted items', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await startReport(page, 2011);
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('221');
    await page.getByLabel(part(1, '机构领导、设置及人事类信息'), { exact: true }).pressSequentially('9');
    await page.getByLabel(part(2, '政策法规、规范性文件信息'), { exact: true }).pressSequentially('135');
    await page.getByLabel(part(3, '业务公开信息'), { exact: true }).pressSequentially('36');
    // Blank is not zero: the breakdown is checked (and a fix offered) once every item is filled.
    for (const [n, label] of [[4, '规划计划、统计信息'], [5, '财务预决算信息'], [6, '招标采购信息']]) {
        await page.getByLabel(part(n, label), { exact: true }).pressSequentially('0');
    }

    const totalRow = page.locator('tr', { has: page.getByLabel(TOTAL, { exact: true }) });
    assert.match(await totalRow.textContent(), /其中各项合计 180条/);
    assert.match(await totalRow.textContent(), /比总数少 41/);
    const summary = page.getByRole('region', { name: '检查结果' });
    assert.match(await summary.textContent(), /其中“一、1”至“一、6”共 6 项之和 180 比“一”的 221 少 41/);

    await page.getByLabel(part(4, '规划计划、统计信息'), { exact: true }).fill('50');
    assert.match(await totalRow.textContent(), /其中各项合计 230条/);
    assert.match(await totalRow.textContent(), /超出总数 9/);
    assert.match(await summary.textContent(), /错误 1/);
    await page.screenshot({ path: screenshotPath('statistics-table-over'), fullPage: true });

    // The fix opens with the message at the cell it changes, while that cell has focus.
    await page.getByLabel(TOTAL, { exact: true }).focus();
    await totalRow.getByRole('button', { name: '将“一”改为 230' }).click();
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '230');
    assert.match(await totalRow.textContent(), /与总数相符/);
    assert.match(await summary.textContent(), /错误 0/);
    assert.deepEqual(problems, []);
    await page.close();
});

test('a letter in a count cell is named, kept as typed, and marked in words', async () => {
    const { page } = await openApp(app.browser, app.url);
    await startReport(page, 2011);
    const cell = page.getByLabel('九、召开新闻发布会数 / 本年累计', { exact: true });
    await cell.pressSequentially('3次');
    assert.equal(await cell.inputValue(), '3次');
    assert.equal(await cell.getAttribute('aria-invalid'), 'true');
    const row = page.locator('tr', { has: cell });
    assert.match(await row.textContent(), /错误：九、召开新闻发布会数：只能填写数字，不能包含“次”/);
    await page.screenshot({ path: screenshotPath('statistics-table-invalid'), fullPage: true });
    await page.close();
});

test('figures committed by a Chinese input method (full-width digits, text inserted at once) are read and checked', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await startReport(page, 2011);
    // An input method commits its text in one input event, with no key events for the characters.
    await page.getByLabel(TOTAL, { exact: true }).focus();
    await page.keyboard.insertText('２２１');
    await page.getByLabel(part(1, '机构领导、设置及人事类信息'), { exact: true }).focus();
    await page.keyboard.insertText('１８０');
    const totalRow = page.locator('tr', { has: page.getByLabel(TOTAL, { exact: true }) });
    assert.match(await totalRow.textContent(), /其中各项合计 180条/);
    assert.match(await totalRow.textContent(), /比总数少 41/);
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '２２１', 'kept as typed');
    await page.getByLabel('一、概述').focus();
    await page.keyboard.insertText('全年主动公开政府信息221条。');
    assert.equal(await page.getByLabel('一、概述').inputValue(), '全年主动公开政府信息221条。');
    assert.deepEqual(problems, []);
    await page.close();
});
