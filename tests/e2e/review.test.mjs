// End to end: 汇总审核 (issue 16). Thirty units' reports dropped at once, two of them broken, one a copy and one a
// published PDF (read by the PDF import worker): the table shows a row for each, the broken ones with their reason
// in Chinese, the copy counted once, the PDF with its findings (another year: apart); a report opens read-only with
// its findings, brought into view; 生成汇总报告 opens the sum as a new draft; the review exports as HTML and .xlsx;
// after a reload the set is there again (IndexedDB, kept by the import worker), the PDF too; 清空 empties it. And a
// batch the browser has no room for (a real quota: Chromium's DevTools override, Firefox's storage limit) is said
// so, shown for the visit, and not kept at all.
import { test, servedApp, screenshotPath, BROWSER, launchBrowser } from './harness.mjs';
import { Unsupported } from './webkit-webdriver.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { syntheticReports } from './review-reports.mjs';

const app = servedApp();

/** The app at an office laptop's size, on the 汇总审核 screen. */
async function openReview(browser = app.browser) {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
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

/** Latin words in a reason other than the names of file kinds a user knows (a parser's English would be some). */
const english = (text) =>
    (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['JSON', 'PDF', 'Word', 'Excel', 'WPS', 'docx', 'xlsx', 'json', 'pdf'].includes(w));

/** A report published as a PDF (a county's, the app's own layout printed by Chromium; tests/fixtures/import). */
const PDF = {
    name: '示例县统计局2023年报.pdf',
    mimeType: 'application/pdf',
    buffer: readFileSync(new URL('../fixtures/import/app-county-2023.pdf', import.meta.url)),
};

test('thirty reports dropped, two broken, one a copy, one a PDF: the table, a report opened, the sum, the exports, a reload', async () => {
    const { page, problems } = await openReview();
    const good = syntheticReports(26);
    const copy = { ...good[0], name: '00001（再次报送）.json' };
    const broken = [
        { name: '某街道办事处.json', mimeType: 'application/json', buffer: Buffer.from('{"schema_version": 1, "cells": {') },
        { name: '某局年报.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n这不是一份完整的 PDF\n') },
    ];
    await drop(page, [...good.slice(0, 10), broken[0], copy, PDF, ...good.slice(10), broken[1]]);
    const line = await tally(page, 30);
    assert.equal(await line.getAttribute('data-counted'), '26');
    assert.equal(await line.getAttribute('data-duplicates'), '1');
    assert.equal(await line.getAttribute('data-unreadable'), '2');
    assert.equal(await line.getAttribute('data-apart'), '1');
    const rows = page.locator('.review-table tbody tr');
    assert.equal(await rows.count(), 30);
    // Every broken file has its row with the reason, in Chinese; the copy says which file it repeats.
    const unreadable = page.locator('tr.unreadable');
    assert.equal(await unreadable.count(), 2);
    for (let i = 0; i < 2; i++) {
        const text = await unreadable.nth(i).textContent();
        assert.match(text, /无法读取：.*请/);
        assert.deepEqual(english(text.replace(/^.*?无法读取：/, '')), [], text);
    }
    assert.match(await page.locator('tr.unreadable', { hasText: '某局年报.pdf' }).textContent(), /PDF 的内部结构已损坏/);
    assert.match(await page.locator('tr.duplicate').textContent(), /与“00001\.json”是同一个文件，只计一次/);
    // The PDF, read by the PDF import worker: its unit, year, counts and how completely it was read; another year
    // than the rest, so apart and not summed.
    const pdfRow = page.locator('table.apart tr', { hasText: PDF.name });
    const pdfText = await pdfRow.textContent();
    assert.match(pdfText, /示例县统计局/);
    assert.match(pdfText, /2023/);
    assert.match(pdfText, /未完整读取：2 处内容未能放入报告/);
    assert.match(pdfText, /报告年度为 2023 年，与多数报告（2024 年）不同/);
    // The format's name on one line (the full name is the cell's title).
    const format = page.locator('.review-table td.format').first();
    assert.equal(await format.textContent(), '国家格式（2021年修订）');
    const lines = await format.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return range.getClientRects().length;
    });
    assert.equal(lines, 1, 'the format name is on one line');
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
    await page.locator('th[aria-sort="ascending"]').first().waitFor();

    // A report opens read-only with its findings, its start brought into view and focused; 另存为草稿 is there to
    // work on it.
    await page.getByRole('button', { name: '00003.json' }).click();
    const opened = page.getByRole('region', { name: '打开的报告' });
    await opened.getByRole('heading', { name: /示例市第3单位（00003\.json）/ }).waitFor();
    assert.match(await opened.textContent(), /检查结果：\d+ 个错误/);
    assert.match(await opened.textContent(), /报告内容（只读）/);
    assert.ok(await opened.getByRole('button', { name: '另存为草稿' }).isEnabled());
    await page.waitForFunction(() => document.activeElement?.id === 'review-opened');
    const box = await page.evaluate(() => {
        const r = document.getElementById('review-opened').getBoundingClientRect();
        const head = document.querySelector('header.masthead').getBoundingClientRect();
        return { top: r.top, masthead: getComputedStyle(document.querySelector('header.masthead')).position === 'sticky' ? head.bottom : 0, height: innerHeight };
    });
    assert.ok(box.top >= box.masthead - 1 && box.top < box.height / 2, `the opened report starts in view: ${JSON.stringify(box)}`);
    await page.screenshot({ path: screenshotPath('review-opened') });

    // The PDF's row opens with its findings too.
    await page.getByRole('button', { name: PDF.name }).click();
    await opened.getByRole('heading', { name: /示例县统计局（示例县统计局2023年报\.pdf）/ }).waitFor();
    assert.match(await opened.textContent(), /检查结果：0 个错误/);
    assert.ok(await opened.getByRole('button', { name: '另存为草稿' }).isEnabled());
    await page.screenshot({ path: screenshotPath('review-opened-pdf') });

    // The exports of the review.
    const [html] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出审核结果（HTML）' }).click(),
    ]);
    assert.equal(html.suggestedFilename(), '年度报告汇总审核.html');
    const page_ = readFileSync(await html.path(), 'utf8');
    assert.match(page_, /示例市第26单位/);
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
    assert.equal(await unit.inputValue(), '汇总（26 个单位）');
    await page.screenshot({ path: screenshotPath('review-sum') });

    // After a reload the set is there again.
    await page.reload();
    await page.getByRole('button', { name: '打开汇总审核' }).click();
    const again = await tally(page, 30);
    assert.equal(await again.getAttribute('data-counted'), '26');
    await page.getByText('已载入上次的审核集（30 个文件）').waitFor();
    // The PDF's row again, from what was kept (the review's worker has no PDF reader).
    assert.match(await page.locator('table.apart tr', { hasText: PDF.name }).textContent(), /示例县统计局/);

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

