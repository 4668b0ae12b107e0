// End to end: where the app cannot run, the page says so in Chinese and names the browsers that work — without
// JavaScript, without WebAssembly, when the app fails to start or takes too long — and says nothing when it runs.
import { after } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'acorn';
import { BROWSER, DIST, servedApp, serveDist, launchBrowser, openApp, watchCsp, watchRequests, cspViolations, screenshotPath } from './harness.mjs';

const app = servedApp();

const WORKING_BROWSERS = [/Chrome/, /Edge/, /Firefox/, /360/, /QQ/, /极速模式/];

function assertNamesWorkingBrowsers(text) {
    for (const name of WORKING_BROWSERS) assert.match(text, name);
}

/** A page in a fresh context of the shared browser, with a script run before any of the page's own. */
async function freshPage(initScript) {
    const context = await app.browser.newContext();
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    return { page, close: () => context.close() };
}

/**
 * A page with no WebAssembly at all. Chromium and Firefox: the global deleted before the page's scripts run. WebKit,
 * where no script can run first over classic WebDriver: a JavaScriptCore without WebAssembly (its option
 * `useWasm`, set through the environment as JSC_useWasm=0), a real engine without it.
 */
async function pageWithoutWebAssembly() {
    if (BROWSER !== 'webkit') {
        return freshPage(() => {
            delete globalThis.WebAssembly;
        });
    }
    const browser = await launchBrowser({ env: { JSC_useWasm: '0' } });
    const page = await browser.newPage();
    assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'JavaScriptCore started without WebAssembly');
    return { page, close: () => browser.close() };
}

test('a normal start shows the app and no start-up message', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    assert.equal(await page.locator('#nianbao-app').getAttribute('data-app'), 'started');
    assert.equal(await page.locator('#boot-problem').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
});

test('JavaScript switched off: the page says to switch it on or which browsers to use', async () => {
    // Chromium switches scripts off per context; Firefox ESR's WebDriver BiDi cannot, so it gets a profile preference.
    const noScript = BROWSER === 'firefox'
        ? await launchBrowser({ firefoxUserPrefs: { 'javascript.enabled': false } })
        : null;
    const context = noScript ? await noScript.newContext() : await app.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(app.url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /本页面需要启用 JavaScript/);
    assert.match(text, /允许本网站运行脚本/);
    assertNamesWorkingBrowsers(text);
    assert.equal(await page.getByRole('button', { name: '新建报告' }).count(), 0);
    // Playwright waits for the page's fonts with a script before a screenshot, which Firefox then refuses to run.
    if (!noScript) await page.screenshot({ path: screenshotPath('fallback-no-javascript') });
    await context.close();
    await noScript?.close();
});

test('no WebAssembly: the page says the browser is too old or in compatibility mode, and what to use', async () => {
    const { page, close } = await pageWithoutWebAssembly();
    await page.goto(app.url);
    const alert = page.locator('#boot-problem[data-kind="old"]');
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /您的浏览器无法运行本工具/);
    assert.match(text, /版本过旧，或正处于“兼容模式”/);
    assert.match(text, /Chrome 和 Edge 96、Firefox 89、Safari 15.1/);
    assert.match(text, /缺少 WebAssembly/);
    assertNamesWorkingBrowsers(text);
    assert.equal(await page.getByRole('button', { name: '新建报告' }).count(), 0);
    await page.screenshot({ path: screenshotPath('fallback-no-webassembly') });
    await close();
});

test('under a sub-path and the strict CSP, the check itself loads and speaks', async (t) => {
    const server = await serveDist({ prefix: '/any/sub/path/' });
    try {
        const { page, close } = await pageWithoutWebAssembly();
        await watchCsp(page);
        const requested = [];
        const watched = watchRequests(page, requested);
        await page.goto(server.url);
        await page.locator('#boot-problem[data-kind="old"]').waitFor();
        if (watched) {
            assert.ok(requested.some((path) => /^\/any\/sub\/path\/boot-check-[0-9a-f]+\.js$/.test(path)), requested.join(' '));
        } else {
            // The message is there, so the check was loaded from the sub-path; which URL it came from is not seen.
            t.diagnostic(`${BROWSER}: not checked which URL the check was loaded from (classic WebDriver has no network events)`);
        }
        assert.deepEqual(await cspViolations(page), []);
        await close();
    } finally {
        await server.close();
    }
});

