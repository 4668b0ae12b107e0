// Shared pieces of the end-to-end tests: a static server for the release build and a headless Chromium.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
export const DEFAULT_DIST = resolve(ROOT, process.env.NIANBAO_DIST ?? 'dist');
export const OUTPUT = resolve(ROOT, 'test-output');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
};

/** Serves a built app (by default `DIST`) on a free loopback port. Resolves to { url, close }. */
export async function serveDist(dir) {
    const DIST = dir ? resolve(dir) : DEFAULT_DIST;
    if (!existsSync(join(DIST, 'index.html'))) {
        throw new Error(`No release build in ${DIST}: run \`trunk build --release\` first (scripts/test.sh does).`);
    }
    const server = createServer(async (request, response) => {
        const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
        let file = normalize(join(DIST, path));
        if (!file.startsWith(DIST)) {
            response.writeHead(403).end();
            return;
        }
        try {
            if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
            const body = await readFile(file);
            response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
            response.end(body);
        } catch {
            response.writeHead(404).end('not found');
        }
    });
    await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address();
    return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
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

/** Launches Debian's Chromium headless with the flags a root user in this sandbox needs. */
export async function launchBrowser() {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (scripts/setup.sh does).`);
    }
    return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
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

/** From the start screen, starts a new report for a year (the format follows the year unless one is given). */
export async function startReport(page, year, format) {
    await page.getByLabel('报告年度').fill(String(year));
    if (format) await page.getByLabel(format).check();
    await page.getByRole('button', { name: '新建报告' }).click();
    await page.getByRole('table').first().waitFor();
}

export function screenshotPath(name) {
    mkdirSync(OUTPUT, { recursive: true });
    return join(OUTPUT, `${name}.png`);
}

/** For a test file: serves the release build and launches Chromium before its tests, closes both after.
 * Tests read `app.url` and `app.browser`. */
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
