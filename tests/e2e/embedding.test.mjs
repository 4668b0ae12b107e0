// Embedding, end to end, with the example portal (examples/portal/) under the strict CSP:
// - iframe: the app on one origin, the portal on another that nianbao.config.json allows, a stranger on a third;
// - mounted into an element of the portal's own page.
import { before, after } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BROWSER, DIST, serve, serveDist, launchBrowser, watchCsp, cspViolations, screenshotPath, PORTAL_CSP, startReport, checkPdfBytes } from './harness.mjs';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const PREFIX = '/any/sub/path/';
const TOTAL = '一、主动公开信息数 / 本年累计';
const headers = { 'content-security-policy': PORTAL_CSP };

let browser, app, portal, stranger;

before(async () => {
    browser = await launchBrowser();
    // The portal serves the examples, with the app deployed beside its pages (for mounting) in portal/nianbao/.
    const routes = { '/': EXAMPLES, '/portal/nianbao/': DIST };
    portal = await serve({ routes, headers });
    stranger = await serve({ routes, headers });
    const config = JSON.parse(readFileSync(join(DIST, 'nianbao.config.json'), 'utf8'));
    config.embed.allowed_origins = [portal.origin];
    app = await serveDist({ prefix: PREFIX, overrides: { [`${PREFIX}nianbao.config.json`]: JSON.stringify(config) } });
});

after(async () => {
    await browser?.close();
    await Promise.all([app, portal, stranger].map((s) => s?.close()));
});

async function open(url) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    // WebKit over classic WebDriver shows no responses; there, a missing file shows only in what it breaks.
    if (BROWSER !== 'webkit') {
        page.on('response', (response) => {
            if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
        });
    }
    await watchCsp(page);
    await page.goto(url);
    return { page, problems };
}

const events = (page) => page.evaluate(() => window.nianbaoEvents.map((e) => ({ ...e, bytes: undefined })));
/** The bytes of the file exported in answer to command `re`, as text. */
const exportedText = (page, re) =>
    page.evaluate((re) => new TextDecoder().decode(window.nianbaoEvents.find((e) => e.type === 'exported' && e.re === re).bytes), re);
/** The PDF exported in answer to command `re`, kept as test-output/<browser>/<name> and checked by check-pdf.sh. */
const checkExportedPdf = async (page, re, name) =>
    checkPdfBytes(name, Buffer.from(await page.evaluate((re) => [...window.nianbaoEvents.find((e) => e.type === 'exported' && e.re === re).bytes], re)));
async function until(page, predicate, tries = 100) {
    for (let i = 0; i < tries; i++) {
        const found = (await events(page)).find(predicate);
        if (found) return found;
        await page.waitForTimeout(50);
    }
    assert.fail(`no such event; received: ${JSON.stringify((await events(page)).map((e) => e.type))}`);
}

