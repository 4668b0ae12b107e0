// Shared pieces of the end-to-end tests: a static server for the release build and a browser, Debian's headless
// Chromium, Debian's headless Firefox ESR or Debian's WebKitGTK (MiniBrowser, over WebDriver: webkit-webdriver.mjs) as
// BROWSER says (chromium unless set), so every suite runs in all three.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, firefox } from 'playwright-core';
import { before, after, test as nodeTest } from 'node:test';
import { launchWebKit, Unsupported } from './webkit-webdriver.mjs';

export { Unsupported };

const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = resolve(ROOT, process.env.NIANBAO_DIST ?? 'dist');
export const BROWSER = process.env.BROWSER ?? 'chromium';
if (!['chromium', 'firefox', 'webkit'].includes(BROWSER)) {
    throw new Error(`BROWSER must be chromium, firefox or webkit, not ${BROWSER}`);
}

/**
 * node:test's `test`, for the suites: a test that asks for something the engine under test cannot do (an
 * `Unsupported` error from webkit-webdriver.mjs) is reported as skipped, by name and with the reason, e.g.
 * `# SKIP WebKit: page.route is not available over WebDriver: …`, and the reason is also printed; any other error
 * fails it. Nothing is skipped silently.
 */
export function test(name, options, fn) {
    // test(name, fn) or test(name, { todo }, fn): a todo test runs and reports its failure by name without failing
    // the run (node:test's todo), for what an engine is known to do differently and is not fixed yet.
    if (typeof options === 'function') [options, fn] = [{}, options];
    return nodeTest(name, options, async (t) => {
        try {
            await fn(t);
        } catch (error) {
            if (!(error instanceof Unsupported)) throw error;
            process.stderr.write(`skipped in ${BROWSER}: ${name}: ${error.message}\n`);
            t.skip(error.message);
        }
    });
}
export const OUTPUT = resolve(ROOT, 'test-output', BROWSER);
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** Starts Firefox for Playwright; see the file for why it is not started directly. */
const FIREFOX_LAUNCHER = resolve(import.meta.dirname, 'firefox-esr-bidi.mjs');

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.webmanifest': 'application/manifest+json',
};

/** The Content-Security-Policy the app must run under (docs/embedding.md): no inline script or style, WebAssembly
 * compiled only from the app's own files. Frames may come from any loopback port, as the tests' portals do. */
export const STRICT_CSP = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    'frame-src http://127.0.0.1:*',
    "frame-ancestors 'self' http://127.0.0.1:*",
].join('; ');

/** A portal page's policy: the strict one, and frames may also go to `blob:` URLs. Firefox checks the downloads the
 * writer makes in the app's iframe (a link to a blob: URL) against the portal's frame-src and blocks them otherwise;
 * docs/embedding.md tells portals so. */
export const PORTAL_CSP = STRICT_CSP.replace('frame-src http://127.0.0.1:*', 'frame-src http://127.0.0.1:* blob:');

/**
 * Serves directories on a free loopback port. `routes` maps URL prefixes to directories (longest prefix first);
 * `overrides` maps paths to bodies served instead of files, and may be changed while serving (a new deploy);
 * `headers` are added to every response. `fail(path)` may answer a path with an error status instead (a server that
 * refuses or lacks a file, the same in every engine; `server.fail` may be changed while serving). Resolves to
 * { url, origin, overrides, fail, close }.
 */
export async function serve({ routes, headers = {}, overrides = {}, fail = () => undefined }) {
    let server;
    const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
    const http = createServer(async (request, response) => {
        const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
        const send = (status, type, body) => {
            response.writeHead(status, { ...headers, ...(type ? { 'content-type': type } : {}) });
            response.end(body);
        };
        const failure = server.fail(path);
        if (failure) {
            send(failure, 'text/plain', `refused (${failure})`);
            return;
        }
        if (path in overrides) {
            send(200, TYPES[extname(path)] ?? 'application/octet-stream', overrides[path]);
            return;
        }
        const prefix = prefixes.find((p) => path.startsWith(p));
        if (prefix === undefined) {
            send(404, 'text/plain', 'not found');
            return;
        }
        const dir = resolve(routes[prefix]);
        let file = normalize(join(dir, path.slice(prefix.length)));
        if (!file.startsWith(dir)) {
            send(403, 'text/plain', 'forbidden');
            return;
        }
        try {
            if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
            send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
        } catch {
            send(404, 'text/plain', 'not found');
        }
    });
    const sockets = new Set();
    http.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
    });
    await new Promise((ready) => http.listen(0, '127.0.0.1', ready));
    const origin = `http://127.0.0.1:${http.address().port}`;
    server = {
        url: `${origin}/`,
        origin,
        overrides,
        fail,
        // Closing also drops kept-alive connections, so that a stopped server is really gone (offline tests).
        close: () =>
            new Promise((done) => {
                http.close(done);
                for (const socket of sockets) socket.destroy();
            }),
    };
    return server;
}

