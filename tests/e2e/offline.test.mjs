// Offline use, sub-path hosting, the strict CSP and updates: the release build served under /any/sub/path/ with the
// strict Content-Security-Policy, its service worker, the network taken away, a new version deployed.
import { before, after } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER, DIST, serveDist, launchBrowser, watchCsp, cspViolations, screenshotPath, startReport, checkPdfBytes, setOffline, watchRequests, exportAnyway } from './harness.mjs';

const PREFIX = '/any/sub/path/';
const TOTAL = '十一、政府信息公开指定工作人员数 / 本年累计';
const FULL_TIME = '十一、政府信息公开指定工作人员数，其中1.全职人员 / 本年累计';
const PART_TIME = '十一、政府信息公开指定工作人员数，其中2.兼职人员 / 本年累计';

let browser;
before(async () => {
    browser = await launchBrowser();
});
after(async () => {
    await browser?.close();
});

/** A fresh browser profile (no service worker yet) on the app; resolves once the worker controls the page. */
async function firstVisit(server) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await watchCsp(page);
    await page.goto(server.url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await startReport(page, 2011);
    return { context, page, problems };
}

const shellCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('nianbao-shell-')));

test('under a sub-path and the strict CSP, every URL is relative and nothing is blocked', async (t) => {
    const server = await serveDist({ prefix: PREFIX });
    const requested = [];
    try {
        const { context, page, problems } = await firstVisit(server);
        const watched = watchRequests(page, requested);
        await page.reload();
        await page.getByRole('button', { name: '新建报告' }).waitFor();
        await startReport(page, 2011);
        if (watched) {
            assert.ok(requested.length > 0);
            for (const path of requested) assert.ok(path.startsWith(PREFIX), `requested outside the sub-path: ${path}`);
        } else {
            t.diagnostic(`${BROWSER}: not checked which URLs the page requested (classic WebDriver has no network events)`);
        }
        const response = await page.request.get(server.url);
        assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
        // Text areas grow through the CSSOM (element.style), which a CSP allows; no markup carries a style attribute.
        assert.equal(await page.locator('[style]:not(textarea)').count(), 0, 'no inline style attributes');
        assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
        assert.deepEqual(await cspViolations(page), []);
        assert.deepEqual(problems, []);
        await context.close();
    } finally {
        await server.close();
    }
});

test('the app is installable: a manifest, an icon and a service worker, all under the sub-path', async () => {
    const server = await serveDist({ prefix: PREFIX });
    try {
        const { context, page } = await firstVisit(server);
        // What the manifest says, in both browsers: the page's manifest, its start, scope and icon in the sub-path.
        const manifestUrl = await page.evaluate(() => document.querySelector('link[rel="manifest"]').href);
        assert.ok(manifestUrl.startsWith(`${server.url}manifest.webmanifest`), manifestUrl);
        const manifest = await (await page.request.get(manifestUrl)).json();
        for (const url of [manifest.start_url, manifest.scope]) assert.equal(new URL(url, manifestUrl).href, server.url);
        for (const icon of manifest.icons) {
            const response = await page.request.get(new URL(icon.src, manifestUrl).href);
            assert.ok(response.ok() && response.url().startsWith(server.url), `icon ${icon.src}`);
        }
        if (BROWSER === 'chromium') {
            // Chromium's own verdict. Firefox has none to ask: desktop Firefox does not install web apps, and
            // Playwright reaches it over WebDriver BiDi, which has no such command (nor CDP).
            const cdp = await context.newCDPSession(page);
            const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
            // Playwright's contexts are incognito profiles, where Chromium never offers to install; nothing else may
            // fail.
            assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
            const parsed = await cdp.send('Page.getAppManifest');
            assert.equal(parsed.url, manifestUrl);
            assert.deepEqual(parsed.errors, []);
        }
        const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
        assert.equal(scope, server.url);
        await context.close();
    } finally {
        await server.close();
    }
});

