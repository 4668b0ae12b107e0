// End to end: the export buttons of the release build. The PDF comes from the worker with fonts fetched on the first
// export only (and served from Cache Storage afterwards); the HTML file runs none of the markup typed into the report.
import { before, after } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BROWSER, DIST, serveDist, launchBrowser, startReport, OUTPUT, screenshotPath, checkPdf, pasteFromClipboard, watchCsp, cspViolations, watchRequests, exportAnyway } from './harness.mjs';

let server;
let browser;

before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.close();
});

/** The app in a page of `context`, with every request it makes recorded where the engine shows them (`watched`). */
async function open(context) {
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    const watched = watchRequests(page, requests);
    if (BROWSER !== 'webkit') page.on('worker', (worker) => worker.on('console', () => {}));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    await startReport(page, 2011);
    return { page, requests, problems, watched };
}

function saved(name) {
    mkdirSync(OUTPUT, { recursive: true });
    return join(OUTPUT, name);
}

const TOTAL = '一、主动公开信息数 / 本年累计';
const STATUS = '.export-feedback';

test('导出 PDF fetches the fonts on the first export only and downloads the report', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const { page, requests, problems, watched } = await open(context);
    const fontRequests = () => requests.filter((path) => path.includes('/fonts/') || path.includes('nianbao-pdf'));
    if (watched) assert.deepEqual(fontRequests(), [], 'first paint fetched nothing of the PDF export');
    else t.diagnostic(`${BROWSER}: not checked which files the page and its worker fetched (classic WebDriver has no network events)`);

    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('221');
    const waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 PDF' }).click();
    await exportAnyway(page);
    const download = await waiting;
    assert.equal(download.suggestedFilename(), '2011年政府信息公开工作年度报告.pdf');
    const path = saved('e2e-export.pdf');
    await download.saveAs(path);
    // Firefox names a download after those already in its folder ("…-1.pdf"); this one has served its turn.
    await download.delete();
    assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
    checkPdf(path);
    await page.locator(STATUS, { hasText: '已导出 2011年政府信息公开工作年度报告.pdf' }).waitFor();
    if (watched) {
        assert.ok(fontRequests().some((p) => p.endsWith('/fonts/serif-0.bin')), fontRequests().join(' '));
        assert.ok(fontRequests().some((p) => p.endsWith('nianbao-pdf_bg.wasm')));
    }
    if (existsSync('/usr/bin/pdftotext')) {
        const text = execFileSync('pdftotext', ['-layout', path, '-']).toString();
        assert.match(text, /政府信息公开工作情况统计表/);
        assert.match(text, /一、主动公开信息数\s+条\s+221/);
    }
    await page.screenshot({ path: screenshotPath('export-pdf-done') });

    // A second page of the same browser profile: the fonts come from Cache Storage, not the network (the server now
    // refuses them).
    const second = await open(context);
    server.fail = (path) => (/\/fonts\/.*\.bin$/.test(path) ? 503 : undefined);
    const again = second.page.waitForEvent('download');
    await second.page.getByRole('button', { name: '导出 PDF' }).click();
    await exportAnyway(second.page);
    const secondDownload = await again;
    assert.equal(secondDownload.suggestedFilename(), '2011年政府信息公开工作年度报告.pdf');
    const secondPath = saved('e2e-export-cached-fonts.pdf');
    await secondDownload.saveAs(secondPath);
    checkPdf(secondPath);
    server.fail = () => undefined;
    assert.deepEqual([...problems, ...second.problems], []);
    await context.close();
});

/** The font slices (fonts/FACE-N.bin, not the bases) among request paths. */
const slicesIn = (paths) => paths.filter((p) => /\/fonts\/(serif|sans|kai)-\d+\.bin$/.test(p)).map((p) => p.split('/').pop());