/** Serves the release build (by default `DIST`) under `prefix`, e.g. '/any/sub/path/'. Resolves to
 * { url (the app's address), origin, overrides, close }. */
export async function serveDist({
    dir = DIST,
    prefix = '/',
    headers = { 'content-security-policy': STRICT_CSP },
    overrides = {},
    fail,
} = {}) {
    if (!existsSync(join(dir, 'index.html'))) {
        throw new Error(`No release build in ${dir}: run \`trunk build --release\` first (scripts/test.sh does).`);
    }
    const server = await serve({ routes: { [prefix]: dir }, headers, overrides, fail });
    // The same object, so that changing `fail` on it takes effect.
    return Object.assign(server, { url: `${server.origin}${prefix}` });
}

/**
 * Records the path of every request the page and its workers make into `paths`, where the engine lets a test see
 * them: true if so. WebKit over classic WebDriver does not (no network events), and the caller says what it could not
 * check.
 */
export function watchRequests(page, paths) {
    if (BROWSER === 'webkit') return false;
    page.on('request', (request) => paths.push(new URL(request.url()).pathname));
    return true;
}

/**
 * Takes the network away from a context whose app server the test has already closed. WebKit over classic WebDriver
 * cannot take it away; there the closed server is all (nothing answers on its port, which is what offline means to
 * an app served from loopback), and navigator.onLine stays true.
 */
export async function setOffline(context) {
    if (BROWSER !== 'webkit') await context.setOffline(true);
}

/** Watches a page (and its frames) for Content-Security-Policy violations; read them with `cspViolations(page)`.
 * WebKit over classic WebDriver cannot run a script before the page's own: there the adapter's hook in each document
 * sees the violations from its first command after a load on (webkit-webdriver.mjs), not those during the load, and
 * only in the top document. */
export async function watchCsp(page) {
    if (BROWSER === 'webkit') return;
    await page.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => {
            const what = `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${location.pathname}`;
            window.__cspViolations.push(what);
            console.error(`CSP violation: ${what}`);
        });
    });
}

export async function cspViolations(page) {
    if (BROWSER === 'webkit') return page.evaluate(() => window.__cspViolations ?? []);
    const all = [];
    for (const frame of page.frames()) {
        all.push(...((await frame.evaluate(() => window.__cspViolations).catch(() => [])) ?? []));
    }
    return all;
}

/** The flags Debian's Chromium needs here: root in a sandbox, no network but loopback. */
export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

/** Firefox preferences for a quiet test profile: no updates, telemetry or first-run pages, nothing from the network. */
export const FIREFOX_PREFS = {
    'app.update.disabledForTesting': true,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    'extensions.update.enabled': false,
    'browser.download.alwaysOpenPanel': false,
};

function launchOptions(extra = {}) {
    const binary = BROWSER === 'firefox' ? FIREFOX : CHROMIUM;
    if (!existsSync(binary)) {
        const pkg = BROWSER === 'firefox' ? 'firefox-esr' : 'chromium';
        throw new Error(`${BROWSER} not found at ${binary}: install Debian's ${pkg} (scripts/setup.sh does).`);
    }
    if (BROWSER === 'firefox') {
        const { firefoxUserPrefs, env, ...rest } = extra;
        return {
            channel: 'moz-firefox',
            executablePath: FIREFOX_LAUNCHER,
            env: { ...process.env, ...env, FIREFOX },
            headless: true,
            firefoxUserPrefs: { ...FIREFOX_PREFS, ...firefoxUserPrefs },
            ...rest,
        };
    }
    const { firefoxUserPrefs: _, env, ...rest } = extra;
    return { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, ...env }, ...rest };
}

const browserType = () => (BROWSER === 'firefox' ? firefox : chromium);

/**
 * Launches the browser under test headless. `extra` adds launch options; `env` among them adds to the environment,
 * and `firefoxUserPrefs` applies to Firefox only (Chromium has no such preferences).
 */
export async function launchBrowser(extra) {
    if (BROWSER === 'webkit') return launchWebKit({ env: extra?.env });
    return browserType().launch(launchOptions(extra));
}