test('in an iframe on an allowed portal: ready, commands answered, changes and findings reported', async () => {
    const { page, problems } = await open(`${portal.url}portal/iframe.html?app=${encodeURIComponent(app.url)}`);
    const frame = page.frameLocator('#nianbao-frame');
    // Ready on the start screen, before any report is open.
    const ready = await until(page, (e) => e.type === 'ready');
    assert.equal(ready.template, null);
    assert.deepEqual(ready.formats, ['html', 'pdf', 'docx', 'xlsx']);
    await page.getByRole('button', { name: '填入本单位名称和年度' }).click();
    assert.equal((await until(page, (e) => e.type === 'error' && e.re === 1)).code, 'no-report');

    await startReport(frame, 2011);
    const opened = await until(page, (e) => e.type === 'changed');
    assert.equal(opened.report.template.id, 'legacy-2008', 'opening a report tells the portal');
    await page.getByRole('button', { name: '填入本单位名称和年度' }).click();
    await until(page, (e) => e.type === 'done' && e.re === 2);
    const named = await until(page, (e) => e.type === 'changed' && e.report.fields.unit === '沂源县政府办公室');
    assert.equal(named.report.fields.year, '2011');
    assert.equal(await frame.getByLabel('发布单位').inputValue(), '沂源县政府办公室', 'the input shows it');
    const saved = await until(page, (e) => e.type === 'saved');
    assert.match(saved.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // The example report opens as a new draft; the named one stays in the draft list.
    await page.getByRole('button', { name: '载入示例报告' }).click();
    await until(page, (e) => e.type === 'done' && e.re === 3);
    assert.equal(await frame.getByLabel(TOTAL, { exact: true }).inputValue(), '221');
    const loaded = (await events(page)).findLast((e) => e.type === 'changed');
    assert.ok(Object.values(loaded.report.cells).includes('221'), JSON.stringify(loaded.report.cells));
    const findings = (await events(page)).findLast((e) => e.type === 'diagnostics');
    assert.ok(findings.diagnostics.items.some((i) => /少 41/.test(i.message)), JSON.stringify(findings));

    // Typing in the app reaches the portal.
    await frame.getByLabel(TOTAL, { exact: true }).fill('');
    await frame.getByLabel(TOTAL, { exact: true }).pressSequentially('180');
    const typed = await until(page, (e) => e.type === 'changed' && Object.values(e.report.cells).includes('180'));
    assert.equal(typeof typed.diagnostics.errors, 'number');

    await page.getByRole('button', { name: '导出 HTML' }).click();
    const html = await until(page, (e) => e.type === 'exported' && e.re === 4);
    assert.equal(html.format, 'html');
    assert.equal(html.file_name, '沂源县政府办公室-2011年政府信息公开工作年度报告.html');
    assert.match(await exportedText(page, 4), /<td[^>]*>180<\/td>/, 'the file has what was just typed');
    await page.getByRole('button', { name: '导出 PDF' }).click();
    const pdf = await until(page, (e) => e.type === 'exported' && e.re === 5, 600);
    assert.equal(pdf.mime, 'application/pdf');
    assert.match(await exportedText(page, 5), /^%PDF-/);
    await checkExportedPdf(page, 5, 'portal-iframe.pdf');

    // The writer's own export button reaches the portal too (re null), and the writer gets the file (which Firefox
    // blocks unless the portal's frame-src allows blob:).
    const download = page.waitForEvent('download');
    await frame.getByRole('button', { name: '导出 HTML' }).click();
    const own = await until(page, (e) => e.type === 'exported' && e.re === null);
    assert.equal(own.file_name, html.file_name);
    assert.equal((await download).suggestedFilename(), html.file_name);
    // 复制 HTML works inside the portal's frame (allow="clipboard-write", else the copy-command fallback).
    await frame.getByRole('button', { name: '复制 HTML' }).click();
    await frame.locator('.export-feedback', { hasText: '已复制 HTML' }).waitFor({ timeout: 5000 });

    assert.match(await page.locator('#status').textContent(), /错误 \d+，警告 \d+，提示 \d+/);
    await page.screenshot({ path: screenshotPath('portal-iframe'), fullPage: true });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
});

test('a flood of every command in one task and 2,000 load-report in a tight loop: each answered once, in turn, no page error', async () => {
    const { page, problems } = await open(`${portal.url}portal/iframe.html?app=${encodeURIComponent(app.url)}`);
    await until(page, (e) => e.type === 'ready');
    const appFrame = page.frames().find((f) => f.url().startsWith(app.url));
    const drafts = () => appFrame.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nianbao:v1:draft:')).length);
    const before = await drafts();
    // Everything from one task of the portal's page: the answers' ids say what each command was.
    const sent = await page.evaluate(async () => {
        const report = await (await fetch('../reports/yiyuan-2011.json')).text();
        const kinds = {};
        let id = 0;
        const send = (kind, message) => {
            kinds[++id] = kind;
            window.nianbaoSend({ ...message, id });
        };
        send('set-header-before', { type: 'set-header', fields: { unit: '甲' } });
        for (let round = 0; round < 3; round++) {
            send('load-report', { type: 'load-report', report });
            send('set-header', { type: 'set-header', fields: { unit: `第${round}局` } });
            send('export', { type: 'export', format: 'html' });
            send('unknown', { type: 'no-such-command' });
            send('bad-report', { type: 'load-report', report: { template: { id: 'nope' } } });
            send('bigint', { type: 'set-header', fields: { unit: 7n } });
            const cyclic = { unit: '环' };
            cyclic.self = cyclic;
            send('cyclic', { type: 'set-header', fields: cyclic });
        }
        for (let i = 0; i < 2000; i++) send('load-report', { type: 'load-report', report });
        return kinds;
    });
    const total = Object.keys(sent).length;
    const answers = async () =>
        page.evaluate(() =>
            window.nianbaoEvents
                .filter((e) => ['done', 'error', 'exported'].includes(e.type) && e.re !== null)
                .map((e) => ({ re: e.re, type: e.type, code: e.code ?? null })),
        );
    let got = [];
    for (let i = 0; i < 1200 && got.length < total; i++) {
        await page.waitForTimeout(100);
        got = await answers();
    }
    assert.equal(got.length, total, 'an answer to each command');
    assert.equal(new Set(got.map((a) => a.re)).size, total, 'one answer each');
    const inTurn = got.filter((a) => a.code !== 'busy').map((a) => a.re);
    assert.deepEqual(inTurn, [...inTurn].sort((a, b) => a - b), 'applied one after another, in the order sent');
    const expected = {
        'set-header-before': ['error', 'no-report'],
        'set-header': ['done', null],
        export: ['exported', null],
        unknown: ['error', 'unknown-type'],
        'bad-report': ['error', 'bad-report'],
        bigint: ['error', 'bad-payload'],
        cyclic: ['error', 'bad-payload'],
    };
    let loaded = 0;
    for (const { re, type, code } of got) {
        const kind = sent[re];
        if (code === 'busy') continue;
        if (kind === 'load-report') {
            assert.ok(type === 'done' || code === 'rate-limited', `${re}: ${type} ${code}`);
            loaded += type === 'done' ? 1 : 0;
        } else {
            assert.deepEqual([type, code], expected[kind], `${re} (${kind})`);
        }
    }
    assert.equal(loaded, 10, 'ten reports a minute, no more');
    assert.equal(await drafts(), before + 10, 'and so ten new drafts');
    const busy = got.filter((a) => a.code === 'busy');
    assert.ok(busy.length > 0 && busy.every((a) => sent[a.re] === 'load-report'), 'a full queue refuses at once');
    // The app is still there and working, on the last report it opened.
    const frame = page.frameLocator('#nianbao-frame');
    assert.equal(await frame.getByLabel('发布单位').inputValue(), '沂源县政府办公室');
    await frame.getByLabel(TOTAL, { exact: true }).fill('7777');
    await until(page, (e) => e.type === 'changed' && Object.values(e.report.cells).includes('7777'));
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
});

test('a page from an origin not on the allowlist is ignored: no events, no commands obeyed', async () => {
    const { page } = await open(`${stranger.url}portal/iframe.html?app=${encodeURIComponent(app.url)}`);
    const frame = page.frameLocator('#nianbao-frame');
    await startReport(frame, 2011);
    await page.getByRole('button', { name: '填入本单位名称和年度' }).click();
    await page.getByRole('button', { name: '载入示例报告' }).click();
    // Straight from the stranger's window too, with every target origin it might try.
    await page.evaluate((appOrigin) => {
        const target = document.getElementById('nianbao-frame').contentWindow;
        target.postMessage({ nianbao: 1, type: 'set-header', fields: { unit: '冒名单位' } }, appOrigin);
        target.postMessage({ nianbao: 1, type: 'export', format: 'html' }, '*');
    }, app.origin);
    await page.waitForTimeout(1000);
    assert.deepEqual(await events(page), [], 'the app told the stranger nothing');
    assert.equal(await frame.getByLabel(TOTAL, { exact: true }).inputValue(), '', 'and did nothing it asked');
    await page.close();
});

test('mounted into an element of the portal page: same protocol over DOM events, the portal keeps its look', async () => {
    const { page, problems } = await open(`${portal.url}portal/mount.html`);
    const ready = await until(page, (e) => e.type === 'ready');
    assert.deepEqual(ready.formats, ['html', 'pdf', 'docx', 'xlsx']);
    await startReport(page, 2011);
    assert.equal((await until(page, (e) => e.type === 'changed')).report.template.id, 'legacy-2008');
    const host = page.locator('#report-tool');
    assert.equal(await host.getAttribute('class'), 'nianbao', 'the app lives in the element the portal gave it');
    assert.equal(await host.locator('table').count(), 1);

    // The portal's own styles are untouched by the app's stylesheet, and the app's are in force inside its element.
    const look = await page.evaluate(() => {
        const style = (el) => getComputedStyle(el);
        return {
            bodyFont: style(document.body).fontFamily,
            bodyBackground: style(document.body).backgroundColor,
            h1: style(document.querySelector('main > h1')).color,
            appFont: style(document.querySelector('#report-tool')).fontFamily,
            appMasthead: style(document.querySelector('#report-tool .masthead h1')).color,
        };
    });
    assert.match(look.bodyFont, /SimSun/);
    assert.equal(look.bodyBackground, 'rgb(255, 255, 255)');
    assert.equal(look.h1, 'rgb(26, 77, 143)');
    assert.match(look.appFont, /Microsoft YaHei/);
    assert.equal(look.appMasthead, 'rgb(159, 29, 32)');
    // No service worker for a page outside the app's folder.
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);

    await page.getByRole('button', { name: '载入示例报告' }).click();
    await until(page, (e) => e.type === 'done' && e.re === 1);
    assert.equal(await page.getByLabel(TOTAL, { exact: true }).inputValue(), '221');
    await page.getByRole('button', { name: '填入本单位名称和年度' }).click();
    await until(page, (e) => e.type === 'done' && e.re === 2);
    await page.getByLabel(TOTAL, { exact: true }).fill('180');
    await until(page, (e) => e.type === 'changed' && Object.values(e.report.cells).includes('180'));
    await page.getByLabel('门户操作').getByRole('button', { name: '导出 HTML' }).click();
    await until(page, (e) => e.type === 'exported' && e.re === 3);
    assert.match(await exportedText(page, 3), /沂源县政府办公室/);
    // The PDF worker and its fonts come from the app's folder, not the portal page's.
    await page.getByLabel('门户操作').getByRole('button', { name: '导出 PDF' }).click();
    await until(page, (e) => e.type === 'exported' && e.re === 4, 600);
    assert.match(await exportedText(page, 4), /^%PDF-/);
    await checkExportedPdf(page, 4, 'portal-mount.pdf');

    await page.screenshot({ path: screenshotPath('portal-mount'), fullPage: true });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
});