test('导出 PDF fetches only the font slices the report prints, and a character typed later fetches its own', async (t) => {
    const context = await browser.newContext();
    const { page, requests, problems, watched } = await open(context);
    if (!watched) {
        t.skip(`${BROWSER}: which font files the worker fetches cannot be seen (classic WebDriver has no network events)`);
        await context.close();
        return;
    }
    const manifest = JSON.parse(readFileSync(join(DIST, 'fonts/fonts.json'), 'utf8'));
    const exportPdf = async (name) => {
        const waiting = page.waitForEvent('download');
        await page.getByRole('button', { name: '导出 PDF' }).click();
        await exportAnyway(page);
        const download = await waiting;
        const path = saved(name);
        await download.saveAs(path);
        await download.delete();
        checkPdf(path);
        return path;
    };
    await exportPdf('e2e-export-slices.pdf');
    const first = slicesIn(requests);
    assert.equal(new Set(first).size, first.length, `no slice fetched twice: ${first.join(' ')}`);
    for (const face of ['serif', 'sans', 'kai']) {
        const fetched = first.filter((name) => name.startsWith(`${face}-`));
        const all = manifest.faces[face].slices.length;
        assert.ok(fetched.length > 0 && fetched.length <= all / 4, `${face}: ${fetched.length} of ${all} slices`);
    }
    t.diagnostic(`first export fetched ${first.length} slices: ${first.join(' ')}`);

    // 亍 and 齄 (GB 2312 level 2, first and last) sit in late slices no report of the examples needs.
    const overview = page.getByLabel('一、概述');
    await overview.pressSequentially('亍齄');
    const before = requests.length;
    const path = await exportPdf('e2e-export-slices-later.pdf');
    const later = slicesIn(requests.slice(before));
    assert.equal(later.length, 2, `only the two slices of 亍 and 齄: ${later.join(' ')}`);
    assert.ok(later.every((name) => name.startsWith('serif-') && !first.includes(name)), later.join(' '));
    if (existsSync('/usr/bin/pdftotext')) {
        assert.match(execFileSync('pdftotext', [path, '-']).toString(), /亍齄/);
    }
    assert.deepEqual(problems, []);
    await context.close();
});

test('导出 HTML downloads one standalone file and 复制 HTML puts the report on the clipboard', async () => {
    const context = await browser.newContext();
    const { page, problems } = await open(context);
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('221');

    const waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 HTML' }).click();
    await exportAnyway(page);
    const download = await waiting;
    assert.equal(download.suggestedFilename(), '2011年政府信息公开工作年度报告.html');
    const path = saved('e2e-export.html');
    await download.saveAs(path);
    const html = readFileSync(path, 'utf-8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<link|src=/i, 'self-contained, no script');
    assert.match(html, /<caption>政府信息公开工作情况统计表<\/caption>/);
    assert.match(html, /<th scope="row">一、主动公开信息数<\/th><td class="unit">条<\/td><td class="value">221<\/td>/);
    await opensCleanly(path, 'export-html-opened');

    await page.getByRole('button', { name: '复制 HTML' }).click();
    await exportAnyway(page);
    await page.locator(STATUS, { hasText: '已复制 HTML' }).waitFor();
    // Read back as the portal's editor gets it: pasted with Ctrl+V.
    const clipboard = await pasteFromClipboard(page);
    assert.match(clipboard.html, /<table[^>]*>[\s\S]*221/);
    assert.match(clipboard.plain, /^<article/);
    // The copy goes through the copy event: nothing is parsed in the page, so the strict CSP has nothing to report.
    assert.deepEqual(problems, []);
    await context.close();
});

test('复制 HTML without the asynchronous clipboard (a portal on plain HTTP) still copies, within the strict CSP', async () => {
    const context = await browser.newContext();
    // What a page served over plain HTTP from another machine lacks.
    await context.addInitScript(() => {
        delete window.ClipboardItem;
    });
    const page = await context.newPage();
    await watchCsp(page);
    await page.goto(server.url);
    await startReport(page, 2011);
    assert.equal(await page.evaluate(() => 'ClipboardItem' in window), false);
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('221');
    await page.getByRole('button', { name: '复制 HTML' }).click();
    await exportAnyway(page);
    await page.locator(STATUS, { hasText: '已复制 HTML' }).waitFor();
    const clipboard = await pasteFromClipboard(page);
    assert.match(clipboard.html, /<table[^>]*>[\s\S]*221/);
    assert.match(clipboard.plain, /^<article/);
    assert.deepEqual(await cspViolations(page), [], 'nothing was put into the page to be copied');
    await context.close();
});

// Script tags, event attributes, javascript: URLs, closing-tag tricks: each sets window.__xss if it ever runs.
const PAYLOADS = [
    '<script>window.__xss=1</script>',
    '<img src=x onerror=window.__xss=2>',
    '<svg onload=window.__xss=3>',
    '<script>window.__xss="script"</script>',
    '<img src=x onerror="window.__xss=\'img\'">',
    '"><svg onload="window.__xss=\'svg\'">',
    "' onmouseover='window.__xss=\"attr\"' x='",
    'javascript:window.__xss="url"',
    '<a href="javascript:window.__xss=\'link\'">点击</a>',
    '</title><script>window.__xss="title"</script>',
    '</style><script>window.__xss="style"</script>',
    '</td></tr></table><iframe srcdoc="<script>parent.__xss=\'iframe\'</script>"></iframe>',
    '<!--<script>window.__xss="comment"</script>-->',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=\'meta\'">',
    '<base href="javascript:window.__xss=\'base\'//">',
];

/** Opens an exported HTML file as the writer would and checks it shows the report with no error or warning. */
async function opensCleanly(path, screenshot) {
    const page = await browser.newPage();
    const said = [];
    page.on('pageerror', (error) => said.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') said.push(`${message.type()}: ${message.text()}`);
    });
    const failed = [];
    // WebKit over classic WebDriver shows no network events; the file refers to nothing outside itself (asserted by
    // the caller), so there is nothing to fail there.
    if (BROWSER !== 'webkit') page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(pathToFileURL(path).href);
    assert.equal(await page.title(), '2011年政府信息公开工作年度报告');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '2011年政府信息公开工作年度报告');
    const table = page.getByRole('table', { name: '政府信息公开工作情况统计表' });
    assert.ok(await table.isVisible());
    assert.equal(await table.getByRole('row', { name: /一、主动公开信息数 条 221/ }).count(), 1);
    // The stylesheet is the file's own and in force: the table is ruled.
    assert.equal(await table.locator('td').first().evaluate((td) => getComputedStyle(td).borderTopStyle), 'solid');
    await page.screenshot({ path: screenshotPath(screenshot), fullPage: true });
    await page.close();
    assert.deepEqual([...said, ...failed], []);
}