test('after one load the app starts with the server gone, and typing still updates the checks', async () => {
    const server = await serveDist({ prefix: PREFIX });
    const { context, page, problems } = await firstVisit(server);
    const [shell] = await shellCaches(page);
    const version = readFileSync(join(DIST, 'sw.js'), 'utf8').match(/const VERSION = '([0-9a-f]+)'/)[1];
    assert.equal(shell, `nianbao-shell-${version} ${server.url}`);

    await server.close();
    await setOffline(context);
    await page.reload();
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    await startReport(page, 2011);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '2011年政府信息公开工作年度报告');
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('2');
    await page.getByLabel(FULL_TIME, { exact: true }).pressSequentially('1');
    const row = page.locator('tr', { has: page.getByLabel(TOTAL, { exact: true }) });
    assert.match(await row.textContent(), /其中各项合计 1人/);
    assert.match(await row.textContent(), /比总数少 1/);
    await page.getByLabel(PART_TIME, { exact: true }).pressSequentially('3');
    assert.match(await row.textContent(), /超出总数 2/);
    // Offline, the draft still saves to the browser.
    await page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();
    await page.screenshot({ path: screenshotPath('offline-reload') });
    // Fonts are cached on first use: the export work will fetch them from fonts/ (nothing to fetch yet).
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
});

let pdfs = 0;
/** Clicks an export button and returns the downloaded file's name and bytes; a PDF is checked with check-pdf.sh. */
async function exported(page, button) {
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click().then(() => exportAnyway(page)),
    ]);
    const path = await download.path();
    const file = { name: download.suggestedFilename(), bytes: readFileSync(path) };
    if (file.name.endsWith('.pdf')) checkPdfBytes(`offline-export-${++pdfs}.pdf`, file.bytes);
    // Firefox names a download after the files already in its folder ("…-1.pdf"); this one is read.
    await download.delete();
    return file;
}

test('offline after one visit: the draft list opens, edits save, HTML and PDF export work', async () => {
    const server = await serveDist({ prefix: PREFIX });
    const { context, page, problems } = await firstVisit(server);
    await page.getByLabel('发布单位').fill('沂源县政府办公室');
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('2');
    // One PDF export while online brings the fonts into the cache.
    assert.match((await exported(page, '导出 PDF')).bytes.subarray(0, 5).toString(), /^%PDF-/);
    await page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();

    await server.close();
    await setOffline(context);
    await page.reload();
    await page.getByRole('button', { name: '打开“沂源县政府办公室2011年度报告”' }).click();
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '2');
    await page.getByLabel(FULL_TIME, { exact: true }).pressSequentially('1');
    await page.getByLabel(PART_TIME, { exact: true }).pressSequentially('1');
    await page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();

    const html = await exported(page, '导出 HTML');
    assert.equal(html.name, '沂源县政府办公室-2011年政府信息公开工作年度报告.html');
    assert.match(html.bytes.toString(), /沂源县政府办公室/);
    const pdf = await exported(page, '导出 PDF');
    assert.equal(pdf.name, '沂源县政府办公室-2011年政府信息公开工作年度报告.pdf');
    assert.match(pdf.bytes.subarray(0, 5).toString(), /^%PDF-/);
    assert.match(await page.locator('.export-status').textContent(), /^已导出/);

    // And the edits made offline were saved: they are there after another reload.
    await page.reload();
    await page.getByRole('button', { name: '打开“沂源县政府办公室2011年度报告”' }).click();
    assert.equal(await page.getByLabel(PART_TIME, { exact: true }).inputValue(), '1');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('offline before any PDF export: the writer is told the fonts need the network once', async () => {
    const server = await serveDist({ prefix: PREFIX });
    const { context, page } = await firstVisit(server);
    await server.close();
    await setOffline(context);
    await page.getByRole('button', { name: '导出 PDF' }).click();
    await exportAnyway(page);
    const status = page.locator('.export-status.failed');
    await status.waitFor();
    assert.match(await status.textContent(), /首次导出 PDF 需要联网下载字体/);
    // Nothing else is affected: HTML still exports.
    assert.match((await exported(page, '导出 HTML')).bytes.toString(), /<!DOCTYPE html>/i);
    await context.close();
});

test('offline, a PDF that needs a font slice never fetched names the characters it cannot print, and prints nothing', async () => {
    const server = await serveDist({ prefix: PREFIX });
    const { context, page } = await firstVisit(server);
    // Online once: the bases and the slices of this report come into the cache.
    assert.match((await exported(page, '导出 PDF')).bytes.subarray(0, 5).toString(), /^%PDF-/);
    await server.close();
    await setOffline(context);
    // 齄 (the last hanzi of GB 2312 level 2) sits in a slice the report above did not need.
    await page.getByLabel('一、概述').pressSequentially('沂源齄');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: '导出 PDF' }).click();
    await exportAnyway(page);
    const status = page.locator('.export-status.failed');
    await status.waitFor();
    const message = await status.textContent();
    assert.match(message, /1 个字的字体还没有下载，现在无法打印：齄。/);
    assert.match(message, /请连上网络后再导出/);
    await page.screenshot({ path: screenshotPath('offline-missing-slice') });
    // What the report printed before still exports.
    await page.getByLabel('一、概述').press('Backspace');
    const pdf = await exported(page, '导出 PDF');
    assert.match(pdf.bytes.subarray(0, 5).toString(), /^%PDF-/);
    assert.equal(downloads, 1, 'the refused export downloaded nothing');
    await context.close();
});

