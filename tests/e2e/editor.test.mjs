// End to end: the editor of both formats, driven by keyboard and clipboard like a person at a spreadsheet.
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { servedApp, openApp, startReport, screenshotPath, copyToClipboard } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const app = servedApp();

const cell = (page, name) => page.getByLabel(name, { exact: true });
const focusedLabel = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
const NEW = (column) => `一、本年新收政府信息公开申请数量 / ${column}`;
const CARRIED = (column) => `二、上年结转政府信息公开申请数量 / ${column}`;

async function axeViolations(page) {
    // Evaluated through the driver: the page's strict CSP forbids the inline script tag addScriptTag would add.
    await page.evaluate(readFileSync(AXE, 'utf8'));
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target).join(' ')}`);
}

test('the national format: every section, grouped headers, live checks, and a screenshot', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await startReport(page, 2025);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '2025年政府信息公开工作年度报告');
    for (const title of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) {
        assert.equal(await page.getByRole('article').getByRole('heading', { name: title }).count(), 1, title);
    }
    assert.equal(await page.getByRole('columnheader', { name: '法人或其他组织' }).getAttribute('colspan'), '5');
    assert.equal(await cell(page, '三、本年度办理结果，其中（三）不予公开，其中1.属于国家秘密 / 自然人').count(), 1);

    await page.getByLabel('发布单位（必填）').fill('示例区人民政府办公室');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '示例区人民政府办公室2025年政府信息公开工作年度报告');

    await cell(page, NEW('自然人')).pressSequentially('12');
    await cell(page, NEW('法人或其他组织·商业企业')).pressSequentially('3');
    await cell(page, NEW('总计')).pressSequentially('16');
    const newRow = page.locator('tr', { has: cell(page, NEW('总计')) });
    assert.match(await newRow.textContent(), /其中各项合计 15/);
    assert.match(await newRow.textContent(), /比总数少 1/);
    // Three organisation columns are still blank and could hold the 1: not an error yet.
    assert.notEqual(await cell(page, NEW('总计')).getAttribute('aria-invalid'), 'true');
    for (const column of ['科研机构', '社会公益组织', '法律服务机构', '其他']) {
        await cell(page, NEW(`法人或其他组织·${column}`)).pressSequentially('0');
    }
    // Every part filled: 15 against 16 is an error now.
    assert.equal(await cell(page, NEW('总计')).getAttribute('aria-invalid'), 'true');
    const summary = page.getByRole('region', { name: '检查结果' });
    assert.match(await summary.textContent(), /错误 \d+/);

    const overview = page.getByLabel('一、总体情况');
    await overview.fill('全年新收政府信息公开申请20件，均按时答复。');
    assert.match(await page.locator('section.narrative').first().textContent(), /已写 \d+ 字/);
    assert.match(await summary.textContent(), /“一、总体情况”中写到“新收政府信息公开申请20件”/);
    await page.screenshot({ path: screenshotPath('editor-national'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
});

test('arrows, Enter and Tab move between cells; paste fills a block with one re-check', async () => {
    const { page } = await openApp(app.browser, app.url);
    await startReport(page, 2025);
    await cell(page, NEW('自然人')).click();
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedLabel(page), CARRIED('自然人'));
    await page.keyboard.press('Enter');
    assert.equal(await focusedLabel(page), '三、本年度办理结果，其中（一）予以公开 / 自然人', 'Enter skips the label-only row');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedLabel(page), NEW('自然人'));
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), NEW('法人或其他组织·商业企业'));
    await page.keyboard.press('ArrowRight');
    assert.equal(await focusedLabel(page), NEW('法人或其他组织·科研机构'));
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focusedLabel(page), NEW('自然人'));

    // A block copied from Excel or WPS: two rows of three values, pasted with Ctrl+V.
    await copyToClipboard(page, '5\t1\t0\r\n2\t0\t1\r\n');
    await cell(page, NEW('自然人')).focus();
    await page.keyboard.press('Control+v');
    assert.equal(await cell(page, NEW('自然人')).inputValue(), '5');
    assert.equal(await cell(page, NEW('法人或其他组织·科研机构')).inputValue(), '0');
    assert.equal(await cell(page, CARRIED('法人或其他组织·科研机构')).inputValue(), '1');
    assert.match(await page.getByRole('status').filter({ hasText: '已粘贴' }).textContent(), /已粘贴 6 个数值/);

    // One paste is one step of undo; Ctrl+Y brings it back.
    await page.keyboard.press('Control+z');
    assert.equal(await cell(page, NEW('自然人')).inputValue(), '');
    assert.equal(await cell(page, CARRIED('法人或其他组织·科研机构')).inputValue(), '');
    await page.keyboard.press('Control+y');
    assert.equal(await cell(page, CARRIED('法人或其他组织·科研机构')).inputValue(), '1');
    await page.close();
});

test('a finding in the summary takes the writer to its cell', async () => {
    const { page } = await openApp(app.browser, app.url);
    await startReport(page, 2025);
    await cell(page, '件数 / 行政复议·结果维持').pressSequentially('2');
    await cell(page, '件数 / 行政复议·总计').pressSequentially('1');
    const summary = page.getByRole('region', { name: '检查结果' });
    await summary.getByRole('link', { name: /已填写的“行政复议·结果维持”至“行政复议·尚未审结”共 4 列之和 2 已超过“行政复议·总计”的 1，多出 1/ }).click();
    assert.equal(await focusedLabel(page), '件数 / 行政复议·总计');
    await page.close();
});

test('the legacy format from the example, with its findings, and a screenshot', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await page.getByRole('button', { name: /打开示例：沂源县/ }).click();
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '沂源县政府办公室2011年政府信息公开工作年度报告');
    const summary = page.getByRole('region', { name: '检查结果' });
    assert.match(await summary.textContent(), /错误 0\s*警告 1\s*提示 3/);
    assert.match(await summary.textContent(), /9 \+ 135 \+ 36 \+ 35 \+ 4 = 219条，与 221 相差 2/);
    assert.match(await page.getByLabel('（一）公开的主要内容').inputValue(), /主动公开政府信息总计221条/);
    await page.screenshot({ path: screenshotPath('editor-legacy'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
});

test('no serious or critical accessibility violations (axe-core), on the start screen and both formats', async () => {
    const { page } = await openApp(app.browser, app.url);
    assert.deepEqual(await axeViolations(page), [], 'start screen');
    await startReport(page, 2025);
    await cell(page, NEW('总计')).pressSequentially('x');
    assert.deepEqual(await axeViolations(page), [], 'national');
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('button', { name: /打开示例：沂源县/ }).click();
    await page.getByRole('table').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'legacy');
    await page.close();
});

test('the preview shows the report as it will be published, from the export model', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await page.getByRole('button', { name: /打开示例：沂源县/ }).click();
    await page.getByRole('table').waitFor();
    await page.getByRole('button', { name: '预览' }).click();
    const preview = page.getByRole('region', { name: '发布预览' });
    assert.match(await preview.textContent(), /沂源县政府办公室2011年政府信息公开工作年度报告/);
    assert.match(await preview.textContent(), /主动公开政府信息总计221条/);
    assert.equal(await preview.getByRole('textbox').count(), 0, 'read-only');
    assert.match(await preview.locator('table').first().textContent(), /一、主动公开信息数\s*条\s*221/);
    await page.screenshot({ path: screenshotPath('preview-legacy'), fullPage: true });
    await page.getByRole('button', { name: '返回编辑' }).click();
    assert.equal(await page.getByRole('region', { name: '发布预览' }).count(), 0);
    assert.equal(await page.getByLabel('发布单位（必填）').inputValue(), '沂源县政府办公室');
    assert.deepEqual(problems, []);
    await page.close();
});