/** Opens a file in a fresh page and reports whether anything it contains ran. */
async function runs(path) {
    const page = await browser.newPage();
    let dialog = false;
    page.on('dialog', async (d) => {
        dialog = true;
        await d.dismiss();
    });
    await page.goto(pathToFileURL(path).href);
    await page.mouse.move(200, 200);
    await page.waitForTimeout(300);
    const xss = await page.evaluate(() => window.__xss ?? null);
    const frames = page.frames().length;
    const text = await page.locator('body').innerText();
    await page.close();
    return { xss, dialog, frames, text };
}

test('markup typed into every field of the report does not run in the exported HTML', async () => {
    const context = await browser.newContext();
    const { page } = await open(context);
    // The report's own fields (a finding's 核实说明 box, hidden until 标记为已核实 is clicked, comes and goes with
    // the findings the payloads cause).
    const boxes = page.locator('input[type="text"]:not(.verify-reason), textarea');
    const count = await boxes.count();
    assert.ok(count >= 36, `${count} fields`);
    for (let n = 0; n < count; n++) await boxes.nth(n).fill(PAYLOADS[n % PAYLOADS.length]);

    const waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 HTML' }).click();
    await exportAnyway(page);
    const path = saved('e2e-xss.html');
    await (await waiting).saveAs(path);
    const html = readFileSync(path, 'utf-8');

    // The file's Content-Security-Policy would stop a script that escaping let through, so the file is also
    // opened without it: nothing runs either way.
    const bare = saved('e2e-xss-without-csp.html');
    writeFileSync(bare, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    assert.notEqual(readFileSync(bare, 'utf-8'), html);
    const withoutPolicy = await runs(bare);
    assert.deepEqual([withoutPolicy.xss, withoutPolicy.dialog, withoutPolicy.frames], [null, false, 1]);
    const asExported = await runs(path);
    assert.deepEqual([asExported.xss, asExported.dialog, asExported.frames], [null, false, 1]);
    for (const payload of PAYLOADS) assert.ok(asExported.text.includes(payload), `shown as text: ${payload}`);
    await context.close();
});
