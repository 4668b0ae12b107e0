// End to end: drafts survive reloads, restarts, broken storage, full storage and a second tab.
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedApp, openApp, startReport, launchPersistent, screenshotPath } from './harness.mjs';

const app = servedApp();

const TOTAL = '十一、政府信息公开指定工作人员数 / 本年累计';
const saved = (page) => page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();

async function typeAReport(page) {
    await startReport(page, 2011);
    await page.getByLabel('发布单位（必填）').fill('测试县政府办公室');
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('3');
    await page.getByLabel('一、概述').fill('一年来，认真做好政府信息公开工作。');
    await saved(page);
}

test('typed work is there after a reload one second later', async () => {
    const { page } = await openApp(app.browser, app.url);
    await typeAReport(page);
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByRole('button', { name: '打开“测试县政府办公室2011年度报告”' }).click();
    assert.equal(await page.getByLabel('发布单位（必填）').inputValue(), '测试县政府办公室');
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '3');
    assert.equal(await page.getByLabel('一、概述').inputValue(), '一年来，认真做好政府信息公开工作。');
    await page.close();
});

test('work typed just before a reload is there: the page saves as it is hidden, not only after the delay', async () => {
    const { page } = await openApp(app.browser, app.url);
    await startReport(page, 2011);
    await page.getByLabel('发布单位（必填）').fill('刚输入县政府办公室');
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('4');
    await page.reload();
    await page.getByRole('button', { name: '打开“刚输入县政府办公室2011年度报告”' }).click();
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '4');
    await page.evaluate(() => localStorage.clear());
    await page.close();
});

test('typed work is there after the browser is closed and started again on the same profile', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'nianbao-profile-'));
    const launch = () => launchPersistent(profile);
    let context = await launch();
    let page = await context.newPage();
    await page.goto(app.url);
    await typeAReport(page);
    await context.close();

    context = await launch();
    page = await context.newPage();
    await page.goto(app.url);
    const draft = page.getByRole('listitem').filter({ hasText: '测试县政府办公室2011年度报告' });
    // A total typed with its parts still blank is not an error yet (it waits until the parts are filled).
    assert.match(await draft.textContent(), /旧版格式.*2011年度.*测试县政府办公室.*没有错误/);
    await draft.getByRole('button', { name: '打开“测试县政府办公室2011年度报告”' }).click();
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '3');
    await context.close();
});

test('broken, foreign and huge entries in storage: the app loads, keeps them, and lists the unreadable', async () => {
    const { page } = await openApp(app.browser, app.url);
    const huge = 'x'.repeat(4 * 1024 * 1024 / 2);
    await page.evaluate((huge) => {
        localStorage.setItem('nianbao:v1:draft:corrupt', '{"schema_version": 1, "id": "corrupt", ');
        localStorage.setItem('nianbao:v1:draft:future', '{"schema_version": 9, "id": "future"}');
        localStorage.setItem('nianbao:v1:preferences', 'not ours to read');
        localStorage.setItem('portal:login', '{"user":"zhang"}');
        localStorage.setItem('nianbao:v1:draft:huge', huge);
    }, huge);
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.reload();
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    const unreadable = page.getByRole('region', { name: '无法读取的数据' });
    assert.match(await unreadable.textContent(), /不是有效的 JSON/);
    assert.match(await unreadable.textContent(), /更新版本的程序保存（格式版本 9）/);
    assert.equal(await unreadable.getByRole('listitem').count(), 3);
    const kept = await page.evaluate(() => ({
        portal: localStorage.getItem('portal:login'),
        preferences: localStorage.getItem('nianbao:v1:preferences'),
        corrupt: Object.keys(localStorage).filter((k) => k.startsWith('nianbao:v1:quarantine:corrupt:')).map((k) => localStorage.getItem(k)),
        huge: (localStorage.getItem('nianbao:v1:draft:huge') ?? Object.entries(localStorage).find(([k]) => k.includes('huge'))?.[1] ?? '').length,
    }));
    assert.equal(kept.portal, '{"user":"zhang"}');
    assert.equal(kept.preferences, 'not ours to read');
    assert.deepEqual(kept.corrupt, ['{"schema_version": 1, "id": "corrupt", ']);
    assert.equal(kept.huge, huge.length);
    await page.screenshot({ path: screenshotPath('drafts-unreadable'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.evaluate(() => localStorage.clear());
    await page.close();
});

test('a full storage: the writer is told, the work stays on screen, and a download is offered', async () => {
    const { page } = await openApp(app.browser, app.url);
    await startReport(page, 2011);
    // Fill the origin's storage with the portal's data until nothing more fits.
    await page.evaluate(() => {
        let chunk = 'x'.repeat(1024 * 1024);
        for (let i = 0; chunk.length > 8; ) {
            try {
                localStorage.setItem(`portal:filler:${i++}`, chunk);
            } catch {
                chunk = chunk.slice(0, chunk.length / 2);
            }
        }
    });
    await page.getByLabel('一、概述').fill('这段文字在存储已满时输入。'.repeat(50));
    const alert = page.getByRole('alert').filter({ hasText: '存储空间已满' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /内容仍保留在本窗口中/);
    assert.match(await page.getByLabel('一、概述').inputValue(), /存储已满时输入/);
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        alert.getByRole('button', { name: '下载草稿文件（.json）' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), '2011年政府信息公开工作年度报告.json');
    const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.match(file.sections.overview, /存储已满时输入/);

    // Room again: retrying saves.
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('portal:filler:')).forEach((k) => localStorage.removeItem(k)));
    await alert.getByRole('button', { name: '重试保存' }).click();
    await saved(page);
    await page.evaluate(() => localStorage.clear());
    await page.close();
});

test('two tabs on one draft: the other tab is told and nothing is overwritten silently', async () => {
    const context = await app.browser.newContext();
    const first = await context.newPage();
    await first.goto(app.url);
    await typeAReport(first);
    const second = await context.newPage();
    await second.goto(app.url);
    await second.getByRole('button', { name: '打开“测试县政府办公室2011年度报告”' }).click();

    await second.getByLabel(TOTAL, { exact: true }).fill('5');
    await saved(second);
    const conflict = first.getByRole('alert').filter({ hasText: '已在另一个窗口中修改' });
    await conflict.waitFor();
    await first.getByLabel(TOTAL, { exact: true }).fill('7');
    await first.waitForTimeout(800);
    const stored = await first.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('nianbao:v1:draft:'));
        return JSON.parse(localStorage.getItem(key)).report.cells['stats.r11.total'];
    });
    assert.equal(stored, '5', "the first tab did not overwrite the second tab's save");
    await first.screenshot({ path: screenshotPath('drafts-conflict') });
    await conflict.getByRole('button', { name: '载入另一个窗口的版本' }).click();
    assert.equal(await first.getByLabel(TOTAL, { exact: true }).inputValue(), '5');
    await context.close();
});