test('a batch the browser has no room for is said so, shown for this visit, and not kept, not even in part', async () => {
    if (BROWSER === 'webkit') {
        throw new Unsupported('a storage quota to fill', 'WebKitWebDriver has neither a quota override nor a storage-limit preference');
    }
    // A real quota. Firefox: a browser of its own with a 1 MB storage limit (and no service worker, whose cache of the
    // app would take the room first). Chromium: the DevTools protocol's per-origin quota, set before the review's
    // storage is first used (Chromium grants IndexedDB room ahead and checks again only later) to what the page
    // already uses (its service worker's cache of the app) and 500 KB more.
    const own = BROWSER === 'firefox'
        ? await launchBrowser({
            firefoxUserPrefs: {
                'dom.quotaManager.temporaryStorage.fixedLimit': 1024,
                'dom.serviceWorkers.enabled': false,
            },
        })
        : null;
    const page = await (own ?? app.browser).newPage({ viewport: { width: 1366, height: 768 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const origin = new URL(app.url).origin;
    const cdp = BROWSER === 'chromium' ? await page.context().newCDPSession(page) : null;
    try {
        await page.goto(app.url);
        if (cdp) {
            // Once the service worker has cached the app (its usage no longer grows).
            let usage = -1;
            for (let i = 0; i < 40; i++) {
                const now = (await cdp.send('Storage.getUsageAndQuota', { origin })).usage;
                if (now === usage && now > 0) break;
                usage = now;
                await page.waitForTimeout(500);
            }
            await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 500_000 });
        }
        await page.getByRole('button', { name: '打开汇总审核' }).click();
        await page.getByRole('heading', { name: '添加各单位的报告' }).waitFor();
        await drop(page, syntheticReports(3, 5));
        await tally(page, 3);
        await page.getByText('已添加 3 个文件').waitFor();
        assert.equal(await page.locator('.storage-problem').count(), 0, 'the first batch is kept');
        // 27 reports and a large file that is no report (2 MB of bytes that do not compress): more than the room left.
        let seed = 7;
        const noise = Buffer.alloc(2_000_000, 0).map(() => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24);
        const large = { name: '附件（很大）.json', mimeType: 'application/json', buffer: noise };
        await drop(page, [...syntheticReports(27, 6), large]);
        const problem = page.locator('.storage-problem');
        await problem.waitFor({ timeout: 60_000 });
        assert.match(await problem.textContent(), /浏览器的存储空间不足，这批文件没有保存/);
        // Shown for this visit: all 31 files.
        await tally(page, 31);
        await page.screenshot({ path: screenshotPath('review-quota') });

        // After a reload only the first batch is there: nothing of the refused one, not even in part.
        await page.reload();
        await page.getByRole('button', { name: '打开汇总审核' }).click();
        await page.getByText('已载入上次的审核集（3 个文件）').waitFor({ timeout: 60_000 });
        const line = await tally(page, 3);
        assert.equal(await line.getAttribute('data-counted'), '3');
        assert.equal(await page.locator('.storage-problem').count(), 0);
        if (cdp) await cdp.send('Storage.overrideQuotaForOrigin', { origin });
        await page.getByRole('button', { name: '清空', exact: true }).click();
        await page.getByRole('button', { name: '确定清空' }).click();
        await page.getByText('还没有添加报告。').waitFor();
        assert.deepEqual(problems, []);
    } finally {
        if (cdp) await cdp.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => {});
        await page.close();
        await own?.close();
    }
});