test('fonts/ is cached on first fetch and served from the cache offline', async () => {
    const font = 'font bytes stand-in';
    const server = await serveDist({ prefix: PREFIX, overrides: { [`${PREFIX}fonts/test-font.otf`]: font } });
    const { context, page } = await firstVisit(server);
    const fetchFont = () => page.evaluate(async () => (await fetch('fonts/test-font.otf')).text());
    assert.equal(await fetchFont(), font);
    await server.close();
    await setOffline(context);
    assert.equal(await fetchFont(), font);
    await context.close();
});

test('a new deployment is offered, not forced; the report in progress survives the update', async () => {
    const server = await serveDist({ prefix: PREFIX });
    const { context, page, problems } = await firstVisit(server);
    const [oldShell] = await shellCaches(page);
    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('5');
    await page.getByLabel(FULL_TIME, { exact: true }).pressSequentially('4');

    // Deploy: a service worker with another version (the files it lists are the same here).
    const worker = readFileSync(join(DIST, 'sw.js'), 'utf8').replace(/const VERSION = '[0-9a-f]+'/, "const VERSION = 'next'");
    server.overrides[`${PREFIX}sw.js`] = worker;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    const offer = page.getByRole('button', { name: '刷新以更新' });
    await offer.waitFor();
    assert.match(await page.getByRole('status').first().textContent(), /本工具已有新版本/);
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '5', 'nothing reloads by itself');
    await page.evaluate(() => window.scrollTo(0, 600));
    await page.screenshot({ path: screenshotPath('update-offered') });

    await Promise.all([page.waitForEvent('load'), offer.click()]);
    // The report was saved before the reload and is open again, as it was.
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '5');
    assert.equal(await page.getByLabel(FULL_TIME, { exact: true }).inputValue(), '4');
    const row = page.locator('tr', { has: page.getByLabel(TOTAL, { exact: true }) });
    assert.match(await row.textContent(), /比总数少 1/, 'the restored figures are checked');
    await page.waitForFunction(async () => (await caches.keys()).some((n) => n.startsWith('nianbao-shell-next ')));
    const shells = await shellCaches(page);
    assert.deepEqual(shells, [`nianbao-shell-next ${server.url}`], `old cache ${oldShell} removed`);
    assert.equal(await page.getByRole('button', { name: '刷新以更新' }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
    await server.close();
});
