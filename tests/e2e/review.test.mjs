// End to end: 汇总审核 (issue 16). Thirty units' reports dropped at once, two of them broken and one a copy: the table
// shows a row for each, the broken ones with their reason, the copy counted once; a report opens read-only with its
// findings; 生成汇总报告 opens the sum as a new draft; the review exports as HTML and .xlsx; after a reload the set
// is there again (IndexedDB, kept by the import worker); 清空 empties it.
import { test, servedApp, screenshotPath, BROWSER } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { syntheticReports } from './review-reports.mjs';

const app = servedApp();

/** The app at an office laptop's size, on the 汇总审核 screen. */
async function openReview() {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(app.url);
    await page.getByRole('button', { name: '打开汇总审核' }).click();
    await page.getByRole('heading', { name: '添加各单位的报告' }).waitFor();
    return { page, problems };
}

/** Drops files on the screen as a person drags them from a folder window (a real DataTransfer of Files). */
async function drop(page, files) {
    if (BROWSER === 'webkit') {
        // WebKitGTK over WebDriver: a drop made by a script with its own DataTransfer never reached the screen's
        // handler (no row after 60 s, seen in this suite's first WebKit run); the picker takes the same files.
        process.stderr.write('webkit: the files are picked with 选择文件（可多选）, not dropped by a script\n');
        await page.locator('#review-files').setInputFiles(files);
        return;
    }
    const payload = files.map((f) => ({ name: f.name, type: f.mimeType, base64: f.buffer.toString('base64') }));
    await page.evaluate((payload) => {
        const transfer = new DataTransfer();
        for (const f of payload) {
            const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
            transfer.items.add(new File([bytes], f.name, { type: f.type }));
        }
        const target = document.querySelector('main.review-screen');
        for (const type of ['dragover', 'drop']) {
            target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
        }
    }, payload);
}

const tally = async (page, files) => {
    const line = page.locator(`.review-tally[data-files="${files}"]`);
    await line.waitFor({ timeout: 60_000 });
    return line;
};

test('thirty reports dropped, two broken and one a copy: the table, a report opened, the sum, the exports, a reload', async () => {
    const { page, problems } = await openReview();
    const good = syntheticReports(27);
    const copy = { ...good[0], name: '00001（再次报送）.json' };
    const broken = [
        { name: '某街道办事处.json', mimeType: 'application/json', buffer: Buffer.from('{"schema_version": 1, "cells": {') },
        { name: '某局年报.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n这不是一份完整的 PDF\n') },
    ];
    await drop(page, [...good.slice(0, 10), broken[0], copy, ...good.slice(10), broken[1]]);
    const line = await tally(page, 30);
    assert.equal(await line.getAttribute('data-counted'), '27');
    assert.equal(await line.getAttribute('data-duplicates'), '1');
    assert.equal(await line.getAttribute('data-unreadable'), '2');
    const rows = page.locator('.review-table tbody tr');
    assert.equal(await rows.count(), 30);
    // Every broken file has its row with the reason; the copy says which file it repeats.
    const unreadable = page.locator('tr.unreadable');
    assert.equal(await unreadable.count(), 2);
    assert.match(await unreadable.first().textContent(), /无法读取：/);
    assert.match(await page.locator('tr.duplicate').textContent(), /与“00001\.json”是同一个文件，只计一次/);
    await page.screenshot({ path: screenshotPath('review-table') });

    // Only the late ones (published after 31 January).
    await page.getByLabel('只看逾期发布的').check();
    await page.waitForFunction(() => document.querySelectorAll('.review-table tbody tr').length < 30);
    const late = await page.locator('.review-table tbody tr').count();
    assert.ok(late > 0 && late < 27, `late: ${late}`);
    assert.equal(await page.locator('.review-table tbody tr:not(.late)').count(), 0);
    await page.getByLabel('只看逾期发布的').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('.review-table tbody tr').length === 30);
    // Sorted by errors, the broken files' rows last.
    await page.locator('button[data-sort="errors"]').first().click();
    await page.locator('th[aria-sort="ascending"]').waitFor();

    // A report opens read-only with its findings; 另存为草稿 is there to work on it.
    await page.getByRole('button', { name: '00003.json' }).click();
    const opened = page.getByRole('region', { name: '打开的报告' });
    await opened.getByRole('heading', { name: /示例市第3单位（00003\.json）/ }).waitFor();
    assert.match(await opened.textContent(), /检查结果：\d+ 个错误/);
    assert.match(await opened.textContent(), /报告内容（只读）/);
    assert.ok(await opened.getByRole('button', { name: '另存为草稿' }).isEnabled());
    await page.screenshot({ path: screenshotPath('review-opened') });

    // The exports of the review.
    const [html] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出审核结果（HTML）' }).click(),
    ]);
    assert.equal(html.suggestedFilename(), '年度报告汇总审核.html');
    const page_ = readFileSync(await html.path(), 'utf8');
    assert.match(page_, /示例市第27单位/);
    assert.match(page_, /某街道办事处\.json/);
    const [xlsx] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: '导出审核结果（Excel）' }).click(),
    ]);
    assert.equal(xlsx.suggestedFilename(), '年度报告汇总审核.xlsx');
    const book = readFileSync(await xlsx.path());
    assert.equal(book.subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip');

    // The sum opens as a new draft.
    await page.getByRole('button', { name: '生成汇总报告' }).click();
    const unit = page.getByLabel(/^发布单位/);
    await unit.waitFor();
    assert.equal(await unit.inputValue(), '汇总（27 个单位）');
    await page.screenshot({ path: screenshotPath('review-sum') });

    // After a reload the set is there again.
    await page.reload();
    await page.getByRole('button', { name: '打开汇总审核' }).click();
    const again = await tally(page, 30);
    assert.equal(await again.getAttribute('data-counted'), '27');
    await page.getByText('已载入上次的审核集（30 个文件）').waitFor();

    // 清空 asks first, then empties it, also for the next visit.
    await page.getByRole('button', { name: '清空', exact: true }).click();
    await page.getByRole('button', { name: '确定清空' }).click();
    await page.getByText('还没有添加报告。').waitFor();
    await page.reload();
    await page.getByRole('button', { name: '打开汇总审核' }).click();
    await page.getByText('还没有添加报告。').waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.review-tally').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
});

test('the level\'s own report is compared with the sum of its units, each difference a warning', async () => {
    const { page, problems } = await openReview();
    await drop(page, syntheticReports(3, 7));
    await tally(page, 3);
    await page.getByLabel('与本级报告对照').setInputFiles({
        name: '示例区本级.json',
        mimeType: 'application/json',
        buffer: readFileSync(new URL('../../examples/reports/national-2024-example.json', import.meta.url)),
    });
    const compared = page.locator('.review-compared');
    await compared.getByRole('heading', { name: /与本级报告“示例区本级\.json”对照/ }).waitFor();
    assert.match(await compared.textContent(), /共 \d+ 处不同/);
    assert.match(await compared.textContent(), /警告：/);
    await page.getByRole('button', { name: '清空', exact: true }).click();
    await page.getByRole('button', { name: '确定清空' }).click();
    await page.getByText('还没有添加报告。').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
});