/** Launches the browser under test on a profile kept in `dir`, as when the writer closes and restarts it. */
export async function launchPersistent(dir) {
    if (BROWSER === 'webkit') {
        throw new Unsupported('a persistent profile', "MiniBrowser in automation mode (--automation) always uses an ephemeral website data store and has no option for a data directory");
    }
    return browserType().launchPersistentContext(dir, launchOptions());
}

/** Opens the app in a fresh page and waits until the start screen is on screen. */
export async function openApp(browser, url) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    return { page, problems };
}

/** From the start screen (of a page or a frame), starts a new report for a year (the format follows the year
 * unless one is given). */
export async function startReport(page, year, format) {
    await page.getByLabel('报告年度').fill(String(year));
    if (format) await page.getByLabel(format).check();
    await page.getByRole('button', { name: '新建报告' }).click();
    await page.getByRole('table').first().waitFor();
}

/**
 * Puts text on the clipboard as a spreadsheet does when the writer copies (a real copy event, the exact text, tabs
 * and CRLFs), so that a following Ctrl+V is a real paste. A synthetic paste event would not do: Firefox hands its
 * listeners an empty clipboardData for one.
 */
export async function copyToClipboard(page, text) {
    await page.evaluate((text) => {
        const source = document.createElement('textarea');
        source.value = '-';
        document.body.append(source);
        source.select();
        document.addEventListener('copy', (event) => {
            event.clipboardData.setData('text/plain', text);
            event.preventDefault();
            source.remove();
        }, { once: true });
    }, text);
    await page.keyboard.press('Control+c');
}

/**
 * What Ctrl+V pastes into a rich-text editor (a contenteditable element added to the page): the clipboard's
 * text/html and text/plain, as the editor's paste event sees them. A real paste rather than navigator.clipboard.read(),
 * which Firefox only allows a script after a click of the writer (WebDriver BiDi cannot grant it).
 */
export async function pasteFromClipboard(page) {
    await page.evaluate(() => {
        const editor = document.createElement('div');
        editor.contentEditable = 'true';
        editor.id = 'test-paste-target';
        document.body.append(editor);
        editor.addEventListener('paste', (event) => {
            event.preventDefault();
            editor.dataset.html = event.clipboardData.getData('text/html');
            editor.dataset.plain = event.clipboardData.getData('text/plain');
        }, { once: true });
        editor.focus();
    });
    await page.keyboard.press('Control+v');
    const editor = page.locator('#test-paste-target');
    const [html, plain] = [await editor.getAttribute('data-html'), await editor.getAttribute('data-plain')];
    await editor.evaluate((element) => element.remove());
    return { html, plain };
}

/** For a test file: serves the release build and launches the browser under test before its tests, closes both
 * after. Tests read `app.url` and `app.browser`. */
export function servedApp() {
    const app = {};
    before(async () => {
        app.server = await serveDist();
        app.url = app.server.url;
        app.browser = await launchBrowser();
    });
    after(async () => {
        await app.browser?.close();
        await app.server?.close();
    });
    return app;
}

/** Where a test's screenshot goes: test-output/<browser>/<name>.png. */
export function screenshotPath(name) {
    mkdirSync(OUTPUT, { recursive: true });
    return join(OUTPUT, `${name}.png`);
}

/**
 * Checks a PDF the tests made with scripts/check-pdf.sh (qpdf --check, poppler's pdftoppm, MuPDF's mutool draw, with
 * no error or warning from any): throws with what the readers said unless it passes. Every exported PDF goes here.
 */
export function checkPdf(file) {
    const run = spawnSync(join(ROOT, 'scripts/check-pdf.sh'), [file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${file} is not valid for every reader:\n${run.stdout}${run.stderr}`);
    return run.stdout;
}

/** Keeps the bytes of a PDF the tests made as test-output/<browser>/<name> and checks it with checkPdf. */
export function checkPdfBytes(name, bytes) {
    mkdirSync(OUTPUT, { recursive: true });
    const file = join(OUTPUT, name);
    writeFileSync(file, bytes);
    return checkPdf(file);
}

/** 导出前提示: a report with errors or blank cells is asked about before it is exported; these tests export anyway. */
export async function exportAnyway(page) {
    const question = page.getByRole('dialog', { name: '报告还没有完成' });
    await question.waitFor({ timeout: 3000 }).catch(() => {});
    if (await question.isVisible()) await question.getByRole('button', { name: '仍要导出' }).click();
}