test('WebAssembly without the features this build needs (an older browser core): the same message', async () => {
    // Such a core validates nothing the build uses, and fails to compile the app (and the error that follows must
    // not replace the message).
    const { page, close } = await freshPage(() => {
        const old = () => Promise.reject(new WebAssembly.CompileError('unknown opcode'));
        WebAssembly.validate = () => false;
        WebAssembly.instantiate = WebAssembly.instantiateStreaming = WebAssembly.compile = old;
    });
    await page.goto(app.url);
    const alert = page.locator('#boot-problem[data-kind="old"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /缺少 WebAssembly features/);
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#boot-problem').count(), 1);
    assert.equal(await alert.isVisible(), true);
    await close();
});

test('the app cannot be loaded: the page says it failed to start, and what to do', async () => {
    // A deployment that lacks the app's WebAssembly: the server answers 404 for it.
    const server = await serveDist({ fail: (path) => (/_bg\.wasm$/.test(path) ? 404 : undefined) });
    after(() => server.close());
    const { page, close } = await freshPage();
    await page.goto(server.url);
    const alert = page.locator('#boot-problem[data-kind="failed"]');
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /本工具未能启动/);
    assert.match(text, /请刷新页面重试/);
    assert.match(text, /技术信息（供技术人员参考）：/);
    assertNamesWorkingBrowsers(text);
    await page.screenshot({ path: screenshotPath('fallback-failed') });
    await close();
});

test('a start that takes very long: a message while waiting, gone once the app is on screen', async () => {
    const { page, close } = await freshPage();
    let release;
    const released = new Promise((resolve) => (release = resolve));
    await page.route(/_bg\.wasm$/, async (route) => {
        await released;
        await route.continue();
    });
    await page.clock.install();
    await page.goto(app.url, { waitUntil: 'domcontentloaded' });
    await page.clock.runFor(31_000);
    const alert = page.locator('#boot-problem[data-kind="slow"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /本工具仍在加载/);
    release();
    await page.clock.resume();
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    // Hidden by the stylesheet once the app has marked its element as started.
    await alert.waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('alert').count(), 0);
    await close();
});

// Not browser-specific, so run once per browser run only because it is cheap: the start-up check must itself run
// everywhere (ES5), and its WebAssembly probe must need exactly the features the release build uses.
test('the start-up check is ES5 as shipped, and its probe needs the features the build uses', () => {
    const files = readdirSync(DIST);
    const shipped = files.find((name) => /^boot-check-.*\.js$/.test(name));
    assert.ok(shipped, `no boot-check-*.js in ${DIST}: ${files.join(' ')}`);
    const source = readFileSync(join(DIST, shipped), 'utf8');
    assert.doesNotThrow(() => parse(source, { ecmaVersion: 5, sourceType: 'script' }), 'the shipped check is ES5');
    // A classic script that blocks parsing, at the end of <body>: it runs with the body there to write into (old
    // engines have no DOMContentLoaded), after the app's element (the stylesheet hides a message next to a started
    // app), and before the app's deferred module runs.
    const index = readFileSync(join(DIST, 'index.html'), 'utf8');
    const tag = index.match(new RegExp(`<script[^>]*${shipped}[^>]*>`))[0];
    assert.doesNotMatch(tag, /type=|async|defer/, tag);
    assert.ok(index.indexOf('id=nianbao-app') < index.indexOf(tag), 'after the app element');
    assert.match(index.slice(index.indexOf(tag)), /^<script[^>]*><\/script><\/body>/, 'last in the body');

    const probe = Uint8Array.from(probeBytes(parse(source, { ecmaVersion: 5, sourceType: 'script' })));
    assert.ok(WebAssembly.validate(probe));
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-probe-'));
    const probeFile = join(dir, 'probe.wasm');
    writeFileSync(probeFile, probe);
    const appFile = join(dir, 'app.wasm');
    const wasm = files.find((name) => name.endsWith('_bg.wasm'));
    // The build records the features its compiler allowed; strip that record to see the features actually used.
    wasmOpt([join(DIST, wasm), '--strip-target-features', '-o', appFile]);

    const groups = [['mutable-globals'], ['nontrapping-float-to-int'], ['sign-ext'], ['bulk-memory', 'bulk-memory-opt'],
        ['reference-types'], ['multivalue'], ['call-indirect-overlong']];
    const validates = (file, enabled) => wasmOpt([file, '-mvp', ...enabled.flat().map((f) => `--enable-${f}`), '-o', '/dev/null'], true);
    const needs = (file) => groups.filter((group) => !validates(file, groups.filter((g) => g !== group)));
    const appNeeds = needs(appFile);
    assert.ok(validates(appFile, appNeeds), 'the build uses no feature beyond those the probe knows');
    assert.ok(appNeeds.length > 0);
    const probeNeeds = needs(probeFile);
    for (const group of appNeeds) assert.ok(probeNeeds.includes(group), `the probe does not test ${group.join('/')}`);
});

/** The numbers of `var PROBE = [...]`, read from the parsed script. */
function probeBytes(node) {
    if (!node || typeof node !== 'object') return null;
    if (node.type === 'VariableDeclarator' && node.id.name === 'PROBE') return node.init.elements.map((e) => e.value);
    for (const value of Object.values(node)) {
        const found = Array.isArray(value) ? value.map(probeBytes).find(Boolean) : probeBytes(value);
        if (found) return found;
    }
    return null;
}

function wasmOpt(args, quiet) {
    const bin = resolve(import.meta.dirname, '../../node_modules/.bin/wasm-opt');
    const run = spawnSync(bin, args, { encoding: 'utf8' });
    if (quiet) return run.status === 0;
    assert.equal(run.status, 0, run.stderr);
    return true;
}