test('export and import a draft file; a bad file changes nothing; a dropped file imports', async () => {
    const { page } = await openApp(app.browser, app.url);
    await typeAReport(page);
    await page.getByRole('button', { name: '返回首页' }).click();
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 JSON' }).first().click(),
    ]);
    assert.equal(download.suggestedFilename(), '测试县政府办公室-2011年政府信息公开工作年度报告.json');
    const exported = readFileSync(await download.path(), 'utf8');
    assert.equal(JSON.parse(exported).template.id, 'legacy-2008');

    const dir = mkdtempSync(join(tmpdir(), 'nianbao-import-'));
    const bad = join(dir, '坏文件.json');
    writeFileSync(bad, '{"schema_version": 1, "template": {"id": "legacy-2008", "version": 1}, "cells": {"stats.r99.total": "1"}}');
    const before = await page.getByRole('listitem').count();
    await page.getByLabel('导入草稿文件或备份（.json）').setInputFiles(bad);
    const problem = page.getByRole('alert').filter({ hasText: '无法导入' });
    await problem.waitFor();
    assert.match(await problem.textContent(), /文件“坏文件.json”无法导入：文件中有本格式没有的表格单元格“stats.r99.total”。未做任何更改。/);
    assert.equal(await page.getByRole('listitem').count(), before);

    const good = join(dir, 'good.json');
    writeFileSync(good, exported.replace('测试县政府办公室', '导入县政府办公室'));
    await page.getByLabel('导入草稿文件或备份（.json）').setInputFiles(good);
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByLabel('发布单位（必填）').inputValue(), '导入县政府办公室');

    await page.getByRole('button', { name: '返回首页' }).click();
    await page.evaluate((text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
        document.querySelector('main.start').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, exported.replace('测试县政府办公室', '拖入县政府办公室'));
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByLabel('发布单位（必填）').inputValue(), '拖入县政府办公室');
    await page.evaluate(() => localStorage.clear());
    await page.close();
});

test('rename, duplicate, delete with undo', async () => {
    const { page } = await openApp(app.browser, app.url);
    await typeAReport(page);
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('button', { name: '重命名' }).click();
    await page.getByLabel('新名称').fill('2011年度报告（初稿）');
    await page.getByRole('button', { name: '保存名称' }).click();
    await page.getByRole('heading', { name: '2011年度报告（初稿）' }).waitFor();
    await page.getByRole('button', { name: '复制' }).click();
    await page.getByRole('heading', { name: '2011年度报告（初稿）（副本）' }).waitFor();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '2011年度报告（初稿）（副本）' }) });
    await item.getByRole('button', { name: '删除' }).click();
    await page.getByRole('status').filter({ hasText: '已删除“2011年度报告（初稿）（副本）”' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: '2011年度报告（初稿）（副本）' }).count(), 0);
    await page.getByRole('button', { name: '撤销删除' }).click();
    await page.getByRole('heading', { name: '2011年度报告（初稿）（副本）' }).waitFor();
    await page.screenshot({ path: screenshotPath('drafts-list'), fullPage: true });
    await page.evaluate(() => localStorage.clear());
    await page.close();
});

test('a new year from last year carries the header, narrative and carried-over applications, and compares', async () => {
    const { page } = await openApp(app.browser, app.url);
    await page.getByRole('button', { name: /示例区2025年报告/ }).click();
    await page.getByRole('table').first().waitFor();
    const carriedOut = await page.getByLabel('四、结转下年度继续办理 / 自然人', { exact: true }).inputValue();
    // An example becomes one of the writer's drafts once edited.
    await page.getByLabel('联系电话').fill('010-12345679');
    await page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('button', { name: '以此新建下一年度' }).click();
    await page.getByRole('table').first().waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '示例区人民政府办公室2026年政府信息公开工作年度报告');
    assert.equal(await page.getByLabel('二、上年结转政府信息公开申请数量 / 自然人', { exact: true }).inputValue(), carriedOut);
    assert.match(await page.getByLabel('一、总体情况').inputValue(), /示例区人民政府办公室/);
    await page.getByRole('button', { name: '对照上年数据' }).click();
    await page.getByLabel('行政许可 / 本年处理决定数量', { exact: true }).fill('1');
    const row = page.locator('tr', { has: page.getByLabel('行政许可 / 本年处理决定数量', { exact: true }) });
    assert.match(await row.textContent(), /上年 \d+，减少 \d+（变化较大）/);
    await page.screenshot({ path: screenshotPath('drafts-next-year'), fullPage: true });
    await page.evaluate(() => localStorage.clear());
    await page.close();
});
